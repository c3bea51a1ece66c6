//! A made-up journal of eight weeks, for previews, tests and benchmarks.
//! It is not anyone's data. Every value is fixed, so the report it gives is
//! the same on every run.
//!
//! 2 March to 26 April 2026 in Europe/London (the clocks change on 29 March):
//! a morning check-in most days, pain easing from about 6 to about 4; paced
//! breathing most days and a body scan twice a week, each rated before and
//! after; three PMR sessions (too few for a number); a weekly PEG-3; two
//! notes marked for the clinician; one red-flag screen with every answer "no".

use backcalm_core::export::QuestionnaireAnswer;
use backcalm_core::report::{build, Report, ReportInput, ScreenSummary};
use backcalm_core::safety::Action;
use backcalm_core::{CheckIn, CheckInDraft, Defaults, Kind, SessionDraft, SessionRecord, TzName};
use jiff::civil::{date, Date};
use jiff::tz::TimeZone;
use jiff::Span;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The sample's records.
#[derive(Debug, Clone)]
pub struct Journal {
    /// Check-ins.
    pub checkins: Vec<CheckIn>,
    /// Practice sessions.
    pub sessions: Vec<SessionRecord>,
    /// PEG-3 answers.
    pub answers: Vec<QuestionnaireAnswer>,
    /// The one safety screen.
    pub screen: ScreenSummary,
}

/// The sample period's first day.
pub const FROM: Date = date(2026, 3, 2);
/// The sample period's last day.
pub const TO: Date = date(2026, 4, 26);
/// The day the sample report is made.
pub const TODAY: Date = date(2026, 4, 27);
/// The sample's zone.
pub const ZONE: &str = "Europe/London";
/// The sample's weekly goal.
pub const GOAL_MINUTES: u32 = 60;

/// Practice ids of the shipped library, mapped to their kinds.
pub fn kind_of(practice: &str) -> Option<Kind> {
    match practice {
        "paced-breathing" | "natural-breath" => Some(Kind::Breathing),
        "body-scan" => Some(Kind::BodyScan),
        "pmr" => Some(Kind::Pmr),
        "guided-imagery" => Some(Kind::Imagery),
        "mindful-movement" => Some(Kind::Movement),
        "meditation-timer" => Some(Kind::Timer),
        _ => None,
    }
}

fn defaults() -> Defaults {
    Defaults {
        now: jiff::Timestamp::from_second(1_900_000_000).unwrap_or(jiff::Timestamp::MAX),
        tz: TzName::utc(),
        new_id: Uuid::nil(),
    }
}

/// The local time `hh:mm` on `day` in the sample's zone, as RFC 3339.
fn at(day: Date, hour: i8, minute: i8) -> Option<String> {
    let zone = TimeZone::get(ZONE).ok()?;
    let z = day.at(hour, minute, 0, 0).to_zoned(zone).ok()?;
    Some(z.timestamp().display_with_offset(z.offset()).to_string())
}

fn id(kind: u128, n: usize) -> String {
    Uuid::from_u128((kind << 64) | n as u128).to_string()
}

/// Day `i` of the period, 0-based.
fn day(i: usize) -> Date {
    FROM.saturating_add(Span::new().days(i as i64))
}

const DAYS: usize = 56;
/// A fixed wobble so the days are not a straight line.
const WOBBLE: [i64; 7] = [0, 1, -1, 0, 1, 0, -1];

