//! `backcalm questionnaire list | take`: PEG-3, PHQ-2 and GAD-2, scored by
//! core and stored in the journal.

use super::{print_json, print_text, terminal_width, Globals};
use crate::args::{QuestionnaireListArgs, QuestionnaireTakeArgs};
use crate::clock::{local_tz, wall_now};
use crate::failure::{refuse_field, Refusal};
use crate::library::shipped;
use crate::prompt::{self, Prompt};
use crate::text::table::{render, Column};
use crate::text::wrap;
use anyhow::{bail, Context};
use backcalm_core::export::{QuestionnaireAnswer, QuestionnaireDraft};
use backcalm_core::instrument::Instrument;
use backcalm_core::safety::support::after_questionnaire;
use backcalm_core::safety::CrisisNumbers;
use backcalm_core::Defaults;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use uuid::Uuid;

/// An instrument in `questionnaire list --json` (as GET /api/v1/instruments).
#[derive(Debug, Serialize)]
struct InstrumentEntry<'a> {
    #[serde(flatten)]
    instrument: &'a Instrument,
    /// Lowest and highest possible score.
    score_range: [f64; 2],
}

/// `questionnaire list`
pub fn list(_g: &Globals, a: &QuestionnaireListArgs) -> anyhow::Result<()> {
    let all = &shipped()?.instruments;
    if a.json {
        let entries: Vec<InstrumentEntry<'_>> = all
            .iter()
            .map(|i| {
                let (lo, hi) = i.range();
                InstrumentEntry {
                    instrument: i,
                    score_range: [lo, hi],
                }
            })
            .collect();
        return print_json(&entries);
    }
    let columns = [
        Column::fixed("Questionnaire"),
        Column::number("Questions"),
        Column::fixed("Offered"),
        Column::text("Title", 12),
    ];
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|i| {
            vec![
                i.id.clone(),
                i.items.len().to_string(),
                match i.every_days {
                    Some(7) => "weekly".to_string(),
                    Some(d) => format!("every {d} days"),
                    None => "when you like".to_string(),
                },
                i.title.clone(),
            ]
        })
        .collect();
    let mut text = render(&columns, &rows, terminal_width());
    text.push_str("\nAnswer one with: backcalm questionnaire take peg-3\n");
    print_text(&text)
}

/// A stored answer as `questionnaire take --json` prints it (as the web API does).
#[derive(Debug, Serialize)]
struct AnswerJson {
    id: Uuid,
    instrument: String,
    answered_at: String,
    tz: String,
    answers: BTreeMap<String, u8>,
    /// Unrounded.
    score: f64,
    /// As people read it: a mean to 2 decimals, a sum whole.
    display_score: String,
    /// What the score means, if the instrument has bands.
    band: Option<String>,
    /// A positive screen: suggest talking to a doctor.
    positive: bool,
    /// For a PHQ-2 of 3 or more or a positive GAD-2: where to turn now, with the crisis and emergency numbers.
    advice: Option<String>,
}

fn answer_json(a: &QuestionnaireAnswer, inst: &Instrument, numbers: &CrisisNumbers) -> AnswerJson {
    let scored = inst.score(&a.answers).ok();
    let positive = scored.as_ref().is_some_and(|s| s.positive);
    AnswerJson {
        id: a.id,
        instrument: a.instrument.clone(),
        answered_at: a.answered_at_rfc3339(),
        tz: a.tz.to_string(),
        answers: a.answers.clone(),
        score: a.score,
        display_score: inst.display_score(a.score),
        band: scored.and_then(|s| s.band),
        positive,
        // Core decides (every PHQ-2 of 3 or more), and says only where to turn
        // now: the band above it already suggests the doctor, once.
        advice: after_questionnaire(&a.instrument, a.score, positive, numbers).map(|s| s.message),
    }
}

