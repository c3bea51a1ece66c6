//! The records in `data/journal-schema-0002.sqlite`: a journal written by
//! backcalm before migration 0003 (the check-in's `flare` column). The file
//! was made once, by the code of that time, from exactly these records; the
//! migration test opens a copy with today's code and expects them back.

use crate::fixtures::{at, checkin, full_checkin, full_session, note, rating, session, zone};
use backcalm_core::export::QuestionnaireAnswer;
use backcalm_core::reminder::Reminder;
use backcalm_core::safety::Action;
use backcalm_core::settings::{Country, Settings};
use backcalm_core::{CheckIn, SessionRecord};
use backcalm_store::ScreenRecord;
use std::collections::BTreeMap;
use uuid::Uuid;

/// Everything the fixture journal holds.
pub struct PreviousJournal {
    pub checkins: Vec<CheckIn>,
    pub sessions: Vec<SessionRecord>,
    pub answers: Vec<QuestionnaireAnswer>,
    pub screens: Vec<ScreenRecord>,
    pub reminders: Vec<Reminder>,
    pub settings: Settings,
}

pub fn previous_journal() -> PreviousJournal {
    let mut plain = checkin(1, "2026-02-09T08:00:00Z", "Europe/London");
    plain.pain = rating(3);
    let mut evening = checkin(2, "2026-02-09T22:30:00.5-08:00", "America/Los_Angeles");
    evening.pain = rating(9);
    evening.stress = Some(rating(7));
    evening.note = note("a long drive");
    let mut short = session(3, "2026-02-11T07:00:00Z", "Europe/London");
    short.practice = "natural-breath".to_string();
    short.minutes = 2;
    short.actual_s = 120;
    short.pain_before = Some(rating(5));
    short.pain_after = Some(rating(4));
    let peg = QuestionnaireAnswer {
        id: Uuid::from_u128(0xA1),
        instrument: "peg-3".to_string(),
        answered_at: at("2026-02-12T09:00:00.25+01:00"),
        tz: zone("Europe/Berlin"),
        answers: BTreeMap::from([
            ("pain".to_string(), 5),
            ("enjoyment".to_string(), 4),
            ("activity".to_string(), 6),
        ]),
        score: 5.0,
    };
    let phq = QuestionnaireAnswer {
        id: Uuid::from_u128(0xA2),
        instrument: "phq-2".to_string(),
        answered_at: at("2026-02-12T09:05:00Z"),
        tz: zone("Europe/Berlin"),
        answers: BTreeMap::from([("interest".to_string(), 1), ("down".to_string(), 0)]),
        score: 1.0,
    };
    let screen = ScreenRecord::stored(
        Uuid::from_u128(0x5C),
        at("2026-02-08T10:00:00Z"),
        zone("Europe/London"),
        BTreeMap::from([("saddle-numbness".to_string(), false)]),
        Action::None,
    );
    let reminder = Reminder::new(
        Uuid::from_u128(0x7E),
        "08:30",
        zone("Europe/London"),
        "A few minutes for backcalm",
    )
    .expect("a valid reminder");
    let settings = Settings {
        weekly_goal_minutes: Some(40),
        country: Some(Country::Uk),
        program_start: Some(jiff::civil::date(2026, 2, 9)),
        ..Settings::default()
    };
    // The schema of the time had no flare column: every check-in read as no
    // flare. It kept instants to the nanosecond, and the fixtures of the
    // time had some finer than a microsecond (migration 0004 cuts them).
    let full = CheckIn {
        flare: false,
        recorded_at: at("2026-02-10T07:15:42.123456789+01:00"),
        ..full_checkin()
    };
    let full_session = SessionRecord {
        started_at: at("2026-02-10T21:40:00.000000001-05:00"),
        ..full_session()
    };
    PreviousJournal {
        checkins: vec![plain, evening, full],
        sessions: vec![full_session, short],
        answers: vec![peg, phq],
        screens: vec![screen],
        reminders: vec![reminder],
        settings,
    }
}

/// The records as the schema of today keeps them: every instant cut to the
/// microsecond (migration 0004), nothing else changed.
pub fn at_todays_precision(mut j: PreviousJournal) -> PreviousJournal {
    use backcalm_core::time::at_precision;
    for c in &mut j.checkins {
        c.recorded_at = at_precision(c.recorded_at);
    }
    for s in &mut j.sessions {
        s.started_at = at_precision(s.started_at);
    }
    for a in &mut j.answers {
        a.answered_at = at_precision(a.answered_at);
    }
    j
}
