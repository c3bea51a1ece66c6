//! The red-flag questions (CLINICAL.md, Red flags), and the questions of
//! earlier versions of the screen that stored screens may still answer.
//!
//! An id is bound to one wording for ever: when a question's meaning changes
//! it gets a new id, and the old one moves to [`retired_questions`] with its
//! old text, so a screen stored years ago still shows what the person was
//! asked. Ids whose question is unchanged are kept.

use super::Action;
use serde::Serialize;
use std::collections::BTreeMap;

/// Said above the questions in every interface (CLINICAL.md: every question
/// is about now or something new, so stable, known symptoms are not sent to
/// the emergency department at every re-screen).
pub const FRAMING: &str = "Answer about how things are now. A long-standing symptom your doctor \
already knows about is a \"no\" unless it has changed.";

/// One yes/no question of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RedFlag {
    /// Stable id (kebab-case); answers and stored screens refer to it.
    pub id: &'static str,
    /// The question in plain words.
    pub text: &'static str,
    /// A few words for lists that name many answers (the clinician's
    /// one-page report), e.g. "new bladder trouble".
    pub short: &'static str,
    /// What a "yes" calls for.
    pub action: Action,
}

const fn flag(
    id: &'static str,
    text: &'static str,
    short: &'static str,
    action: Action,
) -> RedFlag {
    RedFlag {
        id,
        text,
        short,
        action,
    }
}

/// The questions, most urgent first, worded as in CLINICAL.md's table. The
/// one change: "now" in the chest-pain question, which the table leaves to
/// the framing, so that every emergency question carries its own time.
static QUESTIONS: [RedFlag; 20] = [
    flag(
        "saddle-numbness",
        "New numbness or tingling around the genitals, bottom or inner thighs?",
        "new saddle numbness or tingling", Action::Emergency,
    ),
    flag(
        "bladder-change",
        "New trouble passing urine, not feeling when the bladder is full, or leaking?",
        "new bladder trouble", Action::Emergency,
    ),
    flag(
        "bowel-change",
        "New loss of bowel control, or not feeling when the bowel is full?",
        "new loss of bowel control or feeling", Action::Emergency,
    ),
    flag(
        "both-legs-new-or-worsening",
        "New or quickly worsening weakness, numbness or pain in both legs?",
        "new or quickly worsening symptoms in both legs", Action::Emergency,
    ),
    flag(
        "sexual-function-change",
        "New change in sexual function or feeling in the genitals?",
        "new change in sexual function or feeling", Action::Emergency,
    ),
    flag(
        "recent-serious-accident",
        "Did this pain start, or suddenly get much worse, after a serious accident or fall in the last few weeks?",
        "pain since a serious accident or fall in recent weeks", Action::Emergency,
    ),
    flag(
        "chest-pain",
        "Chest pain now, or pain spreading into the chest, with the back pain?",
        "chest pain with the back pain", Action::Emergency,
    ),
    flag(
        "cord-compression-signs",
        "Unsteady walking, clumsy hands, or numbness spreading over the body?",
        "unsteady walking, clumsy hands or spreading numbness", Action::Urgent,
    ),
    flag(
        "fever-or-unwell",
        "Fever or feeling very unwell along with the back pain?",
        "fever or feeling very unwell", Action::Urgent,
    ),
    flag(
        "immune-or-injected-drugs",
        "Weakened immune system or injected drugs, with fever or new worsening pain?",
        "weak immune system or injected drugs, with fever or worse pain", Action::Urgent,
    ),
    flag(
        "recent-spinal-procedure-or-infection",
        "Spinal surgery, a spinal injection or an infection in the last few weeks, and new or worse back pain?",
        "spinal procedure or infection in recent weeks, with new or worse pain", Action::Urgent,
    ),
    flag(
        "sudden-pain-fragile-bones",
        "Sudden severe pain, after a minor fall or lift or with no cause, with osteoporosis, long-term steroids, or aged over 70?",
        "sudden severe pain with a fragile-bone risk", Action::Urgent,
    ),
    flag(
        "one-leg-worsening",
        "Weakness or numbness in one leg that is getting worse?",
        "worsening weakness or numbness in one leg", Action::Urgent,
    ),
    flag(
        "cancer-history",
        "History of cancer, and this back pain is new or different?",
        "history of cancer, with new or different back pain", Action::Urgent,
    ),
    flag(
        "weight-loss-6-months",
        "Lost weight without trying: about 5 kg (10 lb) or more in the last 6 months?",
        "lost 5 kg (10 lb) or more in 6 months without trying", Action::Soon,
    ),
    flag(
        "night-pain",
        "Pain worse at night or lying down, not eased by rest?",
        "pain at night or lying down, not eased by rest", Action::Soon,
    ),
    flag(
        "upper-back-pain",
        "New pain in the upper or middle back (between or below the shoulder blades) that is not from a strain?",
        "new upper or middle back pain, not from a strain", Action::Soon,
    ),
    flag(
        "lump-or-shape-change",
        "A lump or swelling on the back, or the back has changed shape?",
        "a lump, swelling or change of shape of the back", Action::Soon,
    ),
    flag(
        "age-at-onset",
        "New back pain starting under 20 or over 50?",
        "new back pain under 20 or over 50", Action::Soon,
    ),
    flag(
        "no-improvement-month",
        "No improvement after about a month of self-care (for a new episode)?",
        "no improvement after a month of self-care", Action::Soon,
    ),
];

