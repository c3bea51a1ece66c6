//! Daily pain gathered into as many points as a chart can show: every day
//! for a few months, weekly means up to two years, monthly means beyond.

use crate::insights::DayRow;
use jiff::civil::{Date, Weekday};
use jiff::Span;
use serde::Serialize;

/// Ranges up to this many days (about four months) are drawn day by day.
pub const DAILY_MAX_DAYS: i64 = 122;

/// Ranges up to this many days (two years) are drawn as weekly means; longer ones monthly.
pub const WEEKLY_MAX_DAYS: i64 = 731;

/// What one point of a pain chart stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grain {
    /// One local day.
    Day,
    /// A week, Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
}

impl Grain {
    /// The grain for a range of `days` days ([`DAILY_MAX_DAYS`], [`WEEKLY_MAX_DAYS`]).
    pub fn for_days(days: i64) -> Grain {
        if days <= DAILY_MAX_DAYS {
            Grain::Day
        } else if days <= WEEKLY_MAX_DAYS {
            Grain::Week
        } else {
            Grain::Month
        }
    }

    /// "day", "week" or "month".
    pub fn noun(self) -> &'static str {
        match self {
            Grain::Day => "day",
            Grain::Week => "week",
            Grain::Month => "month",
        }
    }

    /// The first day of the day, week or month holding `d`.
    fn start(self, d: Date) -> Date {
        match self {
            Grain::Day => d,
            Grain::Week => {
                d.saturating_sub(Span::new().days(i64::from(d.weekday().since(Weekday::Monday))))
            }
            Grain::Month => d.first_of_month(),
        }
    }

    /// The last day of the day, week or month starting on `start`.
    fn end(self, start: Date) -> Date {
        match self {
            Grain::Day => start,
            Grain::Week => start.saturating_add(Span::new().days(6)),
            Grain::Month => start.last_of_month(),
        }
    }
}

/// One point of a pain chart: a day, or the mean of a week or a month.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PainPoint {
    /// The first day it covers (a week's or month's first day, or the range's
    /// first day when that is later).
    pub from: Date,
    /// The last day it covers (never after the range's last day).
    pub to: Date,
    /// The mean of the daily means of its days with check-ins, so a day with
    /// many check-ins weighs the same as a day with one.
    pub pain_mean: f64,
    /// Its days with at least one check-in.
    pub days: usize,
    /// Its check-ins.
    pub checkins: usize,
    /// The 7-day rolling mean of its day; only at [`Grain::Day`], where a
    /// weekly line can still be told from the points.
    pub rolling7: Option<f64>,
}

