//! Migration 0004 on records written at schema 0003, on both backends: each
//! instant's milliseconds and nanoseconds become one value to the
//! microsecond (the floor, right before 1970 too), and ids, flags, lists and
//! text come through; the tables end with the columns #12's store reads.

use crate::fixtures::with_fresh_postgres;
use crate::rls::postgres_migrations;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, Executor, PgConnection, Row};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The columns of each table after 0004, in order, the same on both backends.
const COLUMNS: [(&str, &[&str]); 6] = [
    (
        "checkins",
        &[
            "id",
            "owner",
            "recorded_at",
            "tz",
            "local_date",
            "pain",
            "stress",
            "sleep",
            "feel",
            "regions",
            "activity",
            "note",
            "flare",
        ],
    ),
    (
        "sessions",
        &[
            "id",
            "owner",
            "practice",
            "variant",
            "minutes",
            "started_at",
            "tz",
            "local_date",
            "actual_s",
            "completed",
            "pain_before",
            "pain_after",
            "stress_before",
            "stress_after",
            "pleasantness",
            "regions",
            "note",
        ],
    ),
    (
        "questionnaire_answers",
        &[
            "id",
            "owner",
            "instrument",
            "answered_at",
            "tz",
            "local_date",
            "answers",
            "score",
        ],
    ),
    (
        "screens",
        &[
            "id",
            "owner",
            "taken_at",
            "tz",
            "local_date",
            "answers",
            "action",
        ],
    ),
    ("reminders", &["id", "owner", "local_time", "tz", "label"]),
    ("settings", &["owner", "body"]),
];

const ID_1: &str = "0195f2c4-1a2b-7c3d-8e4f-000000000001";
const ID_2: &str = "0195f2c4-1a2b-7c3d-8e4f-000000000002";
const ID_3: &str = "0195f2c4-1a2b-7c3d-8e4f-000000000003";

/// Rows as schema 0003 holds them (the same SQL on both backends), with
/// instants finer than a microsecond, one a microsecond before 1970 and one
/// more than a day before it.
const ROWS_AT_0003: &str = "
INSERT INTO checkins (id, owner, recorded_at_ms, recorded_at_ns, tz, local_date, pain, stress,
                      sleep, feel, regions, activity, note, flare) VALUES
  ('0195f2c4-1a2b-7c3d-8e4f-000000000001', 'local', 1774744200123, 456789, 'Europe/Berlin',
   '2026-03-29', 6, 0, 10, '[\"radiating\",\"dull-ache\"]', '[\"lower-back-left\"]',
   'drove 3 h', 'stiff — 痛い; ''); DROP TABLE checkins; --', 1),
  ('0195f2c4-1a2b-7c3d-8e4f-000000000002', 'local', -1, 999999, 'UTC', '1969-12-31',
   3, NULL, NULL, '[]', '[]', NULL, NULL, 0),
  ('0195f2c4-1a2b-7c3d-8e4f-000000000003', 'local', -86400001, 1000, 'UTC', '1969-12-30',
   0, NULL, NULL, '[]', '[]', NULL, NULL, 0);
INSERT INTO sessions (id, owner, practice, variant, minutes, started_at_ms, started_at_ns, tz,
                      local_date, actual_s, completed, pain_before, pain_after, stress_before,
                      stress_after, pleasantness, regions, note) VALUES
  ('0195f2c4-1a2b-7c3d-8e4f-000000000001', 'local', 'body-scan', 'short', 10, 1774744200123,
   999999, 'UTC', '2026-03-29', 598, 1, 6, 4, 5, 3, 8, '[\"neck\"]', 'calmer'),
  ('0195f2c4-1a2b-7c3d-8e4f-000000000002', 'local', 'breathing', NULL, 5, -1, 0, 'UTC',
   '1969-12-31', 0, 0, NULL, NULL, NULL, NULL, NULL, '[]', NULL);
INSERT INTO questionnaire_answers (id, owner, instrument, answered_at_ms, answered_at_ns, tz,
                                   local_date, answers, score) VALUES
  ('0195f2c4-1a2b-7c3d-8e4f-000000000001', 'local', 'peg3', 0, 999, 'UTC', '1970-01-01',
   '{\"pain\":4,\"enjoyment\":5,\"activity\":6}', 5.0);
