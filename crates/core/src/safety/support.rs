//! When to show crisis lines outside the red-flag screen, and what to say.
//!
//! Suicide risk is at least doubled in people with chronic pain (Tang &
//! Crane, Psychological Medicine 2006;36:575-86; CLINICAL.md, Crisis and
//! emergency numbers). So besides the "Need help now?" link every interface
//! carries, crisis lines are shown, gently and never blocking:
//! - after a check-in rated 10 for pain and 10 for stress, or whose note or
//!   activity uses words of self-harm from [`SELF_HARM_PHRASES`]
//!   ([`after_check_in`]);
//! - with every PHQ-2 result of 3 or more, and every positive GAD-2
//!   ([`after_questionnaire`]).
//!
//! The decision is made here, once; the web pages, the API and the command
//! line only render the [`Support`] they are given.

use super::CrisisNumbers;
use crate::journal::CheckIn;
use serde::Serialize;

/// The heading of the "Need help now?" link and page.
pub const HELP_NOW_TITLE: &str = "Need help now?";

/// What the help page says above the numbers.
pub const HELP_NOW_INTRO: &str =
    "If you are in danger, or might act on thoughts of harming yourself, \
call emergency services now. If you are struggling to cope, you can call a crisis line and talk to \
someone.";

/// Phrases that, in a check-in's note or activity, show the crisis lines.
///
/// Reviewed for a back-pain journal, where words of pain and injury are
/// everyday: each entry is a whole phrase, matched case-insensitively on
/// word boundaries ("self-harm", "self harm" and "Self Harm" are the same;
/// curly apostrophes count as straight ones). Left out on purpose, because
/// they are common here and mean something else:
/// - "kill" or "killing" alone ("painkillers", "this pain is killing me");
/// - "die" or "dying" alone ("dying for a rest");
/// - "hurt myself" and "cut myself" (most often an injury: "hurt myself lifting");
/// - "end it" alone ("had to end it early", of a practice);
/// - "overdose" (a caution about medicine as often as a thought of harm).
///
/// A negation ("not suicidal") still matches: the message is gentle and
/// never stops anything, and a false alarm costs less than a missed one.
pub const SELF_HARM_PHRASES: &[&str] = &[
    "kill myself",
    "killing myself",
    "end my life",
    "ending my life",
    "take my own life",
    "taking my own life",
    "end it all",
    "ending it all",
    "want to end it",
    "wanted to end it",
    "suicide",
    "suicidal",
    "self harm",
    "self harming",
    "harm myself",
    "harming myself",
    "want to die",
    "wanted to die",
    "wish i was dead",
    "wish i were dead",
    "better off dead",
    "better off without me",
    "no reason to live",
    "not worth living",
    "don't want to live",
    "dont want to live",
    "do not want to live",
];

/// The words of a text, lowercased: letters, digits and inner apostrophes;
/// everything else (spaces, hyphens, punctuation) separates words.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(['\u{2019}', '\u{2018}', '\u{02bc}'], "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `text` uses one of [`SELF_HARM_PHRASES`], as whole words.
pub fn uses_self_harm_words(text: &str) -> bool {
    let said = words(text);
    SELF_HARM_PHRASES.iter().any(|phrase| {
        let phrase = words(phrase);
        said.windows(phrase.len()).any(|w| w == phrase.as_slice())
    })
}

/// Why crisis lines are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Concern {
    /// Pain rated 10 and stress rated 10 in the same check-in.
    HighestPainAndStress,
    /// The note or activity uses words of self-harm.
    WordsOfSelfHarm,
    /// A PHQ-2 of 3 or more, or a positive GAD-2.
    PositiveMoodScreen,
}

/// Crisis lines to show, gently, with why and what to say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Support {
    /// What called for them, in a fixed order.
    pub reasons: Vec<Concern>,
    /// A short heading.
    pub heading: &'static str,
    /// What to say, with the person's crisis and emergency numbers.
    pub message: String,
    /// The numbers named, for interfaces that link each one.
    pub numbers: CrisisNumbers,
}

/// "talk to someone now: Samaritans … in the UK." or, without a crisis line, where to turn.
fn someone_to_talk_to(numbers: &CrisisNumbers, when: &str) -> String {
    format!("talk to someone {when}: {}.", who_to_talk_to(numbers))
}

/// The crisis lines in words, or whom to turn to when none is known.
fn who_to_talk_to(numbers: &CrisisNumbers) -> String {
    numbers.crisis_phrase().map_or_else(
        || "someone you trust, your doctor, or a crisis line where you live".to_string(),
        |c| c.to_string(),
    )
}

