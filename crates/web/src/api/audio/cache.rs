//! The screen-off files already made: a few, kept in memory, most recent first.
//!
//! Rendering a long session takes seconds of CPU, and a player asks for the
//! same file many times (the first load, then a range at each seek), so the
//! last few files are kept. The same file asked for twice at once is made
//! once: both requests wait on one cell.

use axum::body::Bytes;
use backcalm_core::Timeline;
use std::sync::{Arc, Mutex};
use tokio::sync::{OnceCell, Semaphore};

/// Files kept at most.
const ENTRIES: usize = 8;
/// Bytes kept at most across files (a 3-hour timer alone is 65 MB); the newest file is always kept.
const BUDGET: usize = 96 * 1024 * 1024;
/// Renders at once: each keeps a core busy, and the machine may have only two.
const RENDERS_AT_ONCE: usize = 2;

/// One finished file.
#[derive(Debug)]
pub(super) struct Mp3File {
    /// The MP3.
    pub bytes: Bytes,
    /// Its entity tag, quoted, from its bytes.
    pub etag: String,
    /// Whether the words are spoken in it (espeak-ng was found and worked).
    pub voiced: bool,
}

impl Mp3File {
    pub(super) fn new(bytes: Vec<u8>, voiced: bool) -> Self {
        let etag = format!("\"mp3-{:016x}\"", fnv1a(&bytes));
        Mp3File {
            bytes: Bytes::from(bytes),
            etag,
            voiced,
        }
    }
}

/// 64-bit FNV-1a: a stable fingerprint for the entity tag (the same file after a restart keeps its tag).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What a file is made from: the compiled session and whether a voice was asked for.
#[derive(Debug, PartialEq)]
pub(super) struct Key {
    pub timeline: Timeline,
    pub voice: bool,
}

type Cell = Arc<OnceCell<Arc<Mp3File>>>;

/// The files, least recently used first.
type Entries = Vec<(Arc<Key>, Cell)>;

/// The cache; cheap to clone, shared by every request of one app.
#[derive(Debug, Clone)]
pub(crate) struct AudioCache {
    entries: Arc<Mutex<Entries>>,
    renders: Arc<Semaphore>,
}

impl Default for AudioCache {
    fn default() -> Self {
        AudioCache {
            entries: Arc::default(),
            renders: Arc::new(Semaphore::new(RENDERS_AT_ONCE)),
        }
    }
}

impl AudioCache {
    /// The cell for `key`, made and marked most recent; older files go when
    /// there are too many or they take too much memory.
    pub(super) fn cell(&self, key: Key) -> (Arc<Key>, Cell) {
        // A poisoned lock only means another request panicked mid-update; the list is still whole.
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let found = entries.iter().position(|(k, _)| **k == key);
        let entry = match found {
            Some(i) => entries.remove(i),
            None => (Arc::new(key), Cell::default()),
        };
        entries.push(entry.clone());
        let size = |c: &Cell| c.get().map_or(0, |f| f.bytes.len());
        while entries.len() > ENTRIES
            || (entries.len() > 1 && entries.iter().map(|(_, c)| size(c)).sum::<usize>() > BUDGET)
        {
            entries.remove(0);
        }
        entry
    }

    /// Waits for a turn to render.
    pub(super) fn renders(&self) -> Arc<Semaphore> {
        self.renders.clone()
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.lock().map(|e| e.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use backcalm_core::{compile, Library, Options};

    fn key(minutes: u32, voice: bool) -> Key {
        let lib = Library::embedded().expect("content");
        let p = lib.get("meditation-timer").expect("timer");
        Key {
            timeline: compile(p, &Options::minutes(minutes)).expect("compiles"),
            voice,
        }
    }

    #[test]
    fn the_same_session_gets_the_same_cell_and_a_different_one_does_not() {
        let cache = AudioCache::default();
        let (_, a) = cache.cell(key(5, false));
        let (_, b) = cache.cell(key(5, false));
        let (_, c) = cache.cell(key(5, true));
        let (_, d) = cache.cell(key(6, false));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert!(!Arc::ptr_eq(&a, &d));
        assert_eq!(cache.len(), 3);
    }

    #[test]
    fn the_least_recently_used_goes_first_when_full() {
        let cache = AudioCache::default();
        let cells: Vec<Cell> = (1..=ENTRIES as u32)
            .map(|m| cache.cell(key(m, false)).1)
            .collect();
        // Using the first again makes the second the oldest; one more pushes it out.
        cache.cell(key(1, false));
        cache.cell(key(99, false));
        assert_eq!(cache.len(), ENTRIES);
        assert!(Arc::ptr_eq(&cells[0], &cache.cell(key(1, false)).1));
        assert!(Arc::ptr_eq(&cells[2], &cache.cell(key(3, false)).1));
        assert!(!Arc::ptr_eq(&cells[1], &cache.cell(key(2, false)).1));
    }

    #[test]
    fn files_over_the_memory_budget_push_out_older_ones_but_the_newest_stays() {
        let cache = AudioCache::default();
        let big = |n: usize| Arc::new(Mp3File::new(vec![0; n], false));
        let (_, a) = cache.cell(key(1, false));
        a.set(big(BUDGET / 2 + 1)).expect("empty");
        let (_, b) = cache.cell(key(2, false));
        b.set(big(BUDGET / 2 + 1)).expect("empty");
        // The next use finds the two over budget and drops the older.
        let (_, c) = cache.cell(key(3, false));
        assert_eq!(cache.len(), 2, "the first went");
        let (_, b_again) = cache.cell(key(2, false));
        assert!(Arc::ptr_eq(&b, &b_again));
        let _ = c;
        let (_, huge) = cache.cell(key(4, false));
        huge.set(big(BUDGET + 1)).expect("empty");
        cache.cell(key(4, false));
        assert_eq!(cache.len(), 1, "alone over budget, and still kept");
    }

    #[test]
    fn entity_tags_follow_the_bytes() {
        assert_eq!(
            Mp3File::new(vec![1, 2, 3], false).etag,
            Mp3File::new(vec![1, 2, 3], true).etag
        );
        assert_ne!(
            Mp3File::new(vec![1, 2, 3], false).etag,
            Mp3File::new(vec![1, 2, 4], false).etag
        );
        assert!(Mp3File::new(vec![], false).etag.starts_with("\"mp3-"));
    }
}
