//! Sleep and stress on one day against pain the next day.
//!
//! Spearman's rank correlation, because ratings are ordinal and the relation
//! need not be straight. It shows association, not cause: a bad night and a
//! painful next day can both follow from a third thing.

use super::daily::{daily_means, daily_pain};
use super::stats::spearman;
use crate::journal::CheckIn;
use jiff::civil::Date;
use jiff::Span;
use serde::Serialize;
use std::collections::BTreeMap;

/// The fewest day pairs before a correlation is shown.
pub const MIN_PAIRS: usize = 5;

/// The caution that goes with every association.
pub const CAUTION: &str = "association, not cause";

/// What is set against next-day pain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// Sleep quality, 0-10 (10 = slept very well).
    Sleep,
    /// Stress, 0-10.
    Stress,
}

impl Measure {
    fn value(self, c: &CheckIn) -> Option<f64> {
        let r = match self {
            Measure::Sleep => c.sleep,
            Measure::Stress => c.stress,
        };
        r.map(|r| f64::from(r.get()))
    }

    /// The stable id used in JSON: `sleep`, `stress`.
    pub fn id(self) -> &'static str {
        match self {
            Measure::Sleep => "sleep",
            Measure::Stress => "stress",
        }
    }
}

/// A rank correlation between a measure on day D and mean pain on day D + 1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Association {
    /// What was set against next-day pain.
    pub measure: Measure,
    /// Spearman's rho, −1 to 1.
    pub rho: f64,
    /// Day pairs used.
    pub n: usize,
    /// Always [`CAUTION`]: this is association, not cause.
    pub caution: &'static str,
}

/// The day pairs (measure on D, mean pain on D + 1), in date order: D is a
/// local date whose check-ins have the measure (averaged over that day),
/// and D + 1 is the next calendar day, which must have check-ins.
pub fn next_day_pairs(checkins: &[CheckIn], measure: Measure) -> Vec<(Date, f64, f64)> {
    let values = daily_means(checkins, |c| measure.value(c));
    let pain: BTreeMap<Date, f64> = daily_pain(checkins)
        .into_iter()
        .map(|d| (d.date, d.pain_mean))
        .collect();
    values
        .into_iter()
        .filter_map(|(day, (v, _))| {
            let next = day.checked_add(Span::new().days(1)).ok()?;
            pain.get(&next).map(|p| (day, v, *p))
        })
        .collect()
}

/// Spearman's rho (average ranks for ties) between `measure` on day D and
/// mean pain on day D + 1. `None` below [`MIN_PAIRS`] pairs, or when either
/// side never varies (rho is undefined then).
pub fn association(checkins: &[CheckIn], measure: Measure) -> Option<Association> {
    let pairs = next_day_pairs(checkins, measure);
    if pairs.len() < MIN_PAIRS {
        return None;
    }
    let xs: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    let ys: Vec<f64> = pairs.iter().map(|p| p.2).collect();
    let rho = spearman(&xs, &ys)?;
    Some(Association {
        measure,
        rho,
        n: pairs.len(),
        caution: CAUTION,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{CheckInDraft, Defaults, TzName};
    use uuid::Uuid;

    fn checkin(day: i8, hour: i8, pain: i64, sleep: Option<i64>) -> CheckIn {
        let d = Defaults {
            now: "2030-01-01T00:00:00Z".parse().unwrap(),
            tz: TzName::utc(),
            new_id: Uuid::nil(),
        };
        CheckInDraft {
            recorded_at: Some(format!("2026-05-{day:02}T{hour:02}:00:00Z")),
            tz: Some("UTC".into()),
            pain: Some(pain),
            sleep,
            ..Default::default()
        }
        .validate(&d)
        .unwrap()
    }

    #[test]
    fn better_sleep_then_less_pain_is_negative_one() {
        // Sleep on day D rises; pain on D + 1 falls.
        let mut c: Vec<CheckIn> = (1..=6)
            .map(|d| checkin(d, 8, 9 - d as i64, Some(d as i64 + 2)))
            .collect();
        // A day with sleep but no next-day check-in adds no pair.
        c.push(checkin(20, 8, 5, Some(1)));
        let a = association(&c, Measure::Sleep).unwrap();
        assert_eq!((a.rho, a.n, a.caution), (-1.0, 5, "association, not cause"));
        assert_eq!(association(&c, Measure::Stress), None, "no stress ratings");
    }

    #[test]
    fn pairs_average_the_day_and_need_the_next_day() {
        let c = [
            checkin(1, 8, 5, Some(4)),
            checkin(1, 20, 7, Some(6)),
            checkin(2, 9, 3, None),
            checkin(2, 21, 6, None),
            checkin(4, 9, 2, Some(8)),
        ];
        let pairs = next_day_pairs(&c, Measure::Sleep);
        assert_eq!(pairs, vec![(jiff::civil::date(2026, 5, 1), 5.0, 4.5)]);
        assert_eq!(association(&c, Measure::Sleep), None);
    }
}
