//! Flare days: the program offers 1-3 minutes of breathing or imagery, never
//! muscle relaxation or movement, and says so kindly; and PHQ-2 and GAD-2
//! are offered in weeks 1 and 8.

use super::*;
use backcalm_core::program::{FLARE_KINDS, FLARE_MAX_MINUTES};
use backcalm_core::{CheckIn, CheckInDraft, Defaults};

const START: Date = date(2026, 3, 2);

fn day(n: i64) -> Date {
    START
        .checked_add(jiff::Span::new().days(n))
        .expect("in range")
}

/// Completed sessions on the first three days of each of the first `weeks`
/// blocks, of each week's own practice at its goal: enough to move on.
fn steady_sessions(weeks: usize) -> Vec<SessionRecord> {
    let p = program();
    let tz = TzName::new("Europe/London").expect("zone");
    let mut out = Vec::new();
    for (w, week) in p.weeks().iter().take(weeks).enumerate() {
        for d in 0..3 {
            let date = day(w as i64 * 7 + d);
            out.push(SessionRecord {
                id: Uuid::from_u128(out.len() as u128 + 1),
                practice: week.practice.clone(),
                variant: None,
                minutes: week.daily_minutes,
                started_at: date
                    .at(9, 0, 0, 0)
                    .to_zoned(tz.zone())
                    .expect("a real time")
                    .timestamp(),
                tz: tz.clone(),
                actual_s: week.daily_minutes * 60,
                completed: true,
                pain_before: None,
                pain_after: None,
                stress_before: None,
                stress_after: None,
                pleasantness: None,
                regions: vec![],
                note: None,
            });
        }
    }
    out
}

fn checkin(n: i64, pain: i64, flare: bool) -> CheckIn {
    let d = Defaults {
        now: "2027-01-01T00:00:00Z".parse().expect("instant"),
        tz: TzName::new("Europe/London").expect("zone"),
        new_id: Uuid::from_u128(1000 + n as u128),
    };
    CheckInDraft {
        pain: Some(pain),
        recorded_at: Some(format!("{}T08:00:00Z", day(n))),
        flare: Some(flare),
        ..Default::default()
    }
    .validate(&d)
    .expect("valid check-in")
}

/// Pain 4 on each of the 7 days before day 22 (week 4, muscle relaxation).
fn usual_week() -> Vec<CheckIn> {
    (15..22).map(|n| checkin(n, 4, false)).collect()
}

fn plan_day_22(checkins: &[CheckIn]) -> Today {
    let history = ProgramHistory::from_journal(START, &steady_sessions(3), &[], &library())
        .with_checkins(checkins);
    plan(&program(), &history, day(22))
}

#[test]
fn pain_three_above_the_week_brings_a_short_breathing_practice_instead_of_pmr() {
    let ordinary = plan_day_22(&usual_week());
    assert_eq!(
        (ordinary.current_week, ordinary.practice.as_str()),
        (4, "pmr")
    );
    assert_eq!(ordinary.flare, None);

    let mut checkins = usual_week();
    checkins.push(checkin(22, 7, false));
    let t = plan_day_22(&checkins);
    assert_eq!(t.current_week, 4, "the week itself goes on");
    assert!(FLARE_KINDS.contains(&t.kind), "{:?}", t.kind);
    assert_eq!(t.kind, Kind::Breathing);
    assert!(
        (1..=FLARE_MAX_MINUTES).contains(&t.minutes),
        "{}",
        t.minutes
    );
    assert_eq!(t.proposal, None, "nothing longer on a flare day");
    assert_eq!(t.short_minutes, None);
    let f = t.flare.as_ref().expect("a flare day");
    assert_eq!(
        (f.tapped, f.pain, f.mean_7_days),
        (false, Some(7), Some(4.0))
    );
    assert_eq!(f.instead_of.as_deref(), Some("Gentle muscle relaxation"));
    let line = t.message.clone().unwrap_or_default();
    assert_eq!(
        line,
        format!(
            "Your pain today is well above your usual level, so today is for going gently: {} for {} minutes, in whatever position is easiest. Gentle muscle relaxation can wait until things settle. Be as kind to yourself as you would be to a friend in pain.",
            t.practice_title, t.minutes
        )
    );
    let lower = line.to_lowercase();
    assert!(NEVER_SAY.iter().all(|w| !lower.contains(w)), "{line}");
}

