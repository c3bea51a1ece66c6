//! The records in `data/journal-schema-0003.sqlite` and
//! `data/postgres-schema-0003.sql`: journals written by backcalm at schema
//! version 3 (migrations 0001-0003, instants kept to the nanosecond as
//! `*_ms` + `*_ns`), before issue #12's migration 0004 (instants to the
//! microsecond). The files were made once, by the code of that time, from
//! exactly these records (`examples/make_fixture_0003.rs`); the upgrade test
//! opens them with today's code. Changing a record here does not change the
//! fixtures: they stand for journals people already have.
//!
//! Every kind of record is here, and the instants are chosen for the
//! precision change: nanoseconds below a microsecond (cut off by 0004),
//! exact microseconds and milliseconds (kept), an instant before 1970 with
//! nanoseconds (cut towards the past, so it stays on 1969-12-31), both sides
//! of a spring-forward and the repeated hour of a fall-back, a half-hour
//! zone, and a historical offset with seconds (exported in UTC). No two
//! instants of one kind fall in the same microsecond, so cutting them off
//! changes no record's place in the export.

use crate::fixtures::{at, checkin, full_checkin, full_session, note, rating, session, zone};
use backcalm_core::export::QuestionnaireAnswer;
use backcalm_core::journal::Feel;
use backcalm_core::reminder::Reminder;
use backcalm_core::safety::{Action, CrisisLine, CrisisNumbers};
use backcalm_core::settings::{Country, Settings};
use backcalm_core::{CheckIn, SessionRecord};
use backcalm_store::ScreenRecord;
use std::collections::BTreeMap;
use uuid::Uuid;

/// Everything the schema-0003 fixture journals hold.
pub struct Journal0003 {
    pub checkins: Vec<CheckIn>,
    pub sessions: Vec<SessionRecord>,
    pub answers: Vec<QuestionnaireAnswer>,
    pub screens: Vec<ScreenRecord>,
    pub reminders: Vec<Reminder>,
    pub settings: Settings,
}

fn regions(ids: &[&str]) -> Vec<backcalm_core::Region> {
    ids.iter()
        .map(|r| r.parse().expect("test regions are known"))
        .collect()
}

fn checkins() -> Vec<CheckIn> {
    // Every field, flare, a note that breaks naive SQL; .123456789 (cut to .123456).
    // fixtures.rs kept this check-in to the nanosecond when the fixture was
    // made; it keeps microseconds now, so the old instant is written out here.
    let full = CheckIn {
        recorded_at: at("2026-02-10T07:15:42.123456789+01:00"),
        ..full_checkin()
    };

    // Exact microseconds, only the required fields.
    let mut bare = checkin(0x3001, "2026-03-01T08:00:00.123456Z", "Europe/London");
    bare.pain = rating(2);

    // The last nanosecond before 1970: cut towards the past, it stays on 1969-12-31.
    let mut before_1970 = checkin(0x3002, "1969-12-31T23:59:59.999999999Z", "UTC");
    before_1970.pain = rating(0);
    before_1970.sleep = Some(rating(3));
    before_1970.note = note("before the epoch: ½ a night’s sleep");

    // New York springs forward at 02:00 on 2026-03-08: just before and just after.
    let mut before_jump = checkin(
        0x3003,
        "2026-03-08T01:59:59.9999995-05:00",
        "America/New_York",
    );
    before_jump.pain = rating(7);
    before_jump.stress = Some(rating(6));
    before_jump.feel = vec![Feel::Sharp, Feel::DisturbedSleep];
    before_jump.regions = regions(&["lower-back", "hip-right"]);
    before_jump.flare = true;
    let mut after_jump = checkin(
        0x3004,
        "2026-03-08T03:00:00.0000005-04:00",
        "America/New_York",
    );
    after_jump.pain = rating(6);
    after_jump.activity = note("couldn't sleep; walked 10 min");

    // London's 01:30 happens twice on 2026-10-25: first in BST, then in GMT.
    let mut first_0130 = checkin(
        0x3005,
        "2026-10-25T01:30:00.250000001+01:00",
        "Europe/London",
    );
    first_0130.pain = rating(5);
    first_0130.sleep = Some(rating(2));
    first_0130.feel = vec![Feel::Tension];
    let mut second_0130 = checkin(
        0x3006,
        "2026-10-25T01:30:00.250000001+00:00",
        "Europe/London",
    );
    second_0130.pain = rating(5);
    second_0130.feel = vec![Feel::Tension, Feel::Other];
    second_0130.note = note("the same half hour again 🙃 — e\u{301}te\u{301}");

    // A half-hour zone, whole milliseconds, feel and regions, no flare.
    let mut kolkata = checkin(0x3007, "2026-02-14T21:45:10.5+05:30", "Asia/Kolkata");
    kolkata.pain = rating(10);
    kolkata.stress = Some(rating(10));
    kolkata.sleep = Some(rating(0));
    kolkata.feel = vec![
        Feel::Radiating,
        Feel::Swollen,
        Feel::WorseWithActivity,
        Feel::DullAche,
    ];
    kolkata.regions = regions(&["neck", "shoulder-left", "shoulder-right", "upper-back"]);
    kolkata.activity = note("लंबी यात्रा (a long trip)");

    // Kathmandu's offset before 1920 had seconds (+05:41:16): exported in UTC.
    let mut kathmandu = checkin(0x3008, "1915-06-01T06:00:00.000000999Z", "Asia/Kathmandu");
    kathmandu.pain = rating(1);
    kathmandu.note = note("an old date typed by mistake, kept as written");

    vec![
        full,
        bare,
        before_1970,
        before_jump,
        after_jump,
        first_0130,
        second_0130,
        kolkata,
        kathmandu,
    ]
}

