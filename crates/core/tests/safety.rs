//! The red-flag screen: every question maps to CLINICAL.md's action, the
//! highest action wins, and the words are plain and never "you are fine".

use backcalm_core::lesson::forbidden_claim;
use backcalm_core::safety::{
    answered_yes, assess, is_earlier_version, message, question, questions, replaced_by,
    retired_questions, should_rescreen, Action, CrisisLine, CrisisNumbers, ScreenError, DISCLAIMER,
    FRAMING,
};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// CLINICAL.md's red-flag table, copied independently of the code: id, question, action.
/// (The chest-pain question adds "now", which the table leaves to the framing.)
const TABLE: [(&str, &str, Action); 20] = [
    ("saddle-numbness", "New numbness or tingling around the genitals, bottom or inner thighs?", Action::Emergency),
    ("bladder-change", "New trouble passing urine, not feeling when the bladder is full, or leaking?", Action::Emergency),
    ("bowel-change", "New loss of bowel control, or not feeling when the bowel is full?", Action::Emergency),
    ("both-legs-new-or-worsening", "New or quickly worsening weakness, numbness or pain in both legs?", Action::Emergency),
    ("sexual-function-change", "New change in sexual function or feeling in the genitals?", Action::Emergency),
    (
        "recent-serious-accident",
        "Did this pain start, or suddenly get much worse, after a serious accident or fall in the last few weeks?",
        Action::Emergency,
    ),
    ("chest-pain", "Chest pain now, or pain spreading into the chest, with the back pain?", Action::Emergency),
    ("cord-compression-signs", "Unsteady walking, clumsy hands, or numbness spreading over the body?", Action::Urgent),
    ("fever-or-unwell", "Fever or feeling very unwell along with the back pain?", Action::Urgent),
    (
        "immune-or-injected-drugs",
        "Weakened immune system or injected drugs, with fever or new worsening pain?",
        Action::Urgent,
    ),
    (
        "recent-spinal-procedure-or-infection",
        "Spinal surgery, a spinal injection or an infection in the last few weeks, and new or worse back pain?",
        Action::Urgent,
    ),
    (
        "sudden-pain-fragile-bones",
        "Sudden severe pain, after a minor fall or lift or with no cause, with osteoporosis, long-term steroids, or aged over 70?",
        Action::Urgent,
    ),
    ("one-leg-worsening", "Weakness or numbness in one leg that is getting worse?", Action::Urgent),
    ("cancer-history", "History of cancer, and this back pain is new or different?", Action::Urgent),
    (
        "weight-loss-6-months",
        "Lost weight without trying: about 5 kg (10 lb) or more in the last 6 months?",
        Action::Soon,
    ),
    ("night-pain", "Pain worse at night or lying down, not eased by rest?", Action::Soon),
    (
        "upper-back-pain",
        "New pain in the upper or middle back (between or below the shoulder blades) that is not from a strain?",
        Action::Soon,
    ),
    ("lump-or-shape-change", "A lump or swelling on the back, or the back has changed shape?", Action::Soon),
    ("age-at-onset", "New back pain starting under 20 or over 50?", Action::Soon),
    ("no-improvement-month", "No improvement after about a month of self-care (for a new episode)?", Action::Soon),
];

/// Every question answered no, except those listed.
fn all_no_but(yes: &[&str]) -> BTreeMap<String, bool> {
    TABLE
        .iter()
        .map(|(id, _, _)| (id.to_string(), yes.contains(id)))
        .collect()
}

#[test]
fn the_questions_are_clinical_md_s_table() {
    let got: Vec<(&str, &str, Action)> = questions()
        .iter()
        .map(|q| (q.id, q.text, q.action))
        .collect();
    assert_eq!(got, TABLE.to_vec());
}

#[test]
fn each_question_alone_gives_its_own_action() {
    let numbers = CrisisNumbers::default();
    for (id, _, action) in TABLE {
        let a = assess(&all_no_but(&[id]), &numbers).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(a.action, action, "{id}");
        assert_eq!(a.reasons, vec![id.to_string()], "{id}");
        assert_eq!(a.message, message(action, &numbers), "{id}");
    }
}