fn checkins() -> Vec<CheckIn> {
    (0..DAYS)
        .filter(|i| i % 9 != 8) // a missed day now and then
        .filter_map(|i| {
            let trend = 6 - (i as i64 * 2) / DAYS as i64 - i64::from(i >= 35);
            let pain = (trend + WOBBLE[i % 7]).clamp(0, 10);
            let regions: &[&str] = match i % 4 {
                0 => &["lower-back", "buttock-left"],
                1 => &["lower-back"],
                2 => &["lower-back-left", "thigh-left"],
                _ => &["lower-back"],
            };
            let note = match i {
                10 => Some("For my clinician: the pain spreads into my left thigh after sitting for an hour."),
                40 => Some("#clinician Sleeping better since I started the evening body scan."),
                20 => Some("Busy day at work."),
                _ => None,
            };
            CheckInDraft {
                id: Some(id(1, i)),
                recorded_at: at(day(i), 8, 30),
                tz: Some(ZONE.into()),
                pain: Some(pain),
                stress: Some((pain - 1).clamp(0, 10)),
                sleep: Some(6),
                regions: regions.iter().map(|r| r.to_string()).collect(),
                note: note.map(Into::into),
                ..Default::default()
            }
            .validate(&defaults())
            .ok()
        })
        .collect()
}

fn session(
    n: usize,
    day: Date,
    practice: &str,
    minutes: i64,
    pain: (i64, i64),
) -> Option<SessionRecord> {
    SessionDraft {
        id: Some(id(2, n)),
        practice: Some(practice.into()),
        minutes: Some(minutes),
        started_at: at(day, 20, 15),
        tz: Some(ZONE.into()),
        pain_before: Some(pain.0),
        pain_after: Some(pain.1),
        stress_before: Some(pain.0 - 1),
        stress_after: Some((pain.1 - 2).max(0)),
        ..Default::default()
    }
    .validate(&defaults(), |_| true)
    .ok()
}

fn sessions() -> Vec<SessionRecord> {
    let mut out = Vec::new();
    for i in 0..DAYS {
        let before = 6 - (i as i64 * 2) / DAYS as i64;
        if i % 7 != 3 {
            let after = before - [1, 1, 0, 2, 1][i % 5];
            out.extend(session(
                out.len(),
                day(i),
                "paced-breathing",
                5,
                (before, after),
            ));
        }
        if i % 7 == 1 || i % 7 == 4 {
            let after = before - [1, 2, 1][i % 3];
            out.extend(session(out.len(), day(i), "body-scan", 15, (before, after)));
        }
    }
    for i in [5, 19, 33] {
        out.extend(session(out.len(), day(i), "pmr", 12, (6, 5)));
    }
    out
}

fn answers() -> Vec<QuestionnaireAnswer> {
    let scores = [
        6.666_666_666_666_667,
        6.0,
        6.333_333_333_333_333,
        5.333_333_333_333_333,
        5.0,
        4.666_666_666_666_667,
        4.333_333_333_333_333,
        4.0,
    ];
    scores
        .iter()
        .enumerate()
        .filter_map(|(w, &score)| {
            let answered_at = at(day(w * 7 + 6), 18, 0)?.parse().ok()?;
            Some(QuestionnaireAnswer {
                id: Uuid::from_u128((3 << 64) | w as u128),
                instrument: "peg-3".into(),
                answered_at,
                tz: TzName::new(ZONE).ok()?,
                answers: BTreeMap::new(),
                score,
            })
        })
        .collect()
}

/// The sample journal.
pub fn journal() -> Journal {
    let answers_no: BTreeMap<String, bool> = backcalm_core::safety::questions()
        .iter()
        .map(|q| (q.id.to_string(), false))
        .collect();
    Journal {
        checkins: checkins(),
        sessions: sessions(),
        answers: answers(),
        screen: ScreenSummary::from_answers(date(2026, 4, 6), Action::None, &answers_no),
    }
}

/// The sample journal's report for [`FROM`] to [`TO`].
pub fn report() -> Report {
    let j = journal();
    build(&ReportInput {
        checkins: &j.checkins,
        sessions: &j.sessions,
        answers: &j.answers,
        screen: Some(j.screen),
        from: FROM,
        to: TO,
        today: TODAY,
        tz: TzName::new(ZONE).unwrap_or_else(|_| TzName::utc()),
        kind_of: &kind_of,
        weekly_goal_minutes: Some(GOAL_MINUTES),
    })
}
