//! Putting a backup back in place of the live journal, keeping what was there.

use super::{
    create_private_dirs, file_in_folder, open_file, run_blocking, same_file, settle_now, side_file,
    sqlite_path, sync_folder, verify_backup, BackupInfo, RestoreOutcome,
};
use crate::StoreError;
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::fs::File;
use std::path::Path;

/// Replaces the SQLite journal at `live` with the backup at `backup`.
///
/// The backup is checked first ([`verify_backup`]); nothing changes if it is
/// refused. The journal must not be open elsewhere (stop `backcalm serve`
/// first): if it is, this fails and changes nothing. The journal that was
/// there is kept byte for byte as `<live>.before-restore-<stamp>` (mode 0600;
/// plus `-wal` if it had unsaved pages), where `stamp` is the caller's clock
/// as `YYYYMMDDTHHMMSS`: the store reads no clock. Then a clean copy of the
/// backup is written beside the journal and renamed over it, and the old
/// journal's `-wal`/`-shm` side files are removed so SQLite cannot replay
/// them onto the restored file. Opening the result with [`crate::Store::open`]
/// brings an older backup's schema up to date.
pub async fn restore_sqlite(
    backup: &Path,
    live: &Path,
    stamp: &str,
) -> Result<RestoreOutcome, StoreError> {
    let restored = verify_backup(backup).await?;
    let fail = |reason: String| StoreError::Restore {
        path: live.display().to_string(),
        reason,
    };
    if stamp.is_empty() || !stamp.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(fail(format!(
            "{stamp:?} is not a time stamp like 20260329T101500; nothing was changed"
        )));
    }
    if let Some(parent) = live.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_private_dirs(parent).map_err(|e| {
            fail(format!(
                "cannot create the folder {}: {e}; check its permissions",
                parent.display()
            ))
        })?;
    }
    let (dir, name) = file_in_folder(live).map_err(fail)?;
    let live = dir.join(&name);
    if same_file(backup, &live) {
        return Err(fail(
            "the backup is the journal itself; choose another backup file".into(),
        ));
    }
    let kept = if live.exists() {
        let kept = dir.join(format!("{name}.before-restore-{stamp}"));
        let (from, to) = (live.clone(), kept.clone());
        run_blocking(move || keep_live(&from, &to))
            .await
            .map_err(fail)?;
        Some(kept)
    } else {
        None
    };
    let unchanged = |reason: String| match &kept {
        Some(k) => fail(format!(
            "{reason}; the journal was not changed (a copy is also at {})",
            k.display()
        )),
        None => fail(format!("{reason}; nothing was changed")),
    };
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".restoring")
        .tempfile_in(&dir)
        .map_err(|e| unchanged(format!("cannot create a file in {}: {e}", dir.display())))?;
    let (from, to) = (backup.to_path_buf(), temp.path().to_path_buf());
    run_blocking(move || copy_database(&from, &to))
        .await
        .map_err(|e| unchanged(format!("cannot copy the backup: {e}")))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| unchanged(format!("cannot flush the copy to disk: {e}")))?;
    for side in ["-wal", "-shm"] {
        let path = side_file(&live, side);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(unchanged(format!(
                    "cannot remove the old {}: {e}",
                    path.display()
                )))
            }
        }
    }
    temp.persist(&live).map_err(|e| {
        unchanged(format!(
            "cannot move the restored file into place: {}",
            e.error
        ))
    })?;
    sync_folder(&dir);
    Ok(RestoreOutcome { kept, restored })
}

/// Takes the live journal for this process alone (failing if anyone else
/// has it open), folds its write-ahead log in, and copies it byte for byte.
fn keep_live(live: &Path, kept: &Path) -> Result<(), String> {
    let in_use = "the journal is open in another program (is `backcalm serve` running?); \
                  stop it, then restore again. Nothing was changed";
    let conn = match lock_exclusively(live) {
        Ok(conn) => Some(conn),
        Err(e) if is_busy(&e) => return Err(in_use.into()),
        // A damaged journal is exactly what one restores over: keep its bytes as they are.
        Err(_) => None,
    };
    let copied = copy_private(live, kept).and_then(|()| {
        let wal = side_file(live, "-wal");
        match std::fs::metadata(&wal) {
            Ok(m) if m.len() > 0 => copy_private(&wal, &side_file(kept, "-wal")),
            _ => Ok(()),
        }
    });
    if let Some(conn) = conn {
        // Closing the last connection also removes the (now empty) -wal.
        let _ = conn.close();
    }
    copied.map_err(|e| {
        format!(
            "cannot keep a copy of the current journal at {} ({e}); nothing was changed",
            kept.display()
        )
    })
}

/// Opens the journal in exclusive locking mode, takes its lock (SQLite retries
/// for the busy timeout while another connection holds one), and checkpoints
/// its write-ahead log into the main file.
fn lock_exclusively(live: &Path) -> rusqlite::Result<Connection> {
    let conn = open_file(live, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    // Pragmas that answer with a row are read as queries.
    conn.query_row("PRAGMA locking_mode = EXCLUSIVE", [], |_| Ok(()))?;
    // A write transaction takes the exclusive lock, and exclusive mode keeps it.
    conn.execute_batch("BEGIN EXCLUSIVE")?;
    conn.execute_batch("COMMIT")?;
    let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    Ok(conn)
}

/// SQLITE_BUSY or SQLITE_LOCKED, plain or extended (e.g. SQLITE_BUSY_RECOVERY).
fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(f.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// `VACUUM INTO` from a database opened read-only into an empty file, then settled.
fn copy_database(from: &Path, to: &Path) -> Result<BackupInfo, String> {
    let target = sqlite_path(to)?;
    let conn = open_file(from, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| e.to_string())?;
    let written = conn
        .execute("VACUUM INTO ?1", [target])
        .map_err(|e| e.to_string());
    // Read-only: nothing to flush, so a failed close changes nothing.
    drop(conn);
    written?;
    settle_now(to)
}

/// Copies a file to a new file (mode 0600), synced; refuses to overwrite.
fn copy_private(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut source = File::open(from)?;
    let mut out = std::fs::OpenOptions::new();
    out.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        out.mode(0o600);
    }
    let mut target = out.open(to)?;
    std::io::copy(&mut source, &mut target)?;
    target.sync_all()
}