#[test]
fn messages_say_what_to_do_at_the_top_with_the_number_to_call() {
    let numbers = CrisisNumbers::default();
    let e = message(Action::Emergency, &numbers);
    assert!(
        e.starts_with("Call emergency services now (999 in the UK, 911 in the US, 112 in the EU)"),
        "{e}"
    );
    let t = message(Action::Urgent, &numbers);
    assert!(t.starts_with("See a doctor today."), "{t}");
    assert!(t.contains("NHS 111") && t.contains("999 in the UK"), "{t}");
    let s = message(Action::Soon, &numbers);
    assert!(s.starts_with("See a doctor soon"), "{s}");
    for m in [&e, &t, &s] {
        assert_eq!(forbidden_claim(m), None, "{m}");
    }
}

#[test]
fn all_no_never_says_you_are_fine_and_points_to_a_doctor() {
    let a = assess(&all_no_but(&[]), &CrisisNumbers::default()).expect("complete");
    assert_eq!(a.action, Action::None);
    assert!(a.reasons.is_empty());
    let lower = a.message.to_lowercase();
    for phrase in [
        "you are fine",
        "you're fine",
        "you’re fine",
        "nothing is wrong",
        "all clear",
    ] {
        assert!(!lower.contains(phrase), "says {phrase:?}: {}", a.message);
    }
    assert!(
        lower.contains("nothing in your answers calls for urgent care"),
        "{}",
        a.message
    );
    assert!(lower.contains("doctor"), "{}", a.message);
    assert_eq!(forbidden_claim(&a.message), None);
}

#[test]
fn own_numbers_replace_the_defaults() {
    let numbers = CrisisNumbers {
        lines: vec![CrisisLine {
            place: "Australia".into(),
            emergency: "000".into(),
            urgent_advice: None,
            crisis: None,
        }],
    };
    let a = assess(&all_no_but(&["both-legs-new-or-worsening"]), &numbers).expect("complete");
    assert!(
        a.message
            .starts_with("Call emergency services now (000 in Australia)"),
        "{}",
        a.message
    );
    assert!(!a.message.contains("999"), "{}", a.message);
    let t = message(Action::Urgent, &numbers);
    assert!(!t.contains("111") && t.contains("000 in Australia"), "{t}");
    let none = CrisisNumbers { lines: vec![] };
    assert!(message(Action::Emergency, &none).contains("your local emergency number"));
    let d = CrisisNumbers::default();
    let crisis = d.crisis_phrase().expect("defaults have crisis lines");
    assert!(
        crisis.contains("Samaritans 116 123") && crisis.contains("988"),
        "{crisis}"
    );
    assert!(
        crisis.contains(
            "116 123 emotional support line (check it is answered in your country) in the EU"
        ),
        "the EU's 116 123, with a word to check it: {crisis}"
    );
}

/// The time frames an emergency question may give instead of saying "new".
const TIME_FRAMES: [&str; 4] = [
    "now",
    "in the last few weeks",
    "in the last few days",
    "today",
];

fn says_new_or_a_time_frame(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.contains(&"new")
        || TIME_FRAMES.iter().any(|frame| {
            let f: Vec<&str> = frame.split(' ').collect();
            words.windows(f.len()).any(|w| w == f.as_slice())
        })
}

#[test]
fn every_emergency_question_says_new_or_gives_a_time_frame() {
    let emergency: Vec<_> = questions()
        .iter()
        .filter(|q| q.action == Action::Emergency)
        .collect();
    assert_eq!(emergency.len(), 7);
    for q in emergency {
        assert!(
            says_new_or_a_time_frame(q.text),
            "{}: a long-standing symptom must not send people to emergency services: {}",
            q.id,
            q.text
        );
    }
    // The check itself fails for the old wordings it was written against.
    assert!(!says_new_or_a_time_frame(
        "Weakness, numbness or pain in both legs, or legs getting weaker?"
    ));
    assert!(!says_new_or_a_time_frame(
        "Did the pain start after a serious accident or fall, or is there chest pain too?"
    ));
    assert!(!says_new_or_a_time_frame(
        "Renewal of pain known for years?"
    ));
}

