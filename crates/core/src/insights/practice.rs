//! How often and how long the person practised: days practised, an opt-in
//! streak, minutes per week against a goal.
//!
//! A session counts for the local day it started on, in the zone it started
//! in ([`SessionRecord::local_date`]): a body scan begun at 23:50 counts for
//! that evening even though it ends after midnight. A session that ran for no
//! time at all (`actual_s == 0`) is not practice and counts for no day.

use crate::journal::SessionRecord;
use jiff::civil::{Date, Weekday};
use jiff::Span;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

fn counts(s: &SessionRecord) -> bool {
    s.actual_s > 0
}

/// The local dates with at least one session that ran, sorted, each once.
pub fn practice_days(sessions: &[SessionRecord]) -> Vec<Date> {
    day_set(sessions).into_iter().collect()
}

fn day_set(sessions: &[SessionRecord]) -> BTreeSet<Date> {
    sessions
        .iter()
        .filter(|s| counts(s))
        .map(SessionRecord::local_date)
        .collect()
}

/// How many of the `window_days` local days ending on `today` (inclusive)
/// had practice; e.g. 7 for "this week", 30 for "this month". Sessions dated
/// after `today` (clock skew) are not counted.
pub fn days_practised(sessions: &[SessionRecord], today: Date, window_days: u32) -> usize {
    if window_days == 0 {
        return 0;
    }
    let from = super::daily::window_start(today, window_days);
    day_set(sessions).range(from..=today).count()
}

/// Consecutive local days with practice, ending today or, if today has none
/// yet, yesterday — so the count does not drop to zero in the morning before
/// today's session. 0 when neither today nor yesterday had practice.
///
/// Streaks stress some people (PRODUCT.md): showing this is opt-in for the
/// views; the number itself is neutral.
pub fn streak_days(sessions: &[SessionRecord], today: Date) -> u32 {
    let days = day_set(sessions);
    let yesterday = today.saturating_sub(Span::new().days(1));
    let mut day = if days.contains(&today) {
        today
    } else if days.contains(&yesterday) {
        yesterday
    } else {
        return 0;
    };
    let mut n = 0;
    while days.contains(&day) {
        n += 1;
        let before = day.saturating_sub(Span::new().days(1));
        if before == day {
            break; // the first representable date
        }
        day = before;
    }
    n
}

/// Minutes practised in one week.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeekMinutes {
    /// The first local date of the week.
    pub week_start: Date,
    /// Minutes actually practised (sum of `actual_s` / 60) in sessions started that week.
    pub minutes: f64,
    /// The person's weekly goal, if they set one.
    pub goal_minutes: Option<u32>,
    /// Whether the goal was reached; `None` without a goal.
    pub goal_met: Option<bool>,
}

/// The first day of the week that `day` falls in, for weeks starting on `week_start`.
pub fn week_of(day: Date, week_start: Weekday) -> Date {
    day.saturating_sub(Span::new().days(i64::from(day.weekday().since(week_start))))
}

