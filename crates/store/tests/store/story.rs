//! One story of the journal, told against every backend: SQLite (a file and
//! in memory) and PostgreSQL (a fresh database per run, dropped afterwards).
//!
//! PostgreSQL comes from `BACKCALM_TEST_DATABASE_URL`, a superuser URL such as
//! `postgres://postgres@127.0.0.1:5432/postgres`; `scripts/test` starts a
//! throwaway server and sets it. Without it the PostgreSQL test fails.

use crate::fixtures::{
    at, checkin, full_checkin, full_session, note, rating, raw_execute, session,
    with_fresh_postgres, zone,
};
use backcalm_core::journal::Feel;
use backcalm_core::{CheckIn, SessionRecord};
use backcalm_store::{Backend, DayRange, Insert, Store, StoreError};
use jiff::civil::{date, Date};
use uuid::Uuid;

fn ids<T>(records: &[T], id: impl Fn(&T) -> Uuid) -> Vec<u128> {
    records.iter().map(|r| id(r).as_u128()).collect()
}

async fn checkin_ids(store: &Store, range: DayRange) -> Vec<u128> {
    ids(
        &store.checkins(&range).await.expect("list check-ins"),
        |c| c.id,
    )
}

async fn session_ids(store: &Store, range: DayRange) -> Vec<u128> {
    ids(&store.sessions(&range).await.expect("list sessions"), |s| {
        s.id
    })
}

fn days(from: Date, to: Date) -> DayRange {
    DayRange::between(from, to)
}

// ---- the story -----------------------------------------------------------

async fn story(store: &Store) {
    the_newest_checkin_is_the_one_made_last(store).await;
    checkin_lifecycle(store).await;
    checkins_land_on_their_local_days(store).await;
    checkins_across_daylight_saving_changes(store).await;
    session_lifecycle(store).await;
    sessions_land_on_their_local_days(store).await;
    daily_pain_is_added_up_by_the_database(store).await;
}

/// The check-in made last, even when an earlier one falls on a later local
/// day in its own zone.
async fn the_newest_checkin_is_the_one_made_last(store: &Store) {
    assert_eq!(store.newest_checkin().await.expect("read"), None);
    let mut made = Vec::new();
    for (n, at, tz) in [
        (71, "2026-04-28T09:00:00+02:00", "Europe/Berlin"),
        // 06:30 UTC on 2 May, on the 1st in Los Angeles: made last.
        (72, "2026-05-01T23:30:00-07:00", "America/Los_Angeles"),
        // 23:00 UTC on 1 May, on the 2nd in Berlin: the newest local day.
        (73, "2026-05-02T01:00:00+02:00", "Europe/Berlin"),
    ] {
        let c = checkin(n, at, tz);
        store.insert_checkin(&c).await.expect("insert");
        made.push(c);
    }
    let newest = store.newest_checkin().await.expect("read");
    assert_eq!(newest.map(|c| c.id), Some(made[1].id));
    // The clinician's summary on 3 May: the same check-in, and the days of
    // the fortnight with their means; the 28th is outside the week ending
    // on the 10th, not outside the fortnight.
    let recent = store.recent(date(2026, 5, 3)).await.expect("read");
    assert_eq!(recent.newest.map(|c| c.id), Some(made[1].id));
    assert_eq!(
        recent
            .daily_pain
            .iter()
            .map(|d| (d.date, d.n))
            .collect::<Vec<_>>(),
        vec![
            (date(2026, 4, 28), 1),
            (date(2026, 5, 1), 1),
            (date(2026, 5, 2), 1)
        ]
    );
    assert!(recent.sessions_7.is_empty());
    let later = store.recent(date(2026, 5, 12)).await.expect("read");
    assert_eq!(
        later.daily_pain.iter().map(|d| d.date).collect::<Vec<_>>(),
        vec![date(2026, 5, 1), date(2026, 5, 2)],
        "the 28th is more than 13 days before the 12th"
    );
    for c in &made {
        assert!(store.delete_checkin(c.id).await.expect("delete"));
    }
}

