//! `backcalm screen`: the red-flag questions, the result with the number to
//! call, and the screen stored in the journal.

use super::{print_json, print_text, terminal_width, Globals};
use crate::args::ScreenArgs;
use crate::clock::{local_tz, wall_now};
use crate::failure::Refusal;
use crate::prompt::{self, Prompt};
use crate::text::table::{render, Column};
use crate::text::wrap;
use anyhow::{bail, Context};
use backcalm_core::safety::{assess, questions, Action, Assessment, CrisisNumbers, DISCLAIMER};
use backcalm_store::ScreenRecord;
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
    let rt = crate::journal::runtime()?;
    let (assessment, numbers) = rt
        .block_on(async {
            let store = journal.open_for_writing().await?;
            let stored = async {
                let numbers = store.settings().await?.crisis_numbers();
                let assessment = assess(&answers, &numbers)?;
                let record = ScreenRecord {
                    id: Uuid::new_v4(),
                    taken_at: wall_now(),
                    tz,
                    answers: answers.clone(),
                    action: assessment.action,
                };
                store.insert_screen(&record).await?;
                anyhow::Ok((assessment, numbers))
            }
            .await;
            store.close().await;
            stored
        })
        .context("the screen was not saved")?;
    if a.json {
        return print_json(&assessment);
    }
    let width = terminal_width().unwrap_or(80).min(100);
    print_text(&result_text(&assessment, &numbers, width))
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
        for q in questions()
            .iter()
            .filter(|q| a.reasons.iter().any(|r| r == q.id))
        {
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
    let mut text = render(&columns, &rows, terminal_width());
    text.push_str("\nAnswer them all at once with: backcalm screen --answers ID=no,ID=no,…\n");
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
    fn the_end_of_input_stores_nothing() {
        let mut p = Prompt::new("n\nn\n".as_bytes(), Vec::new());
        assert_eq!(ask(&mut p).expect("reads"), None);
    }

    #[test]
    fn the_result_leads_with_the_number_to_call() {
        let numbers = CrisisNumbers::default();
        let answers: BTreeMap<String, bool> = questions()
            .iter()
            .map(|q| (q.id.to_string(), q.id == "both-legs"))
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
            text.contains("  - Weakness, numbness or pain in both legs"),
            "{text}"
        );
        assert!(text.contains("not medical advice"), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    }

    #[test]
    fn duplicate_answers_are_refused() {
        let pairs = vec![
            ("weight-loss".to_string(), true),
            ("weight-loss".to_string(), false),
        ];
        let err = given(&pairs).expect_err("twice");
        assert_eq!(
            crate::failure::exit_code(&err),
            crate::failure::EXIT_REFUSED
        );
    }
}
