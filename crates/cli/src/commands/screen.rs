//! `backcalm screen`: the red-flag questions, the result with the number to
//! call, and the screen stored in the journal.

use super::{help_now, print_json, print_text, terminal_width, Globals};
use crate::args::ScreenArgs;
use crate::clock::{local_tz, wall_now};
use crate::failure::Refusal;
use crate::journal::Location;
use crate::prompt::{self, Prompt};
use crate::text::table::{render, Column};
use crate::text::wrap;
use anyhow::{bail, Context};
use backcalm_core::safety::{
    answered_yes, assess, questions, Action, Assessment, CrisisNumbers, ScreenDraft, DISCLAIMER,
    FRAMING,
};
use backcalm_core::{Defaults, TzName};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use uuid::Uuid;

/// `screen`
pub fn screen(g: &Globals, a: &ScreenArgs) -> anyhow::Result<()> {
    if a.questions {
        return list_questions(a.json);
    }
    let tz = local_tz()?;
    let journal = g.journal()?;
    let answers = if a.answers.is_empty() {
        match ask(&mut prompt::terminal())? {
            Some(answers) => answers,
            None => bail!(
                "the screen stopped before every question was answered, so nothing was stored; \
                 run `backcalm screen` again, or give every answer with --answers"
            ),
        }
    } else {
        given(&a.answers)?
    };
    // Checked before the journal is touched, so a refused answer writes nothing.
    assess(&answers, &CrisisNumbers::default()).map_err(|e| Refusal(format!("--answers: {e}")))?;
    let (assessment, numbers) = store(&journal, tz, &answers)?;
    if a.json {
        return print_json(&assessment);
    }
    let width = terminal_width().unwrap_or(80).min(100);
    print_text(&result_text(&assessment, &numbers, width))
}

/// Assesses complete answers with the person's numbers and stores the screen.
fn store(
    journal: &Location,
    tz: TzName,
    answers: &BTreeMap<String, bool>,
) -> anyhow::Result<(Assessment, CrisisNumbers)> {
    let rt = crate::journal::runtime()?;
    rt.block_on(async {
        let store = journal.open_for_writing().await?;
        let stored = async {
            let numbers = store.settings().await?.crisis_numbers();
            let assessment = assess(answers, &numbers)?;
            let defaults = Defaults {
                now: wall_now(),
                tz,
                new_id: Uuid::new_v4(),
            };
            let record = ScreenDraft::of(answers.clone()).validate(&defaults)?;
            store.insert_screen(&record).await?;
            anyhow::Ok((assessment, numbers))
        }
        .await;
        store.close().await;
        stored
    })
    .context("the screen was not saved")
}

/// Whether a practice may start, after inviting the warning-signs check when
/// none was ever taken (as the web home does before the first practice).
///
/// In a terminal it asks, and on "y" takes the check at once; anywhere else
/// it prints the invitation on stderr and goes on. It answers `false` only
/// when the check just taken calls for emergency services: then the practice
/// does not start (the message says not to). A journal that cannot be read
/// costs only the invitation.
pub fn invite_before_first_practice(g: &Globals) -> anyhow::Result<bool> {
    let Ok(journal) = g.journal() else {
        return Ok(true);
    };
    let taken = crate::journal::runtime().ok().and_then(|rt| {
        rt.block_on(async {
            let store = journal.open_for_reading().await.ok()?;
            let Some(store) = store else {
                return Some(false);
            };
            let latest = store.latest_screen().await;
            store.close().await;
            latest.ok().map(|l| l.is_some())
        })
    });
    if taken != Some(false) {
        return Ok(true);
    }
    use std::io::IsTerminal;
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        eprintln!("{INVITATION} Take it with: backcalm screen\n");
        return Ok(true);
    }
    let mut p = prompt::terminal();
    let Some(answers) = invite(&mut p)? else {
        return Ok(true);
    };
    let (assessment, numbers) = store(&journal, local_tz()?, &answers)?;
    let width = terminal_width().unwrap_or(80).min(100);
    eprint!("{}", result_text(&assessment, &numbers, width));
    Ok(assessment.action != Action::Emergency)
}

/// Said before the first practice while no check was ever taken.
const INVITATION: &str = "Before your first practice: a warning-signs check of a few yes/no \
questions, about a minute, to see whether anything needs a doctor first.";

