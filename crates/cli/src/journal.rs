//! Where the journal lives, and opening it.
//!
//! The journal is `backcalm.sqlite3` in the data directory unless a database
//! URL is given. Commands that only read never create it: a missing journal
//! file simply has no records yet.

use anyhow::{anyhow, Context};
use backcalm_app::Snapshot;
use backcalm_core::CheckIn;
use backcalm_store::{DayRange, Store};
use std::path::{Path, PathBuf};

/// The journal file's name inside the data directory.
pub const JOURNAL_FILE: &str = "backcalm.sqlite3";

/// A database URL; it may hold a password, so `Debug` does not print it.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(pub String);

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DatabaseUrl([redacted])")
    }
}

/// Where the journal is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The SQLite file in a data directory.
    File(PathBuf),
    /// A database named by URL (postgres://… or sqlite://…).
    Url(DatabaseUrl),
}

impl Location {
    /// Works out the location from the global options; reads nothing on disk.
    pub fn locate(
        data_dir: Option<&Path>,
        database_url: Option<&DatabaseUrl>,
    ) -> anyhow::Result<Location> {
        if let Some(url) = database_url.map(|u| u.0.trim()).filter(|u| !u.is_empty()) {
            return Ok(Location::Url(DatabaseUrl(url.to_string())));
        }
        let dir = match data_dir {
            Some(d) => d.to_path_buf(),
            None => directories::ProjectDirs::from("", "", "backcalm")
                .map(|p| p.data_dir().to_path_buf())
                .ok_or_else(|| {
                    anyhow!("cannot tell where your data directory is (no home directory); pass --data-dir DIR")
                })?,
        };
        Ok(Location::File(dir.join(JOURNAL_FILE)))
    }

    /// Opens the journal to add records, creating the data directory and file if needed.
    pub async fn open_for_writing(&self) -> anyhow::Result<Store> {
        match self {
            Location::Url(url) => open_url(&url.0).await,
            // The store creates the data directory owner-only (0700) and the file 0600.
            Location::File(file) => open_file(file).await,
        }
    }

    /// Opens the journal to read; `None` when the journal file does not exist yet.
    pub async fn open_for_reading(&self) -> anyhow::Result<Option<Store>> {
        match self {
            Location::Url(url) => open_url(&url.0).await.map(Some),
            Location::File(file) if !file.exists() => Ok(None),
            Location::File(file) => open_file(file).await.map(Some),
        }
    }

    /// The check-ins whose local day is in `range`, day by day; a journal
    /// file that does not exist yet has none.
    pub fn checkins(&self, range: &DayRange) -> anyhow::Result<Vec<CheckIn>> {
        runtime()?.block_on(async {
            let Some(store) = self.open_for_reading().await? else {
                return Ok(Vec::new());
            };
            let found = store.checkins(range).await;
            store.close().await;
            Ok(found?)
        })
    }

    /// The whole journal, read once; a journal file that does not exist yet reads as empty.
    pub async fn snapshot(&self) -> anyhow::Result<Snapshot> {
        let Some(store) = self.open_for_reading().await? else {
            return Ok(Snapshot::default());
        };
        let snapshot = Snapshot::load(&store).await;
        store.close().await;
        Ok(snapshot?)
    }
}

// The store's errors already name the file or the URL (password hidden).
async fn open_url(url: &str) -> anyhow::Result<Store> {
    Ok(Store::open(url).await?)
}

async fn open_file(file: &Path) -> anyhow::Result<Store> {
    Ok(Store::open_sqlite_file(file).await?)
}

/// A small runtime for commands that talk to the journal.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_wins_over_the_data_dir() {
        let url = DatabaseUrl("postgres://sam:hunter2@h/db".into());
        let j = Location::locate(Some(Path::new("/tmp/x")), Some(&url)).expect("located");
        assert_eq!(j, Location::Url(url));
        assert!(!format!("{j:?}").contains("hunter2"), "{j:?}");
        let j = Location::locate(Some(Path::new("/tmp/x")), None).expect("located");
        assert_eq!(j, Location::File(PathBuf::from("/tmp/x/backcalm.sqlite3")));
    }
}