/// The database's day totals are core's `daily_pain` of the same records:
/// days in the person's own zones, the range's ends included, one check-in
/// left out when asked.
async fn daily_pain_is_added_up_by_the_database(store: &Store) {
    let mut week = Vec::new();
    for (n, at, tz, pain) in [
        (61, "2026-03-28T23:59:00+01:00", "Europe/Berlin", 3),
        (62, "2026-03-29T03:30:00+02:00", "Europe/Berlin", 4),
        (63, "2026-03-29T20:00:00+02:00", "Europe/Berlin", 7),
        (64, "2026-03-29T01:00:00-07:00", "America/Los_Angeles", 8),
        (65, "2026-04-03T09:00:00+02:00", "Europe/Berlin", 2),
        (66, "2026-04-04T09:00:00+02:00", "Europe/Berlin", 9),
    ] {
        let mut c = checkin(n, at, tz);
        c.pain = rating(pain);
        store.insert_checkin(&c).await.expect("insert");
        week.push(c);
    }
    let range = DayRange::between(date(2026, 3, 29), date(2026, 4, 3));
    let left_out = week[2].id;
    let expected: Vec<_> = backcalm_core::insights::daily_pain(
        &week
            .iter()
            .filter(|c| range.contains(c.local_date()) && c.id != left_out)
            .cloned()
            .collect::<Vec<_>>(),
    );
    let got = store
        .daily_pain(&range, Some(left_out))
        .await
        .expect("day totals");
    assert_eq!(got, expected);
    // The 29th in Berlin (4) and in Los Angeles (8), the 7 left out; the 28th
    // and the 4th outside the range.
    assert_eq!(
        got.iter()
            .map(|d| (d.date, d.pain_mean, d.n))
            .collect::<Vec<_>>(),
        vec![(date(2026, 3, 29), 6.0, 2), (date(2026, 4, 3), 2.0, 1)]
    );
    for c in &week {
        assert!(store.delete_checkin(c.id).await.expect("delete"));
    }
}

async fn checkin_lifecycle(store: &Store) {
    assert_eq!(
        store.count_checkins().await.expect("count"),
        0,
        "a new journal is empty"
    );
    assert!(store
        .checkins(&DayRange::all())
        .await
        .expect("list")
        .is_empty());

    let original = full_checkin();
    let created = store.insert_checkin(&original).await.expect("create");
    assert_eq!(created, Insert::Created(original.clone()));
    assert_eq!(
        store.checkin(original.id).await.expect("read"),
        Some(original.clone()),
        "reads back exactly"
    );
    assert_eq!(
        store
            .checkin(Uuid::from_u128(1))
            .await
            .expect("read missing"),
        None
    );

    // A client retrying the same request gets the stored record, not a duplicate.
    let again = store
        .insert_checkin(&original)
        .await
        .expect("idempotent retry");
    assert_eq!(again, Insert::Existing(original.clone()));
    assert_eq!(store.count_checkins().await.expect("count"), 1);

    let imposter = CheckIn {
        pain: rating(2),
        ..original.clone()
    };
    match store.insert_checkin(&imposter).await {
        Err(StoreError::Conflict { id }) => assert_eq!(id, original.id),
        other => panic!("same id, other content must be a conflict, got {other:?}"),
    }
    assert_eq!(
        store.checkin(original.id).await.expect("read"),
        Some(original.clone()),
        "conflict changed nothing"
    );

    // Editing may move the record to another day; the day index must follow.
    let edited = CheckIn {
        recorded_at: at("2026-02-11T23:10:00-08:00"),
        tz: zone("America/Los_Angeles"),
        pain: rating(3),
        sleep: None,
        feel: vec![Feel::Tension],
        note: None,
        ..original.clone()
    };
    assert!(store.update_checkin(&edited).await.expect("update"));
    assert_eq!(
        store.checkin(original.id).await.expect("read"),
        Some(edited.clone())
    );
    assert_eq!(
        checkin_ids(store, DayRange::day(date(2026, 2, 10))).await,
        Vec::<u128>::new()
    );
    assert_eq!(
        checkin_ids(store, DayRange::day(date(2026, 2, 11))).await,
        vec![original.id.as_u128()]
    );
    let stranger = checkin(2, "2026-02-11T10:00:00Z", "UTC");
    assert!(
        !store
            .update_checkin(&stranger)
            .await
            .expect("update missing"),
        "no such id"
    );
    assert_eq!(
        store.checkin(stranger.id).await.expect("read"),
        None,
        "update does not create"
    );

    assert!(store.delete_checkin(original.id).await.expect("delete"));
    assert_eq!(
        store.checkin(original.id).await.expect("read deleted"),
        None
    );
    assert!(!store
        .delete_checkin(original.id)
        .await
        .expect("delete again"));
    assert_eq!(store.count_checkins().await.expect("count"), 0);
    // Deletion is real: the id is free again, for any content.
    let reborn = store
        .insert_checkin(&imposter)
        .await
        .expect("create after delete");
    assert!(reborn.is_created());
    assert!(store.delete_checkin(imposter.id).await.expect("delete"));
}