fn sessions() -> Vec<SessionRecord> {
    // Not completed, every rating; .000000001 (cut to the whole second).
    // As above: the instant fixtures.rs gave this session when the fixture was made.
    let full = SessionRecord {
        started_at: at("2026-02-10T21:40:00.000000001-05:00"),
        ..full_session()
    };

    // Completed, no ratings, exact microseconds.
    let mut plain = session(0x5001, "2026-03-02T07:00:00.000001Z", "Europe/London");
    plain.practice = "natural-breath".to_string();
    plain.minutes = 5;
    plain.actual_s = 300;

    // Completed with pain before and after only, in a half-hour zone.
    let mut pain_only = session(
        0x5002,
        "2026-02-15T06:30:00.333333333+05:30",
        "Asia/Kolkata",
    );
    pain_only.practice = "paced-breathing".to_string();
    pain_only.variant = Some("4-6".to_string());
    pain_only.minutes = 10;
    pain_only.actual_s = 602;
    pain_only.pain_before = Some(rating(6));
    pain_only.pain_after = Some(rating(4));

    // Not completed, no ratings, the last nanosecond before London's clocks go forward.
    let mut stopped = session(
        0x5003,
        "2026-03-29T00:59:59.999999999+00:00",
        "Europe/London",
    );
    stopped.practice = "pmr".to_string();
    stopped.minutes = 20;
    stopped.actual_s = 95;
    stopped.completed = false;
    stopped.regions = regions(&["calf-left"]);
    stopped.note = note("stopped: the phone rang");

    // Completed, stress before and after and pleasantness but no pain, on the new side of the jump.
    let mut stress = session(
        0x5004,
        "2026-03-08T03:30:00.000000999-04:00",
        "America/New_York",
    );
    stress.practice = "guided-imagery".to_string();
    stress.variant = Some("forest".to_string());
    stress.minutes = 15;
    stress.actual_s = 900;
    stress.stress_before = Some(rating(9));
    stress.stress_after = Some(rating(2));
    stress.pleasantness = Some(rating(8));

    // Before 1970, with nanoseconds.
    let mut old = session(
        0x5005,
        "1969-12-31T18:59:59.000000001-05:00",
        "America/New_York",
    );
    old.practice = "sitting-meditation".to_string();
    old.minutes = 1;
    old.actual_s = 60;

    vec![full, plain, pain_only, stopped, stress, old]
}

