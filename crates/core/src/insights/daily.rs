//! Daily pain and its 7-day rolling mean, on the person's own calendar days.
//!
//! A check-in belongs to the local date it was recorded on in the zone it was
//! recorded in ([`CheckIn::local_date`]), so travel and daylight-saving changes
//! (23- and 25-hour days) never move a rating to the wrong day.

use crate::journal::CheckIn;
use jiff::civil::Date;
use jiff::Span;
use serde::Serialize;
use std::collections::BTreeMap;

/// The mean pain of one local calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DayPain {
    /// The local date.
    pub date: Date,
    /// Mean of the day's pain ratings, 0-10.
    pub pain_mean: f64,
    /// How many check-ins the day has.
    pub n: usize,
}

/// A rolling mean needs at least this many days with data in its window (or
/// the whole window when it is shorter): one or two single-day ratings are
/// noise, not a trend (CLINICAL.md: single daily ratings are noisy).
pub const ROLLING_MIN_DAYS: usize = 3;

/// Per local date, the mean of `value` over the check-ins that have one.
///
/// The sum of whole ratings is exact, so each mean is the correctly rounded
/// quotient whatever order the check-ins come in.
pub(crate) fn daily_means(
    checkins: &[CheckIn],
    value: impl Fn(&CheckIn) -> Option<f64>,
) -> BTreeMap<Date, (f64, usize)> {
    let mut sums: BTreeMap<Date, (f64, usize)> = BTreeMap::new();
    for c in checkins {
        if let Some(v) = value(c) {
            let e = sums.entry(c.local_date()).or_insert((0.0, 0));
            e.0 += v;
            e.1 += 1;
        }
    }
    sums.into_iter()
        .map(|(d, (sum, n))| (d, (sum / n as f64, n)))
        .collect()
}

/// Mean pain per local date, sorted by date; days without a check-in are absent.
pub fn daily_pain(checkins: &[CheckIn]) -> Vec<DayPain> {
    daily_means(checkins, |c| Some(f64::from(c.pain.get())))
        .into_iter()
        .map(|(date, (pain_mean, n))| DayPain { date, pain_mean, n })
        .collect()
}

/// The first date of the `window_days`-long calendar window that ends on `day`.
pub(crate) fn window_start(day: Date, window_days: u32) -> Date {
    day.saturating_sub(Span::new().days(i64::from(window_days.saturating_sub(1))))
}

/// The rolling mean of daily means, one entry per element of `days`, in the
/// same order.
///
/// Precisely: for a day d the window is the calendar days [d − (w − 1), d]
/// (w = `window_days`, so [d − 6, d] for a week). The value is the plain mean
/// of the daily means of the days in that window that have data — days
/// without check-ins are skipped, not counted as zero, and every day weighs
/// the same however many check-ins it has. It is `None` when fewer than
/// min([`ROLLING_MIN_DAYS`], w) days of the window have data, or when w is 0.
pub fn rolling_mean(days: &[DayPain], window_days: u32) -> Vec<Option<f64>> {
    let by_date: BTreeMap<Date, f64> = days.iter().map(|d| (d.date, d.pain_mean)).collect();
    let need = ROLLING_MIN_DAYS.min(window_days as usize);
    days.iter()
        .map(|d| {
            if window_days == 0 {
                return None;
            }
            let window: Vec<f64> = by_date
                .range(window_start(d.date, window_days)..=d.date)
                .map(|(_, m)| *m)
                .collect();
            if window.len() < need {
                return None;
            }
            super::stats::mean(&window)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{CheckInDraft, Defaults, TzName};
    use jiff::civil::date;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn checkin(at: &str, tz: &str, pain: i64) -> CheckIn {
        let d = Defaults {
            now: "2030-01-01T00:00:00Z".parse().unwrap(),
            tz: TzName::utc(),
            new_id: Uuid::nil(),
        };
        CheckInDraft {
            recorded_at: Some(at.into()),
            tz: Some(tz.into()),
            pain: Some(pain),
            ..Default::default()
        }
        .validate(&d)
        .unwrap()
    }

    #[test]
    fn half_past_midnight_on_a_dst_day_lands_on_that_day() {
        // Berlin springs forward at 02:00 on 2026-03-29; New York falls back at 02:00 on 2026-11-01.
        let spring = checkin("2026-03-29T00:30:00+01:00", "Europe/Berlin", 4);
        let before = checkin("2026-03-28T23:59:00+01:00", "Europe/Berlin", 6);
        let fall = checkin("2026-11-01T00:30:00-04:00", "America/New_York", 2);
        // 23:30 in New York is already the next day in UTC; it still counts for the local day.
        let late = checkin("2026-11-01T23:30:00-05:00", "America/New_York", 8);
        let days = daily_pain(&[late, spring, before, fall]);
        let got: Vec<(Date, f64, usize)> =
            days.iter().map(|d| (d.date, d.pain_mean, d.n)).collect();
        assert_eq!(
            got,
            vec![
                (date(2026, 3, 28), 6.0, 1),
                (date(2026, 3, 29), 4.0, 1),
                (date(2026, 11, 1), 5.0, 2),
            ]
        );
    }

    #[test]
    fn rolling_window_is_seven_calendar_days_skipping_gaps() {
        let day = |d: i8, m: f64| DayPain {
            date: date(2026, 1, d),
            pain_mean: m,
            n: 1,
        };
        // Jan 1, 2, 4, then Jan 9: its window [3, 9] holds only Jan 4 and 9.
        let days = [
            day(1, 2.0),
            day(2, 4.0),
            day(4, 6.0),
            day(9, 9.0),
            day(10, 3.0),
        ];
        let r = rolling_mean(&days, 7);
        assert_eq!(r, vec![None, None, Some(4.0), None, Some(6.0)]);
        assert_eq!(
            rolling_mean(&days, 1),
            vec![Some(2.0), Some(4.0), Some(6.0), Some(9.0), Some(3.0)]
        );
        assert_eq!(rolling_mean(&days, 0), vec![None; 5]);
    }

    proptest! {
        #[test]
        fn rolling_mean_of_a_constant_series_is_that_constant(
            value in 0u8..=10,
            gaps in proptest::collection::vec(1i64..4, 1..60),
        ) {
            let mut d = date(2026, 1, 1);
            let mut days = Vec::new();
            for g in gaps {
                days.push(DayPain { date: d, pain_mean: f64::from(value), n: 1 });
                d = d.saturating_add(Span::new().days(g));
            }
            for (i, r) in rolling_mean(&days, 7).into_iter().enumerate() {
                if let Some(r) = r {
                    prop_assert_eq!(r, f64::from(value), "day {}", i);
                }
            }
            // With daily data the window is full from the third day on.
            let daily: Vec<DayPain> = (0..20)
                .map(|i| DayPain { date: date(2026, 1, 1).saturating_add(Span::new().days(i)), pain_mean: 5.5, n: 2 })
                .collect();
            let r = rolling_mean(&daily, 7);
            prop_assert!(r[..2].iter().all(Option::is_none));
            prop_assert!(r[2..].iter().all(|x| *x == Some(5.5)));
        }
    }
}
