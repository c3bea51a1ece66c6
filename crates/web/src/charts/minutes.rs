//! Minutes practised per week against the weekly goal: one bar a week (solid
//! when the goal was met, hatched when not, and a ✓ beside met values), the
//! goal as a labelled dashed line, each bar's minutes written on it.

use super::{c, hatch, line, num, open, short_date, spread, text, Chart, Fit};
use backcalm_core::insights::WeekMinutes;
use jiff::civil::Date;
use std::fmt::Write;

const KEY: &str = "minutes";

/// The most recent weeks drawn (the table below lists them all).
fn weeks_shown(fit: Fit) -> usize {
    match fit {
        Fit::Wide => 12,
        Fit::Compact => 6,
    }
}

/// A round top for the scale above `max`: 10, 20, 30, 60, 90, 120, 180, …
fn scale_top(max: f64) -> f64 {
    let steps = [
        10.0, 20.0, 30.0, 45.0, 60.0, 90.0, 120.0, 180.0, 240.0, 300.0, 420.0, 600.0,
    ];
    steps
        .into_iter()
        .find(|s| *s >= max)
        .unwrap_or_else(|| (max / 100.0).ceil() * 100.0)
}

/// The chart, or `None` when there are no weeks.
pub(crate) fn minutes_chart(weeks: &[WeekMinutes]) -> Option<Chart> {
    if weeks.is_empty() {
        return None;
    }
    Some(Chart {
        wide: draw(Fit::Wide, weeks),
        compact: draw(Fit::Compact, weeks),
    })
}

fn description(shown: &[WeekMinutes]) -> String {
    let goal = shown.first().and_then(|w| w.goal_minutes);
    let mut d = format!(
        "Minutes practised in each of the last {} {}",
        shown.len(),
        if shown.len() == 1 { "week" } else { "weeks" }
    );
    match goal {
        Some(g) => {
            let met = shown.iter().filter(|w| w.goal_met == Some(true)).count();
            let _ = write!(
                d,
                ", against a goal of {g} minutes a week; the goal was met in {met} of them."
            );
        }
        None => d.push_str("; no weekly goal is set."),
    }
    if let Some(w) = shown.last() {
        let _ = write!(
            d,
            " This week (from {}): {} minutes.",
            short_date(w.week_start),
            num(w.minutes, 0)
        );
    }
    d.push_str(" The table below lists every week.");
    d
}

/// A week's label: `2 Mar`, or `29 Dec 2025` when the weeks shown cross a year.
fn week_label(start: Date, across_years: bool) -> String {
    if across_years {
        start.strftime("%-d %b %Y").to_string()
    } else {
        short_date(start)
    }
}

fn draw(fit: Fit, all: &[WeekMinutes]) -> String {
    let shown = &all[all.len().saturating_sub(weeks_shown(fit))..];
    let height = if fit == Fit::Compact { 240.0 } else { 270.0 };
    let (left, right, top, bottom) = (38.0, fit.width() - 8.0, 24.0, height - 30.0);
    let goal = shown.first().and_then(|w| w.goal_minutes).map(f64::from);
    let most = shown.iter().map(|w| w.minutes).fold(0.0, f64::max);
    let top_value = scale_top(most.max(goal.map_or(0.0, |g| g * 1.15)));
    let y = |v: f64| bottom - v / top_value * (bottom - top);

    let mut out = String::new();
    open(
        &mut out,
        fit,
        height,
        KEY,
        "Minutes practised per week",
        &description(shown),
    );
    for i in 0..=3 {
        let v = top_value * f64::from(i) / 3.0;
        line(&mut out, (left, y(v)), (right, y(v)), "grid");
        text(&mut out, left - 6.0, y(v) + 4.5, "tick", "end", &num(v, 0));
    }
    let slot = (right - left) / shown.len() as f64;
    let bar = (slot * 0.62).min(56.0);
    let labelled = spread(shown.len(), if fit == Fit::Compact { 3 } else { 6 });
    let across_years = match (shown.first(), shown.last()) {
        (Some(a), Some(b)) => a.week_start.year() != b.week_start.year(),
        _ => false,
    };
    for (i, w) in shown.iter().enumerate() {
        let x = left + slot * (i as f64 + 0.5);
        let class = match w.goal_met {
            Some(true) => "bar bar-met",
            Some(false) => "bar bar-short",
            None => "bar",
        };
        let fill = if w.goal_met == Some(false) {
            format!(r#" fill="{}""#, hatch(fit, KEY))
        } else {
            String::new()
        };
        let top_y = y(w.minutes);
        let _ = write!(
            out,
            r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}"{fill}/>"#,
            c(x - bar / 2.0),
            c(top_y),
            c(bar),
            c((bottom - top_y).max(0.0)),
        );
        let value = if w.goal_met == Some(true) {
            format!("{} ✓", num(w.minutes, 0))
        } else {
            num(w.minutes, 0)
        };
        text(&mut out, x, top_y - 6.0, "value", "middle", &value);
        if labelled.contains(&i) {
            text(
                &mut out,
                x,
                bottom + 20.0,
                "tick",
                "middle",
                &week_label(w.week_start, across_years),
            );
        }
    }
    line(&mut out, (left, bottom), (right, bottom), "axis");
    if let Some(g) = goal {
        let gy = y(g);
        line(&mut out, (left, gy), (right, gy), "goal-line");
        text(
            &mut out,
            left + 4.0,
            gy - 6.0,
            "label",
            "start",
            &format!("goal {} min", num(g, 0)),
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::{scale_top, week_label};
    use jiff::civil::date;

    #[test]
    fn week_labels_carry_the_year_across_new_year() {
        assert_eq!(week_label(date(2025, 12, 29), false), "29 Dec");
        assert_eq!(week_label(date(2025, 12, 29), true), "29 Dec 2025");
    }

    #[test]
    fn the_scale_rounds_up_to_a_friendly_number() {
        assert_eq!(scale_top(0.0), 10.0);
        assert_eq!(scale_top(34.5), 45.0);
        assert_eq!(scale_top(700.0), 700.0);
        assert_eq!(scale_top(701.0), 800.0);
    }
}
