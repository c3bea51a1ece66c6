//! The crisis path outside the screen: when a check-in or a questionnaire
//! shows crisis lines, and what it says.

use backcalm_core::lesson::forbidden_claim;
use backcalm_core::safety::support::{
    after_check_in, after_questionnaire, uses_self_harm_words, Concern, SELF_HARM_PHRASES,
};
use backcalm_core::safety::{CrisisLine, CrisisNumbers};
use backcalm_core::{CheckIn, CheckInDraft, Defaults, TzName};
use uuid::Uuid;

fn check_in(pain: i64, stress: Option<i64>, note: Option<&str>, activity: Option<&str>) -> CheckIn {
    let draft = CheckInDraft {
        id: None,
        recorded_at: None,
        tz: None,
        pain: Some(pain),
        stress,
        sleep: None,
        feel: Vec::new(),
        regions: Vec::new(),
        activity: activity.map(Into::into),
        note: note.map(Into::into),
        flare: None,
    };
    let defaults = Defaults {
        now: "2026-03-01T10:00:00Z".parse().expect("instant"),
        tz: TzName::utc(),
        new_id: Uuid::from_u128(1),
    };
    draft.validate(&defaults).expect("valid check-in")
}

#[test]
fn pain_ten_and_stress_ten_show_the_crisis_lines() {
    let numbers = CrisisNumbers::default();
    let s = after_check_in(&check_in(10, Some(10), None, None), &numbers).expect("support");
    assert_eq!(s.reasons, [Concern::HighestPainAndStress]);
    assert!(
        s.message
            .starts_with("You rated your pain and your stress at 10"),
        "{}",
        s.message
    );
    assert!(
        s.message
            .contains("Samaritans 116 123 (free, 24/7) in the UK"),
        "{}",
        s.message
    );
    assert!(
        s.message.contains("988 Suicide & Crisis Lifeline"),
        "{}",
        s.message
    );
    assert!(
        s.message
            .contains("call emergency services (999 in the UK, 911 in the US, 112 in the EU)"),
        "{}",
        s.message
    );
    assert_eq!(s.numbers, numbers);
    assert_eq!(forbidden_claim(&s.message), None);
}

#[test]
fn nothing_fires_below_the_top_of_both_scales() {
    let numbers = CrisisNumbers::default();
    for (pain, stress) in [
        (10, Some(9)),
        (9, Some(10)),
        (10, None),
        (0, Some(0)),
        (5, Some(5)),
    ] {
        assert_eq!(
            after_check_in(
                &check_in(pain, stress, Some("A long day at work."), None),
                &numbers
            ),
            None,
            "pain {pain}, stress {stress:?}"
        );
    }
}

#[test]
fn words_of_self_harm_in_the_note_or_activity_show_the_crisis_lines() {
    let numbers = CrisisNumbers::default();
    let s = after_check_in(
        &check_in(4, Some(3), Some("Some days I want to end it."), None),
        &numbers,
    )
    .expect("support");
    assert_eq!(s.reasons, [Concern::WordsOfSelfHarm]);
    assert!(
        s.message.starts_with("Some of the words you wrote"),
        "{}",
        s.message
    );
    let both = after_check_in(
        &check_in(10, Some(10), None, Some("thinking about SUICIDE")),
        &numbers,
    )
    .expect("support");
    assert_eq!(
        both.reasons,
        [Concern::HighestPainAndStress, Concern::WordsOfSelfHarm]
    );
}

#[test]
fn self_harm_phrases_match_whole_words_in_any_case() {
    for text in [
        "I want to END IT ALL",
        "feeling suicidal today",
        "Self-harm again",
        "self harm",
        "I don’t want to live like this",
        "they'd be better off without me.",
        "I wish I were dead",
        "kill myself",
    ] {
        assert!(uses_self_harm_words(text), "{text:?} should match");
    }
    for text in [
        "Took two painkillers after lunch",
        "This pain is killing me",
        "Dying for a rest after the shopping",
        "Hurt myself lifting the shopping",
        "Cut myself peeling potatoes",
        "Had to end it early, the phone rang",
        "Careful not to overdose on ibuprofen",
        "a suicidesque novel",
        "selfharming",
        "",
    ] {
        assert!(!uses_self_harm_words(text), "{text:?} should not match");
    }
}

#[test]
fn the_phrase_list_is_short_lowercase_and_free_of_single_everyday_words() {
    assert!(SELF_HARM_PHRASES.len() <= 40);
    for p in SELF_HARM_PHRASES {
        assert_eq!(*p, p.to_lowercase(), "{p}");
        assert!(
            !["kill", "die", "dying", "hurt", "end", "overdose"].contains(p),
            "{p}"
        );
    }
}

#[test]
fn a_phq2_of_3_or_more_always_shows_crisis_lines() {
    let numbers = CrisisNumbers::default();
    for score in [3.0, 4.0, 6.0] {
        // Even when a content file forgot to call it positive.
        let s = after_questionnaire("phq-2", score, false, &numbers).expect("crisis lines");
        assert_eq!(s.reasons, [Concern::PositiveMoodScreen]);
        assert!(s.message.contains("Samaritans 116 123"), "{}", s.message);
        assert!(
            s.message.contains("In an emergency call 999 in the UK"),
            "{}",
            s.message
        );
        assert!(
            !s.message
                .to_lowercase()
                .contains("consider talking to a doctor"),
            "said once, by the band"
        );
    }
    assert_eq!(after_questionnaire("phq-2", 2.0, false, &numbers), None);
    assert!(after_questionnaire("gad-2", 3.0, true, &numbers).is_some());
    assert_eq!(after_questionnaire("gad-2", 2.0, false, &numbers), None);
    assert_eq!(after_questionnaire("peg-3", 9.0, false, &numbers), None);
}

#[test]
fn own_numbers_are_named_and_a_missing_crisis_line_still_says_where_to_turn() {
    let own = CrisisNumbers {
        lines: vec![CrisisLine {
            place: "Australia".into(),
            emergency: "000".into(),
            urgent_advice: None,
            crisis: Some("Lifeline 13 11 14".into()),
        }],
    };
    let s = after_check_in(&check_in(10, Some(10), None, None), &own).expect("support");
    assert!(
        s.message.contains("Lifeline 13 11 14 in Australia"),
        "{}",
        s.message
    );
    assert!(
        s.message.contains("(000 in Australia)") && !s.message.contains("999"),
        "{}",
        s.message
    );
    let bare = CrisisNumbers {
        lines: vec![CrisisLine {
            crisis: None,
            ..own.lines[0].clone()
        }],
    };
    let s = after_check_in(&check_in(10, Some(10), None, None), &bare).expect("support");
    assert!(
        s.message.contains("a crisis line where you live"),
        "{}",
        s.message
    );
}
