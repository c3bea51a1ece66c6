//! Reading a journal file directly ([`JournalFile`]) gives exactly what the
//! store gives, and refuses what it must not read: a file whose schema is not
//! this build's, a file that is not a journal, a value changed outside backcalm.

use crate::fixtures::{at, checkin, full_checkin, rating};
use backcalm_core::journal::{Feel, Note};
use backcalm_core::region::Side;
use backcalm_core::{BodyPart, CheckIn, Region};
use backcalm_store::{DayRange, JournalFile, Store, StoreError};
use jiff::civil::date;
use std::path::Path;

/// Check-ins across two zones, a DST change and every optional field.
fn journal() -> Vec<CheckIn> {
    let mut rows = vec![
        full_checkin(),
        // 23:30 in New York is already the next day in UTC.
        checkin(2, "2026-03-07T23:30:00-05:00", "America/New_York"),
        // The night the clocks go back in Berlin.
        checkin(3, "2026-10-25T02:30:00+01:00", "Europe/Berlin"),
        checkin(4, "2026-10-25T02:30:00+02:00", "Europe/Berlin"),
        checkin(5, "2026-03-08T09:00:00Z", "UTC"),
    ];
    let mut busy = checkin(6, "2026-03-08T12:00:00.000000001Z", "Asia/Tokyo");
    busy.stress = Some(rating(7));
    busy.feel = vec![Feel::Sharp, Feel::Tension];
    busy.regions = vec![
        Region {
            part: BodyPart::LowerBack,
            side: Some(Side::Left),
        },
        Region::whole(BodyPart::Neck),
    ];
    busy.note = Note::new("a note with \"quotes\", a ; and ünïcödé").expect("short");
    rows.push(busy);
    rows
}

async fn write(path: &Path, rows: &[CheckIn]) -> Store {
    let store = Store::open_sqlite_file(path).await.expect("open");
    for c in rows {
        store.insert_checkin(c).await.expect("insert");
    }
    store
}

#[tokio::test]
async fn reads_the_same_records_in_the_same_order_as_the_store() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("journal.db");
    let store = write(&path, &journal()).await;
    let file = JournalFile::open(&path)
        .expect("opens")
        .expect("the schema is current");

    let ranges = [
        DayRange::all(),
        DayRange::day(date(2026, 3, 7)),
        DayRange::between(date(2026, 3, 8), date(2026, 10, 25)),
        DayRange {
            from: Some(date(2026, 3, 8)),
            to: None,
        },
        DayRange::day(date(2030, 1, 1)),
    ];
    for range in &ranges {
        let direct = file.checkins(range).expect("direct read");
        let pooled = store.checkins(range).await.expect("store read");
        assert_eq!(direct, pooled, "{range:?}");
    }
    let all = file.checkins(&DayRange::all()).expect("read");
    assert_eq!(all.len(), journal().len());
    let ids: Vec<u128> = all.iter().map(|c| c.id.as_u128()).collect();
    // By local day, then instant: New York's 7 March evening comes first, and
    // on the night the clocks go back the first 02:30 (+02:00) before the second.
    assert_eq!(ids, vec![0xC0FFEE, 2, 5, 6, 4, 3]);
    assert_eq!(
        file.checkins(&DayRange::day(date(2026, 3, 7)))
            .expect("read")
            .iter()
            .map(|c| c.recorded_at)
            .collect::<Vec<_>>(),
        vec![at("2026-03-08T04:30:00Z")]
    );
    store.close().await;
}

#[tokio::test]
async fn a_record_written_after_opening_is_seen_by_the_next_read() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("journal.db");
    let store = write(&path, &journal()[..2]).await;
    let file = JournalFile::open(&path).expect("opens").expect("current");
    assert_eq!(file.checkins(&DayRange::all()).expect("read").len(), 2);
    store
        .insert_checkin(&journal()[2])
        .await
        .expect("a write while the reader is open");
    assert_eq!(file.checkins(&DayRange::all()).expect("read").len(), 3);
    store.close().await;
}

