//! Per technique: the mean change from before to after a session, with its
//! 95% interval as a whisker, on a scale whose zero ("no change") is marked.
//! Each row is labelled with the technique, n and the numbers themselves.

use super::{c, line, open, signed, text, Chart, Fit};
use backcalm_core::insights::{Effect, TechniqueEffect};
use std::fmt::Write;

/// Which rating's change is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Pain,
    Stress,
}

impl Outcome {
    /// `pain` or `stress`.
    pub fn id(self) -> &'static str {
        match self {
            Outcome::Pain => "pain",
            Outcome::Stress => "stress",
        }
    }

    /// This outcome's effect for a technique, if there is enough data.
    pub fn of(self, t: &TechniqueEffect) -> Option<Effect> {
        match self {
            Outcome::Pain => t.pain,
            Outcome::Stress => t.stress,
        }
    }
}

pub(crate) use backcalm_core::insights::words::effect_words;

/// The chart for one outcome, or `None` when no technique has enough data.
pub(crate) fn effects_chart(techniques: &[TechniqueEffect], outcome: Outcome) -> Option<Chart> {
    let rows: Vec<(&TechniqueEffect, Effect)> = techniques
        .iter()
        .filter_map(|t| outcome.of(t).map(|e| (t, e)))
        .collect();
    if rows.is_empty() {
        return None;
    }
    Some(Chart {
        wide: draw(Fit::Wide, &rows, outcome),
        compact: draw(Fit::Compact, &rows, outcome),
    })
}

fn description(rows: &[(&TechniqueEffect, Effect)], outcome: Outcome) -> String {
    let mut d = format!(
        "Change in {} from before to after a session, after minus before, with 95% intervals.",
        outcome.id()
    );
    for (t, e) in rows {
        let _ = write!(
            d,
            " {}: {} over {} sessions.",
            t.kind.label(),
            effect_words(e),
            e.n
        );
    }
    d
}

fn draw(fit: Fit, rows: &[(&TechniqueEffect, Effect)], outcome: Outcome) -> String {
    let compact = fit == Fit::Compact;
    let row_h = if compact { 74.0 } else { 56.0 };
    let (left, right, top) = (12.0, fit.width() - 12.0, 34.0);
    let bottom = top + row_h * rows.len() as f64;
    let height = bottom + 46.0;
    // At least −3 to +1, widened to whole points that hold every interval.
    let lo = rows
        .iter()
        .map(|(_, e)| e.ci_low)
        .fold(-3.0, f64::min)
        .floor();
    let hi = rows
        .iter()
        .map(|(_, e)| e.ci_high)
        .fold(1.0, f64::max)
        .ceil();
    let x = |v: f64| left + (v - lo) / (hi - lo) * (right - left);

    let mut out = String::new();
    let title = format!("Change in {} after each kind of practice", outcome.id());
    open(
        &mut out,
        fit,
        height,
        &format!("effect-{}", outcome.id()),
        &title,
        &description(rows, outcome),
    );
    let step = if hi - lo > 8.0 { 2 } else { 1 };
    let mut v = lo as i64;
    while v as f64 <= hi {
        let xv = x(v as f64);
        line(&mut out, (xv, top - 6.0), (xv, bottom), "grid");
        text(
            &mut out,
            xv,
            bottom + 18.0,
            "tick",
            "middle",
            &signed(v as f64, 0),
        );
        v += step;
    }
    let zero = x(0.0);
    line(&mut out, (zero, top - 10.0), (zero, bottom), "zero-line");
    text(&mut out, zero, top - 16.0, "label", "middle", "no change");
    text(
        &mut out,
        left,
        bottom + 38.0,
        "legend",
        "start",
        "← lower after",
    );
    text(
        &mut out,
        right,
        bottom + 38.0,
        "legend",
        "end",
        "higher after →",
    );

    for (i, (t, e)) in rows.iter().enumerate() {
        let row_top = top + row_h * i as f64;
        let label = format!("{} · n = {}", t.kind.label(), e.n);
        let numbers = effect_words(e);
        let whisker_y = if compact {
            text(&mut out, left, row_top + 16.0, "row-label", "start", &label);
            text(
                &mut out,
                left,
                row_top + 34.0,
                "row-numbers",
                "start",
                &numbers,
            );
            row_top + 54.0
        } else {
            text(&mut out, left, row_top + 18.0, "row-label", "start", &label);
            text(
                &mut out,
                right,
                row_top + 18.0,
                "row-numbers",
                "end",
                &numbers,
            );
            row_top + 38.0
        };
        let (x1, x2) = (x(e.ci_low), x(e.ci_high));
        line(&mut out, (x1, whisker_y), (x2, whisker_y), "whisker");
        for xe in [x1, x2] {
            line(
                &mut out,
                (xe, whisker_y - 7.0),
                (xe, whisker_y + 7.0),
                "whisker",
            );
        }
        let xm = x(e.mean);
        let _ = write!(
            out,
            r#"<path class="effect-mean" d="M {} {} L {} {} L {} {} L {} {} Z"/>"#,
            c(xm),
            c(whisker_y - 7.0),
            c(xm + 7.0),
            c(whisker_y),
            c(xm),
            c(whisker_y + 7.0),
            c(xm - 7.0),
            c(whisker_y)
        );
    }
    out.push_str("</svg>");
    out
}
