//! Records for the export tests, built the way the edges build them: through
//! the checked drafts.
#![allow(dead_code)] // each test binary uses part of the fixture

use backcalm_core::content::embedded_files;
use backcalm_core::export::{Export, QuestionnaireAnswer, QuestionnaireDraft};
use backcalm_core::instrument::{instruments, Instrument};
use backcalm_core::journal::{
    CheckIn, CheckInDraft, Defaults, SessionDraft, SessionRecord, TzName,
};
use uuid::Uuid;

/// Validation context far in the future, so any generated instant is in the past.
pub fn defaults() -> Defaults {
    Defaults {
        now: "2100-01-01T00:00:00Z".parse().expect("valid instant"),
        tz: TzName::utc(),
        new_id: Uuid::from_u128(1),
    }
}

pub fn shipped() -> Vec<Instrument> {
    instruments(&embedded_files()).unwrap_or_else(|e| panic!("shipped instruments: {e}"))
}

pub fn checkin(draft: CheckInDraft) -> CheckIn {
    draft
        .validate(&defaults())
        .unwrap_or_else(|e| panic!("fixture check-in invalid: {e}"))
}

pub fn session(draft: SessionDraft) -> SessionRecord {
    draft
        .validate(&defaults(), |_| true)
        .unwrap_or_else(|e| panic!("fixture session invalid: {e}"))
}

pub fn answer(draft: QuestionnaireDraft) -> QuestionnaireAnswer {
    draft
        .validate(&defaults(), &shipped())
        .unwrap_or_else(|e| panic!("fixture questionnaire invalid: {e}"))
}

/// A small journal touching every field: sub-second instants, several zones,
/// notes with commas, quotes, line breaks and non-ASCII text.
pub fn sample() -> Export {
    let c1 = checkin(CheckInDraft {
        id: Some("00000000-0000-4000-8000-000000000001".into()),
        recorded_at: Some("2026-03-29T14:00:00.123456789+02:00".into()),
        tz: Some("Europe/Berlin".into()),
        pain: Some(6),
        stress: Some(4),
        sleep: Some(3),
        feel: vec!["sharp".into(), "radiating".into()],
        regions: vec!["lower-back-left".into(), "calf-left".into()],
        activity: Some("drove 3 h, then \"gardening\"".into()),
        note: Some("stiff, sore;\nbetter after a walk — ça va 😀".into()),
        flare: Some(true),
    });
    let c2 = checkin(CheckInDraft {
        id: Some("00000000-0000-4000-8000-000000000002".into()),
        recorded_at: Some("2026-03-28T23:30:00-07:00".into()),
        tz: Some("America/Los_Angeles".into()),
        pain: Some(0),
        ..Default::default()
    });
    let s1 = session(SessionDraft {
        id: Some("00000000-0000-4000-8000-000000000011".into()),
        practice: Some("paced-breathing".into()),
        variant: Some("4-7-8".into()),
        minutes: Some(5),
        started_at: Some("2026-03-29T07:15:30.5+05:45".into()),
        tz: Some("Asia/Kathmandu".into()),
        actual_s: Some(241),
        completed: Some(false),
        pain_before: Some(5),
        pain_after: Some(3),
        stress_before: Some(7),
        stress_after: Some(4),
        pleasantness: None,
        regions: vec!["chest".into()],
        note: Some("dizzy at the end, \"stopped\"".into()),
    });
    let q1 = answer(QuestionnaireDraft {
        id: Some("00000000-0000-4000-8000-000000000021".into()),
        instrument: Some("peg-3".into()),
        answered_at: Some("2026-03-29T20:00:00+02:00".into()),
        tz: Some("Europe/Berlin".into()),
        answers: [("pain", 5), ("enjoyment", 4), ("activity", 2)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        score: None,
    });
    let q2 = answer(QuestionnaireDraft {
        id: Some("00000000-0000-4000-8000-000000000022".into()),
        instrument: Some("phq-2".into()),
        answered_at: Some("2026-03-29T20:05:00+02:00".into()),
        tz: Some("Europe/Berlin".into()),
        answers: [("interest", 1), ("down", 2)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        score: None,
    });
    Export {
        exported_at: "2026-04-01T08:00:00Z".parse().expect("valid instant"),
        checkins: vec![c1, c2],
        sessions: vec![s1],
        questionnaires: vec![q1, q2],
    }
}