async fn checkins_land_on_their_local_days(store: &Store) {
    // Both on 2026-03-29 in UTC, on two other days where they were made.
    let la = checkin(10, "2026-03-28T23:30:00-07:00", "America/Los_Angeles");
    let tokyo = checkin(11, "2026-03-30T08:00:00+09:00", "Asia/Tokyo");
    assert_eq!(la.recorded_at.to_string(), "2026-03-29T06:30:00Z");
    assert_eq!(tokyo.recorded_at.to_string(), "2026-03-29T23:00:00Z");
    // Flying west: Tokyo breakfast, then a late evening in Los Angeles the day "before".
    let tokyo_first = checkin(12, "2026-04-02T08:00:00+09:00", "Asia/Tokyo");
    let la_later = checkin(13, "2026-04-01T23:30:00-07:00", "America/Los_Angeles");
    assert!(tokyo_first.recorded_at < la_later.recorded_at);
    for c in [&tokyo, &la_later, &la, &tokyo_first] {
        assert!(store.insert_checkin(c).await.expect("create").is_created());
    }

    assert_eq!(
        checkin_ids(store, DayRange::day(date(2026, 3, 28))).await,
        vec![10]
    );
    assert_eq!(
        checkin_ids(store, DayRange::day(date(2026, 3, 29))).await,
        Vec::<u128>::new()
    );
    assert_eq!(
        checkin_ids(store, DayRange::day(date(2026, 3, 30))).await,
        vec![11]
    );
    // Listed day by day in each record's own days.
    assert_eq!(
        checkin_ids(store, days(date(2026, 4, 1), date(2026, 4, 2))).await,
        vec![13, 12]
    );
    let open_start = DayRange {
        from: None,
        to: Some(date(2026, 3, 31)),
    };
    assert_eq!(checkin_ids(store, open_start).await, vec![10, 11]);
    let open_end = DayRange {
        from: Some(date(2026, 3, 30)),
        to: None,
    };
    assert_eq!(checkin_ids(store, open_end).await, vec![11, 13, 12]);
    assert_eq!(
        checkin_ids(store, days(date(2026, 3, 31), date(2026, 3, 1))).await,
        Vec::<u128>::new()
    );

    for c in [&la, &tokyo, &tokyo_first, &la_later] {
        assert!(store.delete_checkin(c.id).await.expect("delete"));
    }
}

async fn checkins_across_daylight_saving_changes(store: &Store) {
    // Berlin springs forward on 2026-03-29: 02:00 CET becomes 03:00 CEST (a 23-hour day).
    let berlin = [
        checkin(23, "2026-03-30T00:00:00+02:00", "Europe/Berlin"),
        checkin(21, "2026-03-29T03:30:00+02:00", "Europe/Berlin"),
        checkin(20, "2026-03-28T23:59:00+01:00", "Europe/Berlin"),
        checkin(22, "2026-03-29T01:30:00+01:00", "Europe/Berlin"),
    ];
    // New York falls back on 2026-11-01: 01:30 happens twice (a 25-hour day).
    let new_york = [
        checkin(33, "2026-11-02T00:30:00-05:00", "America/New_York"),
        checkin(32, "2026-11-01T23:30:00-05:00", "America/New_York"),
        checkin(31, "2026-11-01T01:30:00-05:00", "America/New_York"),
        checkin(30, "2026-11-01T01:30:00-04:00", "America/New_York"),
        checkin(29, "2026-10-31T23:59:00-04:00", "America/New_York"),
    ];
    for c in berlin.iter().chain(&new_york) {
        assert!(store.insert_checkin(c).await.expect("create").is_created());
        assert_eq!(store.checkin(c.id).await.expect("read"), Some(c.clone()));
    }
    // One hour apart as the clock reads, but 01:30 and 03:30 on the short day.
    assert_eq!(
        berlin[1]
            .recorded_at
            .duration_since(berlin[3].recorded_at)
            .as_secs(),
        3600
    );
    assert_eq!(
        checkin_ids(store, DayRange::day(date(2026, 3, 28))).await,
        vec![20]
    );
    assert_eq!(
        checkin_ids(store, DayRange::day(date(2026, 3, 29))).await,
        vec![22, 21]
    );
    assert_eq!(
        checkin_ids(store, DayRange::day(date(2026, 3, 30))).await,
        vec![23]
    );

    // The two 01:30s are an hour apart, the daylight one first.
    assert_eq!(
        new_york[2]
            .recorded_at
            .duration_since(new_york[3].recorded_at)
            .as_secs(),
        3600
    );
    assert_eq!(
        checkin_ids(store, DayRange::day(date(2026, 10, 31))).await,
        vec![29]
    );
    assert_eq!(
        checkin_ids(store, DayRange::day(date(2026, 11, 1))).await,
        vec![30, 31, 32]
    );
    assert_eq!(
        checkin_ids(store, DayRange::day(date(2026, 11, 2))).await,
        vec![33]
    );
    assert_eq!(
        checkin_ids(store, DayRange::all()).await,
        vec![20, 22, 21, 23, 29, 30, 31, 32, 33]
    );
    assert_eq!(store.count_checkins().await.expect("count"), 9);

    for c in berlin.iter().chain(&new_york) {
        assert!(store.delete_checkin(c.id).await.expect("delete"));
    }
    assert_eq!(store.count_checkins().await.expect("count"), 0);
}