/// The rows of `days` from `from` to `to` (both included), at the grain that
/// fits the range's length ([`Grain::for_days`]), oldest first. Periods with
/// no check-in have no point: a gap stays a gap.
pub fn bin_pain(days: &[DayRow], from: Date, to: Date) -> (Grain, Vec<PainPoint>) {
    let length = (to - from).get_days().max(0) + 1;
    let grain = Grain::for_days(i64::from(length));
    let mut points: Vec<PainPoint> = Vec::new();
    // (start of the current bin, sum of daily means)
    let mut current: Option<(Date, f64)> = None;
    for row in days.iter().filter(|r| r.date >= from && r.date <= to) {
        let start = grain.start(row.date);
        match (current, points.last_mut()) {
            (Some((s, sum)), Some(p)) if s == start => {
                let sum = sum + row.pain_mean;
                p.days += 1;
                p.checkins += row.n;
                p.pain_mean = sum / p.days as f64;
                current = Some((s, sum));
            }
            _ => {
                points.push(PainPoint {
                    from: start.max(from),
                    to: grain.end(start).min(to),
                    pain_mean: row.pain_mean,
                    days: 1,
                    checkins: row.n,
                    rolling7: if grain == Grain::Day {
                        row.rolling7
                    } else {
                        None
                    },
                });
                current = Some((start, row.pain_mean));
            }
        }
    }
    (grain, points)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn row(date: Date, pain_mean: f64, n: usize) -> DayRow {
        DayRow {
            date,
            pain_mean,
            n,
            rolling7: Some(pain_mean),
        }
    }

    #[test]
    fn the_grain_follows_the_length_of_the_range() {
        assert_eq!(Grain::for_days(1), Grain::Day);
        assert_eq!(Grain::for_days(92), Grain::Day, "3 months, day by day");
        assert_eq!(Grain::for_days(123), Grain::Week);
        assert_eq!(Grain::for_days(365), Grain::Week, "a year, by week");
        assert_eq!(Grain::for_days(731), Grain::Week);
        assert_eq!(Grain::for_days(732), Grain::Month);
        assert_eq!(Grain::for_days(3650), Grain::Month);
    }

    #[test]
    fn a_short_range_keeps_every_day_and_its_rolling_mean() {
        let days = [
            row(date(2026, 3, 1), 4.0, 2),
            row(date(2026, 3, 2), 6.0, 1),
            row(date(2026, 3, 9), 5.0, 1),
        ];
        let (grain, points) = bin_pain(&days, date(2026, 3, 2), date(2026, 3, 31));
        assert_eq!(grain, Grain::Day);
        assert_eq!(points.len(), 2, "the day before the range is left out");
        assert_eq!(points[0].from, date(2026, 3, 2));
        assert_eq!(points[0].to, date(2026, 3, 2));
        assert_eq!(points[0].rolling7, Some(6.0));
    }

    #[test]
    fn weeks_run_monday_to_sunday_and_weigh_days_equally() {
        // 2 Mar 2026 is a Monday.
        let days = [
            row(date(2026, 3, 1), 9.0, 1), // Sunday: the week before
            row(date(2026, 3, 2), 2.0, 3), // Monday
            row(date(2026, 3, 8), 4.0, 1), // Sunday
            row(date(2026, 3, 9), 7.0, 1), // next Monday
        ];
        let (grain, points) = bin_pain(&days, date(2025, 12, 1), date(2026, 6, 30));
        assert_eq!(grain, Grain::Week);
        assert_eq!(points.len(), 3);
        assert_eq!(
            (points[0].from, points[0].to),
            (date(2026, 2, 23), date(2026, 3, 1))
        );
        assert_eq!(
            (points[1].from, points[1].to),
            (date(2026, 3, 2), date(2026, 3, 8))
        );
        assert_eq!(points[1].pain_mean, 3.0, "not weighted by the 3 check-ins");
        assert_eq!((points[1].days, points[1].checkins), (2, 4));
        assert_eq!(points[1].rolling7, None, "no 7-day line at weekly grain");
        assert_eq!(points[2].pain_mean, 7.0);
    }

    #[test]
    fn months_are_clipped_to_the_range() {
        let days = [
            row(date(2020, 1, 20), 3.0, 1),
            row(date(2020, 1, 31), 5.0, 1),
            row(date(2022, 6, 10), 8.0, 1),
        ];
        let (grain, points) = bin_pain(&days, date(2020, 1, 15), date(2022, 6, 12));
        assert_eq!(grain, Grain::Month);
        assert_eq!(points.len(), 2);
        assert_eq!(
            (points[0].from, points[0].to),
            (date(2020, 1, 15), date(2020, 1, 31))
        );
        assert_eq!(points[0].pain_mean, 4.0);
        assert_eq!(
            (points[1].from, points[1].to),
            (date(2022, 6, 1), date(2022, 6, 12))
        );
    }

    proptest! {
        #[test]
        fn every_day_in_range_is_counted_once_in_the_point_that_holds_it(
            start in 0i64..20_000,
            len in 1i64..4_000,
            gaps in proptest::collection::vec(0u8..4, 1..400),
        ) {
            let first = date(1980, 1, 1).saturating_add(Span::new().days(start));
            let mut d = first;
            let mut rows = Vec::new();
            for (i, g) in gaps.iter().enumerate() {
                rows.push(row(d, (i % 11) as f64, 1 + *g as usize));
                d = d.saturating_add(Span::new().days(1 + i64::from(*g) * 9));
            }
            let from = first.saturating_add(Span::new().days(len / 3));
            let to = from.saturating_add(Span::new().days(len));
            let (grain, points) = bin_pain(&rows, from, to);
            prop_assert_eq!(grain, Grain::for_days(len + 1));
            let inside: Vec<&DayRow> = rows.iter().filter(|r| r.date >= from && r.date <= to).collect();
            prop_assert_eq!(points.iter().map(|p| p.days).sum::<usize>(), inside.len());
            prop_assert_eq!(
                points.iter().map(|p| p.checkins).sum::<usize>(),
                inside.iter().map(|r| r.n).sum::<usize>()
            );
            for w in points.windows(2) {
                prop_assert!(w[0].to < w[1].from, "points are in order and apart");
            }
            for p in &points {
                prop_assert!(p.from >= from && p.to <= to && p.from <= p.to);
                let held: Vec<f64> = inside.iter().filter(|r| r.date >= p.from && r.date <= p.to).map(|r| r.pain_mean).collect();
                prop_assert_eq!(held.len(), p.days);
                let mean = held.iter().sum::<f64>() / held.len() as f64;
                prop_assert!((mean - p.pain_mean).abs() < 1e-9);
            }
        }
    }
}