INSERT INTO screens (id, owner, taken_at_ms, taken_at_ns, tz, local_date, answers, action) VALUES
  ('0195f2c4-1a2b-7c3d-8e4f-000000000001', 'local', 1774744200123, 1, 'UTC', '2026-03-29',
   '{\"numbness\":true}', 'soon');
INSERT INTO reminders (id, owner, local_time, tz, label) VALUES
  ('0195f2c4-1a2b-7c3d-8e4f-000000000001', 'local', '08:30', 'Europe/Berlin', 'stretch');
INSERT INTO settings (owner, body) VALUES ('local', '{\"voice\":false}');
";

// PostgreSQL ------------------------------------------------------------------

async fn strings(conn: &mut PgConnection, sql: &str) -> Vec<String> {
    sqlx::query_scalar(sql)
        .fetch_all(&mut *conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_0004_keeps_every_record_to_the_microsecond() {
    with_fresh_postgres(|url| async move {
        // The zone the migrations run in must not matter.
        let options = PgConnectOptions::from_str(&url)
            .expect("test URL")
            .options([("TimeZone", "America/New_York")]);
        let migrating = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .expect("connect");
        let all = postgres_migrations().await;
        let mut up_to_0003 = postgres_migrations().await;
        up_to_0003.migrations = Cow::Owned(
            all.migrations
                .iter()
                .filter(|m| m.version <= 3)
                .cloned()
                .collect(),
        );
        assert_eq!(up_to_0003.migrations.len(), 3);
        up_to_0003.run(&migrating).await.expect("migrate to 0003");
        sqlx::raw_sql(ROWS_AT_0003)
            .execute(&migrating)
            .await
            .expect("rows at 0003");
        all.run(&migrating).await.expect("migrate to 0004");
        migrating.close().await;

        let mut conn = PgConnection::connect(&url).await.expect("connect");
        conn.execute("SET TimeZone = 'UTC'").await.expect("UTC");

        assert_eq!(
            strings(
                &mut conn,
                "SELECT id::text || ' ' || recorded_at::text || ' ' || local_date::text || ' ' \
                 || flare::text || ' ' || feel::text || ' ' || regions::text \
                 FROM checkins ORDER BY recorded_at DESC"
            )
            .await,
            [
                format!(
                    "{ID_1} 2026-03-29 00:30:00.123456+00 2026-03-29 true \
                     [\"radiating\", \"dull-ache\"] [\"lower-back-left\"]"
                ),
                format!("{ID_2} 1969-12-31 23:59:59.999999+00 1969-12-31 false [] []"),
                format!("{ID_3} 1969-12-30 23:59:59.999001+00 1969-12-30 false [] []"),
            ]
        );
        let row = sqlx::query(
            "SELECT pain, stress, sleep, activity, note FROM checkins WHERE id = $1::uuid",
        )
        .bind(ID_1)
        .fetch_one(&mut conn)
        .await
        .expect("check-in");
        assert_eq!(
            (
                row.get::<i16, _>(0),
                row.get::<Option<i16>, _>(1),
                row.get::<Option<i16>, _>(2)
            ),
            (6, Some(0), Some(10))
        );
        assert_eq!(row.get::<Option<String>, _>(3).as_deref(), Some("drove 3 h"));
        assert_eq!(
            row.get::<Option<String>, _>(4).as_deref(),
            Some("stiff — 痛い; '); DROP TABLE checkins; --")
        );

        assert_eq!(
            strings(
                &mut conn,
                "SELECT concat_ws(' ', id, started_at, local_date, minutes, actual_s, completed::text, \
                 pain_before, pain_after, pleasantness, regions, variant, note) \
                 FROM sessions ORDER BY started_at DESC"
            )
            .await,
            [
                format!(
                    "{ID_1} 2026-03-29 00:30:00.123999+00 2026-03-29 10 598 true 6 4 8 \
                     [\"neck\"] short calmer"
                ),
                format!("{ID_2} 1969-12-31 23:59:59.999+00 1969-12-31 5 0 false []"),
            ]
        );
        assert_eq!(
            strings(
                &mut conn,
                "SELECT concat_ws(' ', id, answered_at, instrument, answers, score) \
                 FROM questionnaire_answers"
            )
            .await,
            [format!(
                "{ID_1} 1970-01-01 00:00:00+00 peg3 \
                 {{\"pain\": 4, \"activity\": 6, \"enjoyment\": 5}} 5"
            )]
        );
        assert_eq!(
            strings(
                &mut conn,
                "SELECT concat_ws(' ', id, taken_at, answers, action) FROM screens"
            )
            .await,
            [format!(
                "{ID_1} 2026-03-29 00:30:00.123+00 {{\"numbness\": true}} soon"
            )]
        );
        assert_eq!(
            strings(
                &mut conn,
                "SELECT concat_ws(' ', id, owner, local_time, tz, label) FROM reminders"
            )
            .await,
            [format!("{ID_1} local 08:30 Europe/Berlin stretch")]
        );
        assert_eq!(
            strings(
                &mut conn,
                "SELECT owner || ' ' || body::text FROM settings"
            )
            .await,
            ["local {\"voice\": false}"]
        );

        for (table, columns) in COLUMNS {
            assert_eq!(
                strings(
                    &mut conn,
                    &format!(
                        "SELECT column_name::text FROM information_schema.columns \
                         WHERE table_schema = 'public' AND table_name = '{table}' \
                         ORDER BY ordinal_position"
                    )
                )
                .await,
                columns,
                "{table}'s columns"
            );
        }
        assert_eq!(
            strings(
                &mut conn,
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations' \
                 ORDER BY table_name"
            )
            .await,
            [
                // 0001-0004's journal, 0005's hosted-mode tables and 0006's Web Push.
                "accounts",
                "audit",
                "checkins",
                "invitations",
                "logins",
                "push_keys",
                "push_sent",
                "push_subscriptions",
                "questionnaire_answers",
                "reminders",
                "screens",
                "sessions",
                "settings",
                "share_codes",
                "shares",
                "sign_in_failures"
            ]
        );

        // The CHECKs hold in the new types (as the owner: no policy applies).
        conn.execute("SET backcalm.person = 'local'")
            .await
            .expect("person");
        for bad in [
            "INSERT INTO checkins (id, recorded_at, tz, local_date, pain) \
             VALUES (gen_random_uuid(), now(), 'UTC', '2026-03-29', 11)",
            "INSERT INTO checkins (id, recorded_at, tz, local_date, pain, feel) \
             VALUES (gen_random_uuid(), now(), 'UTC', '2026-03-29', 1, '{}')",
            "INSERT INTO sessions (id, practice, minutes, started_at, tz, local_date, actual_s, completed) \
             VALUES (gen_random_uuid(), 'x', -1, now(), 'UTC', '2026-03-29', 0, false)",
            "INSERT INTO screens (id, taken_at, tz, local_date, answers, action) \
             VALUES (gen_random_uuid(), now(), 'UTC', '2026-03-29', '{}', 'later')",
            "INSERT INTO screens (id, taken_at, tz, local_date, answers, action) \
             VALUES (gen_random_uuid(), now(), 'UTC', '2026-03-29', '[]', 'none')",
            "INSERT INTO reminders (id, local_time, tz, label) \
             VALUES (gen_random_uuid(), '24:00', 'UTC', 'x')",
            "INSERT INTO reminders (id, local_time, tz, label) \
             VALUES (gen_random_uuid(), '8:30', 'UTC', 'x')",
            "INSERT INTO settings (owner, body) VALUES ('', '{}')",
        ] {
            match conn.execute(bad).await {
                Err(sqlx::Error::Database(e)) => {
                    assert_eq!(e.code().as_deref(), Some("23514"), "{bad}: {e}");
                }
                other => panic!("{bad}: expected a CHECK violation, got {other:?}"),
            }
        }
        // The defaults: owner from the person, flare false, lists empty.
        conn.execute(
            "INSERT INTO checkins (id, recorded_at, tz, local_date, pain) \
             VALUES ('0195f2c4-1a2b-7c3d-8e4f-0000000000ff', now(), 'UTC', '2026-03-29', 1)",
        )
        .await
        .expect("defaults");
        assert_eq!(
            strings(
                &mut conn,
                "SELECT concat_ws(' ', owner, flare::text, feel, regions) FROM checkins \
                 WHERE id = '0195f2c4-1a2b-7c3d-8e4f-0000000000ff'"
            )
            .await,
            ["local false [] []"]
        );
        conn.close().await.expect("close");
    })
    .await;
}

// SQLite ------------------------------------------------------------------------

fn sqlite_migration(number: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    let entry = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(number) && n.ends_with(".sql"))
        })
        .unwrap_or_else(|| panic!("no migrations/sqlite/{number}_*.sql"));
    std::fs::read_to_string(&entry).unwrap_or_else(|e| panic!("{}: {e}", entry.display()))
}

