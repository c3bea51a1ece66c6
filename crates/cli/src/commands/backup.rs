//! `backcalm backup` and `backcalm restore`: the whole SQLite journal, copied
//! out while it is in use, and put back after asking.

use super::{print_text, Globals};
use crate::args::{BackupArgs, RestoreArgs};
use crate::clock::{local_tz, wall_now};
use crate::failure::Refusal;
use crate::journal::Location;
use crate::prompt;
use anyhow::{anyhow, bail};
use backcalm_store::{restore_sqlite, verify_backup, BackupInfo, StoreError};
use std::path::{Path, PathBuf};

/// `backup`
pub fn backup(g: &Globals, a: &BackupArgs) -> anyhow::Result<()> {
    if a.output.is_dir() {
        return Err(Refusal(format!(
            "{} is a folder; give a file name, e.g. {}",
            a.output.display(),
            a.output.join("backcalm-backup.sqlite3").display()
        ))
        .into());
    }
    let journal = g.journal()?;
    let rt = crate::journal::runtime()?;
    let outcome = rt.block_on(async {
        let Some(store) = journal.open_for_reading().await? else {
            return Err(anyhow!(
                "there is no journal yet, so there is nothing to back up; \
                 it is created with your first check-in or practice"
            ));
        };
        let done = store.backup_to(&a.output).await;
        store.close().await;
        Ok(done?)
    })?;
    print_text(&format!(
        "Backed up {} to {}.\n",
        holds(&outcome.info),
        outcome.path.display()
    ))
}

/// "12 check-ins, 5 sessions and 2 questionnaire answers".
fn holds(info: &BackupInfo) -> String {
    let n = |v: u64, one: &str, many: &str| format!("{v} {}", if v == 1 { one } else { many });
    format!(
        "{}, {} and {}",
        n(info.checkins, "check-in", "check-ins"),
        n(info.sessions, "session", "sessions"),
        n(
            info.answers,
            "questionnaire answer",
            "questionnaire answers"
        )
    )
}

/// A file offered as a backup that is not one is a value to correct (exit 2).
fn refuse_not_a_backup(e: StoreError) -> anyhow::Error {
    match e {
        StoreError::NotABackup { .. } => Refusal(e.to_string()).into(),
        other => other.into(),
    }
}

/// `restore`
pub fn restore(g: &Globals, a: &RestoreArgs) -> anyhow::Result<()> {
    let live =
        match g.journal()? {
            Location::File(file) => file,
            Location::Url(_) => return Err(Refusal(
                "restore replaces the journal file in the data directory; with --database-url, \
                 restore with your database's own tools (or import a JSON export)"
                    .into(),
            )
            .into()),
        };
    let rt = crate::journal::runtime()?;
    let info = rt
        .block_on(verify_backup(&a.file))
        .map_err(refuse_not_a_backup)?;
    let stamp = stamp()?;
    let kept = kept_path(&live, &stamp);
    if !a.yes {
        let mut p = prompt::terminal();
        p.say(&format!("{} holds {}.\n", a.file.display(), holds(&info)))?;
        let question = if live.exists() {
            format!(
                "Replace your journal with this backup? A copy of the current one is kept at {}",
                kept.display()
            )
        } else {
            "There is no journal yet. Make this backup your journal?".to_string()
        };
        if !p.confirm(&question)? {
            bail!("the restore was not confirmed, so nothing was changed");
        }
    }
    let outcome = rt
        .block_on(restore_sqlite(&a.file, &live, &stamp))
        .map_err(refuse_not_a_backup)?;
    let mut text = format!(
        "Restored {} from {}.\n",
        holds(&outcome.restored),
        a.file.display()
    );
    if let Some(k) = &outcome.kept {
        text.push_str(&format!(
            "The journal you had is kept at {}.\n",
            k.display()
        ));
    }
    print_text(&text)
}

/// Now in the local zone as `YYYYMMDDTHHMMSS`, for the kept copy's name.
fn stamp() -> anyhow::Result<String> {
    let tz = local_tz()?;
    Ok(wall_now()
        .to_zoned(tz.zone())
        .strftime("%Y%m%dT%H%M%S")
        .to_string())
}

/// Where the store keeps the replaced journal: `<journal>.before-restore-<stamp>`.
fn kept_path(live: &Path, stamp: &str) -> PathBuf {
    let name = live
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    live.with_file_name(format!("{name}.before-restore-{stamp}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kept_copy_sits_beside_the_journal() {
        assert_eq!(
            kept_path(Path::new("/d/backcalm.sqlite3"), "20260329T101500"),
            PathBuf::from("/d/backcalm.sqlite3.before-restore-20260329T101500")
        );
    }

    #[test]
    fn counts_read_naturally() {
        let info = BackupInfo {
            schema_version: 2,
            bytes: 4096,
            checkins: 1,
            sessions: 2,
            answers: 0,
        };
        assert_eq!(
            holds(&info),
            "1 check-in, 2 sessions and 0 questionnaire answers"
        );
    }
}