/// `questionnaire take`
pub fn take(g: &Globals, a: &QuestionnaireTakeArgs) -> anyhow::Result<()> {
    let all = &shipped()?.instruments;
    let id = a.id.trim();
    let Some(inst) = all.iter().find(|i| i.id == id) else {
        let ids: Vec<&str> = all.iter().map(|i| i.id.as_str()).collect();
        return Err(Refusal(format!(
            "there is no questionnaire {id:?}; choose one of: {}",
            ids.join(", ")
        ))
        .into());
    };
    let tz = local_tz()?;
    let journal = g.journal()?;
    let answers: BTreeMap<String, i64> = if a.answers.is_empty() {
        match ask(inst, &mut prompt::terminal())? {
            Some(answers) => answers,
            None => bail!(
                "the questionnaire stopped before every question was answered, so nothing was stored; \
                 run it again, or give every answer with --answers"
            ),
        }
    } else {
        let mut map = BTreeMap::new();
        for (item, value) in &a.answers {
            if map.insert(item.clone(), *value).is_some() {
                return Err(Refusal(format!(
                    "--answers: `{item}` is answered twice; give each question once"
                ))
                .into());
            }
        }
        map
    };
    let draft = QuestionnaireDraft {
        id: None,
        instrument: Some(inst.id.clone()),
        answered_at: None,
        tz: None,
        answers,
        score: None,
    };
    let defaults = Defaults {
        now: wall_now(),
        tz,
        new_id: Uuid::new_v4(),
    };
    let answer = draft.validate(&defaults, all).map_err(refuse_field)?;
    let rt = crate::journal::runtime()?;
    let numbers = rt
        .block_on(async {
            let store = journal.open_for_writing().await?;
            let saved = async {
                store.insert_questionnaire_answer(&answer).await?;
                anyhow::Ok(store.settings().await?.crisis_numbers())
            }
            .await;
            store.close().await;
            saved
        })
        .context("the answers were not saved")?;
    let view = answer_json(&answer, inst, &numbers);
    if a.json {
        return print_json(&view);
    }
    let width = terminal_width().unwrap_or(80).min(80);
    print_text(&result_text(inst, &view, width))
}

/// Asks every item; `None` when the input ends first.
fn ask<R: BufRead, W: Write>(
    inst: &Instrument,
    p: &mut Prompt<R, W>,
) -> anyhow::Result<Option<BTreeMap<String, i64>>> {
    p.say(&format!("{}\n{}\n\n", inst.title, inst.intro))?;
    let mut answers = BTreeMap::new();
    for (n, item) in inst.items.iter().enumerate() {
        let Some(scale) = inst.scale_of(item) else {
            bail!(
                "question {} has no scale; this is a bug in backcalm",
                item.id
            );
        };
        let ends: Vec<String> = scale
            .labels
            .iter()
            .map(|l| format!("{} = {}", l.value, l.text))
            .collect();
        p.say(&format!(
            "[{}/{}] {}\n      ({})\n",
            n + 1,
            inst.items.len(),
            item.text,
            ends.join(", ")
        ))?;
        let question = format!("      {}-{}: ", scale.min, scale.max);
        let Some(v) = p.number(&question, scale.min, scale.max)? else {
            return Ok(None);
        };
        answers.insert(item.id.clone(), i64::from(v));
    }
    p.say(&format!("\n{}\n", source_lines(inst)))?;
    Ok(Some(answers))
}

/// The instrument's source, and its publisher's attribution word for word.
fn source_lines(inst: &Instrument) -> String {
    match &inst.attribution {
        Some(a) => format!("{}.\n{a}", inst.citation),
        None => format!("{}.", inst.citation),
    }
}

