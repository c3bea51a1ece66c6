//! Pain over time: each day's mean as an open dot and the 7-day mean as a
//! thick line, or over longer ranges weekly or monthly means as dots on a
//! thin line; the baseline as a hatched band over its days with a dashed
//! line at its level (and a dotted one 30% lower, the IMMPACT "meaningful"
//! mark). Date labels come from `backcalm_core::chart::date_ticks`.

use super::{c, esc, hatch, line, num, open, text, Chart, Fit};
use backcalm_core::chart::{date_ticks, Axis, Grain, PainPoint};
use backcalm_core::insights::Baseline;
use jiff::civil::Date;
use std::fmt::Write;

const KEY: &str = "pain";

/// The tick labels' font size (`.chart .tick` in `static/insights.css`).
const TICK_FONT: f64 = 12.0;

/// The range drawn and the points in it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PainRange<'a> {
    /// The first day drawn.
    pub from: Date,
    /// The last day drawn (included).
    pub to: Date,
    /// What each point stands for.
    pub grain: Grain,
    /// The points, oldest first ([`backcalm_core::chart::bin_pain`]).
    pub points: &'a [PainPoint],
}

struct Frame {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    first: Date,
    days: f64,
}

impl Frame {
    /// The day's index from the first day drawn, as a number.
    fn index(&self, d: Date) -> f64 {
        f64::from((d - self.first).get_days())
    }

    fn per_day(&self) -> f64 {
        (self.right - self.left) / self.days
    }

    /// The middle of day `d`'s slot.
    fn x(&self, d: Date) -> f64 {
        self.left + (self.index(d) + 0.5) * self.per_day()
    }

    /// The middle of the days a point covers.
    fn x_of(&self, p: &PainPoint) -> f64 {
        self.left + ((self.index(p.from) + self.index(p.to)) / 2.0 + 0.5) * self.per_day()
    }

    fn y(&self, pain: f64) -> f64 {
        self.top + (10.0 - pain.clamp(0.0, 10.0)) / 10.0 * (self.bottom - self.top)
    }
}

/// A day with its year, for descriptions and tooltips: `3 Mar 2026`.
fn day_words(d: Date) -> String {
    d.strftime("%-d %b %Y").to_string()
}

/// What one point stands for, in words: `3 Mar 2026`, `week from 2 Mar 2026`, `Mar 2026`.
pub(crate) fn point_words(grain: Grain, p: &PainPoint) -> String {
    match grain {
        Grain::Day => day_words(p.from),
        Grain::Week => format!("week from {}", day_words(p.from)),
        Grain::Month => p.from.strftime("%b %Y").to_string(),
    }
}

/// The chart, or `None` when there is no check-in in the range.
pub(crate) fn pain_chart(range: PainRange<'_>, baseline: Option<&Baseline>) -> Option<Chart> {
    if range.points.is_empty() || range.to < range.from {
        return None;
    }
    Some(Chart {
        wide: draw(Fit::Wide, range, baseline),
        compact: draw(Fit::Compact, range, baseline),
    })
}

fn description(range: PainRange<'_>, baseline: Option<&Baseline>) -> String {
    let days: usize = range.points.iter().map(|p| p.days).sum();
    let mut d = match range.grain {
        Grain::Day => "Average pain per day".to_string(),
        Grain::Week => "Average pain per week, the mean of its days,".to_string(),
        Grain::Month => "Average pain per month, the mean of its days,".to_string(),
    };
    let _ = write!(
        d,
        " 0 to 10, from {} to {}: {} {} with check-ins.",
        day_words(range.from),
        day_words(range.to),
        days,
        if days == 1 { "day" } else { "days" }
    );
    let rolling: Vec<f64> = range.points.iter().filter_map(|p| p.rolling7).collect();
    if let (Some(a), Some(b)) = (rolling.first(), rolling.last()) {
        let _ = write!(
            d,
            " The 7-day mean went from {} to {}.",
            num(*a, 1),
            num(*b, 1)
        );
    }
    if let Some(b) = baseline {
        let _ = write!(
            d,
            " Baseline {} ({} to {}), last 7 days {}.",
            num(b.pain, 1),
            day_words(b.baseline_from),
            day_words(b.baseline_to),
            num(b.current, 1)
        );
    }
    let _ = write!(d, " The table below lists every {}.", range.grain.noun());
    d
}