async fn session_lifecycle(store: &Store) {
    assert!(store
        .sessions(&DayRange::all())
        .await
        .expect("list")
        .is_empty());
    let original = full_session();
    assert_eq!(
        store.insert_session(&original).await.expect("create"),
        Insert::Created(original.clone())
    );
    assert_eq!(
        store.session(original.id).await.expect("read"),
        Some(original.clone()),
        "reads back exactly"
    );
    assert_eq!(
        store.insert_session(&original).await.expect("retry"),
        Insert::Existing(original.clone())
    );
    assert_eq!(
        session_ids(store, DayRange::all()).await,
        vec![original.id.as_u128()]
    );

    let imposter = SessionRecord {
        completed: true,
        ..original.clone()
    };
    match store.insert_session(&imposter).await {
        Err(StoreError::Conflict { id }) => assert_eq!(id, original.id),
        other => panic!("same id, other content must be a conflict, got {other:?}"),
    }
    assert_eq!(
        store.session(original.id).await.expect("read"),
        Some(original.clone())
    );

    let edited = SessionRecord {
        variant: None,
        minutes: 0,
        actual_s: 0,
        pain_after: None,
        pleasantness: Some(rating(0)),
        regions: vec![],
        note: note("bell too loud"),
        started_at: at("2026-02-12T06:00:00-05:00"),
        ..original.clone()
    };
    assert!(store.update_session(&edited).await.expect("update"));
    assert_eq!(
        store.session(original.id).await.expect("read"),
        Some(edited.clone())
    );
    assert_eq!(
        session_ids(store, DayRange::day(date(2026, 2, 10))).await,
        Vec::<u128>::new()
    );
    assert_eq!(
        session_ids(store, DayRange::day(date(2026, 2, 12))).await,
        vec![original.id.as_u128()]
    );
    let stranger = session(2, "2026-02-12T06:00:00Z", "UTC");
    assert!(!store
        .update_session(&stranger)
        .await
        .expect("update missing"));
    assert_eq!(store.session(stranger.id).await.expect("read"), None);

    assert!(store.delete_session(original.id).await.expect("delete"));
    assert_eq!(
        store.session(original.id).await.expect("read deleted"),
        None
    );
    assert!(!store
        .delete_session(original.id)
        .await
        .expect("delete again"));
    assert!(store
        .sessions(&DayRange::all())
        .await
        .expect("list")
        .is_empty());
}

async fn sessions_land_on_their_local_days(store: &Store) {
    // A session started before midnight counts for that day, wherever it was.
    let late_la = session(40, "2026-11-01T23:50:00-08:00", "America/Los_Angeles");
    let second_0130 = session(42, "2026-11-01T01:30:00-05:00", "America/New_York");
    let first_0130 = session(41, "2026-11-01T01:30:00-04:00", "America/New_York");
    let tokyo = session(43, "2026-11-02T07:00:00+09:00", "Asia/Tokyo");
    for s in [&tokyo, &late_la, &second_0130, &first_0130] {
        assert!(store.insert_session(s).await.expect("create").is_created());
    }
    assert_eq!(late_la.started_at.to_string(), "2026-11-02T07:50:00Z");
    assert_eq!(
        session_ids(store, DayRange::day(date(2026, 11, 1))).await,
        vec![41, 42, 40]
    );
    assert_eq!(
        session_ids(store, DayRange::day(date(2026, 11, 2))).await,
        vec![43]
    );
    assert_eq!(
        session_ids(store, DayRange::all()).await,
        vec![41, 42, 40, 43]
    );
    for s in [&late_la, &second_0130, &first_0130, &tokyo] {
        assert!(store.delete_session(s.id).await.expect("delete"));
    }
}

