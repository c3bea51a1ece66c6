//! `backcalm practice list | show | play`.

use super::{print_json, print_text, terminal_width, Globals};
use crate::args::{ListArgs, PlayArgs, ShowArgs};
use crate::clock::{local_tz, wall_now};
use crate::player::{self, PlayConfig, PlayResult};
use crate::text::table::{render, Column};
use anyhow::{anyhow, Context};
use backcalm_core::journal::rfc3339_in;
use backcalm_core::{Defaults, SessionDraft, Timeline, TzName};
use serde::Serialize;
use std::io::IsTerminal;
use uuid::Uuid;

/// One practice in `practice list --json`.
#[derive(Debug, Serialize)]
struct PracticeEntry<'a> {
    id: &'a str,
    kind: &'static str,
    title: &'a str,
    minutes: Vec<u32>,
    default_minutes: u32,
    summary: &'a str,
}

/// `practice list`
pub fn list(g: &Globals, a: &ListArgs) -> anyhow::Result<()> {
    let library = g.library()?;
    if a.json {
        let entries: Vec<PracticeEntry<'_>> = library
            .practices()
            .iter()
            .map(|p| PracticeEntry {
                id: &p.id,
                kind: p.kind.id(),
                title: &p.title,
                minutes: p.minutes(),
                default_minutes: p.default_minutes,
                summary: &p.summary,
            })
            .collect();
        return print_json(&entries);
    }
    let columns = [
        Column::fixed("Practice"),
        Column::fixed("Kind"),
        Column::fixed("Minutes"),
        Column::text("Title", 12),
    ];
    let rows: Vec<Vec<String>> = library
        .practices()
        .iter()
        .map(|p| {
            vec![
                p.id.clone(),
                p.kind.label().to_string(),
                format!(
                    "{}-{} (usually {})",
                    p.min_minutes, p.max_minutes, p.default_minutes
                ),
                p.title.clone(),
            ]
        })
        .collect();
    let mut text = render(&columns, &rows, terminal_width());
    text.push_str("\nRead one with: backcalm practice show paced-breathing --minutes 2\n");
    text.push_str("Play one with: backcalm practice play paced-breathing\n");
    print_text(&text)
}

/// `practice show`
pub fn show(g: &Globals, a: &ShowArgs) -> anyhow::Result<()> {
    let library = g.library()?;
    let p = crate::library::practice(&library, &a.id)?;
    let tl = crate::options::timeline(p, &a.options)?;
    if a.json {
        return print_json(&tl);
    }
    let width = terminal_width().unwrap_or(80).min(80);
    print_text(&crate::text::script::script(p, &tl, width))
}

/// `practice play`
pub fn play(g: &Globals, a: &PlayArgs) -> anyhow::Result<()> {
    let library = g.library()?;
    let p = crate::library::practice(&library, &a.id)?;
    let tl = crate::options::timeline(p, &a.options)?;
    // Resolve these before playing, so a problem shows now rather than after the practice.
    let tz = local_tz()?;
    let journal = g.journal()?;
    if !super::screen::invite_before_first_practice(g)? {
        return Ok(());
    }
    let config = PlayConfig {
        plain: a.plain || !std::io::stdout().is_terminal(),
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        bells: !a.no_bells,
        ask_ratings: !a.no_ratings,
    };
    let started_at = wall_now();
    let result = player::play(&tl, &config)?;
    if !result.save {
        return Ok(());
    }
    let draft = session_draft(&tl, &result, started_at, &tz);
    let defaults = Defaults {
        now: wall_now(),
        tz,
        new_id: Uuid::new_v4(),
    };
    // The player's numbers are not the person's typing: a problem here is a failure, not exit 2.
    let record = draft
        .validate(&defaults, |id| library.get(id).is_some())
        .map_err(|e| anyhow!("the session could not be recorded: {e}"))?;
    let rt = crate::journal::runtime()?;
    rt.block_on(async {
        let store = journal.open_for_writing().await?;
        let saved = store.insert_session(&record).await;
        store.close().await;
        saved?;
        anyhow::Ok(())
    })
    .context("the session was not saved")?;
    print_text(&format!(
        "Saved this session to your journal: {}\n",
        record.id
    ))
}

/// What the player reported, as a session draft (validated by core like any other).
fn session_draft(
    tl: &Timeline,
    r: &PlayResult,
    started_at: jiff::Timestamp,
    tz: &TzName,
) -> SessionDraft {
    let rating = |v: Option<u8>| v.map(i64::from);
    SessionDraft {
        id: None,
        practice: Some(tl.id.clone()),
        variant: tl.variant.clone(),
        // An open-ended timer has no planned length: core records it as 0.
        minutes: Some(i64::from(tl.minutes.unwrap_or(0))),
        started_at: Some(rfc3339_in(started_at, tz)),
        tz: Some(tz.to_string()),
        actual_s: Some((r.actual_ms / 1000) as i64),
        completed: Some(r.completed),
        pain_before: rating(r.pain_before),
        pain_after: rating(r.pain_after),
        stress_before: rating(r.stress_before),
        stress_after: rating(r.stress_after),
        pleasantness: None,
        regions: Vec::new(),
        note: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use backcalm_core::{compile, Library, Options};

    #[test]
    fn a_played_session_becomes_a_valid_record() {
        let lib = Library::embedded().expect("built-in library");
        let p = lib.get("paced-breathing").expect("shipped");
        let tl = compile(p, &Options::minutes(2)).expect("compiles");
        let tz = TzName::new("Europe/London").expect("zone");
        let started: jiff::Timestamp = "2026-03-29T08:00:00Z".parse().expect("instant");
        let result = PlayResult {
            actual_ms: 61_500,
            completed: false,
            save: true,
            pain_before: Some(6),
            pain_after: Some(4),
            stress_before: None,
            stress_after: Some(3),
        };
        let draft = session_draft(&tl, &result, started, &tz);
        let defaults = Defaults {
            now: "2026-03-29T08:05:00Z".parse().expect("instant"),
            tz: tz.clone(),
            new_id: Uuid::from_u128(9),
        };
        let rec = draft
            .validate(&defaults, |id| lib.get(id).is_some())
            .expect("valid");
        assert_eq!(rec.practice, "paced-breathing");
        assert_eq!(rec.variant.as_deref(), Some("relaxed"));
        assert_eq!(rec.minutes, 2);
        assert_eq!(rec.actual_s, 61);
        assert!(!rec.completed);
        assert_eq!(rec.started_at, started);
        assert_eq!(rec.started_at_rfc3339(), "2026-03-29T09:00:00+01:00");
        assert_eq!(rec.pain_before.map(|r| r.get()), Some(6));
        assert_eq!(rec.pain_after.map(|r| r.get()), Some(4));
        assert_eq!(rec.stress_after.map(|r| r.get()), Some(3));
        assert_eq!(rec.id, Uuid::from_u128(9));
    }
}
