//! `backcalm export`: the journal as CSV, JSON, FHIR R4 or iCalendar files.
//!
//! The destination is checked before the journal is read, so a refused path
//! (a file already there without `--force`) writes nothing. Files are
//! owner-only and appear whole ([`crate::files`]).

use super::{print_text, Globals};
use crate::args::{ExportArgs, ExportFormat};
use crate::clock::wall_now;
use crate::failure::Refusal;
use crate::files::{check_free, private_dir, write_private};
use backcalm_core::export::csv::{to_csv, CHECKINS_FILE, QUESTIONNAIRES_FILE, SESSIONS_FILE};
use backcalm_core::export::fhir::to_fhir_bundle;
use backcalm_core::export::json::to_json;
use backcalm_core::export::Export;
use backcalm_core::reminder::{ics, Reminder};
use jiff::Timestamp;

/// `export`
pub fn export(g: &Globals, a: &ExportArgs) -> anyhow::Result<()> {
    if a.pseudonym.is_some() && a.format != ExportFormat::Fhir {
        return Err(Refusal(
            "--pseudonym is for --format fhir only; leave it out for other formats".into(),
        )
        .into());
    }
    match a.format {
        ExportFormat::Csv => {
            if a.output.exists() && !a.output.is_dir() {
                return Err(Refusal(format!(
                    "{} is a file; CSV export writes a folder of files, so give a folder name",
                    a.output.display()
                ))
                .into());
            }
            for name in [CHECKINS_FILE, SESSIONS_FILE, QUESTIONNAIRES_FILE] {
                check_free(&a.output.join(name), a.force)?;
            }
        }
        _ => check_free(&a.output, a.force)?,
    }
    let journal = g.journal()?;
    let now = wall_now();
    let rt = crate::journal::runtime()?;
    let (export, reminders) = rt.block_on(async {
        let Some(store) = journal.open_for_reading().await? else {
            return anyhow::Ok((empty(now), Vec::new()));
        };
        let read = async {
            let export = store.export_all().await?;
            let reminders = store.reminders().await?;
            anyhow::Ok((export, reminders))
        }
        .await;
        store.close().await;
        read
    })?;
    let export = Export {
        exported_at: now,
        ..export
    };
    let out = &a.output;
    match a.format {
        ExportFormat::Json => write_private(out, to_json(&export).as_bytes(), a.force)?,
        ExportFormat::Csv => {
            private_dir(out)?;
            for (name, text) in to_csv(&export) {
                write_private(&out.join(name), text.as_bytes(), a.force)?;
            }
        }
        ExportFormat::Fhir => {
            let bundle = to_fhir_bundle(&export, a.pseudonym.as_deref().unwrap_or(""), now);
            let mut text = serde_json::to_string_pretty(&bundle)?;
            text.push('\n');
            write_private(out, text.as_bytes(), a.force)?;
        }
        ExportFormat::Ics => write_private(out, ics(&reminders, now).as_bytes(), a.force)?,
    }
    print_text(&format!(
        "{}\n",
        summary(a.format, &export, &reminders, out)
    ))
}

fn empty(now: Timestamp) -> Export {
    Export {
        exported_at: now,
        checkins: Vec::new(),
        sessions: Vec::new(),
        questionnaires: Vec::new(),
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "Wrote 3 check-ins, 2 sessions and 1 questionnaire answer to PATH."
fn summary(
    format: ExportFormat,
    e: &Export,
    reminders: &[Reminder],
    out: &std::path::Path,
) -> String {
    let checkins = count(e.checkins.len(), "check-in", "check-ins");
    let sessions = count(e.sessions.len(), "session", "sessions");
    let answers = count(
        e.questionnaires.len(),
        "questionnaire answer",
        "questionnaire answers",
    );
    let what = match format {
        ExportFormat::Json | ExportFormat::Csv => {
            format!("{checkins}, {sessions} and {answers}")
        }
        // FHIR carries pain and questionnaires, not sessions (see core's fhir module).
        ExportFormat::Fhir => format!("{checkins} and {answers}"),
        ExportFormat::Ics => count(reminders.len(), "daily reminder", "daily reminders"),
    };
    format!("Wrote {what} to {}.", out.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_what_each_format_holds() {
        let e = empty(Timestamp::UNIX_EPOCH);
        let out = std::path::Path::new("x.json");
        assert_eq!(
            summary(ExportFormat::Json, &e, &[], out),
            "Wrote 0 check-ins, 0 sessions and 0 questionnaire answers to x.json."
        );
        assert_eq!(
            summary(ExportFormat::Fhir, &e, &[], out),
            "Wrote 0 check-ins and 0 questionnaire answers to x.json."
        );
        assert_eq!(
            summary(ExportFormat::Ics, &e, &[], out),
            "Wrote 0 daily reminders to x.json."
        );
    }
}
