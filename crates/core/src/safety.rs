//! The red-flag safety screen: yes/no questions about warning signs that need
//! a doctor, each mapped to what to do (CLINICAL.md, Red flags; sources: NHS
//! back pain guidance, British Association of Spine Surgeons 2018, ACP 2007
//! red flags).
//!
//! The screen informs and directs to care; it does not diagnose. The highest
//! action of any "yes" wins, and the message says it plainly at the top, with
//! the number to call. When every answer is "no" it never says "you are fine".
//!
//! Also the crisis path (CLINICAL.md, Crisis and emergency numbers): the
//! person's numbers ([`CrisisNumbers`]), and when a check-in or a questionnaire
//! calls for showing them ([`support`]). Core decides and words; the web
//! app and the command line only render.

mod numbers;
mod questions;
mod screen;
pub mod support;

pub use numbers::{CrisisLine, CrisisNumbers};
pub use questions::{
    answered_yes, is_earlier_version, question, questions, replaced_by, retired_questions, RedFlag,
    FRAMING,
};
pub use screen::{ScreenDraft, ScreenDraftError, ScreenRecord};

use crate::journal::{CheckIn, Feel};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// backcalm is not medical advice, in plain words (CLINICAL.md, Wording and regulation).
pub const DISCLAIMER: &str = "backcalm gives information and practices for wellbeing, not medical advice. \
Talk to a doctor about your back pain, and seek urgent care for the warning signs listed in the safety screen.";

/// What to do, from least to most urgent (the derived order is the urgency).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Nothing in the screen calls for urgent care.
    None,
    /// See a doctor soon, within days.
    Soon,
    /// See a doctor today.
    Urgent,
    /// Call emergency services now.
    Emergency,
}

impl Action {
    /// A short heading for people.
    pub fn label(self) -> &'static str {
        match self {
            Action::None => "Nothing urgent found",
            Action::Soon => "See a doctor soon",
            Action::Urgent => "See a doctor today",
            Action::Emergency => "Call emergency services now",
        }
    }
}

/// The result of a screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// The most urgent action any "yes" calls for.
    pub action: Action,
    /// What to do, in plain words, most important sentence first.
    pub message: String,
    /// Ids of the questions answered "yes", in question order.
    pub reasons: Vec<String>,
}

/// Answers that cannot be assessed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScreenError {
    /// An answer names no question of the screen.
    #[error("`{id}` is not a question of the safety screen; the questions are: {known}")]
    UnknownQuestion {
        /// The id given.
        id: String,
        /// Every question id, comma-separated.
        known: String,
    },
    /// An answer names a question of an earlier version of the screen.
    #[error(
        "`{id}` was a question of an earlier version of the safety screen; answer `{by}` instead"
    )]
    Replaced {
        /// The retired id given.
        id: String,
        /// The ids of the questions that replaced it, comma-separated.
        by: String,
    },
    /// A question was not answered.
    #[error("question `{id}` ({text}) has no answer; answer yes or no to every question")]
    Unanswered {
        /// The question's id.
        id: String,
        /// The question.
        text: String,
    },
}

/// Assesses a screen: question id → yes (`true`) or no (`false`).
///
/// Every question must be answered, and the first unanswered one (in question
/// order) is named in the error — with one exception: when the "yes" answers
/// already call for emergency services, nothing further can raise the action,
/// so the assessment is returned at once rather than held back by a missing answer.
pub fn assess(
    answers: &BTreeMap<String, bool>,
    numbers: &CrisisNumbers,
) -> Result<Assessment, ScreenError> {
    let all = questions();
    if let Some(id) = answers
        .keys()
        .find(|k| !all.iter().any(|q| q.id == k.as_str()))
    {
        if let Some(new) = replaced_by(id) {
            return Err(ScreenError::Replaced {
                id: id.clone(),
                by: new.join(", "),
            });
        }
        return Err(ScreenError::UnknownQuestion {
            id: id.clone(),
            known: all.iter().map(|q| q.id).collect::<Vec<_>>().join(", "),
        });
    }
    let yes: Vec<&RedFlag> = all
        .iter()
        .filter(|q| answers.get(q.id) == Some(&true))
        .collect();
    let action = yes.iter().map(|q| q.action).max().unwrap_or(Action::None);
    if action != Action::Emergency {
        if let Some(q) = all.iter().find(|q| !answers.contains_key(q.id)) {
            return Err(ScreenError::Unanswered {
                id: q.id.into(),
                text: q.text.into(),
            });
        }
    }
    Ok(Assessment {
        action,
        message: message(action, numbers),
        reasons: yes.iter().map(|q| q.id.to_string()).collect(),
    })
}

/// What to do, in plain words, for an action.
pub fn message(action: Action, numbers: &CrisisNumbers) -> String {
    let emergency = numbers.emergency_phrase();
    match action {
        Action::Emergency => format!(
            "Call emergency services now ({emergency}). One or more of your answers is a warning sign that needs help straight away. \
Do not wait to see if it passes, and do not start a practice. Tell them about your back pain and which questions you answered yes."
        ),
        Action::Urgent => {
            let fallback = match numbers.urgent_advice_phrase() {
                Some(advice) => format!("If you cannot reach a doctor today, call {advice} or go to an urgent care service. "),
                None => "If you cannot reach a doctor today, go to an urgent care service. ".into(),
            };
            format!(
                "See a doctor today. One or more of your answers is a sign a doctor should check today, not later. {fallback}\
If you get worse or feel very unwell, call emergency services ({emergency})."
            )
        }
        Action::Soon => format!(
            "See a doctor soon, within the next few days, and tell them which questions you answered yes. \
If new numbness around the genitals or bottom, trouble passing urine, or weakness in both legs appears, call emergency services at once ({emergency})."
        ),
        Action::None => format!(
            "Nothing in your answers calls for urgent care. This screen does not diagnose and cannot rule things out; \
a doctor remains the right person for any questions about your back. If something changes, take the screen again, \
and for a sudden warning sign call emergency services ({emergency})."
        ),
    }
}

/// Pain this many points above the 7-day mean suggests taking the screen again.
pub const RESCREEN_RISE: f64 = 3.0;

/// Whether to offer the screen again after a check-in: pain now is at least
/// [`RESCREEN_RISE`] points above the 7-day rolling mean, or the check-in
/// reports new numbness or weakness. Without a mean (too few check-ins) only
/// numbness or weakness counts.
pub fn should_rescreen(
    pain_now: u8,
    rolling7_mean: Option<f64>,
    new_numbness_or_weakness: bool,
) -> bool {
    // A tiny tolerance so a mean of 4.000000001 from float sums still counts pain 7 as a rise of 3.
    const TOLERANCE: f64 = 1e-9;
    let sharp_rise = rolling7_mean
        .filter(|m| m.is_finite())
        .is_some_and(|m| f64::from(pain_now) + TOLERANCE >= m + RESCREEN_RISE);
    new_numbness_or_weakness || sharp_rise
}

/// [`should_rescreen`] for a check-in, reading its pain and its "new numbness or weakness" chip.
pub fn should_rescreen_after(check_in: &CheckIn, rolling7_mean: Option<f64>) -> bool {
    should_rescreen(
        check_in.pain.get(),
        rolling7_mean,
        check_in.feel.contains(&Feel::NumbnessOrWeakness),
    )
}
