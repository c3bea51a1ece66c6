//! Charts drawn on the server as SVG, so they need no JavaScript.
//!
//! Each chart is drawn twice, for a phone and for a wide screen (CSS shows
//! one), so its text stays at reading size: an SVG scales its text with its
//! width. Nothing relies on colour alone: series differ by shape (open dots,
//! a thick line, dashes, hatching) and every reference line is labelled
//! where it is drawn. Every chart is `role="img"` with a `<title>` and a
//! `<desc>` that says what it shows in words, and the page follows it with a
//! table of the same numbers. Colours come from the stylesheet
//! (`static/insights.css`), so light and dark themes both work.

mod effects;
mod minutes;
mod pain;

pub(crate) use effects::{effect_words, effects_chart, Outcome};
pub(crate) use minutes::minutes_chart;
pub(crate) use pain::{baseline_shown, pain_chart, point_words, PainRange};

use jiff::civil::Date;
use std::fmt::Write;

/// One chart in its two sizes; the page shows whichever fits.
#[derive(Debug, Clone)]
pub(crate) struct Chart {
    /// For screens wider than about 36 rem.
    pub wide: String,
    /// For phones.
    pub compact: String,
}

/// The two sizes a chart is drawn at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fit {
    Wide,
    Compact,
}

impl Fit {
    /// The width of the drawing, in SVG units (about CSS pixels when shown).
    /// The compact drawing fills a 320 px screen (about 280 px inside the
    /// page's margins) at 300 units, so its 12-unit labels show at 11 px or more.
    fn width(self) -> f64 {
        match self {
            Fit::Wide => 720.0,
            Fit::Compact => 300.0,
        }
    }

    fn id(self) -> &'static str {
        match self {
            Fit::Wide => "wide",
            Fit::Compact => "compact",
        }
    }
}

// Numbers in core's one wording; SVG text escaped as the report escapes its HTML.
pub(crate) use backcalm_core::insights::words::{number as num, signed};
pub(crate) use backcalm_report::escape as esc;

/// A date as a short label: `3 Mar`.
pub(crate) fn short_date(d: Date) -> String {
    d.strftime("%-d %b").to_string()
}

/// A coordinate, to one decimal.
fn c(x: f64) -> String {
    format!("{x:.1}")
}

/// Opens an `<svg>` with its accessible name and description; `key` keeps ids unique on the page.
fn open(out: &mut String, fit: Fit, height: f64, key: &str, title: &str, desc: &str) {
    let id = format!("{key}-{}", fit.id());
    let _ = write!(
        out,
        r#"<svg class="chart chart-{fit} chart-{key}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{label}" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>"#,
        fit = fit.id(),
        w = c(fit.width()),
        h = c(height),
        label = esc(title),
        title = esc(title),
        desc = esc(desc),
    );
    // Hatching for areas that must read without colour; one pattern per drawing.
    let _ = write!(
        out,
        r#"<defs><pattern id="{id}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect class="hatch-bg" width="8" height="8"/><line class="hatch-line" x1="0" y1="0" x2="0" y2="8"/></pattern></defs>"#
    );
}

/// The id of the hatch pattern [`open`] defined for this drawing.
fn hatch(fit: Fit, key: &str) -> String {
    format!("url(#{key}-{}-hatch)", fit.id())
}

fn text(out: &mut String, x: f64, y: f64, class: &str, anchor: &str, words: &str) {
    let _ = write!(
        out,
        r#"<text class="{class}" x="{}" y="{}" text-anchor="{anchor}">{}</text>"#,
        c(x),
        c(y),
        esc(words)
    );
}

fn line(out: &mut String, (x1, y1): (f64, f64), (x2, y2): (f64, f64), class: &str) {
    let _ = write!(
        out,
        r#"<line class="{class}" x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
        c(x1),
        c(y1),
        c(x2),
        c(y2)
    );
}

/// Up to `most` evenly spaced indexes of `0..n`, always the first and the last.
fn spread(n: usize, most: usize) -> Vec<usize> {
    if n == 0 || most == 0 {
        return Vec::new();
    }
    if n <= most {
        return (0..n).collect();
    }
    let steps = most.max(2) - 1;
    let mut out: Vec<usize> = (0..=steps)
        .map(|i| ((i * (n - 1)) as f64 / steps as f64).round() as usize)
        .collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_keeps_both_ends() {
        assert_eq!(spread(3, 6), vec![0, 1, 2]);
        assert_eq!(spread(31, 4), vec![0, 10, 20, 30]);
        assert_eq!(spread(0, 4), Vec::<usize>::new());
    }
}
