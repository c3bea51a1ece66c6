//! Date labels for a time axis, chosen from the room the drawing has.
//!
//! The candidates run from every day to every few thousand years, each on
//! calendar boundaries (Mondays, the 1st of a month, the 1st of January).
//! The finest whose labels all fit without touching wins. Labels carry the
//! year whenever the range crosses one, so no two labels are ever alike:
//! "3 Mar" within one year, "3 Mar 2026" or "Mar 2026" across years, "2026"
//! for yearly ticks.

use jiff::civil::Date;
use jiff::Span;
use serde::Serialize;

/// A generous average width of one label character, in ems, so an estimate
/// never comes out narrower than what a browser or PDF draws (digits are
/// about 0.55 em in the sans-serif fonts used, "M" about 0.85 em).
pub const CHAR_EM: f64 = 0.62;

/// The least space between two labels, in ems (on top of [`CHAR_EM`]'s margin).
pub const GAP_EM: f64 = 0.75;

/// A time axis: the dates it spans and where they fall in the drawing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axis {
    /// The first day drawn.
    pub from: Date,
    /// The last day drawn (included).
    pub to: Date,
    /// Where `from` is drawn, in the drawing's unit.
    pub x_from: f64,
    /// How far apart two consecutive days are drawn.
    pub per_day: f64,
    /// No label may reach left of this…
    pub left: f64,
    /// …or right of this.
    pub right: f64,
    /// The labels' font size, in the same unit.
    pub font: f64,
    /// Label only Mondays or coarser (the 1st of a month or a year): for an
    /// axis of weekly bars, whose middles are their Mondays.
    pub whole_weeks: bool,
}

impl Axis {
    /// Where `d` is drawn.
    pub fn x(&self, d: Date) -> f64 {
        self.x_from + f64::from((d - self.from).get_days()) * self.per_day
    }

    /// The estimated width of `text` as a label.
    pub fn width_of(&self, text: &str) -> f64 {
        text.chars().count() as f64 * self.font * CHAR_EM
    }

    /// The least space between two labels ([`GAP_EM`]).
    fn gap(&self) -> f64 {
        self.font * GAP_EM
    }
}

/// One label on a time axis, centred on `at`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateTick {
    /// The day it marks.
    pub date: Date,
    /// Where the day is drawn.
    pub at: f64,
    /// What it says: "3 Mar", "3 Mar 2026", "Mar", "Mar 2026" or "2026".
    pub text: String,
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Days(i64),
    Weeks(i64),
    Months(i8),
    Years(i16),
}

const STEPS: [Step; 20] = [
    Step::Days(1),
    Step::Days(2),
    Step::Weeks(1),
    Step::Weeks(2),
    Step::Months(1),
    Step::Months(2),
    Step::Months(3),
    Step::Months(6),
    Step::Years(1),
    Step::Years(2),
    Step::Years(5),
    Step::Years(10),
    Step::Years(20),
    Step::Years(50),
    Step::Years(100),
    Step::Years(200),
    Step::Years(500),
    Step::Years(1000),
    Step::Years(2000),
    Step::Years(5000),
];

impl Step {
    /// Its length in days, roughly.
    fn days(self) -> f64 {
        match self {
            Step::Days(n) => n as f64,
            Step::Weeks(n) => 7.0 * n as f64,
            Step::Months(n) => 30.44 * f64::from(n),
            Step::Years(n) => 365.25 * f64::from(n),
        }
    }

    /// Its dates from `from` to `to`, on calendar boundaries.
    fn dates(self, from: Date, to: Date) -> Vec<Date> {
        let first = match self {
            Step::Days(_) => Some(from),
            Step::Weeks(_) => {
                let to_monday = (7 - from.weekday().to_monday_zero_offset()) % 7;
                from.checked_add(Span::new().days(i64::from(to_monday)))
                    .ok()
            }
            Step::Months(n) => {
                let mut first = Some(from.first_of_month())
                    .filter(|d| *d == from)
                    .or_else(|| {
                        from.first_of_month()
                            .checked_add(Span::new().months(1))
                            .ok()
                    });
                while let Some(d) = first.filter(|d| (d.month() - 1) % n != 0) {
                    first = d.checked_add(Span::new().months(1)).ok();
                }
                first
            }
            Step::Years(n) => {
                let mut year = from.year();
                if from.month() != 1 || from.day() != 1 {
                    year = year.saturating_add(1);
                }
                let rem = year.rem_euclid(n);
                if rem != 0 {
                    year = year.saturating_add(n - rem);
                }
                Date::new(year, 1, 1).ok()
            }
        };
        let step = match self {
            Step::Days(n) => Span::new().days(n),
            Step::Weeks(n) => Span::new().weeks(n),
            Step::Months(n) => Span::new().months(n),
            Step::Years(n) => Span::new().years(n),
        };
        let mut out = Vec::new();
        let mut next = first;
        while let Some(d) = next.filter(|d| *d <= to) {
            out.push(d);
            next = d.checked_add(step).ok().filter(|n| *n > d);
        }
        out
    }

    fn label(self, d: Date, with_year: bool) -> String {
        let format = match (self, with_year) {
            (Step::Days(_) | Step::Weeks(_), false) => "%-d %b",
            (Step::Days(_) | Step::Weeks(_), true) => "%-d %b %Y",
            (Step::Months(_), false) => "%b",
            (Step::Months(_), true) => "%b %Y",
            (Step::Years(_), _) => "%Y",
        };
        d.strftime(format).to_string()
    }
}