#[tokio::test]
async fn a_journal_that_needs_migrating_is_left_to_the_store() {
    let tmp = tempfile::tempdir().expect("temp dir");

    // An empty file is an empty SQLite database: never migrated.
    let empty = tmp.path().join("empty.db");
    std::fs::write(&empty, b"").expect("write");
    assert!(JournalFile::open(&empty).expect("opens").is_none());

    // A journal written by a newer backcalm (one more migration than we know).
    let newer = tmp.path().join("newer.db");
    let store = write(&newer, &journal()).await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99990101000000, 'from the future', 1, x'00', 0)",
    )
    .execute(&pool(&newer).await)
    .await
    .expect("record a newer migration");
    store.close().await;
    assert!(JournalFile::open(&newer).expect("opens").is_none());
}

#[test]
fn a_missing_file_or_one_that_is_not_a_database_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let missing = tmp.path().join("nowhere.db");
    let err = JournalFile::open(&missing).expect_err("missing");
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(err.to_string().contains("nowhere.db"), "{err}");
    assert!(!missing.exists(), "reading never creates a journal");

    let text = tmp.path().join("notes.txt");
    std::fs::write(
        &text,
        "this is a shopping list, not a database\n".repeat(100),
    )
    .expect("write");
    let err = JournalFile::open(&text).expect_err("not a database");
    assert!(err.to_string().contains("notes.txt"), "{err}");
    assert!(err.to_string().contains("backcalm journal"), "{err}");
}

#[tokio::test]
async fn a_value_changed_outside_backcalm_is_corrupt_naming_its_column() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("journal.db");
    let store = write(&path, &journal()).await;
    // The schema's CHECKs keep ratings in range, so tamper with what they
    // cannot check: a zone that does not exist.
    sqlx::query("UPDATE checkins SET tz = 'Mars/Olympus_Mons' WHERE id = $1")
        .bind(uuid::Uuid::from_u128(2).to_string())
        .execute(&pool(&path).await)
        .await
        .expect("tamper");
    let file = JournalFile::open(&path).expect("opens").expect("current");
    let direct = file.checkins(&DayRange::all()).expect_err("corrupt");
    let pooled = store.checkins(&DayRange::all()).await.expect_err("corrupt");
    for err in [&direct, &pooled] {
        match err {
            StoreError::Corrupt {
                table, column, id, ..
            } => {
                assert_eq!((*table, *column), ("checkins", "tz"));
                assert_eq!(id, &uuid::Uuid::from_u128(2).to_string());
            }
            other => panic!("expected Corrupt, got {other:?}"),
        }
    }
    assert_eq!(direct.to_string(), pooled.to_string());
    store.close().await;
}

#[tokio::test]
async fn a_note_stored_before_control_characters_were_refused_reads_back_without_them() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("journal.db");
    let store = write(&path, &journal()).await;
    // Written by an older backcalm, before notes refused control characters.
    sqlx::query("UPDATE checkins SET note = $1 WHERE id = $2")
        .bind("stiff\u{0} \u{1b}[2Jafter\tthe drive")
        .bind(uuid::Uuid::from_u128(2).to_string())
        .execute(&pool(&path).await)
        .await
        .expect("an old note");
    let file = JournalFile::open(&path).expect("opens").expect("current");
    let direct = file.checkins(&DayRange::all()).expect("readable");
    let pooled = store.checkins(&DayRange::all()).await.expect("readable");
    for read in [&direct, &pooled] {
        let c = read
            .iter()
            .find(|c| c.id == uuid::Uuid::from_u128(2))
            .expect("the check-in");
        assert_eq!(
            c.note.as_ref().map(Note::as_str),
            Some("stiff [2Jafter\tthe drive")
        );
    }
    store.close().await;
}

async fn pool(path: &Path) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("second connection")
}
