//! Row-level security on PostgreSQL (migration 0004): the role a hosted
//! server connects as, made by the shipped `deploy/postgres-roles.sql`, sees
//! and changes only the rows of the person its transaction names, and no
//! rows when it names no one. The tables' owner (here the superuser that
//! ran the migrations) is not that role.

use crate::fixtures::with_fresh_postgres;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, Executor, PgConnection, PgPool, Row};
use std::path::Path;
use std::str::FromStr;
use uuid::Uuid;

/// The file an operator runs to create the server's role; `backcalm_app` is
/// its role name, replaced here by one unique to the test (roles are shared
/// by every database on the server).
const ROLES_SQL: &str = include_str!("../../../../deploy/postgres-roles.sql");
const ROLE_IN_FILE: &str = "backcalm_app";

/// The PostgreSQL migrations as shipped, read when the test runs.
pub async fn postgres_migrations() -> Migrator {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/postgres");
    Migrator::new(dir.as_path())
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// One table of a person's records: how a row is keyed and how to add one.
struct Table {
    name: &'static str,
    /// The column naming one row: `id`, or `owner` for settings.
    key: &'static str,
    /// An INSERT with `{id}` and `{owner}` to fill in.
    insert: &'static str,
}

const TABLES: [Table; 6] = [
    Table {
        name: "checkins",
        key: "id",
        insert: "INSERT INTO checkins (id, owner, recorded_at, tz, local_date, pain, feel) \
                 VALUES ('{id}', '{owner}', '2026-03-29 00:30:00.123456+00', 'Europe/Berlin', \
                 '2026-03-29', 4, '[\"dull-ache\"]')",
    },
    Table {
        name: "sessions",
        key: "id",
        insert: "INSERT INTO sessions (id, owner, practice, minutes, started_at, tz, local_date, \
                 actual_s, completed) VALUES ('{id}', '{owner}', 'body-scan', 10, \
                 '2026-03-29 08:00:00+00', 'UTC', '2026-03-29', 600, true)",
    },
    Table {
        name: "questionnaire_answers",
        key: "id",
        insert: "INSERT INTO questionnaire_answers (id, owner, instrument, answered_at, tz, \
                 local_date, answers, score) VALUES ('{id}', '{owner}', 'peg3', \
                 '2026-03-29 09:00:00+00', 'UTC', '2026-03-29', '{\"pain\": 4}', 4.0)",
    },
    Table {
        name: "screens",
        key: "id",
        insert: "INSERT INTO screens (id, owner, taken_at, tz, local_date, answers, action) \
                 VALUES ('{id}', '{owner}', '2026-03-29 10:00:00+00', 'UTC', '2026-03-29', \
                 '{\"numbness\": false}', 'none')",
    },
    Table {
        name: "reminders",
        key: "id",
        insert: "INSERT INTO reminders (id, owner, local_time, tz, label) \
                 VALUES ('{id}', '{owner}', '08:30', 'UTC', 'stretch')",
    },
    Table {
        name: "settings",
        key: "owner",
        insert: "INSERT INTO settings (owner, body) VALUES ('{owner}', '{}')",
    },
];

impl Table {
    fn insert_sql(&self, id: &str, owner: &str) -> String {
        self.insert.replace("{id}", id).replace("{owner}", owner)
    }

    /// The keys of `person`'s rows as the test stores them: two records of
    /// A's and one of B's in each table, one settings row each.
    fn keys(&self, person: &str) -> Vec<String> {
        if self.key == "owner" {
            return vec![person.to_string()];
        }
        let rows = if person == "A" { 1..=2 } else { 1..=1 };
        rows.map(|n| record_id(person, n)).collect()
    }
}

/// A readable, valid UUID per person and number: A's start a000…, B's b000….
fn record_id(person: &str, n: u32) -> String {
    let prefix = match person {
        "A" => 0xa,
        "B" => 0xb,
        _ => 0xc,
    };
    Uuid::from_u128((prefix << 124) | 0x4000_8000_0000_0000_0000 | u128::from(n)).to_string()
}

async fn count(conn: &mut PgConnection, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&mut *conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn affected(conn: &mut PgConnection, sql: &str) -> u64 {
    conn.execute(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .rows_affected()
}

/// Runs `sql` in a savepoint, expecting row-level security to refuse it.
async fn refused_by_policy(conn: &mut PgConnection, sql: &str) {
    let mut savepoint = conn.begin().await.expect("savepoint");
    match (&mut *savepoint).execute(sql).await {
        Ok(done) => panic!(
            "{sql}: the policy let it through ({} rows)",
            done.rows_affected()
        ),
        Err(sqlx::Error::Database(e)) => {
            assert_eq!(
                e.code().as_deref(),
                Some("42501"),
                "{sql}: refused, but not by the policy: {e}"
            );
            assert!(
                e.message().contains("row-level security"),
                "{sql}: {}",
                e.message()
            );
        }
        Err(e) => panic!("{sql}: {e}"),
    }
    savepoint
        .rollback()
        .await
        .expect("roll back to the savepoint");
}

/// Runs `sql` in a savepoint that is then rolled back: it must succeed.
async fn allowed(conn: &mut PgConnection, sql: &str) -> u64 {
    let mut savepoint = conn.begin().await.expect("savepoint");
    let n = affected(&mut savepoint, sql).await;
    savepoint
        .rollback()
        .await
        .expect("roll back to the savepoint");
    n
}

/// How many rows of each table `conn` sees, in TABLES order.
async fn visible(conn: &mut PgConnection) -> Vec<i64> {
    let mut seen = Vec::new();
    for t in &TABLES {
        seen.push(count(conn, &format!("SELECT COUNT(*) FROM {}", t.name)).await);
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rls_lets_the_app_role_see_and_change_only_the_person_it_names() {
    let role = format!("backcalm_app_{}", Uuid::new_v4().simple());
    with_fresh_postgres(move |url| async move {
        let owner = PgPool::connect(&url).await.expect("connect as the owner");
        postgres_migrations()
            .await
            .run(&owner)
            .await
            .expect("migrate");
        for t in &TABLES {
            for person in ["A", "B"] {
                for key in t.keys(person) {
                    owner
                        .execute(t.insert_sql(&key, person).as_str())
                        .await
                        .unwrap_or_else(|e| panic!("{}: {e}", t.name));
                }
            }
        }
        sqlx::raw_sql(&ROLES_SQL.replace(ROLE_IN_FILE, &role))
            .execute(&owner)
            .await
            .expect("deploy/postgres-roles.sql runs");
        owner
            .execute(format!("ALTER ROLE {role} PASSWORD 'rls-test'").as_str())
            .await
            .expect("password");

        // On its own task, so that a failed check still lets us drop the role.
        let checks = tokio::spawn(check_app_role(url.clone(), role.clone(), owner.clone())).await;

        sqlx::raw_sql(&format!("DROP OWNED BY {role}; DROP ROLE {role}"))
            .execute(&owner)
            .await
            .expect("drop the test role");
        owner.close().await;
        if let Err(e) = checks {
            std::panic::resume_unwind(e.into_panic());
        }
    })
    .await;
}

async fn check_app_role(url: String, role: String, owner: PgPool) {
    // The role is what the file promises: no superuser, no bypass, owns nothing.
    let row = sqlx::query(
        "SELECT rolsuper, rolbypassrls, rolcanlogin, rolcreaterole, rolcreatedb \
         FROM pg_roles WHERE rolname = $1",
    )
    .bind(&role)
    .fetch_one(&owner)
    .await
    .expect("the role exists");
    let flags: [bool; 5] = [0, 1, 2, 3, 4].map(|i| row.get(i));
    assert_eq!(
        flags,
        [false, false, true, false, false],
        "rolsuper, rolbypassrls, rolcanlogin, rolcreaterole, rolcreatedb"
    );
    for t in &TABLES {
        let row = sqlx::query(
            "SELECT t.tableowner, c.relrowsecurity, c.relforcerowsecurity \
             FROM pg_tables t JOIN pg_class c ON c.oid = format('%I', t.tablename)::regclass \
             WHERE t.schemaname = 'public' AND t.tablename = $1",
        )
        .bind(t.name)
        .fetch_one(&owner)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", t.name));
        let table_owner: String = row.get(0);
        assert_ne!(table_owner, role, "{} is not the app role's", t.name);
        assert_eq!(
            (row.get::<bool, _>(1), row.get::<bool, _>(2)),
            (true, false),
            "{}: row-level security enabled, not forced",
            t.name
        );
    }
    // The owner sees everyone's rows: the counts below are the policy's doing.
    let mut as_owner = owner.acquire().await.expect("owner connection");
    assert_eq!(visible(&mut as_owner).await, vec![3, 3, 3, 3, 3, 2]);
    drop(as_owner);

    let options = PgConnectOptions::from_str(&url)
        .expect("test URL")
        .username(&role)
        .password("rls-test");
    let app = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(options.clone())
        .await
        .expect("the app role logs in");
    let mut conn = app.acquire().await.expect("connection");
    assert_eq!(
        count(
            &mut conn,
            "SELECT COUNT(*) FROM _sqlx_migrations WHERE success"
        )
        .await,
        i64::try_from(postgres_migrations().await.iter().count()).expect("a few migrations"),
        "the app role reads the schema version"
    );

    // No person named on a new connection: current_setting is NULL.
    assert_eq!(visible(&mut conn).await, vec![0; 6], "no person, no rows");

    let mut tx = conn.begin().await.expect("begin");
    (&mut *tx)
        .execute("SELECT set_config('backcalm.person', 'A', true)")
        .await
        .expect("name the person");
    for t in &TABLES {
        let (name, key) = (t.name, t.key);
        let a = t.keys("A");
        let b = t.keys("B");
        let b_key = &b[0];

        let keys: Vec<String> =
            sqlx::query_scalar(&format!("SELECT {key}::text FROM {name} ORDER BY {key}"))
                .fetch_all(&mut *tx)
                .await
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(keys, a, "{name}: SELECT shows A's rows, all of them, only");
        let owners: Vec<String> = sqlx::query_scalar(&format!("SELECT DISTINCT owner FROM {name}"))
            .fetch_all(&mut *tx)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(owners, vec!["A".to_string()], "{name}: owners seen");

        assert_eq!(
            count(
                &mut tx,
                &format!("SELECT COUNT(*) FROM {name} WHERE {key} = '{b_key}'")
            )
            .await,
            0,
            "{name}: B's row by its key"
        );
        assert_eq!(
            affected(
                &mut tx,
                &format!("UPDATE {name} SET owner = owner WHERE {key} = '{b_key}'")
            )
            .await,
            0,
            "{name}: UPDATE of B's row"
        );
        assert_eq!(
            affected(
                &mut tx,
                &format!("DELETE FROM {name} WHERE {key} = '{b_key}'")
            )
            .await,
            0,
            "{name}: DELETE of B's row"
        );

        // The same statements on A's own row do work: the grants are there.
        assert_eq!(
            allowed(
                &mut tx,
                &format!("UPDATE {name} SET owner = owner WHERE {key} = '{}'", a[0])
            )
            .await,
            1,
            "{name}: UPDATE of A's row"
        );
        assert_eq!(
            allowed(
                &mut tx,
                &format!("DELETE FROM {name} WHERE {key} = '{}'", a[0])
            )
            .await,
            1,
            "{name}: DELETE of A's row"
        );
        if key == "id" {
            let fresh = record_id("C", 1);
            assert_eq!(
                allowed(&mut tx, &t.insert_sql(&fresh, "A")).await,
                1,
                "{name}: INSERT of a row of A's"
            );
            refused_by_policy(&mut tx, &t.insert_sql(&fresh, "B")).await;
            // Nor can A's row be handed over to B.
            refused_by_policy(
                &mut tx,
                &format!("UPDATE {name} SET owner = 'B' WHERE id = '{}'", a[0]),
            )
            .await;
        } else {
            refused_by_policy(&mut tx, &t.insert_sql("", "C")).await;
            refused_by_policy(&mut tx, "UPDATE settings SET owner = 'C' WHERE owner = 'A'").await;
        }
    }
    tx.commit().await.expect("commit");

    // The same connection after that transaction: the setting now reads ''.
    assert_eq!(
        count(
            &mut conn,
            "SELECT COUNT(*) FROM (SELECT current_setting('backcalm.person', true) AS p) s \
             WHERE p = ''"
        )
        .await,
        1,
        "a transaction-local setting reads '' afterwards"
    );
    assert_eq!(visible(&mut conn).await, vec![0; 6], "'' is no one");
    drop(conn);
    the_audit_trail_is_append_only_for_the_app_role(&app).await;
    one_insert_statement_acts_for_its_own_person(&app, &owner).await;
    app.close().await;

    // B's rows are all still there, as the owner sees them.
    let mut as_owner = owner.acquire().await.expect("owner connection");
    for t in &TABLES {
        for key in t.keys("B") {
            assert_eq!(
                count(
                    &mut as_owner,
                    &format!(
                        "SELECT COUNT(*) FROM {} WHERE {} = '{key}' AND owner = 'B'",
                        t.name, t.key
                    )
                )
                .await,
                1,
                "{}: B's row {key} is untouched",
                t.name
            );
        }
    }
    drop(as_owner);
    the_store_as_the_app_role(&options, &owner).await;
}

/// The store writes a record as one statement that names its person itself
/// (`db::postgres::insert_as_person`): a CTE sets `backcalm.person`, the row
/// takes its owner from it. As the app role, the policy checks the row
/// against that setting (so one for anyone else is refused, and the one for
/// the person goes in), and the setting ends with the statement, leaving
/// the pooled connection acting for no one.
async fn one_insert_statement_acts_for_its_own_person(app: &PgPool, owner: &PgPool) {
    let id = "c0000000-0000-4000-8000-000000000001";
    let insert = |owner: &str| {
        format!(
            "WITH acting AS (SELECT set_config('backcalm.person', 'A', true) AS person) \
             INSERT INTO reminders (local_time, tz, label, owner, id) \
             SELECT '09:15', 'UTC', 'one statement', {owner}, '{id}' FROM acting \
             ON CONFLICT (id) DO NOTHING"
        )
    };
    let mut conn = app.acquire().await.expect("connection");
    refused_by_policy(&mut conn, &insert("'B'")).await;
    assert_eq!(
        affected(&mut conn, &insert("acting.person")).await,
        1,
        "on its own, autocommitted"
    );
    assert_eq!(
        visible(&mut conn).await,
        vec![0; 6],
        "the setting ended with the statement"
    );
    drop(conn);
    let mut as_owner = owner.acquire().await.expect("owner connection");
    assert_eq!(
        count(
            &mut as_owner,
            &format!("SELECT COUNT(*) FROM reminders WHERE id = '{id}' AND owner = 'A'")
        )
        .await,
        1,
        "the row is A's"
    );
    affected(
        &mut as_owner,
        &format!("DELETE FROM reminders WHERE id = '{id}'"),
    )
    .await;
}

/// The app role may add to the audit trail and read it, and neither change
/// nor remove an entry: its grants are INSERT and SELECT only.
async fn the_audit_trail_is_append_only_for_the_app_role(app: &PgPool) {
    let mut conn = app.acquire().await.expect("connection");
    let entry = "INSERT INTO audit (id, person_id, actor_id, action, at) VALUES \
        ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000b1', \
         '00000000-0000-0000-0000-0000000000c1', 'GET /api/v1/patients/{id}/checkins', now())";
    assert_eq!(affected(&mut conn, entry).await, 1, "the app role appends");
    assert_eq!(count(&mut conn, "SELECT COUNT(*) FROM audit").await, 1);
    for change in [
        "UPDATE audit SET action = 'nothing to see'",
        "DELETE FROM audit",
        "TRUNCATE audit",
    ] {
        match (&mut *conn).execute(change).await {
            Ok(done) => panic!("{change}: allowed ({} rows)", done.rows_affected()),
            Err(sqlx::Error::Database(e)) => assert_eq!(
                e.code().as_deref(),
                Some("42501"),
                "{change}: refused by the grants: {e}"
            ),
            Err(e) => panic!("{change}: {e}"),
        }
    }
    assert_eq!(
        count(&mut conn, "SELECT COUNT(*) FROM audit").await,
        1,
        "intact"
    );
}

/// backcalm's own store, connected as the app role: it opens an up-to-date
/// database without trying to migrate (the role may not), acts for its
/// person (`local`) in every statement, and so sees none of A's or B's
/// rows and deletes only its own.
async fn the_store_as_the_app_role(options: &PgConnectOptions, owner: &PgPool) {
    use crate::fixtures::checkin;
    use backcalm_store::{DayRange, Store};
    let url = format!(
        "postgres://{}:rls-test@{}:{}/{}",
        options.get_username(),
        options.get_host(),
        options.get_port(),
        options
            .get_database()
            .expect("the test URL names a database")
    );
    let store = Store::open(&url)
        .await
        .expect("the app role opens an up-to-date journal");
    assert_eq!(store.schema().before, Some(store.schema().now));
    assert_eq!(
        store.checkins(&DayRange::all()).await.expect("read"),
        vec![],
        "A's and B's check-ins are not the store's person's"
    );
    let mine = checkin(0x10ca1, "2026-05-01T09:00:00Z", "UTC");
    store.insert_checkin(&mine).await.expect("insert as local");
    assert_eq!(store.count_checkins().await.expect("count"), 1);
    let deleted = store.delete_everything().await.expect("delete everything");
    assert_eq!(deleted.total(), 1, "only the store's person's rows");
    // Web Push's tables (0006): the grants let the server do all it does there.
    crate::push::push_story(&store.server_wide()).await;
    store.close().await;
    let mut as_owner = owner.acquire().await.expect("owner connection");
    assert_eq!(visible(&mut as_owner).await, vec![3, 3, 3, 3, 3, 2]);
}