/// The labels for `axis`: the finest calendar step whose labels all lie
/// within `left..right` and stay at least [`GAP_EM`] apart. Empty only when not
/// even one label fits.
pub fn date_ticks(axis: &Axis) -> Vec<DateTick> {
    if axis.to < axis.from || axis.right <= axis.left || axis.font <= 0.0 {
        return Vec::new();
    }
    let with_year = axis.from.year() != axis.to.year();
    let room = axis.right - axis.left;
    let span_days = f64::from((axis.to - axis.from).get_days()) + 1.0;
    // The narrowest label any step can have ("2026", "Mar"): more ticks than
    // this allows cannot fit, so such steps are not even listed.
    let most = room / (axis.width_of("Mar") + axis.gap());
    for step in STEPS {
        if axis.whole_weeks && matches!(step, Step::Days(_)) {
            continue;
        }
        if span_days / step.days() > most + 2.0 {
            continue;
        }
        let ticks: Vec<DateTick> = step
            .dates(axis.from, axis.to)
            .into_iter()
            .map(|date| DateTick {
                date,
                at: axis.x(date),
                text: step.label(date, with_year),
            })
            .filter(|t| {
                let half = axis.width_of(&t.text) / 2.0;
                t.at - half >= axis.left && t.at + half <= axis.right
            })
            .collect();
        if ticks.is_empty() {
            continue;
        }
        let apart = ticks.windows(2).all(|w| {
            let reach = (axis.width_of(&w[0].text) + axis.width_of(&w[1].text)) / 2.0;
            w[1].at - w[0].at >= reach + axis.gap()
        });
        if apart {
            return ticks;
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    /// An axis over `from..=to` spread across `width` units, days centred in their slots.
    fn axis(from: Date, to: Date, width: f64) -> Axis {
        let days = f64::from((to - from).get_days()) + 1.0;
        Axis {
            from,
            to,
            x_from: 30.0 + width / days / 2.0,
            per_day: width / days,
            left: 0.0,
            right: 30.0 + width + 60.0,
            font: 12.0,
            whole_weeks: false,
        }
    }

    fn texts(t: &[DateTick]) -> Vec<&str> {
        t.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn a_month_within_one_year_reads_day_and_month() {
        let t = date_ticks(&axis(date(2026, 3, 1), date(2026, 3, 28), 620.0));
        assert_eq!(texts(&t), ["2 Mar", "9 Mar", "16 Mar", "23 Mar"]);
    }

    #[test]
    fn ten_years_on_a_phone_are_years() {
        let t = date_ticks(&axis(date(2016, 12, 5), date(2026, 12, 4), 290.0));
        assert_eq!(texts(&t), ["2018", "2020", "2022", "2024", "2026"]);
        let wide = date_ticks(&axis(date(2016, 12, 5), date(2026, 12, 4), 620.0));
        assert_eq!(wide.len(), 10, "{:?}", texts(&wide));
        assert_eq!(wide[0].text, "2017");
    }

    #[test]
    fn a_range_across_new_year_carries_the_year() {
        let t = date_ticks(&axis(date(2025, 12, 1), date(2026, 2, 27), 620.0));
        assert!(t.len() >= 3, "{:?}", texts(&t));
        assert!(
            t.iter()
                .all(|t| t.text.ends_with("2025") || t.text.ends_with("2026")),
            "{:?}",
            texts(&t)
        );
        let year = date_ticks(&axis(date(2025, 11, 27), date(2026, 11, 26), 620.0));
        assert!(texts(&year).contains(&"Jan 2026"), "{:?}", texts(&year));
    }

    #[test]
    fn weekly_bars_are_labelled_on_mondays() {
        let a = Axis {
            whole_weeks: true,
            ..axis(date(2026, 3, 2), date(2026, 3, 30), 400.0)
        };
        let t = date_ticks(&a);
        assert!(!t.is_empty());
        assert!(t
            .iter()
            .all(|t| t.date.weekday() == jiff::civil::Weekday::Monday));
    }

    #[test]
    fn a_single_day_has_its_one_label() {
        let t = date_ticks(&axis(date(2026, 3, 5), date(2026, 3, 5), 300.0));
        assert_eq!(texts(&t), ["5 Mar"]);
    }

    #[test]
    fn no_room_means_no_labels_rather_than_overlapping_ones() {
        let a = Axis {
            right: 20.0,
            ..axis(date(2026, 3, 5), date(2026, 3, 9), 10.0)
        };
        assert!(date_ticks(&a).is_empty());
    }

    proptest! {
        #[test]
        fn labels_are_unique_inside_the_range_and_never_touch(
            start in 0i64..2_900_000,
            len in 0i64..40_000,
            width in 60.0f64..1600.0,
            font in 8.0f64..16.0,
        ) {
            let from = date(1, 1, 1).saturating_add(Span::new().days(start));
            let to = from.saturating_add(Span::new().days(len));
            let a = Axis { font, whole_weeks: len % 2 == 0, ..axis(from, to, width) };
            let ticks = date_ticks(&a);
            let unique: BTreeSet<&str> = ticks.iter().map(|t| t.text.as_str()).collect();
            prop_assert_eq!(unique.len(), ticks.len(), "{:?}", texts(&ticks));
            for t in &ticks {
                prop_assert!(t.date >= from && t.date <= to, "{} outside {}..{}", t.date, from, to);
                let half = a.width_of(&t.text) / 2.0;
                prop_assert!(t.at - half >= a.left && t.at + half <= a.right);
            }
            for w in ticks.windows(2) {
                let right_edge = w[0].at + a.width_of(&w[0].text) / 2.0;
                let left_edge = w[1].at - a.width_of(&w[1].text) / 2.0;
                prop_assert!(right_edge + a.font * GAP_EM <= left_edge + 1e-9, "{:?}", texts(&ticks));
            }
            if from.year() != to.year() {
                for t in &ticks {
                    prop_assert!(t.text.contains(&t.date.year().to_string()), "{} has no year", t.text);
                }
            }
        }
    }
}