/// A journal file at schema 0003 holding ROWS_AT_0003, then 0004 applied as
/// the store applies it: one `execute_batch` in a transaction.
fn sqlite_journal_through_0004(dir: &Path) -> PathBuf {
    let path = dir.join("journal.sqlite");
    let mut conn = rusqlite::Connection::open(&path).expect("open");
    for n in ["0001", "0002", "0003"] {
        conn.execute_batch(&sqlite_migration(n))
            .unwrap_or_else(|e| panic!("{n}: {e}"));
    }
    conn.execute_batch(ROWS_AT_0003).expect("rows at 0003");
    let tx = conn.transaction().expect("begin");
    tx.execute_batch(&sqlite_migration("0004"))
        .expect("0004 runs in a transaction");
    tx.commit().expect("commit");
    conn.close().expect("close");
    path
}

/// id, recorded_at, local_date, flare, feel, regions, note.
type CheckinRow = (String, i64, String, i64, String, String, Option<String>);

fn sqlite_strings(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    let mut statement = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let rows = statement
        .query_map([], |row| row.get::<_, String>(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    rows.map(|r| r.expect("row")).collect()
}

#[test]
fn sqlite_0004_keeps_every_record_to_the_microsecond() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = sqlite_journal_through_0004(tmp.path());
    let conn = rusqlite::Connection::open(&path).expect("reopen");

    let checkins: Vec<CheckinRow> = conn
        .prepare(
            "SELECT id, recorded_at, local_date, flare, feel, regions, note \
             FROM checkins ORDER BY recorded_at DESC",
        )
        .expect("prepare")
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .expect("query")
        .map(|r| r.expect("row"))
        .collect();
    let text = |s: &str| s.to_string();
    assert_eq!(
        checkins,
        [
            (
                text(ID_1),
                1_774_744_200_123_456,
                text("2026-03-29"),
                1,
                text("[\"radiating\",\"dull-ache\"]"),
                text("[\"lower-back-left\"]"),
                Some(text("stiff — 痛い; '); DROP TABLE checkins; --")),
            ),
            // 1969-12-31T23:59:59.999999Z
            (
                text(ID_2),
                -1,
                text("1969-12-31"),
                0,
                text("[]"),
                text("[]"),
                None
            ),
            // -86400001 ms + 1000 ns: 1969-12-30T23:59:59.999001Z
            (
                text(ID_3),
                -86_400_000_999,
                text("1969-12-30"),
                0,
                text("[]"),
                text("[]"),
                None
            ),
        ]
    );
    assert_eq!(
        sqlite_strings(
            &conn,
            "SELECT concat_ws(' ', id, started_at, minutes, actual_s, completed, pain_before, \
             pain_after, pleasantness, regions, variant, note) FROM sessions ORDER BY started_at DESC"
        ),
        [
            format!("{ID_1} 1774744200123999 10 598 1 6 4 8 [\"neck\"] short calmer"),
            format!("{ID_2} -1000 5 0 0 []"),
        ]
    );
    assert_eq!(
        sqlite_strings(
            &conn,
            "SELECT concat_ws(' ', id, answered_at, instrument, answers, score) \
             FROM questionnaire_answers"
        ),
        [format!(
            "{ID_1} 0 peg3 {{\"pain\":4,\"enjoyment\":5,\"activity\":6}} 5.0"
        )]
    );
    assert_eq!(
        sqlite_strings(
            &conn,
            "SELECT concat_ws(' ', id, taken_at, answers, action) FROM screens"
        ),
        [format!(
            "{ID_1} 1774744200123000 {{\"numbness\":true}} soon"
        )]
    );
    assert_eq!(
        sqlite_strings(
            &conn,
            "SELECT concat_ws(' ', id, local_time, label) FROM reminders"
        ),
        [format!("{ID_1} 08:30 stretch")]
    );
    assert_eq!(
        sqlite_strings(&conn, "SELECT owner || ' ' || body FROM settings"),
        ["local {\"voice\":false}"]
    );

    for (table, columns) in COLUMNS {
        assert_eq!(
            sqlite_strings(
                &conn,
                &format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid")
            ),
            columns,
            "{table}'s columns"
        );
    }
    assert_eq!(
        sqlite_strings(
            &conn,
            "SELECT name FROM sqlite_schema WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ),
        [
            "checkins",
            "questionnaire_answers",
            "reminders",
            "screens",
            "sessions",
            "settings"
        ]
    );
    assert_eq!(
        sqlite_strings(&conn, "PRAGMA integrity_check"),
        ["ok"],
        "integrity"
    );

    // STRICT and the CHECKs came through the rebuild.
    for bad in [
        "INSERT INTO checkins (id, recorded_at, tz, local_date, pain) \
         VALUES ('x1', 0, 'UTC', '1970-01-01', 11)",
        "INSERT INTO checkins (id, recorded_at, tz, local_date, pain, flare) \
         VALUES ('x2', 0, 'UTC', '1970-01-01', 1, 2)",
        "INSERT INTO checkins (id, recorded_at, tz, local_date, pain) \
         VALUES ('x3', 'soon', 'UTC', '1970-01-01', 1)",
        "INSERT INTO sessions (id, practice, minutes, started_at, tz, local_date, actual_s, completed) \
         VALUES ('x4', 'p', 1, 0, 'UTC', '1970-01-01', 0, 2)",
        "INSERT INTO screens (id, taken_at, tz, local_date, answers, action) \
         VALUES ('x5', 0, 'UTC', '1970-01-01', '{}', 'later')",
        "INSERT INTO questionnaire_answers (id, instrument, answered_at, tz, local_date, answers, score) \
         VALUES ('x6', 'peg3', 0, 'UTC', '1970-01-01', '{}', 'high')",
    ] {
        assert!(conn.execute(bad, []).is_err(), "{bad} was accepted");
    }
    conn.execute(
        "INSERT INTO checkins (id, recorded_at, tz, local_date, pain) \
         VALUES ('x7', 0, 'UTC', '1970-01-01', 1)",
        [],
    )
    .expect("defaults");
    assert_eq!(
        sqlite_strings(
            &conn,
            "SELECT concat_ws(' ', owner, flare, feel, regions) FROM checkins WHERE id = 'x7'"
        ),
        ["local 0 [] []"]
    );
}

/// The indexes serve a person's days and latest screen when the query names
/// the owner, as the store's queries do (see the migration's comment).
#[test]
fn sqlite_0004_indexes_serve_the_owners_days() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = sqlite_journal_through_0004(tmp.path());
    let conn = rusqlite::Connection::open(&path).expect("reopen");
    // EXPLAIN QUERY PLAN's rows are (id, parent, notused, detail): read detail.
    let plan = |sql: &str| -> String {
        let mut statement = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("plan");
        let unbound = vec![rusqlite::types::Null; statement.parameter_count()];
        let rows = statement
            .query_map(rusqlite::params_from_iter(unbound), |r| {
                r.get::<_, String>(3)
            })
            .expect("plan rows");
        rows.map(|r| r.expect("row")).collect::<Vec<_>>().join("; ")
    };
    for (sql, index) in [
        (
            "SELECT id, recorded_at, tz, pain, stress, sleep, feel, regions, activity, note, flare \
             FROM checkins WHERE owner = ?1 AND local_date >= ?2 AND local_date <= ?3 \
             ORDER BY local_date, recorded_at, id",
            "checkins_by_owner_day (owner=? AND local_date>? AND local_date<?)",
        ),
        (
            "SELECT local_date, COUNT(*), MAX(pain) FROM checkins \
             WHERE owner = ?1 AND local_date >= ?2 GROUP BY local_date ORDER BY local_date",
            "checkins_by_owner_day (owner=? AND local_date>?)",
        ),
        (
            "SELECT id, started_at FROM sessions WHERE owner = ?1 \
             AND local_date >= ?2 AND local_date <= ?3 ORDER BY local_date, started_at, id",
            "sessions_by_owner_day (owner=? AND local_date>? AND local_date<?)",
        ),
        (
            "SELECT id, answered_at, answers, score FROM questionnaire_answers \
             WHERE owner = ?1 AND instrument = ?2 ORDER BY local_date, answered_at, id",
            "questionnaire_answers_by_owner_day (owner=? AND instrument=?)",
        ),
        (
            "SELECT id, taken_at, answers, action FROM screens WHERE owner = ?1 \
             ORDER BY taken_at DESC LIMIT 1",
            "screens_by_owner_time (owner=?)",
        ),
    ] {
        let plan = plan(sql);
        assert!(
            plan.starts_with("SEARCH ") && plan.contains(index),
            "{sql}\nplan: {plan}"
        );
        assert!(!plan.contains("TEMP B-TREE"), "{sql} sorts: {plan}");
    }
}
