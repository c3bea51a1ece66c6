//! Pain over time: each day's mean as an open dot, the 7-day mean as a thick
//! line, and the baseline as a hatched band over its days with a dashed line
//! at its level (and a dotted one 30% lower, the IMMPACT "meaningful" mark).

use super::{c, esc, hatch, line, num, open, short_date, spread, text, Chart, Fit};
use backcalm_core::insights::{Baseline, DayRow};
use jiff::civil::Date;
use std::fmt::Write;

const KEY: &str = "pain";

struct Frame {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    first: Date,
    days: f64,
}

impl Frame {
    fn x(&self, d: Date) -> f64 {
        let i = self
            .first
            .until(d)
            .map(|s| f64::from(s.get_days()))
            .unwrap_or(0.0);
        self.left + (i + 0.5) / self.days * (self.right - self.left)
    }

    fn y(&self, pain: f64) -> f64 {
        self.top + (10.0 - pain.clamp(0.0, 10.0)) / 10.0 * (self.bottom - self.top)
    }
}

/// The chart, or `None` when there is no check-in to draw.
pub(crate) fn pain_chart(days: &[DayRow], baseline: Option<&Baseline>) -> Option<Chart> {
    let (first, last) = (days.first()?.date, days.last()?.date);
    Some(Chart {
        wide: draw(Fit::Wide, days, baseline, first, last),
        compact: draw(Fit::Compact, days, baseline, first, last),
    })
}

fn description(days: &[DayRow], baseline: Option<&Baseline>, first: Date, last: Date) -> String {
    let mut d = format!(
        "Average pain per day, 0 to 10, from {} to {}: {} {} with check-ins.",
        short_date(first),
        short_date(last),
        days.len(),
        if days.len() == 1 { "day" } else { "days" }
    );
    let rolling: Vec<f64> = days.iter().filter_map(|r| r.rolling7).collect();
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
            short_date(b.baseline_from),
            short_date(b.baseline_to),
            num(b.current, 1)
        );
    }
    d.push_str(" The table below lists every day.");
    d
}

fn draw(fit: Fit, days: &[DayRow], baseline: Option<&Baseline>, first: Date, last: Date) -> String {
    let compact = fit == Fit::Compact;
    let height = if compact { 250.0 } else { 290.0 };
    let span = first.until(last).map(|s| s.get_days()).unwrap_or(0);
    let f = Frame {
        left: 30.0,
        // Room on the right for the reference lines' labels, beside them rather than on the data.
        right: fit.width() - if compact { 58.0 } else { 96.0 },
        top: 40.0,
        bottom: height - 30.0,
        first,
        days: f64::from(span) + 1.0,
    };
    let mut out = String::new();
    open(
        &mut out,
        fit,
        height,
        KEY,
        "Pain over time",
        &description(days, baseline, first, last),
    );
    legend(&mut out, fit, baseline.is_some());

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
    // Dates along the bottom, as many as fit.
    let most = if compact { 3 } else { 6 };
    let n = usize::try_from(span).unwrap_or(0) + 1;
    for i in spread(n, most) {
        let d = first.saturating_add(jiff::Span::new().days(i as i64));
        let anchor = match i {
            0 => "start",
            i if i + 1 == n && n > 1 => "end",
            _ => "middle",
        };
        let x = match anchor {
            "start" => f.x(d) - 4.0,
            "end" => f.x(d) + 4.0,
            _ => f.x(d),
        };
        text(&mut out, x, f.bottom + 20.0, "tick", anchor, &short_date(d));
    }

    if let Some(b) = baseline {
        baseline_marks(&mut out, fit, &f, b);
    }

    // The 7-day mean: one path, broken where the mean is undefined.
    let mut path = String::new();
    let mut pen_down = false;
    for r in days {
        match r.rolling7 {
            Some(m) => {
                let _ = write!(
                    path,
                    "{}{} {} ",
                    if pen_down { "L" } else { "M" },
                    c(f.x(r.date)),
                    c(f.y(m))
                );
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    if !path.is_empty() {
        let _ = write!(out, r#"<path class="rolling" d="{}"/>"#, path.trim_end());
    }
    // A rolling mean of a single point still needs a mark to be seen.
    let dot = if compact { 3.0 } else { 3.5 };
    for r in days {
        let _ = write!(
            out,
            r#"<circle class="day" cx="{}" cy="{}" r="{dot}"><title>{}: {}</title></circle>"#,
            c(f.x(r.date)),
            c(f.y(r.pain_mean)),
            esc(&short_date(r.date)),
            num(r.pain_mean, 1)
        );
    }
    out.push_str("</svg>");
    out
}

fn baseline_marks(out: &mut String, fit: Fit, f: &Frame, b: &Baseline) {
    let half = (f.right - f.left) / f.days / 2.0;
    let (x1, x2) = (f.x(b.baseline_from) - half, f.x(b.baseline_to) + half);
    let _ = write!(
        out,
        r#"<rect class="baseline-band" x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
        c(x1),
        c(f.top),
        c((x2 - x1).max(1.0)),
        c(f.bottom - f.top),
        hatch(fit, KEY)
    );
    text(
        out,
        x1 + 4.0,
        f.top + 14.0,
        "label band-label",
        "start",
        "baseline days",
    );
    let y = f.y(b.pain);
    line(out, (f.left, y), (f.right, y), "baseline-line");
    let meaningful = b.pain * 0.7;
    let y30 = f.y(meaningful);
    line(out, (f.left, y30), (f.right, y30), "meaningful-line");
    // Labels sit in the right margin at their line's height, pushed apart when the lines are close.
    let x = f.right + 6.0;
    if fit == Fit::Compact {
        let y30_label = y30.max(y + 30.0);
        text(out, x, y - 2.0, "label", "start", "baseline");
        text(out, x, y + 12.0, "label", "start", &num(b.pain, 1));
        text(out, x, y30_label - 2.0, "label", "start", "\u{2212}30%");
        text(
            out,
            x,
            y30_label + 12.0,
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

/// A legend made of the marks themselves, so it reads without colour.
fn legend(out: &mut String, fit: Fit, with_baseline: bool) {
    let y = 16.0;
    let mut x = 30.0;
    let _ = write!(
        out,
        r#"<circle class="day" cx="{}" cy="{}" r="3.5"/>"#,
        c(x + 4.0),
        c(y - 4.0)
    );
    text(out, x + 13.0, y, "legend", "start", "daily mean");
    x += if fit == Fit::Compact { 100.0 } else { 120.0 };
    line(out, (x, y - 4.0), (x + 22.0, y - 4.0), "rolling");
    text(out, x + 28.0, y, "legend", "start", "7-day mean");
    if with_baseline {
        x += if fit == Fit::Compact { 110.0 } else { 130.0 };
        line(out, (x, y - 4.0), (x + 22.0, y - 4.0), "baseline-line");
        text(out, x + 28.0, y, "legend", "start", "baseline");
    }
}