/// Asks whether to take the check now, then asks it; `None` for "not now"
/// (or input that ends first).
fn invite<R: BufRead, W: Write>(
    p: &mut Prompt<R, W>,
) -> anyhow::Result<Option<BTreeMap<String, bool>>> {
    for line in wrap(INVITATION, 78) {
        p.say(&format!("{line}\n"))?;
    }
    if p.yes_no("Take it now? [y/n] ")? != Some(true) {
        p.say("You can take it any time: backcalm screen\n\n")?;
        return Ok(None);
    }
    p.say("\n")?;
    ask(p)
}

/// `--answers` as a map; an id given twice is refused.
fn given(pairs: &[(String, bool)]) -> anyhow::Result<BTreeMap<String, bool>> {
    let mut answers = BTreeMap::new();
    for (id, yes) in pairs {
        if answers.insert(id.clone(), *yes).is_some() {
            return Err(Refusal(format!(
                "--answers: `{id}` is answered twice; give each question once"
            ))
            .into());
        }
    }
    Ok(answers)
}

/// Asks every question in order; stops early once a "yes" calls for
/// emergency services (nothing else can change what to do). `None` when the
/// input ends first.
fn ask<R: BufRead, W: Write>(
    p: &mut Prompt<R, W>,
) -> anyhow::Result<Option<BTreeMap<String, bool>>> {
    let all = questions();
    p.say(&format!(
        "Warning signs check: {} yes/no questions about signs that need a doctor.\n\
         Answer y or n. It takes about a minute.\n\n",
        all.len()
    ))?;
    for line in wrap(FRAMING, 78) {
        p.say(&format!("{line}\n"))?;
    }
    p.say(&format!("{}\n\n", help_now::POINTER))?;
    let mut answers = BTreeMap::new();
    for (n, q) in all.iter().enumerate() {
        let Some(yes) = p.yes_no(&format!("[{}/{}] {} [y/n] ", n + 1, all.len(), q.text))? else {
            return Ok(None);
        };
        answers.insert(q.id.to_string(), yes);
        if yes && q.action == Action::Emergency {
            break;
        }
    }
    p.say("\n")?;
    Ok(Some(answers))
}

