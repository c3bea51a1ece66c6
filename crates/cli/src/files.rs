//! Files backcalm writes for the person (exports, reports): owner-only, and
//! whole or not at all.
//!
//! A pain journal is health data, so exported files are created with mode
//! 0600 and new folders with 0700, whatever the umask. Each file is written
//! to a hidden temporary file beside its target, synced, and renamed into
//! place, so a crash never leaves half an export. An existing file is only
//! replaced when the person asked for it (`--force`).

use crate::failure::Refusal;
use anyhow::Context;
use std::io::Write;
use std::path::Path;

/// Refuses `path` when something is already there and `replace` was not asked for.
pub fn check_free(path: &Path, replace: bool) -> anyhow::Result<()> {
    if path.is_dir() {
        return Err(Refusal(format!(
            "{} is a folder; give the name of a file to write",
            path.display()
        ))
        .into());
    }
    if path.exists() && !replace {
        return Err(Refusal(format!(
            "{} already exists; choose another name, or add --force to replace it",
            path.display()
        ))
        .into());
    }
    Ok(())
}

/// Writes `bytes` to `path` (mode 0600) through a temporary file and a rename.
///
/// Without `replace`, a file that appeared at `path` meanwhile is left alone
/// and the write is refused.
pub fn write_private(path: &Path, bytes: &[u8], replace: bool) -> anyhow::Result<()> {
    check_free(path, replace)?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let cannot = || format!("cannot write {}", path.display());
    // tempfile creates the file with mode 0600 on Unix.
    let mut tmp = tempfile::Builder::new()
        .prefix(".backcalm-")
        .suffix(".partial")
        .tempfile_in(folder)
        .with_context(cannot)?;
    tmp.write_all(bytes).with_context(cannot)?;
    tmp.as_file().sync_all().with_context(cannot)?;
    let persisted = if replace {
        tmp.persist(path).map(|_| ())
    } else {
        tmp.persist_noclobber(path).map(|_| ())
    };
    if let Err(e) = persisted {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            return Err(Refusal(format!(
                "{} already exists; choose another name, or add --force to replace it",
                path.display()
            ))
            .into());
        }
        return Err(e.error).with_context(cannot);
    }
    sync_folder(folder);
    Ok(())
}

/// Creates `dir` and missing parents with mode 0700; an existing folder is left as it is.
pub fn private_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if dir.exists() {
        return Err(Refusal(format!(
            "{} is a file; give a folder for the CSV files",
            dir.display()
        ))
        .into());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .with_context(|| format!("cannot create the folder {}", dir.display()))
}

/// Makes a rename durable; best effort, as not every system can sync a folder.
fn sync_folder(folder: &Path) {
    if let Ok(f) = std::fs::File::open(folder) {
        let _ = f.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_owner_only_and_not_replaced_unasked() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("export.json");
        write_private(&path, b"one", false).expect("writes");
        assert_eq!(std::fs::read(&path).expect("reads"), b"one");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let err = write_private(&path, b"two", false).expect_err("exists");
        assert_eq!(
            crate::failure::exit_code(&err),
            crate::failure::EXIT_REFUSED
        );
        assert_eq!(std::fs::read(&path).expect("reads"), b"one");
        write_private(&path, b"two", true).expect("replaces");
        assert_eq!(std::fs::read(&path).expect("reads"), b"two");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("lists")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("export.json")]);
    }

    #[test]
    fn folders_are_owner_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let csv = dir.path().join("a/b");
        private_dir(&csv).expect("creates");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&csv).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        let file = dir.path().join("f");
        std::fs::write(&file, "x").expect("writes");
        assert!(private_dir(&file).is_err());
    }
}
