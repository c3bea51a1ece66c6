//! Putting a backup back in place of the live journal, keeping what was there.

use super::{
    create_private_dirs, file_in_folder, same_file, settle, side_file, sqlite_path, sync_folder,
    verify_backup, BackupInfo, RestoreOutcome,
};
use crate::StoreError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteLockingMode};
use sqlx::{ConnectOptions, Connection};
use std::fs::File;
use std::path::Path;
use std::time::Duration;

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
/// them onto the restored file. Opening the result with [`Store::open`]
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
        keep_live(&live, &kept).await.map_err(fail)?;
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
    copy_database(backup, temp.path())
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
async fn keep_live(live: &Path, kept: &Path) -> Result<(), String> {
    let in_use = "the journal is open in another program (is `backcalm serve` running?); \
                  stop it, then restore again. Nothing was changed";
    let exclusive = SqliteConnectOptions::new()
        .filename(live)
        .create_if_missing(false)
        .locking_mode(SqliteLockingMode::Exclusive)
        .busy_timeout(Duration::from_secs(5))
        .connect()
        .await;
    let conn = match exclusive {
        Ok(mut conn) => {
            // A write transaction takes the exclusive lock, and exclusive mode keeps it.
            let locked = sqlx::query("BEGIN EXCLUSIVE")
                .execute(&mut conn)
                .await
                .and(sqlx::query("COMMIT").execute(&mut conn).await);
            match locked {
                Ok(_) => {
                    let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                        .execute(&mut conn)
                        .await;
                    Some(conn)
                }
                Err(e) if is_busy(&e) => return Err(in_use.into()),
                // A damaged journal is exactly what one restores over: keep its bytes as they are.
                Err(_) => None,
            }
        }
        Err(e) if is_busy(&e) => return Err(in_use.into()),
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
        let _ = conn.close().await;
    }
    copied.map_err(|e| {
        format!(
            "cannot keep a copy of the current journal at {} ({e}); nothing was changed",
            kept.display()
        )
    })
}

fn is_busy(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .and_then(|d| d.code())
        // SQLITE_BUSY (5) or SQLITE_LOCKED (6), plain or extended (e.g. 517).
        .is_some_and(|c| c.parse::<u32>().is_ok_and(|n| matches!(n & 0xff, 5 | 6)))
}

/// `VACUUM INTO` from a database opened read-only into an empty file, then settled.
async fn copy_database(from: &Path, to: &Path) -> Result<BackupInfo, String> {
    let mut conn = SqliteConnectOptions::new()
        .filename(from)
        .read_only(true)
        .create_if_missing(false)
        .connect()
        .await
        .map_err(|e| e.to_string())?;
    let written = sqlx::query("VACUUM INTO $1")
        .bind(sqlite_path(to)?)
        .execute(&mut conn)
        .await
        .map_err(|e| e.to_string());
    let _ = conn.close().await;
    written?;
    settle(to).await
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
