//! `backcalm program`: the 8-week program and today's step.
//!
//! The start date is the one chosen in the settings, else the first day with
//! a practice session (the same rule as the web app's `/api/v1/program`).
//! Before that the program has not begun: `current_week` is null and today's
//! step previews week 1.

use super::{print_json, print_text, terminal_width, Globals};
use crate::args::ProgramArgs;
use crate::clock::{local_tz, today};
use crate::text::wrap;
use backcalm_app::{program_now, ProgramNow};
use backcalm_core::instrument::PEG_ID;
use backcalm_core::program::{ProgramView, Today, PROGRAM_WEEKS};
use backcalm_core::Library;
use jiff::civil::Date;
use serde::Serialize;

/// `program --json`: `{ "weeks", "current_week", "start", "today" }`.
#[derive(Debug, Serialize)]
struct ProgramJson {
    #[serde(flatten)]
    view: ProgramView,
    /// The day the program began (see the module docs); null before it has.
    start: Option<Date>,
    /// What the program offers today.
    today: Today,
}

/// `program`
pub fn program(g: &Globals, a: &ProgramArgs) -> anyhow::Result<()> {
    let library = g.library()?;
    let shipped = &crate::library::shipped()?.program;
    let tz = local_tz()?;
    let journal = g.journal()?;
    let records = crate::journal::runtime()?.block_on(journal.snapshot())?;
    let ProgramNow {
        start,
        today: step,
        view,
    } = program_now(shipped, &records, &library, today(&tz));
    if a.json {
        return print_json(&ProgramJson {
            view,
            start,
            today: step,
        });
    }
    let width = terminal_width().unwrap_or(80).min(80);
    let (words, commands) = paragraph(&step, &library);
    let mut text = String::new();
    for line in wrap(&words, width) {
        text.push_str(&line);
        text.push('\n');
    }
    text.push('\n');
    for c in commands {
        text.push_str(&format!("  {c}\n"));
    }
    print_text(&text)
}

/// Today's step in one calm paragraph, then the commands that take it, one a line.
fn paragraph(t: &Today, library: &Library) -> (String, Vec<String>) {
    let mut parts = Vec::new();
    let mut commands = Vec::new();
    let again = if t.repeat > 0 { ", once more" } else { "" };
    if t.complete {
        parts.push(format!(
            "You have been through all {PROGRAM_WEEKS} weeks of the program."
        ));
    } else {
        parts.push(format!(
            "Week {} of {PROGRAM_WEEKS}, day {}{again}: {}. {}",
            t.current_week, t.week_day, t.title, t.intro
        ));
    }
    let minutes = if t.minutes == 1 { "minute" } else { "minutes" };
    parts.push(format!(
        "Today's practice is {}, {} {minutes}.",
        t.practice_title, t.minutes
    ));
    if library.get(&t.practice).is_some() {
        commands.push(format!(
            "backcalm practice play {} --minutes {}",
            t.practice, t.minutes
        ));
        if let Some(short) = t.short_minutes {
            parts.push(format!("A {short}-minute version is there too."));
            commands.push(format!(
                "backcalm practice play {} --minutes {short}",
                t.practice
            ));
        }
    }
    if t.practised_today {
        parts.push("You have practised today already; anything more is up to you.".into());
    }
    if let Some(p) = &t.proposal {
        parts.push(format!(
            "Your last {} sessions at {} minutes felt comfortable, so {} minutes is there if you would like to try it; {} is fine too.",
            p.comfortable_sessions, p.from_minutes, p.to_minutes, p.from_minutes
        ));
    }
    let says_peg = t.message.as_deref().is_some_and(|m| m.contains("PEG"));
    if t.peg_due {
        if !says_peg {
            parts.push("The weekly PEG questions are due.".into());
        }
        commands.push(format!("backcalm questionnaire take {PEG_ID}"));
    }
    if !t.questionnaires_due.is_empty() {
        parts.push(
            "This week also offers a few short questions about mood and worry over the last 2 weeks; answering is up to you."
                .into(),
        );
        for q in &t.questionnaires_due {
            commands.push(format!("backcalm questionnaire take {q}"));
        }
    }
    if let Some(m) = &t.message {
        parts.push(m.clone());
    }
    if t.also_read.is_empty() {
        parts.push("This week's reading is a short lesson.".into());
    } else {
        parts.push(format!(
            "This week has {} short lessons to read.",
            t.also_read.len() + 1
        ));
    }
    commands.push(format!("backcalm learn {}", t.lesson));
    for l in &t.also_read {
        commands.push(format!("backcalm learn {l}"));
    }
    (parts.join(" "), commands)
}

#[cfg(test)]
mod tests {
    use super::*;
    use backcalm_core::program::GUILT_PHRASES;
    use backcalm_core::program::{plan, ProgramHistory};

    #[test]
    fn day_one_reads_calmly_with_the_commands_to_run() {
        let library = Library::embedded().expect("shipped");
        let program = &crate::library::shipped().expect("shipped").program;
        let start = jiff::civil::date(2026, 3, 2);
        let history = ProgramHistory::from_journal(start, &[], &[], &library);
        let t = plan(program, &history, start);
        let (text, commands) = paragraph(&t, &library);
        assert!(text.starts_with("Week 1 of 8, day 1: "), "{text}");
        assert_eq!(
            commands,
            vec![
                format!(
                    "backcalm practice play {} --minutes {}",
                    t.practice, t.minutes
                ),
                "backcalm questionnaire take peg-3".to_string(),
                "backcalm questionnaire take phq-2".to_string(),
                "backcalm questionnaire take gad-2".to_string(),
                "backcalm learn what-is-mindfulness".to_string(),
                "backcalm learn when-to-see-a-doctor".to_string(),
            ]
        );
        assert!(text.contains("mood and worry"), "{text}");
        assert_eq!(text.matches("PEG").count(), 1, "said once: {text}");
        let lower = text.to_lowercase();
        for p in GUILT_PHRASES {
            assert!(!lower.contains(p), "{p:?} in {text}");
        }
    }
}
