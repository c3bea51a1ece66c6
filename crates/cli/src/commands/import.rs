//! `backcalm import`: records from backcalm's own JSON or CSV export.
//!
//! Every row is checked by core first; rejected rows are listed on stderr
//! with their line (CSV) or index (JSON) and the reason, and the rest go
//! into the journal in one transaction (or, with `--dry-run`, are only
//! counted). Exit 0 when anything in the file was valid, 1 when the whole
//! file was rejected.

use super::{print_text, Globals};
use crate::args::ImportArgs;
use anyhow::{anyhow, bail, Context};
use backcalm_core::export::csv::{from_csv, CHECKINS_FILE, QUESTIONNAIRES_FILE, SESSIONS_FILE};
use backcalm_core::export::json::from_json;
use backcalm_core::export::{ImportReport, RecordType, Rejected};
use backcalm_store::ImportOutcome;
use std::path::Path;

const CSV_FILES: [&str; 3] = [CHECKINS_FILE, SESSIONS_FILE, QUESTIONNAIRES_FILE];

/// How the file was read, for naming rejected rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Json,
    Csv,
}

/// `import`
pub fn import(g: &Globals, a: &ImportArgs) -> anyhow::Result<()> {
    let (report, source) = read(&a.file)?;
    for r in &report.rejected {
        eprintln!("rejected: {}", describe(r, source, &a.file));
    }
    if report.accepted() == 0 && !report.rejected.is_empty() {
        bail!(
            "every record in {} was rejected (listed above), so nothing was imported; \
             fix those rows and import the file again",
            a.file.display()
        );
    }
    let journal = g.journal()?;
    let rt = crate::journal::runtime()?;
    let outcome = rt
        .block_on(async {
            // A dry run never creates the journal; without one, every record would be new.
            let store = if a.dry_run {
                match journal.open_for_reading().await? {
                    Some(s) => s,
                    None => return anyhow::Ok(all_new(&report)),
                }
            } else {
                journal.open_for_writing().await?
            };
            let done = store.import(&report, a.dry_run).await;
            store.close().await;
            Ok(done?)
        })
        .context("nothing was imported")?;
    for (id, why) in &outcome.conflicts {
        eprintln!("kept the stored record {id}: {why}");
    }
    print_text(&format!(
        "{}\n",
        summary(&outcome, report.rejected.len(), a.dry_run)
    ))
}

/// Reads a JSON export, one CSV file (by its name), or a folder of CSV files.
fn read(path: &Path) -> anyhow::Result<(ImportReport, Source)> {
    let text_of = |p: &Path| {
        std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
    };
    if path.is_dir() {
        let mut merged = ImportReport::default();
        let mut found = false;
        for name in CSV_FILES {
            let file = path.join(name);
            if !file.is_file() {
                continue;
            }
            found = true;
            let one = from_csv(name, &text_of(&file)?)
                .with_context(|| format!("cannot import {}", file.display()))?;
            merged.checkins.extend(one.checkins);
            merged.sessions.extend(one.sessions);
            merged.questionnaires.extend(one.questionnaires);
            merged.rejected.extend(one.rejected);
        }
        if !found {
            bail!(
                "{} has none of {}; give a folder made by `backcalm export --format csv`, or one of its files",
                path.display(),
                CSV_FILES.join(", ")
            );
        }
        return Ok((merged, Source::Csv));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| anyhow!("{} names no file", path.display()))?;
    let text = text_of(path)?;
    let cannot = || format!("cannot import {}", path.display());
    if name.to_ascii_lowercase().ends_with(".csv") {
        Ok((from_csv(&name, &text).with_context(cannot)?, Source::Csv))
    } else {
        Ok((from_json(&text).with_context(cannot)?, Source::Json))
    }
}

/// `checkins.csv line 3: pain: 11 is not …` or `file.json checkins[3]: …`.
fn describe(r: &Rejected, source: Source, path: &Path) -> String {
    match source {
        Source::Csv => {
            let file = match r.record_type {
                RecordType::CheckIn => CHECKINS_FILE,
                RecordType::Session => SESSIONS_FILE,
                RecordType::Questionnaire => QUESTIONNAIRES_FILE,
            };
            format!("{file} line {}: {}", r.line_or_index, r.reason)
        }
        Source::Json => {
            let list = match r.record_type {
                RecordType::CheckIn => "checkins",
                RecordType::Session => "sessions",
                RecordType::Questionnaire => "questionnaires",
            };
            format!(
                "{} {list}[{}]: {}",
                path.display(),
                r.line_or_index,
                r.reason
            )
        }
    }
}

/// What an import into an empty journal would do.
fn all_new(report: &ImportReport) -> ImportOutcome {
    ImportOutcome {
        added_checkins: report.checkins.len(),
        added_sessions: report.sessions.len(),
        added_answers: report.questionnaires.len(),
        ..ImportOutcome::default()
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn summary(o: &ImportOutcome, rejected: usize, dry_run: bool) -> String {
    let added = format!(
        "{}, {} and {}",
        count(o.added_checkins, "check-in", "check-ins"),
        count(o.added_sessions, "session", "sessions"),
        count(
            o.added_answers,
            "questionnaire answer",
            "questionnaire answers"
        ),
    );
    let mut parts = vec![if dry_run {
        format!("Dry run, nothing was changed: the import would add {added}")
    } else {
        format!("Added {added}")
    }];
    let already = if dry_run { "would stay" } else { "stayed" };
    parts.push(format!(
        "{} already in your journal {already} as {}",
        o.unchanged,
        if o.unchanged == 1 {
            "it was"
        } else {
            "they were"
        }
    ));
    if !o.conflicts.is_empty() {
        parts.push(format!(
            "{} with the id of a different stored record {} kept as stored (listed above)",
            o.conflicts.len(),
            if dry_run { "would be" } else { "were" }
        ));
    }
    if rejected > 0 {
        parts.push(format!(
            "{} rejected (listed above)",
            count(rejected, "row was", "rows were")
        ));
    }
    format!("{}.", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_says_what_happened() {
        let o = ImportOutcome {
            added_checkins: 2,
            added_sessions: 1,
            unchanged: 3,
            ..ImportOutcome::default()
        };
        assert_eq!(
            summary(&o, 1, false),
            "Added 2 check-ins, 1 session and 0 questionnaire answers; \
             3 already in your journal stayed as they were; 1 row was rejected (listed above)."
        );
        assert!(summary(&o, 0, true)
            .starts_with("Dry run, nothing was changed: the import would add 2 check-ins"));
    }

    #[test]
    fn rejected_rows_are_named_by_file_and_line() {
        let r = Rejected {
            line_or_index: 3,
            record_type: RecordType::Session,
            reason: "minutes: is required".into(),
        };
        assert_eq!(
            describe(&r, Source::Csv, Path::new("x")),
            "sessions.csv line 3: minutes: is required"
        );
        assert_eq!(
            describe(&r, Source::Json, Path::new("e.json")),
            "e.json sessions[3]: minutes: is required"
        );
    }
}