#[test]
fn two_points_above_the_week_is_an_ordinary_day() {
    let mut checkins = usual_week();
    checkins.push(checkin(22, 6, false));
    let t = plan_day_22(&checkins);
    assert_eq!((t.practice.as_str(), t.flare.as_ref()), ("pmr", None));
}

#[test]
fn a_flare_tap_is_a_flare_day_whatever_the_number() {
    // No week of check-ins before: the tap alone is enough.
    let t = plan_day_22(&[checkin(22, 3, true)]);
    let f = t.flare.as_ref().expect("tapped");
    assert!(f.tapped);
    assert_eq!((f.pain, f.mean_7_days), (None, None));
    assert_ne!(t.kind, Kind::Pmr);
    assert!(t.minutes <= FLARE_MAX_MINUTES);
    assert!(t.message.as_deref().is_some_and(
        |m| m.starts_with("You marked today as a flare, so today is for going gently")
    ));
    // The flare is that day's: the next day is ordinary again.
    let history = ProgramHistory::from_journal(START, &steady_sessions(3), &[], &library())
        .with_checkins(&[checkin(22, 3, true)]);
    assert_eq!(plan(&program(), &history, day(23)).practice, "pmr");
}

#[test]
fn no_week_of_the_program_offers_pmr_movement_or_a_long_practice_on_a_flare_day() {
    for weeks_done in 0..8 {
        let today = weeks_done as i64 * 7 + 1;
        let history =
            ProgramHistory::from_journal(START, &steady_sessions(weeks_done), &[], &library())
                .with_checkins(&[checkin(today, 5, true)]);
        let t = plan(&program(), &history, day(today));
        assert_eq!(usize::from(t.current_week), weeks_done + 1);
        assert!(
            FLARE_KINDS.contains(&t.kind) && t.minutes <= FLARE_MAX_MINUTES,
            "week {}: {} for {} minutes",
            t.current_week,
            t.practice,
            t.minutes
        );
        if t.current_week == 1 {
            assert_eq!((t.practice.as_str(), t.minutes), ("natural-breath", 2));
            assert_eq!(t.flare.as_ref().and_then(|f| f.instead_of.clone()), None);
        }
    }
}

#[test]
fn after_practising_on_a_flare_day_the_offer_stays_gentle_and_nothing_more_is_said() {
    let mut sessions = steady_sessions(3);
    let mut gentle = sessions[0].clone();
    gentle.id = Uuid::from_u128(999);
    gentle.started_at = day(22)
        .at(10, 0, 0, 0)
        .to_zoned(TzName::utc().zone())
        .expect("time")
        .timestamp();
    sessions.push(gentle);
    let history = ProgramHistory::from_journal(START, &sessions, &[], &library())
        .with_checkins(&[checkin(22, 3, true)]);
    let t = plan(&program(), &history, day(22));
    assert!(t.practised_today);
    assert!(t.flare.is_some());
    assert_eq!(t.message, None);
    assert_ne!(t.practice, "pmr");
}

#[test]
fn phq_2_and_gad_2_are_offered_in_weeks_1_and_8_until_answered() {
    let lib = library();
    let week_1 = plan(&program(), &empty_history(START), START);
    assert_eq!(week_1.questionnaires_due, ["phq-2", "gad-2"]);
    assert_eq!(week_1.also_read, ["when-to-see-a-doctor"]);
    let answered = ProgramHistory::from_journal(START, &[], &[], &lib)
        .with_answers(&[("phq-2".to_string(), day(2))]);
    assert_eq!(
        plan(&program(), &answered, day(3)).questionnaires_due,
        ["gad-2"],
        "PHQ-2 answered on day 2 is not asked again that week"
    );
    let week_2 = ProgramHistory::from_journal(START, &steady_sessions(1), &[], &lib);
    let t = plan(&program(), &week_2, day(8));
    assert_eq!(t.current_week, 2);
    assert!(t.questionnaires_due.is_empty());
    assert_eq!(t.also_read, ["realistic-expectations"]);
    // Week 8, with answers from week 1 long past: offered again.
    let week_8 = ProgramHistory::from_journal(START, &steady_sessions(7), &[], &lib)
        .with_answers(&[("phq-2".to_string(), day(1)), ("gad-2".to_string(), day(1))]);
    let t = plan(&program(), &week_8, day(50));
    assert_eq!(t.current_week, 8);
    assert_eq!(t.questionnaires_due, ["phq-2", "gad-2"]);
}
