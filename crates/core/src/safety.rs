//! The red-flag safety screen: yes/no questions about warning signs that need
//! a doctor, each mapped to what to do (CLINICAL.md, Red flags; sources: NHS
//! back pain guidance, British Association of Spine Surgeons 2018, ACP 2007
//! red flags).
//!
//! The screen informs and directs to care; it does not diagnose. The highest
//! action of any "yes" wins, and the message says it plainly at the top, with
//! the number to call. When every answer is "no" it never says "you are fine".

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

/// One yes/no question of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RedFlag {
    /// Stable id (kebab-case); answers and stored screens refer to it.
    pub id: &'static str,
    /// The question in plain words.
    pub text: &'static str,
    /// What a "yes" calls for.
    pub action: Action,
}

const fn flag(id: &'static str, text: &'static str, action: Action) -> RedFlag {
    RedFlag { id, text, action }
}

/// The questions, most urgent first, worded as in CLINICAL.md's table.
static QUESTIONS: [RedFlag; 16] = [
    flag(
        "saddle-numbness",
        "New numbness or tingling around the genitals, bottom or inner thighs?",
        Action::Emergency,
    ),
    flag(
        "bladder-change",
        "New trouble passing urine, not feeling when the bladder is full, or leaking?",
        Action::Emergency,
    ),
    flag(
        "bowel-change",
        "New loss of bowel control, or not feeling when the bowel is full?",
        Action::Emergency,
    ),
    flag(
        "both-legs",
        "Weakness, numbness or pain in both legs, or legs getting weaker?",
        Action::Emergency,
    ),
    flag(
        "sexual-function-change",
        "New change in sexual function or feeling in the genitals?",
        Action::Emergency,
    ),
    flag(
        "serious-accident-or-chest-pain",
        "Did the pain start after a serious accident or fall, or is there chest pain too?",
        Action::Emergency,
    ),
    flag(
        "fever-or-unwell",
        "Fever or feeling very unwell along with the back pain?",
        Action::Urgent,
    ),
    flag(
        "immune-or-injected-drugs",
        "Weakened immune system or injected drugs, with fever or new worsening pain?",
        Action::Urgent,
    ),
    flag(
        "minor-fall-fragile-bones",
        "Sudden pain after a minor fall or lift, with osteoporosis, long-term steroids or older age?",
        Action::Urgent,
    ),
    flag(
        "one-leg-worsening",
        "Weakness or numbness in one leg that is getting worse?",
        Action::Urgent,
    ),
    flag(
        "cancer-history",
        "History of cancer, and this back pain is new or different?",
        Action::Urgent,
    ),
    flag("weight-loss", "Lost weight without trying?", Action::Soon),
    flag(
        "night-pain",
        "Pain worse at night or lying down, not eased by rest?",
        Action::Soon,
    ),
    flag(
        "lump-or-shape-change",
        "A lump or swelling on the back, or the back has changed shape?",
        Action::Soon,
    ),
    flag(
        "age-at-onset",
        "New back pain starting under 20 or over 50?",
        Action::Soon,
    ),
    flag(
        "no-improvement-month",
        "No improvement after about a month of self-care (for a new episode)?",
        Action::Soon,
    ),
];

/// Every question of the screen, in the order to ask them.
pub fn questions() -> &'static [RedFlag] {
    &QUESTIONS
}

/// Emergency and help numbers for one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisLine {
    /// Where the numbers apply, as said in a sentence ("the UK", "the US").
    pub place: String,
    /// The emergency number, e.g. "999".
    pub emergency: String,
    /// Same-day medical advice when a doctor cannot be reached, e.g. "NHS 111".
    pub urgent_advice: Option<String>,
    /// A crisis line for emotional distress, e.g. "Samaritans 116 123 (free, 24/7)".
    pub crisis: Option<String>,
}

/// The numbers messages name. Defaults are CLINICAL.md's (US, UK, EU); a
/// person may replace them with their own country's numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisNumbers {
    /// One entry per place, in the order to mention them.
    pub lines: Vec<CrisisLine>,
}

impl Default for CrisisNumbers {
    fn default() -> Self {
        let line =
            |place: &str, emergency: &str, urgent: Option<&str>, crisis: Option<&str>| CrisisLine {
                place: place.into(),
                emergency: emergency.into(),
                urgent_advice: urgent.map(Into::into),
                crisis: crisis.map(Into::into),
            };
        CrisisNumbers {
            lines: vec![
                line(
                    "the UK",
                    "999",
                    Some("NHS 111"),
                    Some("Samaritans 116 123 (free, 24/7)"),
                ),
                line(
                    "the US",
                    "911",
                    None,
                    Some("988 Suicide & Crisis Lifeline (call or text)"),
                ),
                line("the EU", "112", None, None),
            ],
        }
    }
}

impl CrisisNumbers {
    /// "999 in the UK, 911 in the US, 112 in the EU"; "your local emergency number" when empty.
    pub fn emergency_phrase(&self) -> String {
        let parts: Vec<String> = self
            .lines
            .iter()
            .filter(|l| !l.emergency.trim().is_empty())
            .map(|l| format!("{} in {}", l.emergency.trim(), l.place.trim()))
            .collect();
        if parts.is_empty() {
            "your local emergency number".into()
        } else {
            parts.join(", ")
        }
    }

    /// "NHS 111 in the UK", or `None` when no place has a same-day advice line.
    pub fn urgent_advice_phrase(&self) -> Option<String> {
        let parts: Vec<String> = self
            .lines
            .iter()
            .filter_map(|l| {
                l.urgent_advice
                    .as_ref()
                    .map(|u| format!("{} in {}", u.trim(), l.place.trim()))
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// "Samaritans 116 123 (free, 24/7) in the UK, 988 … in the US", or `None`.
    pub fn crisis_phrase(&self) -> Option<String> {
        let parts: Vec<String> = self
            .lines
            .iter()
            .filter_map(|l| {
                l.crisis
                    .as_ref()
                    .map(|c| format!("{} in {}", c.trim(), l.place.trim()))
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
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
    if let Some(id) = answers
        .keys()
        .find(|k| !QUESTIONS.iter().any(|q| q.id == k.as_str()))
    {
        return Err(ScreenError::UnknownQuestion {
            id: id.clone(),
            known: QUESTIONS
                .iter()
                .map(|q| q.id)
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let yes: Vec<&RedFlag> = QUESTIONS
        .iter()
        .filter(|q| answers.get(q.id) == Some(&true))
        .collect();
    let action = yes.iter().map(|q| q.action).max().unwrap_or(Action::None);
    if action != Action::Emergency {
        if let Some(q) = QUESTIONS.iter().find(|q| !answers.contains_key(q.id)) {
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