fn draw(fit: Fit, range: PainRange<'_>, baseline: Option<&Baseline>) -> String {
    let compact = fit == Fit::Compact;
    let mut marks = String::new();
    // The legend takes one row, or two on a phone; the plot starts below it.
    let legend_bottom = legend(&mut marks, fit, range.grain, baseline.is_some());
    let top = legend_bottom + 24.0;
    let height = top + if compact { 210.0 } else { 250.0 };
    let span = (range.to - range.from).get_days();
    let f = Frame {
        left: 30.0,
        // Room on the right for the reference lines' labels, beside them rather than on the data.
        right: fit.width() - if compact { 66.0 } else { 96.0 },
        top,
        bottom: height - 30.0,
        first: range.from,
        days: f64::from(span) + 1.0,
    };
    let mut out = String::new();
    open(
        &mut out,
        fit,
        height,
        KEY,
        "Pain over time",
        &description(range, baseline),
    );
    out.push_str(&marks);

    // Grid and the 0-10 scale.
    for v in (0..=10).step_by(2) {
        let y = f.y(f64::from(v));
        line(&mut out, (f.left, y), (f.right, y), "grid");
        text(
            &mut out,
            f.left - 6.0,
            y + 4.5,
            "tick",
            "end",
            &v.to_string(),
        );
    }
    // Dates along the bottom: as many as fit, none alike.
    let axis = Axis {
        from: range.from,
        to: range.to,
        x_from: f.x(range.from),
        per_day: f.per_day(),
        left: 2.0,
        right: fit.width() - 2.0,
        font: TICK_FONT,
        whole_weeks: false,
    };
    for t in date_ticks(&axis) {
        line(&mut out, (t.at, f.bottom), (t.at, f.bottom + 5.0), "axis");
        text(&mut out, t.at, f.bottom + 20.0, "tick", "middle", &t.text);
    }

    if let Some(b) = baseline {
        baseline_marks(&mut out, fit, &f, b);
    }

    let xs: Vec<f64> = range.points.iter().map(|p| f.x_of(p)).collect();
    if range.grain == Grain::Day {
        // The 7-day mean: one thick path, broken where the mean is undefined.
        let values: Vec<Option<f64>> = range.points.iter().map(|p| p.rolling7).collect();
        path(&mut out, &f, &xs, &values, |_, _| true, "rolling");
    } else {
        // Weekly or monthly means joined by a thin line, broken where a week or month is missing.
        let values: Vec<Option<f64>> = range.points.iter().map(|p| Some(p.pain_mean)).collect();
        let points = range.points;
        path(
            &mut out,
            &f,
            &xs,
            &values,
            |i, j| {
                points[i]
                    .to
                    .tomorrow()
                    .is_ok_and(|next| next == points[j].from)
            },
            "trend",
        );
    }
    // Dots shrink with the room between them, so neighbours stay apart where they can.
    let gap = xs
        .windows(2)
        .map(|w| w[1] - w[0])
        .fold(f64::INFINITY, f64::min);
    let most = if compact { 3.0 } else { 3.5 };
    let dot = (gap * 0.4).clamp(1.5, most);
    for (p, x) in range.points.iter().zip(&xs) {
        let _ = write!(
            out,
            r#"<circle class="day" cx="{}" cy="{}" r="{}"><title>{}: {}</title></circle>"#,
            c(*x),
            c(f.y(p.pain_mean)),
            c(dot),
            esc(&point_words(range.grain, p)),
            num(p.pain_mean, 1)
        );
    }
    out.push_str("</svg>");
    out
}

/// One path through `values` at `xs`, lifting the pen at a missing value or
/// between neighbours `joined` says are not next to each other.
fn path(
    out: &mut String,
    f: &Frame,
    xs: &[f64],
    values: &[Option<f64>],
    joined: impl Fn(usize, usize) -> bool,
    class: &str,
) {
    let mut d = String::new();
    let mut last: Option<usize> = None;
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => {
                let pen = if last.is_some_and(|l| joined(l, i)) {
                    "L"
                } else {
                    "M"
                };
                let _ = write!(d, "{pen}{} {} ", c(xs[i]), c(f.y(*v)));
                last = Some(i);
            }
            None => last = None,
        }
    }
    if !d.is_empty() {
        let _ = write!(out, r#"<path class="{class}" d="{}"/>"#, d.trim_end());
    }
}