fn answers() -> Vec<QuestionnaireAnswer> {
    let peg = QuestionnaireAnswer {
        id: Uuid::from_u128(0xA301),
        instrument: "peg-3".to_string(),
        answered_at: at("2026-03-01T09:00:00.987654321+01:00"),
        tz: zone("Europe/Berlin"),
        answers: BTreeMap::from([
            ("pain".to_string(), 6),
            ("enjoyment".to_string(), 5),
            ("activity".to_string(), 6),
        ]),
        score: 17.0 / 3.0,
    };
    let phq = QuestionnaireAnswer {
        id: Uuid::from_u128(0xA302),
        instrument: "phq-2".to_string(),
        answered_at: at("2026-03-01T09:05:00.000002Z"),
        tz: zone("Europe/London"),
        answers: BTreeMap::from([("interest".to_string(), 2), ("down".to_string(), 1)]),
        score: 3.0,
    };
    let gad = QuestionnaireAnswer {
        id: Uuid::from_u128(0xA303),
        instrument: "gad-2".to_string(),
        answered_at: at("1969-07-20T15:17:40.0000005-05:00"),
        tz: zone("America/Chicago"),
        answers: BTreeMap::from([("nervous".to_string(), 0), ("worrying".to_string(), 0)]),
        score: 0.0,
    };
    let after_jump = QuestionnaireAnswer {
        id: Uuid::from_u128(0xA304),
        instrument: "peg-3".to_string(),
        answered_at: at("2026-03-08T03:00:00.0000015-04:00"),
        tz: zone("America/New_York"),
        answers: BTreeMap::from([
            ("pain".to_string(), 10),
            ("enjoyment".to_string(), 0),
            ("activity".to_string(), 9),
        ]),
        score: 19.0 / 3.0,
    };
    vec![peg, phq, gad, after_jump]
}

fn screens() -> Vec<ScreenRecord> {
    let answers = |yes: &[&str], no: &[&str]| {
        yes.iter()
            .map(|q| (q.to_string(), true))
            .chain(no.iter().map(|q| (q.to_string(), false)))
            .collect::<BTreeMap<String, bool>>()
    };
    vec![
        ScreenRecord::stored(
            Uuid::from_u128(0x5C01),
            at("2026-02-28T10:00:00.100000001Z"),
            zone("Europe/London"),
            answers(&[], &["saddle-numbness", "bladder-change", "night-pain"]),
            Action::None,
        ),
        ScreenRecord::stored(
            Uuid::from_u128(0x5C02),
            at("2026-03-08T01:59:59.999999999-05:00"),
            zone("America/New_York"),
            answers(&["night-pain"], &["saddle-numbness"]),
            Action::Soon,
        ),
        ScreenRecord::stored(
            Uuid::from_u128(0x5C03),
            at("1969-12-31T23:59:59.999999001Z"),
            zone("UTC"),
            answers(&["one-leg-worsening"], &["saddle-numbness"]),
            Action::Urgent,
        ),
        ScreenRecord::stored(
            Uuid::from_u128(0x5C04),
            at("2026-10-25T01:30:00.000000500+00:00"),
            zone("Europe/London"),
            answers(&["saddle-numbness"], &[]),
            Action::Emergency,
        ),
    ]
}

fn reminders() -> Vec<Reminder> {
    vec![
        Reminder::new(
            Uuid::from_u128(0x7E01),
            "08:30",
            zone("Europe/London"),
            "A few minutes for backcalm",
        )
        .expect("a valid reminder"),
        Reminder::new(
            Uuid::from_u128(0x7E02),
            "02:30",
            zone("America/New_York"),
            "Atmen — 呼吸 🌙",
        )
        .expect("a valid reminder"),
    ]
}

fn settings() -> Settings {
    Settings {
        weekly_goal_minutes: Some(90),
        show_streak: true,
        country: Some(Country::Other),
        crisis: CrisisNumbers {
            lines: vec![CrisisLine {
                place: "Nepal".to_string(),
                emergency: "100".to_string(),
                urgent_advice: None,
                crisis: Some("1166 (free)".to_string()),
            }],
        },
        announce_phases: false,
        reminders_per_day: 2,
        program_start: Some(jiff::civil::date(2026, 3, 1)),
    }
}

pub fn journal_0003() -> Journal0003 {
    Journal0003 {
        checkins: checkins(),
        sessions: sessions(),
        answers: answers(),
        screens: screens(),
        reminders: reminders(),
        settings: settings(),
    }
}