/// What in a check-in calls for crisis lines: pain 10 with stress 10, and
/// words of self-harm in the note or the activity. Empty when nothing does.
pub fn check_in_concerns(c: &CheckIn) -> Vec<Concern> {
    let mut reasons = Vec::new();
    let highest = crate::journal::Rating::MAX;
    if c.pain.get() == highest && c.stress.is_some_and(|s| s.get() == highest) {
        reasons.push(Concern::HighestPainAndStress);
    }
    let texts = [c.note.as_ref(), c.activity.as_ref()];
    if texts
        .into_iter()
        .flatten()
        .any(|t| uses_self_harm_words(t.as_str()))
    {
        reasons.push(Concern::WordsOfSelfHarm);
    }
    reasons
}

/// Whether a check-in calls for crisis lines ([`check_in_concerns`]), and
/// what to say, with the person's numbers. `None` when nothing calls for
/// them. Never a reason to refuse or delay saving.
pub fn after_check_in(c: &CheckIn, numbers: &CrisisNumbers) -> Option<Support> {
    let reasons = check_in_concerns(c);
    if reasons.is_empty() {
        return None;
    }
    let mut message = String::new();
    if reasons.contains(&Concern::HighestPainAndStress) {
        message.push_str(
            "You rated your pain and your stress at 10, as high as they go. That sounds like a very hard moment. ",
        );
    }
    if reasons.contains(&Concern::WordsOfSelfHarm) {
        message.push_str(
            "Some of the words you wrote sound as if you may be thinking of harming yourself or ending your life. ",
        );
    }
    message.push_str(&format!(
        "If you feel you cannot cope, or you are thinking of harming yourself, {} \
If you are in danger right now, call emergency services ({}). You could also tell your doctor how hard things have been.",
        someone_to_talk_to(numbers, "now"),
        numbers.emergency_phrase()
    ));
    Some(Support {
        reasons,
        heading: "You do not have to face this alone",
        message,
        numbers: numbers.clone(),
    })
}

/// The PHQ-2's instrument id.
pub const PHQ2: &str = "phq-2";

/// A PHQ-2 total at or above this shows crisis lines (CLINICAL.md: 3 or more is positive).
pub const PHQ2_CRISIS_SCORE: f64 = 3.0;

/// Whether a questionnaire result calls for crisis lines: every PHQ-2 of 3
/// or more, and any result its instrument calls positive.
pub fn shows_crisis_lines(instrument: &str, score: f64, positive: bool) -> bool {
    positive || (instrument == PHQ2 && score >= PHQ2_CRISIS_SCORE)
}

/// The heading of the advice after a PHQ-2 of 3 or more or a positive GAD-2
/// on the page; it does not repeat the lead, which the CLI and the API say alone.
pub const MOOD_SCREEN_HEADING: &str = "Someone to talk to";

/// The advice's words before the crisis lines (each edge lists them its own
/// way: a sentence in the CLI and the API, call buttons on the page).
pub const MOOD_SCREEN_LEAD: &str =
    "If you are struggling right now, or have thoughts of harming yourself, talk to someone today";

/// The words before the emergency number.
pub const EMERGENCY_LEAD: &str = "In an emergency call";

/// Whether a questionnaire result calls for crisis lines, and what to say:
/// every PHQ-2 of 3 or more, whatever its content file says, and any other
/// result its instrument calls positive (GAD-2 of 3 or more). The doctor is
/// suggested by the instrument's band text, so this says only where to turn
/// now, and is not said twice.
pub fn after_questionnaire(
    instrument: &str,
    score: f64,
    positive: bool,
    numbers: &CrisisNumbers,
) -> Option<Support> {
    if !shows_crisis_lines(instrument, score, positive) {
        return None;
    }
    Some(Support {
        reasons: vec![Concern::PositiveMoodScreen],
        heading: MOOD_SCREEN_HEADING,
        message: format!(
            "{MOOD_SCREEN_LEAD}: {}. {EMERGENCY_LEAD} {}.",
            who_to_talk_to(numbers),
            numbers.emergency_phrase()
        ),
        numbers: numbers.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_everything_but_letters_digits_and_inner_apostrophes() {
        assert_eq!(
            words("Self-harm… DON’T 'quote' painkillers!"),
            ["self", "harm", "don't", "quote", "painkillers"]
        );
    }
}
