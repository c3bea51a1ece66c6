//! `backcalm help-now`: the person's crisis and emergency numbers, from their
//! settings (CLINICAL.md's defaults until they set their own). `--help`'s
//! footer and `backcalm screen` point here.
//!
//! The numbers are shown whatever else fails: a journal that cannot be read
//! costs only the person's own numbers, and the defaults are shown instead.

use super::{print_json, print_text, terminal_width, Globals};
use crate::args::HelpNowArgs;
use crate::text::wrap;
use backcalm_core::safety::support::{HELP_NOW_INTRO, HELP_NOW_TITLE};
use backcalm_core::safety::CrisisNumbers;
use serde::Serialize;

/// The line other commands print to point here.
pub const POINTER: &str =
    "Need help now? `backcalm help-now` shows your crisis and emergency numbers.";

#[derive(Serialize)]
struct HelpNowJson<'a> {
    title: &'static str,
    intro: &'static str,
    numbers: &'a CrisisNumbers,
}

/// The person's numbers; the defaults when there is no journal yet or it cannot be read.
pub fn person_numbers(g: &Globals) -> CrisisNumbers {
    let read = || -> anyhow::Result<CrisisNumbers> {
        let journal = g.journal()?;
        let rt = crate::journal::runtime()?;
        Ok(rt.block_on(journal.snapshot())?.settings.crisis_numbers())
    };
    read().unwrap_or_else(|e| {
        eprintln!("backcalm: your own numbers could not be read ({e:#}); these are the defaults.");
        CrisisNumbers::default()
    })
}

/// `help-now`
pub fn help_now(g: &Globals, a: &HelpNowArgs) -> anyhow::Result<()> {
    let numbers = person_numbers(g);
    if a.json {
        return print_json(&HelpNowJson {
            title: HELP_NOW_TITLE,
            intro: HELP_NOW_INTRO,
            numbers: &numbers,
        });
    }
    let width = terminal_width().unwrap_or(80).min(80);
    print_text(&help_text(&numbers, width))
}

/// The numbers for people, one place at a time.
pub fn help_text(numbers: &CrisisNumbers, width: usize) -> String {
    let width = width.max(40);
    let mut out = format!("{HELP_NOW_TITLE}\n\n");
    for line in wrap(HELP_NOW_INTRO, width) {
        out.push_str(&line);
        out.push('\n');
    }
    out.push('\n');
    if numbers.lines.is_empty() {
        out.push_str("No numbers are set. In an emergency, call your local emergency number.\n");
    }
    for l in &numbers.lines {
        out.push_str(&format!("In {}\n", l.place.trim()));
        let mut row = |label: &str, value: &str| {
            let lines = wrap(value, width.saturating_sub(24).max(16));
            for (n, line) in lines.iter().enumerate() {
                let label = if n == 0 { label } else { "" };
                out.push_str(&format!("  {label:<22}{line}\n"));
            }
        };
        if !l.emergency.trim().is_empty() {
            row("Emergency:", &l.emergency);
        }
        if let Some(c) = l.crisis.as_deref().filter(|c| !c.trim().is_empty()) {
            row("To talk to someone:", c);
        }
        if let Some(u) = l.urgent_advice.as_deref().filter(|u| !u.trim().is_empty()) {
            row("Medical advice today:", u);
        }
    }
    out.push('\n');
    for line in wrap(
        "These are the numbers in your settings; change them to your own country's \
         under Settings in the web app (backcalm serve).",
        width,
    ) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_place_lists_its_numbers() {
        let text = help_text(&CrisisNumbers::default(), 80);
        assert!(text.starts_with("Need help now?\n\n"), "{text}");
        assert!(
            text.contains("In the UK\n  Emergency:            999\n"),
            "{text}"
        );
        assert!(
            text.contains("  To talk to someone:   Samaritans 116 123 (free, 24/7)\n"),
            "{text}"
        );
        assert!(text.contains("  Medical advice today: NHS 111\n"), "{text}");
        assert!(
            text.contains("In the US\n  Emergency:            911\n"),
            "{text}"
        );
        assert!(text.contains("988 Suicide & Crisis Lifeline"), "{text}");
        assert!(
            text.contains("In the EU\n  Emergency:            112\n"),
            "{text}"
        );
        assert!(text.contains("116 123 emotional support line"), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
        let none = help_text(&CrisisNumbers { lines: vec![] }, 80);
        assert!(none.contains("your local emergency number"), "{none}");
    }
}