#[test]
fn the_framing_asks_about_now_and_what_has_changed() {
    assert!(
        FRAMING.contains("Answer about how things are now"),
        "{FRAMING}"
    );
    assert!(
        FRAMING.contains("already knows about is a \"no\" unless it has changed"),
        "{FRAMING}"
    );
}

/// The first screen's 16 question ids, as stored in journals before this version.
const FIRST_VERSION_IDS: [&str; 16] = [
    "saddle-numbness",
    "bladder-change",
    "bowel-change",
    "both-legs",
    "sexual-function-change",
    "serious-accident-or-chest-pain",
    "fever-or-unwell",
    "immune-or-injected-drugs",
    "minor-fall-fragile-bones",
    "one-leg-worsening",
    "cancer-history",
    "weight-loss",
    "night-pain",
    "lump-or-shape-change",
    "age-at-onset",
    "no-improvement-month",
];

#[test]
fn every_id_ever_stored_still_names_its_question() {
    for id in FIRST_VERSION_IDS {
        assert!(question(id).is_some(), "{id} can no longer be shown");
    }
    for q in retired_questions() {
        assert!(
            !questions().iter().any(|c| c.id == q.id),
            "{} is both retired and current",
            q.id
        );
        let new = replaced_by(q.id).expect("a retired question names what replaced it");
        assert!(!new.is_empty());
        for n in new {
            assert!(
                questions().iter().any(|c| c.id == *n),
                "{n} is not a question"
            );
        }
    }
    assert_eq!(
        question("both-legs").map(|q| q.text),
        Some("Weakness, numbness or pain in both legs, or legs getting weaker?")
    );
    assert_eq!(replaced_by("saddle-numbness"), None);
}

#[test]
fn a_screen_stored_under_the_first_version_keeps_its_answers() {
    // Stored by the first version: "both-legs" and "weight-loss" yes.
    let stored: BTreeMap<String, bool> = FIRST_VERSION_IDS
        .iter()
        .map(|id| {
            (
                id.to_string(),
                matches!(*id, "both-legs" | "weight-loss" | "night-pain"),
            )
        })
        .collect();
    assert!(is_earlier_version(&stored));
    let yes: Vec<&str> = answered_yes(&stored).iter().map(|q| q.text).collect();
    assert_eq!(
        yes,
        [
            "Pain worse at night or lying down, not eased by rest?",
            "Weakness, numbness or pain in both legs, or legs getting weaker?",
            "Lost weight without trying?",
        ]
    );
    // A screen of today's questions is not an earlier version.
    assert!(!is_earlier_version(&all_no_but(&["chest-pain"])));
    // Answering with a retired id today says what to answer instead.
    let mut answers = all_no_but(&[]);
    answers.insert("both-legs".into(), true);
    let e = assess(&answers, &CrisisNumbers::default()).expect_err("retired id");
    assert!(
        matches!(e, ScreenError::Replaced { ref id, .. } if id == "both-legs"),
        "{e}"
    );
    assert!(e.to_string().contains("both-legs-new-or-worsening"), "{e}");
}

