//! Flare days: a day whose pain is well above the person's recent level, or
//! that the person marked as a flare on a check-in.
//!
//! On a flare day the planner offers only a short, gentle practice: breathing
//! or imagery for at most [`FLARE_MAX_MINUTES`] minutes, never muscle
//! relaxation, movement, a body scan or a long sit ([`FLARE_KINDS`]).

use super::history::PainMark;
use crate::content::Kind;
use crate::insights::daily::ROLLING_MIN_DAYS;
use jiff::civil::Date;
use jiff::Span;
use serde::Serialize;
use std::collections::BTreeMap;

/// Pain this many points or more above the 7-day mean makes a flare day.
pub const FLARE_RISE: u8 = 3;
/// The longest practice offered on a flare day, in minutes.
pub const FLARE_MAX_MINUTES: u32 = 3;
/// The only kinds of practice offered on a flare day.
pub const FLARE_KINDS: [Kind; 2] = [Kind::Breathing, Kind::Imagery];
/// The days before a day whose mean is its "7-day mean".
const MEAN_DAYS: i64 = 7;

/// Why today counts as a flare day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flare {
    /// The person tapped "flare" on a check-in today.
    pub tapped: bool,
    /// Today's highest pain rating, when it is [`FLARE_RISE`] or more above
    /// `mean_7_days`.
    pub pain: Option<u8>,
    /// The mean of the daily pain means of the 7 days before today, when at
    /// least [`ROLLING_MIN_DAYS`] of them have a check-in.
    pub mean_7_days: Option<f64>,
    /// The practice title the program would have offered, when the flare
    /// replaced it with something gentler.
    pub instead_of: Option<String>,
}

// Flare holds an f64, which has no total equality; a NaN never gets here
// (means of ratings 0-10), so equality is that of the fields.
impl Eq for Flare {}

/// The mean pain of the [`MEAN_DAYS`] local days before `day`, from the daily
/// means; `None` with fewer than [`ROLLING_MIN_DAYS`] days with a check-in.
fn mean_before(marks: &[PainMark], day: Date) -> Option<f64> {
    let from = day.saturating_sub(Span::new().days(MEAN_DAYS));
    let mut days: BTreeMap<Date, (u32, u32)> = BTreeMap::new();
    for m in marks.iter().filter(|m| m.date >= from && m.date < day) {
        let e = days.entry(m.date).or_insert((0, 0));
        e.0 += u32::from(m.pain);
        e.1 += 1;
    }
    if days.len() < ROLLING_MIN_DAYS {
        return None;
    }
    let sum: f64 = days
        .values()
        .map(|(sum, n)| f64::from(*sum) / f64::from(*n))
        .sum();
    Some(sum / days.len() as f64)
}

/// Whether `day` is a flare day, and why; `None` when it is not.
///
/// A flare day has a check-in marked as a flare, or a pain rating at least
/// [`FLARE_RISE`] points above the mean of the daily pain means of the 7
/// days before it (which needs [`ROLLING_MIN_DAYS`] days with a check-in:
/// single ratings are noisy, CLINICAL.md).
pub fn flare_on(marks: &[PainMark], day: Date) -> Option<Flare> {
    let today: Vec<&PainMark> = marks.iter().filter(|m| m.date == day).collect();
    if today.is_empty() {
        return None;
    }
    let tapped = today.iter().any(|m| m.flare);
    let highest = today.iter().map(|m| m.pain).max().unwrap_or(0);
    let mean = mean_before(marks, day);
    // Whole-number pain against a mean of ratings: a tiny allowance keeps a
    // mean such as 4.000000000001 from hiding an exact 3-point rise.
    let rose = mean.is_some_and(|m| f64::from(highest) - m >= f64::from(FLARE_RISE) - 1e-9);
    (tapped || rose).then(|| Flare {
        tapped,
        pain: rose.then_some(highest),
        mean_7_days: mean,
        instead_of: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn mark(day: i8, pain: u8, flare: bool) -> PainMark {
        PainMark {
            date: date(2026, 5, day),
            pain,
            flare,
        }
    }

    #[test]
    fn three_points_above_the_week_before_is_a_flare_and_two_is_not() {
        let week = [
            mark(3, 4, false),
            mark(5, 3, false),
            mark(5, 5, false),
            mark(7, 4, false),
        ];
        let with = |today: PainMark| {
            let mut all = week.to_vec();
            all.push(today);
            flare_on(&all, date(2026, 5, 10))
        };
        let f = with(mark(10, 7, false)).expect("4 + 3 = 7 is a flare");
        assert_eq!(
            (f.tapped, f.pain, f.mean_7_days),
            (false, Some(7), Some(4.0))
        );
        assert_eq!(with(mark(10, 6, false)), None, "2 above is not");
        let tapped = with(mark(10, 5, true)).expect("a tap is a flare");
        assert_eq!((tapped.tapped, tapped.pain), (true, None));
    }

    #[test]
    fn too_few_days_before_or_no_check_in_today_is_no_flare() {
        let few = [mark(8, 1, false), mark(9, 1, false), mark(10, 9, false)];
        assert_eq!(
            flare_on(&few, date(2026, 5, 10)),
            None,
            "two days are noise"
        );
        let week = [mark(3, 4, false), mark(5, 3, false), mark(7, 4, false)];
        assert_eq!(flare_on(&week, date(2026, 5, 10)), None, "nothing today");
        // Days more than 7 before do not count toward the mean.
        let old = [
            mark(1, 1, false),
            mark(2, 1, false),
            mark(3, 1, false),
            mark(10, 9, false),
        ];
        assert_eq!(flare_on(&old, date(2026, 5, 10)), None);
    }
}