fn result_text(inst: &Instrument, v: &AnswerJson, width: usize) -> String {
    let (lo, hi) = inst.range();
    let mut lines = vec![format!(
        "{} score: {} (from {lo} to {hi}; lower is better).",
        inst.id.to_uppercase(),
        v.display_score,
    )];
    if let Some(b) = &v.band {
        lines.push(b.clone());
    }
    if let Some(a) = &v.advice {
        lines.push(a.clone());
    }
    lines.push("Saved to your journal.".to_string());
    let mut out = String::new();
    for l in lines {
        for w in wrap(&l, width) {
            out.push_str(&w);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peg() -> Instrument {
        shipped()
            .expect("shipped")
            .instruments
            .iter()
            .find(|i| i.id == "peg-3")
            .expect("PEG-3 is shipped")
            .clone()
    }

    #[test]
    fn every_item_is_asked_on_its_scale() {
        let inst = peg();
        let mut p = Prompt::new("4\n11\n5\n6\n".as_bytes(), Vec::new());
        let answers = ask(&inst, &mut p).expect("reads").expect("complete");
        assert_eq!(
            answers,
            BTreeMap::from([
                ("pain".to_string(), 4),
                ("enjoyment".to_string(), 5),
                ("activity".to_string(), 6)
            ])
        );
        let asked = String::from_utf8(p.into_output()).expect("utf-8");
        assert!(
            asked.contains("(0 = No pain, 10 = Pain as bad as you can imagine)"),
            "{asked}"
        );
        assert!(
            asked.contains("[2/3] What number best describes how, during the past week, pain has interfered with your enjoyment of life?\n      (0 = Does not interfere, 10 = Completely interferes)"),
            "{asked}"
        );
        assert!(
            asked.contains("PEG: Krebs et al., J Gen Intern Med 2009."),
            "{asked}"
        );
        assert!(
            asked.contains("Please type a whole number from 0 to 10."),
            "{asked}"
        );
        let mut short = Prompt::new("4\n".as_bytes(), Vec::new());
        assert_eq!(ask(&inst, &mut short).expect("reads"), None);
    }

    #[test]
    fn a_positive_screen_gives_advice_with_numbers() {
        let phq = shipped()
            .expect("shipped")
            .instruments
            .iter()
            .find(|i| i.id == "phq-2")
            .expect("PHQ-2 is shipped");
        let answers: BTreeMap<String, u8> = phq.items.iter().map(|i| (i.id.clone(), 3)).collect();
        let a = QuestionnaireAnswer {
            id: Uuid::from_u128(1),
            instrument: phq.id.clone(),
            answered_at: "2026-03-01T10:00:00Z".parse().expect("instant"),
            tz: backcalm_core::TzName::utc(),
            score: phq.score(&answers).expect("scores").value,
            answers,
        };
        let v = answer_json(&a, phq, &CrisisNumbers::default());
        assert!(v.positive);
        let advice = v.advice.as_deref().expect("advice");
        assert!(advice.contains("999 in the UK"), "{advice}");
        assert!(advice.contains("Samaritans 116 123"), "{advice}");
        let text = result_text(phq, &v, 80);
        assert!(text.starts_with("PHQ-2 score: 6 (from 0 to 6"), "{text}");
        // The doctor is suggested once (by the band), not twice.
        let flat = text.replace('\n', " ").to_lowercase();
        assert_eq!(flat.matches("talking to a doctor").count(), 1, "{text}");
    }

    #[test]
    fn phq_2_and_gad_2_are_asked_in_their_published_words() {
        let all = &shipped().expect("shipped").instruments;
        for (id, first, second, citation) in [
            (
                "phq-2",
                "Little interest or pleasure in doing things",
                "Feeling down, depressed, or hopeless",
                "Patient Health Questionnaire-2 (PHQ-2): Kroenke, Spitzer & Williams, Med Care 2003.",
            ),
            (
                "gad-2",
                "Feeling nervous, anxious, or on edge",
                "Not being able to stop or control worrying",
                "Generalized Anxiety Disorder-2 (GAD-2): Kroenke et al., Ann Intern Med 2007.",
            ),
        ] {
            let inst = all.iter().find(|i| i.id == id).expect("shipped");
            let mut p = Prompt::new("0\n1\n".as_bytes(), Vec::new());
            ask(inst, &mut p).expect("reads").expect("complete");
            let asked = String::from_utf8(p.into_output()).expect("utf-8");
            let answers = "(0 = Not at all, 1 = Several days, 2 = More than half the days, 3 = Nearly every day)";
            for line in [
                "Over the last 2 weeks, how often have you been bothered by any of the following problems?".to_string(),
                format!("[1/2] {first}\n      {answers}"),
                format!("[2/2] {second}\n      {answers}"),
                format!("{citation}\nDeveloped by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute."),
            ] {
                assert!(asked.contains(&line), "{id}: {line:?} in\n{asked}");
            }
        }
    }
}
