//! The one page: what goes where. Runs once per candidate layout to measure,
//! then once more to draw the first layout that fits.

use super::pen::{Align, Pen, Style};
use crate::chart::{pain_chart, week_chart};
use crate::{fit, html::TITLE};
use backcalm_core::chart::Grain;
use backcalm_core::report::Report;

pub(crate) const BODY: Style = Style::new(8.6);
const SMALL: Style = Style::new(7.4).grey(60);
const HEADING: Style = Style::new(10.2).bold();
const TITLE_STYLE: Style = Style::new(15.0).bold();
const AXIS: f32 = 7.0;
const GAP: f32 = 9.0;

/// The content box on the page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub left: f32,
    pub top: f32,
    pub width: f32,
    pub bottom: f32,
}

/// The knobs turned until the page fits: a shorter chart, fewer notes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Layout {
    pub chart_height: f32,
    pub max_notes: usize,
}

/// Tried in order; the first that fits is drawn.
pub(crate) const LAYOUTS: [Layout; 7] = [
    Layout {
        chart_height: 150.0,
        max_notes: fit::MAX_NOTES,
    },
    Layout {
        chart_height: 120.0,
        max_notes: fit::MAX_NOTES,
    },
    Layout {
        chart_height: 100.0,
        max_notes: 4,
    },
    Layout {
        chart_height: 90.0,
        max_notes: 3,
    },
    Layout {
        chart_height: 90.0,
        max_notes: 2,
    },
    Layout {
        chart_height: 90.0,
        max_notes: 1,
    },
    Layout {
        chart_height: 90.0,
        max_notes: 0,
    },
];

fn heading(pen: &mut Pen, x: f32, width: f32, y: f32, text: &str) -> f32 {
    pen.text(x, y + HEADING.size, text, HEADING, Align::Left);
    let rule = y + HEADING.size + 3.0;
    pen.line((x, rule), (x + width, rule), 0.5, 90, None);
    HEADING.size + 6.0
}

/// Lays out (and with a drawing pen, draws) the page; returns the y where the content ends.
pub(crate) fn compose(pen: &mut Pen, r: &Report, f: &Frame, layout: &Layout) -> f32 {
    let mut y = f.top;
    let (x, w) = (f.left, f.width);
    pen.text(x, y + TITLE_STYLE.size, TITLE, TITLE_STYLE, Align::Left);
    y += TITLE_STYLE.leading() + 1.0;
    let c = &r.records;
    let period = format!(
        "Period {} ({} days) · generated {} · time zone {}",
        r.period, r.period.days, r.generated_on, r.tz
    );
    y += pen.paragraph(x, y, w, &period, BODY.bold());
    let counts = format!(
        "{} · {} check-ins on {} days · {} practice sessions · {} questionnaires",
        r.provenance, c.checkins, c.days_with_checkins, c.sessions, c.questionnaires
    );
    y += pen.paragraph(x, y, w, &counts, SMALL);

    y += GAP;
    y += pain_section(pen, r, f, layout, y);

    y += GAP;
    let half = (w - 18.0) / 2.0;
    let left = practice_section(pen, r, x, half, y);
    let right = regions_section(pen, r, x + half + 18.0, half, y);
    y += left.max(right);

    y += GAP;
    y += techniques_section(pen, r, f, y);

    y += GAP;
    y += heading(pen, x, w, y, "Red-flag screen");
    let screen = match &r.screen {
        None => "No red-flag screen result is in this report.".to_string(),
        Some(s) => s.sentence(),
    };
    y += pen.paragraph(x, y, w, &screen, BODY);

    y += GAP;
    y += notes_section(pen, r, f, layout, y);
    y
}

/// The footer, drawn from the bottom up; returns its height.
pub(crate) fn footer(pen: &mut Pen, r: &Report, f: &Frame) -> f32 {
    let text = format!(
        "{} {} Made on {}.",
        r.disclaimer, r.provenance, r.generated_on
    );
    let lines = pen.wrap(&text, SMALL, f.width).len() as f32;
    let height = SMALL.leading() * lines + 4.0;
    let top = f.bottom - height;
    pen.line((f.left, top), (f.left + f.width, top), 0.5, 90, None);
    pen.paragraph(f.left, top + 3.0, f.width, &text, SMALL);
    height
}

