//! The rules the practice scripts keep (issue 9, after a clinical read-through),
//! checked on the shipped content and on what the compiler makes of it, so the
//! rules hold for content written later.

mod body_scan;
mod breathing;
mod imagery;
mod meditation;
mod movement;
mod pmr;
mod validation;

use backcalm_core::content::{Library, Practice, Step};
use backcalm_core::timeline::{compile, CueKind, Options, Timeline};
use backcalm_core::BodyPart;
use std::collections::BTreeSet;
use std::sync::OnceLock;

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| Library::embedded().expect("shipped content is valid"))
}

fn practice(id: &str) -> &'static Practice {
    lib()
        .get(id)
        .unwrap_or_else(|| panic!("practice {id} is shipped"))
}

fn build(p: &Practice, o: &Options) -> Timeline {
    compile(p, o).unwrap_or_else(|e| panic!("{} compiles: {e}", p.id))
}

fn marked(minutes: u32, parts: &[BodyPart]) -> Options {
    Options {
        painful: parts.iter().copied().collect::<BTreeSet<_>>(),
        ..Options::minutes(minutes)
    }
}

/// Every spoken prompt: (time, words, step id).
fn speaks(tl: &Timeline) -> Vec<(u64, &str, &str)> {
    tl.cues
        .iter()
        .filter_map(|c| match &c.what {
            CueKind::Speak { text, step } => Some((c.at_ms, text.as_str(), step.as_str())),
            _ => None,
        })
        .collect()
}

/// The script's step (or scene step) with this id.
fn script_step<'a>(p: &'a Practice, id: &str) -> &'a Step {
    p.steps
        .iter()
        .chain(p.scenes.iter().flat_map(|s| s.steps.iter()))
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("{} has a step {id}", p.id))
}
