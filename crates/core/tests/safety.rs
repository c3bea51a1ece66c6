//! The red-flag screen: every question maps to CLINICAL.md's action, the
//! highest action wins, and the words are plain and never "you are fine".

use backcalm_core::lesson::forbidden_claim;
use backcalm_core::safety::{
    assess, message, questions, should_rescreen, Action, CrisisLine, CrisisNumbers, ScreenError,
    DISCLAIMER,
};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// CLINICAL.md's red-flag table, copied independently of the code: id, question, action.
const TABLE: [(&str, &str, Action); 16] = [
    ("saddle-numbness", "New numbness or tingling around the genitals, bottom or inner thighs?", Action::Emergency),
    ("bladder-change", "New trouble passing urine, not feeling when the bladder is full, or leaking?", Action::Emergency),
    ("bowel-change", "New loss of bowel control, or not feeling when the bowel is full?", Action::Emergency),
    ("both-legs", "Weakness, numbness or pain in both legs, or legs getting weaker?", Action::Emergency),
    ("sexual-function-change", "New change in sexual function or feeling in the genitals?", Action::Emergency),
    (
        "serious-accident-or-chest-pain",
        "Did the pain start after a serious accident or fall, or is there chest pain too?",
        Action::Emergency,
    ),
    ("fever-or-unwell", "Fever or feeling very unwell along with the back pain?", Action::Urgent),
    (
        "immune-or-injected-drugs",
        "Weakened immune system or injected drugs, with fever or new worsening pain?",
        Action::Urgent,
    ),
    (
        "minor-fall-fragile-bones",
        "Sudden pain after a minor fall or lift, with osteoporosis, long-term steroids or older age?",
        Action::Urgent,
    ),
    ("one-leg-worsening", "Weakness or numbness in one leg that is getting worse?", Action::Urgent),
    ("cancer-history", "History of cancer, and this back pain is new or different?", Action::Urgent),
    ("weight-loss", "Lost weight without trying?", Action::Soon),
    ("night-pain", "Pain worse at night or lying down, not eased by rest?", Action::Soon),
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
    let a = assess(&all_no_but(&["both-legs"]), &numbers).expect("complete");
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

    let mut answers = all_no_but(&["weight-loss"]);
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
    fn the_highest_action_of_any_yes_wins(yes in proptest::collection::vec(any::<bool>(), 16)) {
        let answers: BTreeMap<String, bool> =
            TABLE.iter().zip(&yes).map(|((id, _, _), y)| (id.to_string(), *y)).collect();
        let expected = TABLE.iter().zip(&yes).filter(|(_, y)| **y).map(|((_, _, a), _)| *a).max().unwrap_or(Action::None);
        let a = assess(&answers, &CrisisNumbers::default()).expect("complete answers");
        prop_assert_eq!(a.action, expected);
        let reasons: Vec<String> = TABLE.iter().zip(&yes).filter(|(_, y)| **y).map(|((id, _, _), _)| id.to_string()).collect();
        prop_assert_eq!(a.reasons, reasons);
    }
}
