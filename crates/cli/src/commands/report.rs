//! `backcalm report`: the one-page clinician report as HTML or PDF.

use super::{print_text, Globals};
use crate::args::{PaperArg, ReportArgs};
use crate::clock::{local_tz, today};
use crate::failure::Refusal;
use crate::files::write_private;
use backcalm_core::report::{
    build, choose_period, first_record_day, PeriodError, ReportInput, ScreenSummary,
};
use backcalm_report::Paper;
use jiff::civil::Date;
use std::path::Path;

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

/// The period: `--to` (default today), and `--from` or `--range` (default
/// the last 3 months, or the whole journal when it is shorter).
fn period(a: &ReportArgs, today: Date, first_record: Option<Date>) -> anyhow::Result<(Date, Date)> {
    choose_period(a.from, a.to, a.range, today, first_record).map_err(|e| match e {
        PeriodError::FromAndRange(_) => {
            Refusal("give --from or --range, not both".to_string()).into()
        }
        PeriodError::Reversed { from, to } => Refusal(format!(
            "--from {from} is after --to {to}; give the earlier day first"
        ))
        .into(),
    })
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
    let journal = g.journal()?;
    let records = crate::journal::runtime()?.block_on(journal.records())?;
    let first = first_record_day(&records.checkins, &records.sessions, &records.answers);
    let (from, to) = period(a, day, first)?;
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
    use backcalm_core::chart::Window;
    use jiff::civil::date;

    fn args(from: Option<Date>, to: Option<Date>, range: Option<Window>) -> ReportArgs {
        ReportArgs {
            from,
            to,
            range,
            output: "r.pdf".into(),
            paper: PaperArg::A4,
        }
    }

    #[test]
    fn the_default_period_is_the_last_3_months_or_the_whole_shorter_journal() {
        let today = date(2026, 3, 29);
        let long_ago = Some(date(2020, 1, 1));
        assert_eq!(
            period(&args(None, None, None), today, long_ago).expect("fine"),
            (date(2025, 12, 30), today)
        );
        assert_eq!(
            period(&args(None, None, None), today, Some(date(2026, 3, 1))).expect("fine"),
            (date(2026, 3, 1), today)
        );
        assert_eq!(
            period(
                &args(None, Some(date(2026, 2, 28)), Some(Window::FourWeeks)),
                today,
                long_ago
            )
            .expect("fine"),
            (date(2026, 2, 1), date(2026, 2, 28))
        );
        assert_eq!(
            period(&args(None, None, Some(Window::All)), today, long_ago).expect("fine"),
            (date(2020, 1, 1), today)
        );
        assert!(period(
            &args(Some(date(2026, 4, 1)), Some(date(2026, 3, 1)), None),
            today,
            None
        )
        .is_err());
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