/// Whether any of the baseline's days lie in the range drawn.
pub(crate) fn baseline_shown(b: &Baseline, from: Date, to: Date) -> bool {
    b.baseline_from <= to && b.baseline_to >= from
}

fn baseline_marks(out: &mut String, fit: Fit, f: &Frame, b: &Baseline) {
    let last = f
        .first
        .saturating_add(jiff::Span::new().days(f.days as i64 - 1));
    if baseline_shown(b, f.first, last) {
        let half = f.per_day() / 2.0;
        let x1 = (f.x(b.baseline_from) - half).max(f.left);
        let x2 = (f.x(b.baseline_to) + half).min(f.right);
        let _ = write!(
            out,
            r#"<rect class="baseline-band" x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
            c(x1),
            c(f.top),
            c((x2 - x1).max(1.0)),
            c(f.bottom - f.top),
            hatch(fit, KEY)
        );
        // Named on the band while the band is wide enough to be seen as one.
        if x2 - x1 >= 16.0 {
            text(
                out,
                x1 + 4.0,
                f.top + 14.0,
                "label band-label",
                "start",
                "baseline days",
            );
        }
    }
    let y = f.y(b.pain);
    line(out, (f.left, y), (f.right, y), "baseline-line");
    let meaningful = b.pain * 0.7;
    let y30 = f.y(meaningful);
    line(out, (f.left, y30), (f.right, y30), "meaningful-line");
    // Labels sit in the right margin at their line's height, pushed apart when the lines are close.
    let x = f.right + 6.0;
    if fit == Fit::Compact {
        // Two lines each, a full line apart, so their boxes never touch.
        let y30_label = y30.max(y + 34.0);
        text(out, x, y - 3.0, "label", "start", "baseline");
        text(out, x, y + 13.0, "label", "start", &num(b.pain, 1));
        text(out, x, y30_label - 3.0, "label", "start", "\u{2212}30%");
        text(
            out,
            x,
            y30_label + 13.0,
            "label",
            "start",
            &num(meaningful, 1),
        );
    } else {
        let y30_label = y30.max(y + 18.0);
        text(
            out,
            x,
            y + 4.0,
            "label",
            "start",
            &format!("baseline {}", num(b.pain, 1)),
        );
        text(
            out,
            x,
            y30_label + 4.0,
            "label",
            "start",
            &format!("\u{2212}30%: {}", num(meaningful, 1)),
        );
    }
}

/// A legend made of the marks themselves, so it reads without colour. Its
/// entries wrap to a second row when the drawing is too narrow for one;
/// returns the baseline of its last row.
fn legend(out: &mut String, fit: Fit, grain: Grain, with_baseline: bool) -> f64 {
    let name = match grain {
        Grain::Day => "daily mean",
        Grain::Week => "weekly mean",
        Grain::Month => "monthly mean",
    };
    let mut entries: Vec<(&str, &str)> = vec![("dot", name)];
    if grain == Grain::Day {
        entries.push(("rolling", "7-day mean"));
    }
    if with_baseline {
        entries.push(("baseline-line", "baseline"));
    }
    let (left, right) = (30.0, fit.width() - 4.0);
    let (mut x, mut y) = (left, 16.0);
    for (mark, words) in entries {
        // A sample 22 units wide, a gap, the words (about 7 units a character).
        let width = 28.0 + words.len() as f64 * 7.0;
        if x > left && x + width > right {
            x = left;
            y += 18.0;
        }
        if mark == "dot" {
            if grain != Grain::Day {
                line(out, (x + 3.0, y - 4.0), (x + 19.0, y - 4.0), "trend");
            }
            let _ = write!(
                out,
                r#"<circle class="day" cx="{}" cy="{}" r="3.5"/>"#,
                c(x + 11.0),
                c(y - 4.0)
            );
        } else {
            line(out, (x, y - 4.0), (x + 22.0, y - 4.0), mark);
        }
        text(out, x + 28.0, y, "legend", "start", words);
        x += width + 22.0;
    }
    y
}