fn pain_section(pen: &mut Pen, r: &Report, f: &Frame, layout: &Layout, top: f32) -> f32 {
    let (x, w) = (f.left, f.width);
    let mut y = top + heading(pen, x, w, top, "Pain (0-10)");
    y += pen.paragraph(x, y, w, &r.baseline.sentence, BODY);
    if let Some(label) = r.baseline.immpact {
        y += pen.paragraph(
            x,
            y,
            w,
            &format!("Change from baseline: {label}"),
            BODY.bold(),
        );
    }
    if r.pain.days.is_empty() {
        y += pen.paragraph(x, y, w, "No check-ins in this period.", BODY);
    } else {
        y += 2.0;
        let chart = pain_chart(
            &r.period,
            &r.pain.days,
            f64::from(w),
            f64::from(layout.chart_height),
            f64::from(AXIS),
        );
        let at = |(px, py): (f64, f64)| (x + px as f32, y + py as f32);
        let p = chart.plot;
        for t in &chart.y_ticks {
            let (l, ty) = at((p.left, t.at));
            pen.line((l, ty), (x + p.right as f32, ty), 0.4, 200, None);
            pen.text(
                l - 3.0,
                ty + AXIS * 0.35,
                &t.text,
                Style::new(AXIS).grey(50),
                Align::Right,
            );
        }
        for t in &chart.x_ticks {
            let (tx, ty) = at((t.at, p.bottom));
            pen.text(
                tx,
                ty + AXIS * 1.4,
                &t.text,
                Style::new(AXIS).grey(50),
                Align::Centre,
            );
        }
        let daily = chart.grain == Grain::Day;
        for run in &chart.mean_runs {
            let points: Vec<(f32, f32)> = run.iter().map(|&pt| at(pt)).collect();
            pen.polyline(&points, if daily { 1.8 } else { 0.9 }, 0, None);
        }
        for &dot in &chart.dots {
            let (cx, cy) = at(dot);
            pen.ring(cx, cy, 1.7, 70, 0.7);
        }
        y += layout.chart_height;
        // Legend: a sample of each mark, then its words.
        let ly = y + 2.0;
        let dots = match chart.grain {
            Grain::Day => "daily mean",
            Grain::Week => "weekly mean",
            Grain::Month => "monthly mean",
        };
        pen.ring(x + 4.0, ly + SMALL.size * 0.6, 1.7, 70, 0.7);
        pen.text(x + 10.0, ly + SMALL.size, dots, SMALL, Align::Left);
        let lx = x + 14.0 + pen.width(dots, SMALL) + 10.0;
        pen.line(
            (lx, ly + SMALL.size * 0.6),
            (lx + 14.0, ly + SMALL.size * 0.6),
            if daily { 1.8 } else { 0.9 },
            0,
            None,
        );
        let line = match chart.grain {
            Grain::Day => "7-day rolling mean (from 3 days with check-ins).",
            Grain::Week => "the weeks joined (each the mean of its days).",
            Grain::Month => "the months joined (each the mean of its days).",
        };
        let legend = match (r.pain.mean, r.pain.range) {
            (Some(m), Some((lo, hi))) => {
                format!("{line} Mean of daily means {m:.1}; lowest day {lo:.1}, highest {hi:.1}.")
            }
            _ => line.to_string(),
        };
        y += 2.0 + pen.paragraph(lx + 18.0, ly, x + w - lx - 18.0, &legend, SMALL);
    }
    y += 2.0;
    let peg = format!(
        "PEG-3 (pain, enjoyment of life, general activity; 0-10): {}",
        r.peg.sentence
    );
    y += pen.paragraph(x, y, w, &peg, BODY);
    y - top
}

fn practice_section(pen: &mut Pen, r: &Report, x: f32, w: f32, top: f32) -> f32 {
    let mut y = top + heading(pen, x, w, top, "Practice");
    y += pen.paragraph(x, y, w, &r.adherence.sentence, BODY);
    let height: f32 = 62.0;
    let chart = week_chart(
        &r.adherence,
        f64::from(w),
        f64::from(height),
        f64::from(AXIS),
    );
    let at = |(px, py): (f64, f64)| (x + px as f32, y + py as f32);
    let p = chart.plot;
    for b in &chart.bars {
        let (bx, by) = at((b.x, b.y));
        pen.rect(bx, by, b.width as f32, b.height as f32, 150);
        if chart.bars.len() <= crate::chart::MAX_LABELLED_BARS {
            pen.text(
                bx + b.width as f32 / 2.0,
                by - 2.0,
                &b.minutes,
                Style::new(AXIS - 0.6),
                Align::Centre,
            );
        }
    }
    let (l, base) = at((p.left, p.bottom));
    pen.line((l, base), (x + p.right as f32, base), 0.6, 40, None);
    if let Some(goal) = chart.goal_y {
        let (_, gy) = at((p.left, goal));
        pen.line((l, gy), (x + p.right as f32, gy), 0.9, 0, Some((3.0, 2.0)));
    }
    for t in &chart.x_ticks {
        let (tx, ty) = at((t.at, p.bottom));
        pen.text(
            tx,
            ty + AXIS * 1.4,
            &t.text,
            Style::new(AXIS).grey(50),
            Align::Centre,
        );
    }
    y += height;
    let caption = if r.adherence.goal_minutes.is_some() {
        "Minutes per week (weeks start on Monday); dashed line: weekly goal."
    } else {
        "Minutes per week (weeks start on Monday)."
    };
    y += 2.0 + pen.paragraph(x, y + 2.0, w, caption, SMALL);
    y - top
}

