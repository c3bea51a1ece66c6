//! The report as one printable HTML page.

use crate::chart::pain_caption;
use crate::{fit, svg};
use backcalm_core::chart::Grain;
use backcalm_core::report::{Report, TechniqueRow};
use std::fmt::Write;

/// The report's stylesheet: screen and `@media print` (one A4 or Letter page).
///
/// [`html`] inlines it; a web page serving [`html_body`] links it as a file
/// instead, so the app's Content-Security-Policy needs no inline styles.
/// Every rule is scoped to `.report`.
pub const PRINT_CSS: &str = include_str!("print.css");

/// The page's title.
pub const TITLE: &str = "Back pain and practice report";

/// Escapes text for HTML (and SVG) element content and quoted attribute values;
/// the web app's charts use it too.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A whole, self-contained HTML document: the stylesheet inline, the charts
/// as inline SVG, no scripts and nothing fetched. Meant to be saved to a
/// file and opened or printed.
pub fn html(report: &Report) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{} {}</title>\n<style>\n{PRINT_CSS}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        TITLE,
        escape(&report.period.to_string()),
        html_body(report)
    )
}

/// The report as one `<article class="report">` element, without `<html>`,
/// `<head>` or styles: for a web page that links [`PRINT_CSS`] as a file.
/// It has no `style` attributes and no scripts.
pub fn html_body(report: &Report) -> String {
    let mut o = String::with_capacity(16 * 1024);
    o.push_str("<article class=\"report\">\n");
    header(&mut o, report);
    pain(&mut o, report);
    o.push_str("<div class=\"columns\">\n");
    practice(&mut o, report);
    where_it_hurts(&mut o, report);
    o.push_str("</div>\n");
    techniques(&mut o, report);
    screen(&mut o, report);
    notes(&mut o, report);
    let _ = writeln!(
        o,
        "<footer>\n<p>{} {} Made on {}.</p>\n</footer>\n</article>",
        escape(report.disclaimer),
        escape(report.provenance),
        report.generated_on
    );
    o
}

fn header(o: &mut String, r: &Report) {
    let c = &r.records;
    let _ = writeln!(
        o,
        "<header>\n<h1>{TITLE}</h1>\n<p class=\"period\">Period <strong>{}</strong> ({} days) · \
generated {} · time zone {}</p>\n<p class=\"provenance\">{}</p>\n<p class=\"counts\">{} check-ins on {} days · \
{} practice sessions · {} questionnaires</p>\n</header>",
        escape(&r.period.to_string()),
        r.period.days,
        r.generated_on,
        escape(r.tz.as_str()),
        escape(r.provenance),
        c.checkins,
        c.days_with_checkins,
        c.sessions,
        c.questionnaires,
    );
}

fn pain(o: &mut String, r: &Report) {
    let _ = writeln!(o, "<section id=\"pain\">\n<h2>Pain (0-10)</h2>");
    let _ = writeln!(
        o,
        "<p class=\"baseline\">{}</p>",
        escape(&r.baseline.sentence)
    );
    if let Some(label) = r.baseline.immpact {
        let _ = writeln!(
            o,
            "<p class=\"immpact\"><strong>Change from baseline: {}</strong></p>",
            escape(label)
        );
    }
    if r.pain.days.is_empty() {
        o.push_str("<p>No check-ins in this period.</p>\n");
    } else {
        let stats = match (r.pain.mean, r.pain.range) {
            (Some(m), Some((lo, hi))) => {
                format!(" Mean of daily means {m:.1}; lowest day {lo:.1}, highest {hi:.1}.")
            }
            _ => String::new(),
        };
        let _ = writeln!(
            o,
            "<figure>\n{}\n<figcaption>{}{}</figcaption>\n</figure>",
            svg::pain(r),
            pain_caption(Grain::for_days(r.period.days)),
            escape(&stats)
        );
    }
    let _ = writeln!(
        o,
        "<p class=\"peg\"><strong>PEG-3</strong> (pain, enjoyment of life, general activity; 0-10): {}</p>\n</section>",
        escape(&r.peg.sentence)
    );
}

