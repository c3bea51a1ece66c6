//! Chart geometry shared by the SVG and the PDF, so both draw the same marks.
//!
//! Coordinates have their origin at the top left and grow right and down, as
//! in SVG and in krilla; the caller picks the box size in its own unit.

use backcalm_core::chart::{bin_pain, date_ticks, Axis, Grain};
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

/// Pain as dots (a day each, or over long periods a week's or a month's
/// mean) and a line: the 7-day mean for days, the points joined otherwise.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PainChart {
    pub plot: Plot,
    /// What each dot stands for.
    pub grain: Grain,
    /// One dot per day, week or month with check-ins.
    pub dots: Vec<(f64, f64)>,
    /// For days the 7-day mean, else the dots joined; a new run starts
    /// wherever the mean is missing or a week or month has no check-in.
    pub mean_runs: Vec<Vec<(f64, f64)>>,
    /// 0, 2, …, 10 on the left.
    pub y_ticks: Vec<Tick>,
    /// Dates along the bottom, as many as fit, none alike.
    pub x_ticks: Vec<Tick>,
}

/// Most bars that get their minutes printed above them.
pub(crate) const MAX_LABELLED_BARS: usize = 12;

fn day_index(period: &Period, d: Date) -> f64 {
    f64::from((d - period.from).get_days())
}

/// The distance between two consecutive days.
fn per_day(plot: &Plot, period: &Period) -> f64 {
    plot.width() / (period.days - 1).max(1) as f64
}

/// Where day index `i` (fractional for the middle of a week or month) is drawn.
fn x_at(plot: &Plot, period: &Period, i: f64) -> f64 {
    if period.days <= 1 {
        return plot.left + plot.width() / 2.0;
    }
    plot.left + i * per_day(plot, period)
}

fn x_of(plot: &Plot, period: &Period, d: Date) -> f64 {
    x_at(plot, period, day_index(period, d))
}

/// The date labels for a chart whose `from` is drawn at `x_from`, `per_day`
/// apart, each within `left..right`.
fn date_labels(
    (from, to): (Date, Date),
    x_from: f64,
    per_day: f64,
    (left, right): (f64, f64),
    font: f64,
    whole_weeks: bool,
) -> Vec<Tick> {
    date_ticks(&Axis {
        from,
        to,
        x_from,
        per_day,
        left,
        right,
        font,
        whole_weeks,
    })
    .into_iter()
    .map(|t| Tick {
        at: t.at,
        text: t.text,
    })
    .collect()
}

fn y_of_pain(plot: &Plot, pain: f64) -> f64 {
    plot.bottom - pain.clamp(0.0, 10.0) / 10.0 * plot.height()
}

/// What the pain chart's marks are, in words, for the grain of its period.
pub(crate) fn pain_caption(grain: Grain) -> &'static str {
    match grain {
        Grain::Day => "Open dots: mean pain of each day with check-ins. Thick line: 7-day rolling mean (shown once 3 of the 7 days have check-ins).",
        Grain::Week => "Open dots: mean pain of each week (Monday to Sunday), the mean of its days with check-ins. Thin line: the weeks joined.",
        Grain::Month => "Open dots: mean pain of each month, the mean of its days with check-ins. Thin line: the months joined.",
    }
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
    let (grain, points) = bin_pain(days, period.from, period.to);
    let xs: Vec<f64> = points
        .iter()
        .map(|p| {
            let mid = (day_index(period, p.from) + day_index(period, p.to)) / 2.0;
            x_at(&plot, period, mid)
        })
        .collect();
    let dots = points
        .iter()
        .zip(&xs)
        .map(|(p, x)| (*x, y_of_pain(&plot, p.pain_mean)))
        .collect();
    let mut mean_runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    for (i, (p, x)) in points.iter().zip(&xs).enumerate() {
        let value = match grain {
            Grain::Day => p.rolling7,
            Grain::Week | Grain::Month => Some(p.pain_mean),
        };
        // Weeks and months are joined only to the one right before them.
        let follows = i > 0
            && (grain == Grain::Day
                || points[i - 1].to.tomorrow().is_ok_and(|next| next == p.from));
        if !follows && !run.is_empty() {
            mean_runs.push(std::mem::take(&mut run));
        }
        match value {
            Some(m) => run.push((*x, y_of_pain(&plot, m))),
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
    // Dates stay clear of the scale's numbers at the left, which end just before the plot.
    let x_ticks = date_labels(
        (period.from, period.to),
        x_of(&plot, period, period.from),
        per_day(&plot, period),
        (plot.left, width),
        font,
        false,
    );
    PainChart {
        plot,
        grain,
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
    // Labels on Mondays (or months, or years): each bar's middle is its Monday.
    let x_ticks = match (adherence.weeks.first(), adherence.weeks.last()) {
        (Some(first), Some(last)) => date_labels(
            (first.week_start, last.week_start),
            plot.left + slot * 0.5,
            slot / 7.0,
            (0.0, width),
            font,
            true,
        ),
        _ => Vec::new(),
    };
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
        assert_eq!(c.grain, Grain::Day);
        let labels: Vec<&str> = c.x_ticks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(labels, ["2 Mar", "9 Mar"], "Mondays, as many as fit");
    }

    #[test]
    fn ten_years_are_monthly_means_labelled_by_year() {
        let from = date(2016, 12, 5);
        let days: Vec<DayRow> = (0..3652)
            .map(|i| DayRow {
                date: from.saturating_add(jiff::Span::new().days(i)),
                pain_mean: (i % 11) as f64,
                n: 1,
                rolling7: Some(5.0),
            })
            .collect();
        let to = days[days.len() - 1].date;
        let period = Period {
            from,
            to,
            days: 3652,
        };
        let c = pain_chart(&period, &days, 720.0, 135.0, 12.0);
        assert_eq!(c.grain, Grain::Month);
        assert_eq!(c.dots.len(), 121, "Dec 2016 to Dec 2026");
        assert_eq!(c.mean_runs.len(), 1, "every month follows the one before");
        let labels: Vec<&str> = c.x_ticks.iter().map(|t| t.text.as_str()).collect();
        // 1 Jan 2017 is 27 days in: its label would reach under the scale's numbers.
        assert_eq!(
            labels,
            ["2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025", "2026"]
        );
    }

    #[test]
    fn many_weeks_of_bars_get_labels_that_differ() {
        let weeks: Vec<backcalm_core::report::AdherenceWeek> = (0..104)
            .map(|i| backcalm_core::report::AdherenceWeek {
                week_start: date(2024, 12, 2).saturating_add(jiff::Span::new().weeks(i)),
                days_in_period: 7,
                sessions: 1,
                minutes: 30.0,
                goal_met: None,
            })
            .collect();
        let adherence = Adherence {
            weeks,
            ..crate::sample::report().adherence
        };
        let c = week_chart(&adherence, 360.0, 84.0, 12.0);
        let labels: Vec<&str> = c.x_ticks.iter().map(|t| t.text.as_str()).collect();
        let unique: std::collections::BTreeSet<&str> = labels.iter().copied().collect();
        assert!(labels.len() >= 2, "{labels:?}");
        assert_eq!(unique.len(), labels.len(), "{labels:?}");
        assert!(labels.iter().all(|l| l.contains("202")), "{labels:?}");
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
