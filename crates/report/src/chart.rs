//! Chart geometry shared by the SVG and the PDF, so both draw the same marks.
//!
//! Coordinates have their origin at the top left and grow right and down, as
//! in SVG and in krilla; the caller picks the box size in its own unit.

use backcalm_core::insights::DayRow;
use backcalm_core::report::{Adherence, Period};
use jiff::civil::Date;

/// The plot area inside a chart box, leaving room for the axis labels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Plot {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Plot {
    fn inside(width: f64, height: f64, font: f64) -> Plot {
        Plot {
            left: font * 2.2,
            top: font * 0.6,
            right: width - font * 0.6,
            bottom: height - font * 1.6,
        }
    }

    fn width(&self) -> f64 {
        self.right - self.left
    }

    fn height(&self) -> f64 {
        self.bottom - self.top
    }
}

/// A label on an axis: where, and what it says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tick {
    pub at: f64,
    pub text: String,
}

/// Daily pain as dots and the 7-day mean as lines broken at gaps.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PainChart {
    pub plot: Plot,
    /// One dot per day with check-ins.
    pub dots: Vec<(f64, f64)>,
    /// The 7-day mean; a new run starts wherever it is missing.
    pub mean_runs: Vec<Vec<(f64, f64)>>,
    /// 0, 2, …, 10 on the left.
    pub y_ticks: Vec<Tick>,
    /// A few dates along the bottom.
    pub x_ticks: Vec<Tick>,
}

/// Most bars that get their minutes printed above them.
pub(crate) const MAX_LABELLED_BARS: usize = 12;

/// Most date labels an axis gets, so they never collide.
const MAX_DATE_LABELS: i64 = 6;

/// Short date for an axis: "2 Mar".
pub(crate) fn short_date(d: Date) -> String {
    d.strftime("%-d %b").to_string()
}

fn day_index(period: &Period, d: Date) -> f64 {
    f64::from((d - period.from).get_days())
}

fn x_of(plot: &Plot, period: &Period, d: Date) -> f64 {
    let span = (period.days - 1).max(1) as f64;
    if period.days <= 1 {
        return plot.left + plot.width() / 2.0;
    }
    plot.left + day_index(period, d) / span * plot.width()
}

fn y_of_pain(plot: &Plot, pain: f64) -> f64 {
    plot.bottom - pain.clamp(0.0, 10.0) / 10.0 * plot.height()
}

/// Lays out the pain chart in a `width` × `height` box with labels of size `font`.
pub(crate) fn pain_chart(
    period: &Period,
    days: &[DayRow],
    width: f64,
    height: f64,
    font: f64,
) -> PainChart {
    let plot = Plot::inside(width, height, font);
    let dots = days
        .iter()
        .map(|d| (x_of(&plot, period, d.date), y_of_pain(&plot, d.pain_mean)))
        .collect();
    let mut mean_runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    for d in days {
        match d.rolling7 {
            Some(m) => run.push((x_of(&plot, period, d.date), y_of_pain(&plot, m))),
            None if !run.is_empty() => mean_runs.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        mean_runs.push(run);
    }
    let y_ticks = (0..=5)
        .map(|i| Tick {
            at: y_of_pain(&plot, f64::from(i * 2)),
            text: (i * 2).to_string(),
        })
        .collect();
    let step = (period.days + MAX_DATE_LABELS - 1) / MAX_DATE_LABELS;
    let x_ticks = (0..period.days)
        .step_by(step.max(1) as usize)
        .filter_map(|i| period.from.checked_add(jiff::Span::new().days(i)).ok())
        .map(|d| Tick {
            at: x_of(&plot, period, d),
            text: short_date(d),
        })
        .collect();
    PainChart {
        plot,
        dots,
        mean_runs,
        y_ticks,
        x_ticks,
    }
}

/// One week's bar.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// Whole minutes, printed above the bar.
    pub minutes: String,
}

/// Minutes per week as bars, with the weekly goal as a line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WeekChart {
    pub plot: Plot,
    pub bars: Vec<Bar>,
    /// Where the goal line is drawn, if there is a goal.
    pub goal_y: Option<f64>,
    /// Week labels along the bottom (not every week when there are many).
    pub x_ticks: Vec<Tick>,
}

/// Lays out the weekly minutes in a `width` × `height` box.
pub(crate) fn week_chart(adherence: &Adherence, width: f64, height: f64, font: f64) -> WeekChart {
    let mut plot = Plot::inside(width, height, font);
    plot.left = font * 0.6;
    plot.top = font * 1.4; // room for the minutes above the tallest bar
    let n = adherence.weeks.len().max(1) as f64;
    let goal = adherence.goal_minutes.map(f64::from);
    let top = adherence
        .weeks
        .iter()
        .map(|w| w.minutes)
        .chain(goal)
        .fold(1.0_f64, f64::max);
    let y_of = |m: f64| plot.bottom - m / top * plot.height();
    let slot = plot.width() / n;
    let bars = adherence
        .weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let y = y_of(w.minutes);
            Bar {
                x: plot.left + slot * i as f64 + slot * 0.15,
                y,
                width: slot * 0.7,
                height: plot.bottom - y,
                minutes: format!("{:.0}", w.minutes),
            }
        })
        .collect();
    let every = adherence
        .weeks
        .len()
        .div_ceil(MAX_DATE_LABELS as usize)
        .max(1);
    let x_ticks = adherence
        .weeks
        .iter()
        .enumerate()
        .step_by(every)
        .map(|(i, w)| Tick {
            at: plot.left + slot * (i as f64 + 0.5),
            text: short_date(w.week_start),
        })
        .collect();
    WeekChart {
        plot,
        bars,
        goal_y: goal.map(y_of),
        x_ticks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn period(days: i64) -> Period {
        Period {
            from: date(2026, 3, 1),
            to: date(2026, 3, 1).saturating_add(jiff::Span::new().days(days - 1)),
            days,
        }
    }

    fn row(day: i8, pain: f64, rolling7: Option<f64>) -> DayRow {
        DayRow {
            date: date(2026, 3, day),
            pain_mean: pain,
            n: 1,
            rolling7,
        }
    }

    #[test]
    fn dots_span_the_period_and_the_mean_breaks_at_gaps() {
        let c = pain_chart(
            &period(11),
            &[
                row(1, 10.0, None),
                row(3, 5.0, Some(6.0)),
                row(4, 5.0, Some(5.5)),
                row(8, 0.0, None),
                row(11, 0.0, Some(2.0)),
            ],
            200.0,
            100.0,
            10.0,
        );
        let p = c.plot;
        assert_eq!(c.dots[0], (p.left, p.top), "pain 10 on the first day");
        assert_eq!(c.dots[4], (p.right, p.bottom), "pain 0 on the last day");
        assert_eq!(c.mean_runs.len(), 2);
        assert_eq!(c.mean_runs[0].len(), 2);
        assert_eq!(c.y_ticks.len(), 6);
        assert_eq!(c.x_ticks[0].text, "1 Mar");
        assert!(c.x_ticks.len() as i64 <= MAX_DATE_LABELS);
    }

    #[test]
    fn a_single_day_sits_in_the_middle() {
        let c = pain_chart(&period(1), &[row(1, 5.0, None)], 100.0, 50.0, 5.0);
        assert_eq!(
            c.dots[0].0,
            c.plot.left + (c.plot.right - c.plot.left) / 2.0
        );
    }
}