/// Questions of the first screen (16 questions) whose wording changed, with
/// the text the person was shown then and what replaced them. Screens stored
/// with them keep their answers and their stored action.
static RETIRED: [(RedFlag, &[&str]); 4] = [
    (
        flag(
            "both-legs",
            "Weakness, numbness or pain in both legs, or legs getting weaker?",
            "weakness, numbness or pain in both legs", Action::Emergency,
        ),
        &["both-legs-new-or-worsening"],
    ),
    (
        flag(
            "serious-accident-or-chest-pain",
            "Did the pain start after a serious accident or fall, or is there chest pain too?",
            "pain after a serious accident or fall, or chest pain", Action::Emergency,
        ),
        &["recent-serious-accident", "chest-pain"],
    ),
    (
        flag(
            "minor-fall-fragile-bones",
            "Sudden pain after a minor fall or lift, with osteoporosis, long-term steroids or older age?",
            "sudden pain with a fragile-bone risk", Action::Urgent,
        ),
        &["sudden-pain-fragile-bones"],
    ),
    (
        flag("weight-loss", "Lost weight without trying?", "weight loss without trying", Action::Soon),
        &["weight-loss-6-months"],
    ),
];

/// Every question of the screen, in the order to ask them.
pub fn questions() -> &'static [RedFlag] {
    &QUESTIONS
}

/// Questions earlier versions asked and the screen no longer does, with the
/// wording people answered then.
pub fn retired_questions() -> impl Iterator<Item = &'static RedFlag> {
    RETIRED.iter().map(|(q, _)| q)
}

/// The ids of the questions that replaced a retired one; `None` for an id
/// that was never retired.
pub fn replaced_by(retired_id: &str) -> Option<&'static [&'static str]> {
    RETIRED
        .iter()
        .find(|(q, _)| q.id == retired_id)
        .map(|(_, new)| *new)
}

/// A question by id, current or retired, with the wording it had.
pub fn question(id: &str) -> Option<&'static RedFlag> {
    QUESTIONS
        .iter()
        .chain(retired_questions())
        .find(|q| q.id == id)
}

/// The questions a stored screen answered "yes", current ones in today's
/// order, then retired ones, each with the words the person was asked. Ids
/// no version knows are left out.
pub fn answered_yes(answers: &BTreeMap<String, bool>) -> Vec<&'static RedFlag> {
    QUESTIONS
        .iter()
        .chain(retired_questions())
        .filter(|q| answers.get(q.id) == Some(&true))
        .collect()
}

/// Whether a stored screen was answered with an earlier set of questions:
/// it answers a retired question. Its action still stands as stored; taking
/// the screen again asks today's questions.
pub fn is_earlier_version(answers: &BTreeMap<String, bool>) -> bool {
    answers.keys().any(|id| replaced_by(id).is_some())
}