fn practice(o: &mut String, r: &Report) {
    let _ = writeln!(
        o,
        "<section id=\"practice\">\n<h2>Practice</h2>\n<p>{}</p>",
        escape(&r.adherence.sentence)
    );
    let goal = if r.adherence.goal_minutes.is_some() {
        " Dashed line: weekly goal."
    } else {
        ""
    };
    let _ = writeln!(
        o,
        "<figure>\n{}\n<figcaption>Minutes per week (weeks start on Monday).{goal}</figcaption>\n</figure>\n</section>",
        svg::weeks(r)
    );
}

fn where_it_hurts(o: &mut String, r: &Report) {
    o.push_str("<section id=\"body-map\">\n<h2>Where it hurts</h2>\n");
    if r.body_map.is_empty() {
        o.push_str("<p>No body regions marked in this period.</p>\n</section>\n");
        return;
    }
    let _ = writeln!(
        o,
        "<p class=\"note\">Check-ins marking each region, of {}.</p>\n<ol class=\"regions\">",
        r.records.checkins
    );
    let (shown, hidden) = fit::regions(r);
    for region in shown {
        let _ = writeln!(
            o,
            "<li><span>{}</span> <strong>{}</strong></li>",
            escape(&region.words),
            region.checkins
        );
    }
    o.push_str("</ol>\n");
    if let Some(more) = fit::more(hidden, "regions") {
        let _ = writeln!(o, "<p class=\"note\">{}</p>", escape(&more));
    }
    o.push_str("</section>\n");
}

fn technique_row(o: &mut String, t: &TechniqueRow) {
    let _ = writeln!(
        o,
        "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
        escape(t.label),
        t.sessions,
        escape(&t.pain.text()),
        escape(&t.stress.text())
    );
}

fn techniques(o: &mut String, r: &Report) {
    o.push_str(
        "<section id=\"techniques\">\n<h2>Techniques: change from before to after a session</h2>\n",
    );
    if r.techniques.is_empty() {
        o.push_str("<p>No practice sessions in this period.</p>\n");
    } else {
        o.push_str(
            "<table>\n<thead><tr><th scope=\"col\">Technique</th><th scope=\"col\">Sessions</th>\
<th scope=\"col\">Pain, after − before</th><th scope=\"col\">Stress, after − before</th></tr></thead>\n<tbody>\n",
        );
        for t in &r.techniques {
            technique_row(o, t);
        }
        o.push_str("</tbody>\n</table>\n");
    }
    let _ = writeln!(
        o,
        "<p class=\"note\">Mean change with its 95% confidence interval, 0-10 scale; negative means lower after the session. {}</p>\n</section>",
        escape(r.association_note)
    );
}

fn screen(o: &mut String, r: &Report) {
    o.push_str("<section id=\"screen\">\n<h2>Red-flag screen</h2>\n");
    match &r.screen {
        None => o.push_str("<p>No red-flag screen result is in this report.</p>\n"),
        Some(s) => {
            let _ = writeln!(
                o,
                "<p>Latest: <strong>{}</strong> on {}.</p>",
                escape(s.action.label()),
                s.date
            );
            if s.yes.is_empty() {
                o.push_str("<p>No warning sign was answered yes.</p>\n");
            } else {
                // One paragraph of short labels, not a list: all twenty still fit the page.
                let _ = writeln!(
                    o,
                    "<p class=\"yes\">Answered yes: {}.</p>",
                    escape(&s.yes.join("; "))
                );
            }
        }
    }
    o.push_str("</section>\n");
}

fn notes(o: &mut String, r: &Report) {
    o.push_str("<section id=\"notes\">\n<h2>Notes for the clinician</h2>\n");
    if r.notes.is_empty() {
        o.push_str("<p>No notes marked for the clinician in this period.</p>\n");
    } else {
        let (shown, hidden) = fit::notes_for_html(r);
        o.push_str("<ul class=\"notes\">\n");
        for (date, text) in &shown {
            let _ = writeln!(
                o,
                "<li><time datetime=\"{date}\">{date}</time> {}</li>",
                escape(text)
            );
        }
        o.push_str("</ul>\n");
        if let Some(more) = fit::notes_left_out(hidden, shown.len()) {
            let _ = writeln!(o, "<p class=\"note\">{}</p>", escape(&more));
        }
    }
    o.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<b>"x" & 'y'</b>"#),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"
        );
    }
}