#[test]
fn unknown_and_missing_answers_are_refused_by_name() {
    let numbers = CrisisNumbers::default();
    let mut answers = all_no_but(&[]);
    answers.insert("headache".into(), true);
    let e = assess(&answers, &numbers).expect_err("unknown id");
    assert!(
        matches!(e, ScreenError::UnknownQuestion { ref id, .. } if id == "headache"),
        "{e}"
    );
    assert!(
        e.to_string().contains("saddle-numbness"),
        "lists the known ids: {e}"
    );

    let mut answers = all_no_but(&["weight-loss-6-months"]);
    answers.remove("bowel-change");
    answers.remove("night-pain");
    let e = assess(&answers, &numbers).expect_err("two unanswered");
    assert!(
        matches!(e, ScreenError::Unanswered { ref id, .. } if id == "bowel-change"),
        "first missing: {e}"
    );

    let e = assess(&BTreeMap::new(), &numbers).expect_err("nothing answered");
    assert!(
        matches!(e, ScreenError::Unanswered { ref id, .. } if id == "saddle-numbness"),
        "{e}"
    );
}

#[test]
fn an_emergency_yes_is_not_held_back_by_unanswered_questions() {
    let answers: BTreeMap<String, bool> = [("bladder-change".to_string(), true)].into();
    let a = assess(&answers, &CrisisNumbers::default()).expect("emergency cannot be outranked");
    assert_eq!(a.action, Action::Emergency);
    assert_eq!(a.reasons, ["bladder-change"]);
    // An urgent yes could still be outranked, so the missing answers are asked for.
    let answers: BTreeMap<String, bool> = [("fever-or-unwell".to_string(), true)].into();
    assert!(assess(&answers, &CrisisNumbers::default()).is_err());
}

#[test]
fn actions_are_ordered_and_serialise_lowercase() {
    assert!(
        Action::None < Action::Soon
            && Action::Soon < Action::Urgent
            && Action::Urgent < Action::Emergency
    );
    let json: Vec<String> = [
        Action::None,
        Action::Soon,
        Action::Urgent,
        Action::Emergency,
    ]
    .iter()
    .map(|a| serde_json::to_string(a).expect("serialises"))
    .collect();
    assert_eq!(
        json,
        ["\"none\"", "\"soon\"", "\"urgent\"", "\"emergency\""]
    );
    assert_eq!(
        serde_json::from_str::<Action>("\"urgent\"").ok(),
        Some(Action::Urgent)
    );
}

#[test]
fn the_disclaimer_says_not_medical_advice_and_points_to_a_doctor() {
    assert!(DISCLAIMER.contains("not medical advice"));
    assert!(DISCLAIMER.contains("doctor"));
    assert!(DISCLAIMER.contains("urgent care"));
    assert_eq!(forbidden_claim(DISCLAIMER), None);
}

#[test]
fn rescreen_when_pain_rises_three_points_or_numbness_is_new() {
    assert!(
        should_rescreen(7, Some(4.0), false),
        "exactly 3 above the mean"
    );
    assert!(!should_rescreen(6, Some(4.0), false), "2 above the mean");
    assert!(should_rescreen(10, Some(4.0), false));
    assert!(!should_rescreen(7, Some(4.1), false), "2.9 above");
    assert!(
        should_rescreen(7, Some(4.000_000_000_001), false),
        "float noise in the mean"
    );
    assert!(
        should_rescreen(2, Some(4.0), true),
        "new numbness or weakness alone"
    );
    assert!(!should_rescreen(10, None, false), "no mean yet");
    assert!(should_rescreen(0, None, true));
    assert!(!should_rescreen(10, Some(f64::NAN), false));
}

proptest! {
    #[test]
    fn the_highest_action_of_any_yes_wins(yes in proptest::collection::vec(any::<bool>(), 20)) {
        let answers: BTreeMap<String, bool> =
            TABLE.iter().zip(&yes).map(|((id, _, _), y)| (id.to_string(), *y)).collect();
        let expected = TABLE.iter().zip(&yes).filter(|(_, y)| **y).map(|((_, _, a), _)| *a).max().unwrap_or(Action::None);
        let a = assess(&answers, &CrisisNumbers::default()).expect("complete answers");
        prop_assert_eq!(a.action, expected);
        let reasons: Vec<String> = TABLE.iter().zip(&yes).filter(|(_, y)| **y).map(|((id, _, _), _)| id.to_string()).collect();
        prop_assert_eq!(a.reasons, reasons);
    }
}