fn regions_section(pen: &mut Pen, r: &Report, x: f32, w: f32, top: f32) -> f32 {
    let mut y = top + heading(pen, x, w, top, "Where it hurts");
    let (shown, hidden) = fit::regions(r);
    if shown.is_empty() {
        y += pen.paragraph(x, y, w, "No body regions marked in this period.", BODY);
        return y - top;
    }
    y += pen.paragraph(
        x,
        y,
        w,
        &format!("Check-ins marking each region, of {}:", r.records.checkins),
        SMALL,
    );
    for region in shown {
        let baseline = y + BODY.size;
        pen.text(
            x + w,
            baseline,
            &region.checkins.to_string(),
            BODY.bold(),
            Align::Right,
        );
        y += pen.paragraph(x, y, w - 24.0, &region.words, BODY);
    }
    if let Some(more) = fit::more(hidden, "regions") {
        y += pen.paragraph(x, y, w, &more, SMALL);
    }
    y - top
}

fn techniques_section(pen: &mut Pen, r: &Report, f: &Frame, top: f32) -> f32 {
    let (x, w) = (f.left, f.width);
    let mut y = top
        + heading(
            pen,
            x,
            w,
            top,
            "Techniques: change from before to after a session",
        );
    if r.techniques.is_empty() {
        y += pen.paragraph(x, y, w, "No practice sessions in this period.", BODY);
    } else {
        let cols = [0.28 * w, 0.1 * w, 0.31 * w, 0.31 * w];
        let starts = [
            x,
            x + cols[0],
            x + cols[0] + cols[1],
            x + cols[0] + cols[1] + cols[2],
        ];
        let header = [
            "Technique",
            "Sessions",
            "Pain, after − before",
            "Stress, after − before",
        ];
        let mut row_height = 0.0_f32;
        for (i, h) in header.iter().enumerate() {
            row_height = row_height.max(pen.paragraph(starts[i], y, cols[i] - 4.0, h, BODY.bold()));
        }
        y += row_height + 1.0;
        pen.line((x, y), (x + w, y), 0.6, 0, None);
        y += 1.5;
        for t in &r.techniques {
            let cells = [
                t.label.to_string(),
                t.sessions.to_string(),
                t.pain.text(),
                t.stress.text(),
            ];
            let mut h = 0.0_f32;
            for (i, text) in cells.iter().enumerate() {
                h = h.max(pen.paragraph(starts[i], y, cols[i] - 4.0, text, BODY));
            }
            y += h + 1.0;
            pen.line((x, y), (x + w, y), 0.3, 170, None);
            y += 1.5;
        }
    }
    let note = format!(
        "Mean change with its 95% confidence interval, 0-10 scale; negative means lower after the session. {}",
        r.association_note
    );
    y += pen.paragraph(x, y + 1.0, w, &note, SMALL) + 1.0;
    y - top
}

fn notes_section(pen: &mut Pen, r: &Report, f: &Frame, layout: &Layout, top: f32) -> f32 {
    let (x, w) = (f.left, f.width);
    let mut y = top + heading(pen, x, w, top, "Notes for the clinician");
    if r.notes.is_empty() {
        y += pen.paragraph(
            x,
            y,
            w,
            "No notes marked for the clinician in this period.",
            BODY,
        );
        return y - top;
    }
    let (all, hidden) = fit::notes(r);
    let skip = all.len().saturating_sub(layout.max_notes);
    for (date, text) in &all[skip..] {
        let d = date.to_string();
        pen.text(x, y + BODY.size, &d, BODY.bold(), Align::Left);
        let indent = pen.width("0000-00-00", BODY.bold()) + 6.0;
        y += pen.paragraph(x + indent, y, w - indent, text, BODY) + 1.0;
    }
    if let Some(more) = fit::notes_left_out(hidden + skip, all.len() - skip) {
        y += pen.paragraph(x, y, w, &more, SMALL);
    }
    y - top
}
