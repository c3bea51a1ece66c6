//! `backcalm report`: the one-page clinician report as HTML or PDF.

use super::{print_text, Globals};
use crate::args::{PaperArg, ReportArgs};
use crate::clock::{local_tz, today};
use crate::failure::Refusal;
use crate::files::write_private;
use backcalm_app::{ReportAsk, ReportChoice};
use backcalm_core::report::PeriodError;
use backcalm_report::Paper;
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

/// A refused period in the CLI's words (flag names).
fn refusal(e: PeriodError) -> anyhow::Error {
    match e {
        PeriodError::FromAndRange(_) => Refusal("give --from or --range, not both".to_string()),
        PeriodError::Reversed { from, to } => Refusal(format!(
            "--from {from} is after --to {to}; give the earlier day first"
        )),
    }
    .into()
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
    let records = crate::journal::runtime()?.block_on(journal.snapshot())?;
    let ask = ReportAsk {
        from: a.from,
        to: a.to,
        window: a.range,
    };
    let ReportChoice {
        report, from, to, ..
    } = backcalm_app::report(&records, &library, ask, day, &tz).map_err(refusal)?;
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

    #[test]
    fn a_refused_period_names_the_flags() {
        let both = refusal(PeriodError::FromAndRange(Window::All));
        assert_eq!(both.to_string(), "give --from or --range, not both");
        let reversed = refusal(PeriodError::Reversed {
            from: date(2026, 4, 1),
            to: date(2026, 3, 1),
        });
        assert_eq!(
            reversed.to_string(),
            "--from 2026-04-01 is after --to 2026-03-01; give the earlier day first"
        );
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