/// The result for people: the action as a banner, the number to call, what to do.
pub fn result_text(a: &Assessment, numbers: &CrisisNumbers, width: usize) -> String {
    let width = width.max(40);
    let mut out = String::new();
    let banner = match a.action {
        Action::None => a.action.label().to_string(),
        _ => a.action.label().to_uppercase(),
    };
    let rule = if a.action == Action::None { "-" } else { "=" };
    out.push_str(&rule.repeat(width.min(60)));
    out.push('\n');
    out.push_str(&format!("  {banner}\n"));
    let call = match a.action {
        Action::Emergency => Some(format!("Call {}", numbers.emergency_phrase())),
        Action::Urgent => Some(match numbers.urgent_advice_phrase() {
            Some(advice) => format!(
                "Your doctor today; or {advice}; in an emergency {}",
                numbers.emergency_phrase()
            ),
            None => format!(
                "Your doctor today; in an emergency {}",
                numbers.emergency_phrase()
            ),
        }),
        Action::Soon | Action::None => None,
    };
    if let Some(call) = call {
        for line in wrap(&call, width.saturating_sub(2)) {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out.push_str(&rule.repeat(width.min(60)));
    out.push_str("\n\n");
    for line in wrap(&a.message, width) {
        out.push_str(&line);
        out.push('\n');
    }
    if !a.reasons.is_empty() {
        out.push_str("\nYou answered yes to:\n");
        for q in answered_yes(&a.reasons.iter().map(|r| (r.clone(), true)).collect()) {
            for (n, line) in wrap(q.text, width.saturating_sub(4)).iter().enumerate() {
                out.push_str(if n == 0 { "  - " } else { "    " });
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.push('\n');
    for line in wrap(DISCLAIMER, width) {
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("\nSaved to your journal. Take the check again any time: backcalm screen\n");
    out.push_str(help_now::POINTER);
    out.push('\n');
    out
}

/// A question as `screen --questions --json` lists it.
#[derive(Debug, Serialize)]
struct QuestionEntry {
    id: &'static str,
    text: &'static str,
    /// What a "yes" calls for.
    action: Action,
}

fn list_questions(json: bool) -> anyhow::Result<()> {
    if json {
        let list: Vec<QuestionEntry> = questions()
            .iter()
            .map(|q| QuestionEntry {
                id: q.id,
                text: q.text,
                action: q.action,
            })
            .collect();
        return print_json(&list);
    }
    let columns = [
        Column::fixed("Id"),
        Column::fixed("A yes means"),
        Column::text("Question", 20),
    ];
    let rows: Vec<Vec<String>> = questions()
        .iter()
        .map(|q| {
            vec![
                q.id.to_string(),
                q.action.label().to_lowercase(),
                q.text.to_string(),
            ]
        })
        .collect();
    let mut text = String::new();
    for line in wrap(FRAMING, terminal_width().unwrap_or(80).min(100)) {
        text.push_str(&line);
        text.push('\n');
    }
    text.push('\n');
    text.push_str(&render(&columns, &rows, terminal_width()));
    text.push_str("\nAnswer them all at once with: backcalm screen --answers ID=no,ID=no,…\n");
    text.push_str(help_now::POINTER);
    text.push('\n');
    print_text(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_no() -> String {
        questions().iter().map(|_| "n\n").collect()
    }

    #[test]
    fn every_question_is_asked_in_order() {
        let input = all_no();
        let mut p = Prompt::new(input.as_bytes(), Vec::new());
        let answers = ask(&mut p).expect("reads").expect("complete");
        assert_eq!(answers.len(), questions().len());
        assert!(answers.values().all(|yes| !yes));
        let asked = String::from_utf8(p.into_output()).expect("utf-8");
        assert!(asked.contains(&format!(
            "[1/{}] {}",
            questions().len(),
            questions()[0].text
        )));
    }

    #[test]
    fn an_emergency_yes_stops_the_questions() {
        let mut p = Prompt::new("y\n".as_bytes(), Vec::new());
        let answers = ask(&mut p).expect("reads").expect("complete");
        assert_eq!(answers.len(), 1);
        assert_eq!(answers.get(questions()[0].id), Some(&true));
    }

    #[test]
    fn the_questions_open_with_the_framing_and_the_help_line() {
        let input = all_no();
        let mut p = Prompt::new(input.as_bytes(), Vec::new());
        ask(&mut p).expect("reads").expect("complete");
        let asked = String::from_utf8(p.into_output()).expect("utf-8");
        let flat = asked.replace('\n', " ");
        assert!(flat.contains("Answer about how things are now."), "{asked}");
        assert!(
            flat.contains("already knows about is a \"no\" unless it has changed"),
            "{asked}"
        );
        assert!(asked.contains("backcalm help-now"), "{asked}");
        let framing = asked.find("Answer about how").expect("framing");
        let first = asked.find("[1/").expect("first question");
        assert!(framing < first, "the framing comes before the questions");
    }

    #[test]
    fn the_invitation_takes_the_check_or_lets_it_wait() {
        let input = format!("y\n{}", all_no());
        let mut p = Prompt::new(input.as_bytes(), Vec::new());
        let answers = invite(&mut p).expect("reads").expect("taken");
        assert_eq!(answers.len(), questions().len());
        let said = String::from_utf8(p.into_output()).expect("utf-8");
        assert!(said.starts_with("Before your first practice"), "{said}");
        let mut later = Prompt::new("n\n".as_bytes(), Vec::new());
        assert_eq!(invite(&mut later).expect("reads"), None);
        let said = String::from_utf8(later.into_output()).expect("utf-8");
        assert!(said.contains("any time: backcalm screen"), "{said}");
        let mut ended = Prompt::new("".as_bytes(), Vec::new());
        assert_eq!(invite(&mut ended).expect("reads"), None);
    }

    #[test]
    fn the_end_of_input_stores_nothing() {
        let mut p = Prompt::new("n\nn\n".as_bytes(), Vec::new());
        assert_eq!(ask(&mut p).expect("reads"), None);
    }

    #[test]
    fn the_result_leads_with_the_number_to_call() {
        let numbers = CrisisNumbers::default();
        let answers: BTreeMap<String, bool> = questions()
            .iter()
            .map(|q| (q.id.to_string(), q.id == "both-legs-new-or-worsening"))
            .collect();
        let a = assess(&answers, &numbers).expect("assessed");
        let text = result_text(&a, &numbers, 80);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "  CALL EMERGENCY SERVICES NOW");
        assert_eq!(
            lines[2],
            "  Call 999 in the UK, 911 in the US, 112 in the EU"
        );
        assert!(
            text.contains("  - New or quickly worsening weakness, numbness or pain in both"),
            "{text}"
        );
        assert!(text.contains("not medical advice"), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    }

    #[test]
    fn duplicate_answers_are_refused() {
        let pairs = vec![
            ("night-pain".to_string(), true),
            ("night-pain".to_string(), false),
        ];
        let err = given(&pairs).expect_err("twice");
        assert_eq!(
            crate::failure::exit_code(&err),
            crate::failure::EXIT_REFUSED
        );
    }
}