/// Minutes practised per week (weeks begin on `week_start`), every week from
/// the earliest of the first session's week and today's week to the latest of
/// the last session's week and today's week, including weeks with 0 minutes —
/// a gap is shown, not hidden. With no sessions it is just this week, 0
/// minutes. Each week carries `goal_minutes` so a view can draw the goal line.
pub fn minutes_per_week(
    sessions: &[SessionRecord],
    today: Date,
    week_start: Weekday,
    goal_minutes: Option<u32>,
) -> Vec<WeekMinutes> {
    // Whole seconds sum exactly; divide once at the end.
    let mut seconds: BTreeMap<Date, u64> = BTreeMap::new();
    for s in sessions {
        *seconds
            .entry(week_of(s.local_date(), week_start))
            .or_insert(0) += u64::from(s.actual_s);
    }
    let this_week = week_of(today, week_start);
    let first = seconds
        .keys()
        .next()
        .copied()
        .map_or(this_week, |w| w.min(this_week));
    let last = seconds
        .keys()
        .next_back()
        .copied()
        .map_or(this_week, |w| w.max(this_week));
    let mut weeks = Vec::new();
    let mut week = first;
    while week <= last {
        let minutes = seconds.get(&week).copied().unwrap_or(0) as f64 / 60.0;
        weeks.push(WeekMinutes {
            week_start: week,
            minutes,
            goal_minutes,
            goal_met: goal_minutes.map(|g| minutes >= f64::from(g)),
        });
        let next = week.saturating_add(Span::new().days(7));
        if next == week {
            break; // the last representable date
        }
        week = next;
    }
    weeks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{Defaults, SessionDraft, TzName};
    use jiff::civil::date;
    use uuid::Uuid;

    fn session(at: &str, tz: &str, actual_s: i64) -> SessionRecord {
        let d = Defaults {
            now: "2030-01-01T00:00:00Z".parse().unwrap(),
            tz: TzName::utc(),
            new_id: Uuid::nil(),
        };
        SessionDraft {
            practice: Some("body-scan".into()),
            minutes: Some(15),
            started_at: Some(at.into()),
            tz: Some(tz.into()),
            actual_s: Some(actual_s),
            ..Default::default()
        }
        .validate(&d, |_| true)
        .unwrap()
    }

    #[test]
    fn a_session_begun_at_ten_to_midnight_keeps_the_streak() {
        let s = [
            session("2026-03-27T08:00:00+01:00", "Europe/Berlin", 600),
            // 23:50 on the 28th, running past midnight into the DST night.
            session("2026-03-28T23:50:00+01:00", "Europe/Berlin", 900),
            session("2026-03-29T21:00:00+02:00", "Europe/Berlin", 120),
        ];
        assert_eq!(
            practice_days(&s),
            vec![date(2026, 3, 27), date(2026, 3, 28), date(2026, 3, 29)]
        );
        assert_eq!(streak_days(&s, date(2026, 3, 29)), 3);
        // Next morning, nothing yet today: the streak still stands.
        assert_eq!(streak_days(&s, date(2026, 3, 30)), 3);
        // A whole day missed ends it.
        assert_eq!(streak_days(&s, date(2026, 3, 31)), 0);
        // Without the 23:50 session the run is broken on the 28th.
        let without = [s[0].clone(), s[2].clone()];
        assert_eq!(streak_days(&without, date(2026, 3, 29)), 1);
    }

    #[test]
    fn zero_second_sessions_are_not_practice() {
        let s = [session("2026-03-28T10:00:00Z", "UTC", 0)];
        assert!(practice_days(&s).is_empty());
        assert_eq!(streak_days(&s, date(2026, 3, 28)), 0);
        assert_eq!(days_practised(&s, date(2026, 3, 28), 7), 0);
    }

    #[test]
    fn days_practised_counts_distinct_days_in_the_window() {
        let s = [
            session("2026-03-01T10:00:00Z", "UTC", 60),
            session("2026-03-01T18:00:00Z", "UTC", 60),
            session("2026-03-04T10:00:00Z", "UTC", 60),
            session("2026-03-10T10:00:00Z", "UTC", 60),
            session("2026-03-12T10:00:00Z", "UTC", 60), // after "today"
        ];
        let today = date(2026, 3, 10);
        assert_eq!(days_practised(&s, today, 7), 2); // Mar 4 and 10 of Mar 4-10
        assert_eq!(days_practised(&s, today, 6), 1); // Mar 5-10
        assert_eq!(days_practised(&s, today, 10), 3); // Mar 1-10
        assert_eq!(days_practised(&s, today, 30), 3);
        assert_eq!(days_practised(&s, today, 0), 0);
    }

    #[test]
    fn weeks_include_empty_ones_and_the_goal() {
        let s = [
            session("2026-03-02T10:00:00Z", "UTC", 90), // Monday
            session("2026-03-08T23:50:00Z", "UTC", 30), // Sunday, same ISO week
        ];
        let weeks = minutes_per_week(&s, date(2026, 3, 18), Weekday::Monday, Some(2));
        let got: Vec<(Date, f64, Option<bool>)> = weeks
            .iter()
            .map(|w| (w.week_start, w.minutes, w.goal_met))
            .collect();
        assert_eq!(
            got,
            vec![
                (date(2026, 3, 2), 2.0, Some(true)),
                (date(2026, 3, 9), 0.0, Some(false)),
                (date(2026, 3, 16), 0.0, Some(false)),
            ]
        );
        // Weeks starting on Sunday split the same two sessions.
        let sunday = minutes_per_week(&s, date(2026, 3, 8), Weekday::Sunday, None);
        let got: Vec<(Date, f64)> = sunday.iter().map(|w| (w.week_start, w.minutes)).collect();
        assert_eq!(got, vec![(date(2026, 3, 1), 1.5), (date(2026, 3, 8), 0.5)]);
        assert_eq!(
            minutes_per_week(&[], date(2026, 3, 18), Weekday::Monday, None).len(),
            1
        );
    }
}
