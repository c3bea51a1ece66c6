//! The report's charts as inline SVG: black, white and greys only, so they
//! read the same printed in greyscale. No `style` attributes, so the markup
//! also passes a strict Content-Security-Policy when the web app serves it.

use crate::chart::{pain_chart, week_chart, Plot, Tick};
use crate::html::escape;
use backcalm_core::chart::Grain;
use backcalm_core::report::Report;
use std::fmt::Write;

/// The charts' coordinate box; the CSS scales them to the page width.
const WIDTH: f64 = 720.0;
const PAIN_HEIGHT: f64 = 135.0;
/// The week chart sits in a half-width column: a narrower box keeps its labels legible.
const WEEK_WIDTH: f64 = 360.0;
const WEEK_HEIGHT: f64 = 84.0;
const FONT: f64 = 12.0;

fn open(out: &mut String, width: f64, height: f64, label: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg"><title>{label}</title>"#,
        label = escape(label)
    );
}

fn x_labels(out: &mut String, plot: &Plot, ticks: &[Tick]) {
    for t in ticks {
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" font-size="{FONT}" text-anchor="middle" fill="#333">{}</text>"##,
            t.at,
            plot.bottom + FONT * 1.3,
            escape(&t.text)
        );
    }
}

/// Daily pain (open dots) and its 7-day mean (thick line), on 0-10.
pub(crate) fn pain(report: &Report) -> String {
    let c = pain_chart(&report.period, &report.pain.days, WIDTH, PAIN_HEIGHT, FONT);
    let p = c.plot;
    let mut out = String::with_capacity(4096);
    let label = match c.grain {
        Grain::Day => "Pain 0 to 10: daily mean as dots, 7-day mean as a line",
        Grain::Week => "Pain 0 to 10: weekly means as dots joined by a line",
        Grain::Month => "Pain 0 to 10: monthly means as dots joined by a line",
    };
    open(&mut out, WIDTH, PAIN_HEIGHT, label);
    for t in &c.y_ticks {
        let _ = write!(
            out,
            r##"<line x1="{l:.1}" y1="{y:.1}" x2="{r:.1}" y2="{y:.1}" stroke="#ccc" stroke-width="0.6"/><text x="{tx:.1}" y="{ty:.1}" font-size="{FONT}" text-anchor="end" fill="#333">{}</text>"##,
            escape(&t.text),
            l = p.left,
            r = p.right,
            y = t.at,
            tx = p.left - FONT * 0.4,
            ty = t.at + FONT * 0.35,
        );
    }
    x_labels(&mut out, &p, &c.x_ticks);
    // The 7-day mean is the thick trend; joined weekly or monthly means are a thin guide.
    let stroke = if c.grain == Grain::Day { 2.4 } else { 1.2 };
    for run in &c.mean_runs {
        let points: Vec<String> = run.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = write!(
            out,
            r##"<polyline points="{}" fill="none" stroke="#000" stroke-width="{stroke}" stroke-linejoin="round"/>"##,
            points.join(" ")
        );
    }
    for (x, y) in &c.dots {
        let _ = write!(
            out,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="2.6" fill="#fff" stroke="#555" stroke-width="1.1"/>"##
        );
    }
    out.push_str("</svg>");
    out
}

/// Minutes per week as grey bars, the goal as a dashed line.
pub(crate) fn weeks(report: &Report) -> String {
    let c = week_chart(&report.adherence, WEEK_WIDTH, WEEK_HEIGHT, FONT);
    let p = c.plot;
    let mut out = String::with_capacity(2048);
    open(
        &mut out,
        WEEK_WIDTH,
        WEEK_HEIGHT,
        "Minutes practised per week",
    );
    let _ = write!(
        out,
        r##"<line x1="{:.1}" y1="{b:.1}" x2="{:.1}" y2="{b:.1}" stroke="#333" stroke-width="0.8"/>"##,
        p.left,
        p.right,
        b = p.bottom
    );
    // Minutes above each bar only while they have room to be read.
    let labelled = c.bars.len() <= crate::chart::MAX_LABELLED_BARS;
    for bar in &c.bars {
        let _ = write!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#999"/>"##,
            bar.x, bar.y, bar.width, bar.height,
        );
        if labelled {
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" font-size="{FONT}" text-anchor="middle" fill="#000">{}</text>"##,
                bar.x + bar.width / 2.0,
                bar.y - FONT * 0.3,
                escape(&bar.minutes)
            );
        }
    }
    if let Some(y) = c.goal_y {
        let _ = write!(
            out,
            r##"<line x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#000" stroke-width="1.2" stroke-dasharray="6 4"/>"##,
            p.left, p.right
        );
    }
    x_labels(&mut out, &p, &c.x_ticks);
    out.push_str("</svg>");
    out
}