/// Values written behind backcalm's back come out as `Corrupt`, naming the
/// column. On PostgreSQL the column types refuse some of them outright (an id
/// that is not a UUID, a list that is not JSON): the database says no.
async fn corrupt_rows_are_reported(store: &Store, url: &str) {
    let c = checkin(50, "2026-05-01T12:00:00Z", "UTC");
    let s = session(51, "2026-05-01T12:00:00Z", "UTC");
    store.insert_checkin(&c).await.expect("create");
    store.insert_session(&s).await.expect("create");
    let postgres = store.backend() == Backend::Postgres;

    // (statement, table, column, whether PostgreSQL's types refuse it)
    let cases: [(&str, &str, &str, bool); 5] = [
        (
            "UPDATE checkins SET tz = 'Mars/Base' WHERE CAST(id AS TEXT) = $1",
            "checkins",
            "tz",
            false,
        ),
        (
            "UPDATE checkins SET tz = 'UTC', feel = '[\"itchy\"]' WHERE CAST(id AS TEXT) = $1",
            "checkins",
            "feel",
            false,
        ),
        (
            "UPDATE checkins SET feel = '[]', note = '  padded ' WHERE CAST(id AS TEXT) = $1",
            "checkins",
            "note",
            false,
        ),
        (
            "UPDATE sessions SET regions = 'not json' WHERE CAST(id AS TEXT) = $1",
            "sessions",
            "regions",
            true,
        ),
        (
            "UPDATE sessions SET id = 'not-a-uuid' WHERE CAST(id AS TEXT) = $1",
            "sessions",
            "id",
            true,
        ),
    ];
    for (sql, table, column, refused_by_postgres) in cases {
        let id = if table == "checkins" { c.id } else { s.id };
        let written = raw_execute(url, sql, &[&id.to_string()]).await;
        if postgres && refused_by_postgres {
            assert!(written.is_err(), "PostgreSQL refuses {sql}: {written:?}");
            continue;
        }
        assert_eq!(written, Ok(1), "{sql}");
        let result = if table == "checkins" {
            store.checkins(&DayRange::all()).await.map(drop)
        } else {
            store.sessions(&DayRange::all()).await.map(drop)
        };
        match result {
            Err(StoreError::Corrupt {
                table: t,
                column: col,
                ..
            }) => {
                assert_eq!((t, col), (table, column), "after {sql}")
            }
            other => panic!("after {sql} expected Corrupt in {table}.{column}, got {other:?}"),
        }
    }
    let err = store.checkin(c.id).await.expect_err("still corrupt");
    assert!(err.to_string().contains("checkins.note"), "{err}");
    assert!(
        err.to_string().contains("restore a backup"),
        "says what to do: {err}"
    );

    raw_execute(
        url,
        "DELETE FROM sessions WHERE CAST(id AS TEXT) IN ('not-a-uuid', $1)",
        &[&s.id.to_string()],
    )
    .await
    .expect("clean up");
    assert!(store
        .delete_checkin(c.id)
        .await
        .expect("a corrupt row can still be deleted"));
    assert_eq!(store.count_checkins().await.expect("count"), 0);
}

// ---- the backends ---------------------------------------------------------

#[tokio::test]
async fn sqlite_file_story() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("journal.db");
    let store = Store::open_sqlite_file(&path).await.expect("open");
    assert_eq!(store.backend(), Backend::Sqlite);
    story(&store).await;
    corrupt_rows_are_reported(&store, &format!("sqlite://{}", path.display())).await;
    store.close().await;
}

#[tokio::test]
async fn sqlite_memory_story() {
    let store = Store::open("sqlite::memory:").await.expect("open");
    assert_eq!(store.backend(), Backend::Sqlite);
    story(&store).await;
    store.close().await;
}

#[tokio::test]
async fn postgres_story() {
    with_fresh_postgres(|url| async move {
        let store = Store::open(&url).await.expect("open");
        assert_eq!(store.backend(), Backend::Postgres);
        story(&store).await;
        corrupt_rows_are_reported(&store, &url).await;
        store.close().await;
    })
    .await;
}
