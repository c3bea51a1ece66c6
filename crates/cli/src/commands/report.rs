//! `backcalm report`: the one-page clinician report as HTML or PDF.

use super::{print_text, Globals};
use crate::args::{PaperArg, ReportArgs};
use crate::clock::{local_tz, today};
use crate::failure::Refusal;
use crate::files::write_private;
use backcalm_core::report::{build, ReportInput, ScreenSummary};
use backcalm_report::Paper;
use jiff::civil::Date;
use jiff::Span;
use std::path::Path;

/// The default period: the 28 days ending on `--to` (or today).
pub const DEFAULT_DAYS: i64 = 28;

/// What to write, from the output file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rendering {
    Html,
    Pdf,
}

fn rendering(path: &Path) -> anyhow::Result<Rendering> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => Ok(Rendering::Html),
        Some("pdf") => Ok(Rendering::Pdf),
        _ => Err(Refusal(format!(
            "-o {}: the report is written as HTML or PDF; end the file name in .html or .pdf",
            path.display()
        ))
        .into()),
    }
}

/// The period: `--from`/`--to`, defaulting to the 28 days ending today.
fn period(from: Option<Date>, to: Option<Date>, today: Date) -> anyhow::Result<(Date, Date)> {
    let to = to.unwrap_or(today);
    let from = from.unwrap_or_else(|| to.saturating_sub(Span::new().days(DEFAULT_DAYS - 1)));
    if from > to {
        return Err(Refusal(format!(
            "--from {from} is after --to {to}; give the earlier day first"
        ))
        .into());
    }
    Ok((from, to))
}

/// `report`
pub fn report(g: &Globals, a: &ReportArgs) -> anyhow::Result<()> {
    let kind = rendering(&a.output)?;
    if a.output.is_dir() {
        return Err(Refusal(format!(
            "{} is a folder; give a file name such as report.pdf",
            a.output.display()
        ))
        .into());
    }
    let library = g.library()?;
    let tz = local_tz()?;
    let day = today(&tz);
    let (from, to) = period(a.from, a.to, day)?;
    let journal = g.journal()?;
    let records = crate::journal::runtime()?.block_on(journal.records())?;
    let kind_of = |id: &str| library.get(id).map(|p| p.kind);
    let report = build(&ReportInput {
        checkins: &records.checkins,
        sessions: &records.sessions,
        answers: &records.answers,
        screen: records
            .latest_screen
            .as_ref()
            .map(|s| ScreenSummary::from_answers(s.local_date(), s.action, &s.answers)),
        from,
        to,
        today: day,
        tz,
        kind_of: &kind_of,
        weekly_goal_minutes: records.settings.weekly_goal_minutes,
    });
    let bytes = match kind {
        Rendering::Html => backcalm_report::html(&report).into_bytes(),
        Rendering::Pdf => {
            let paper = match a.paper {
                PaperArg::A4 => Paper::A4,
                PaperArg::Letter => Paper::Letter,
            };
            backcalm_report::pdf_on(&report, paper)?
        }
    };
    // A report is made again and again for the same visit: replacing it is expected.
    write_private(&a.output, &bytes, true)?;
    let r = report.records;
    print_text(&format!(
        "Wrote {} ({from} to {to}: {} check-ins, {} sessions, {} questionnaires).\n",
        a.output.display(),
        r.checkins,
        r.sessions,
        r.questionnaires
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_default_period_is_the_last_28_days() {
        let today = date(2026, 3, 29);
        assert_eq!(
            period(None, None, today).expect("fine"),
            (date(2026, 3, 2), today)
        );
        assert_eq!(
            period(None, Some(date(2026, 2, 28)), today).expect("fine"),
            (date(2026, 2, 1), date(2026, 2, 28))
        );
        assert!(period(Some(date(2026, 4, 1)), Some(date(2026, 3, 1)), today).is_err());
    }

    #[test]
    fn the_extension_picks_the_rendering() {
        assert_eq!(rendering(Path::new("r.PDF")).expect("pdf"), Rendering::Pdf);
        assert_eq!(
            rendering(Path::new("a/r.html")).expect("html"),
            Rendering::Html
        );
        assert!(rendering(Path::new("r.txt")).is_err());
        assert!(rendering(Path::new("report")).is_err());
    }
}
