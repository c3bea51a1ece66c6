//! `--database-url` with PostgreSQL.

use crate::{ids, Bc};
use backcalm_testkit::postgres::{admin_url, with_database};
use uuid::Uuid;

/// A fresh database on the test PostgreSQL server; dropped when done.
pub(crate) struct FreshPostgres {
    admin: String,
    name: String,
    pub(crate) url: String,
}

impl FreshPostgres {
    pub(crate) fn create() -> FreshPostgres {
        // Fails, naming this test, when BACKCALM_TEST_DATABASE_URL is unset.
        let admin = admin_url();
        let name = format!("backcalm_cli_test_{}", Uuid::new_v4().simple());
        admin_sql(&admin, &format!("CREATE DATABASE {name}"));
        let url = with_database(&admin, &name);
        FreshPostgres { admin, name, url }
    }
}

impl Drop for FreshPostgres {
    fn drop(&mut self) {
        admin_sql(
            &self.admin,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        );
    }
}

fn admin_sql(admin_url: &str, sql: &str) {
    use sqlx::Connection;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let mut c = sqlx::PgConnection::connect(admin_url)
            .await
            .expect("connects to BACKCALM_TEST_DATABASE_URL");
        sqlx::query(sql)
            .execute(&mut c)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        let _ = c.close().await;
    });
}

#[test]
fn postgres_journal_by_url() {
    let pg = FreshPostgres::create();
    let mut bc = Bc::new();
    bc.database_url = Some(pg.url.clone());
    let first = bc.log(&[
        "--pain",
        "7",
        "--feel",
        "tension",
        "--at",
        "2026-01-15T08:00:00Z",
    ]);
    let second = bc.log(&[
        "--pain",
        "3",
        "--where",
        "neck",
        "--at",
        "2026-01-16T20:00:00Z",
    ]);
    let all = bc.history(&[]);
    assert_eq!(ids(&all), [first.to_string(), second.to_string()]);
    assert_eq!(all[0]["recorded_at"], "2026-01-15T08:00:00+00:00");
    assert_eq!(all[0]["feel"], serde_json::json!(["tension"]));
    assert_eq!(all[1]["where"], serde_json::json!(["neck"]));
    assert_eq!(
        ids(&bc.history(&["--from", "2026-01-16"])),
        [second.to_string()]
    );
    assert!(
        !bc.data.exists(),
        "with --database-url the data dir is not used"
    );
    // The same records through the flag rather than the environment.
    let flag = Bc::new();
    let r = flag.ok(&["--database-url", &pg.url, "history", "--json"]);
    assert_eq!(
        ids(r.json().as_array().expect("array")),
        [first.to_string(), second.to_string()]
    );
}

#[test]
fn migrate_sets_up_a_new_postgres_database_once_and_serve_needs_no_more() {
    let pg = FreshPostgres::create();
    let mut bc = Bc::new();
    bc.database_url = Some(pg.url.clone());
    let first = bc.ok(&["migrate"]);
    assert_eq!(
        first.stdout,
        "Created the journal's tables (schema version 6).\n"
    );
    let again = bc.ok(&["migrate"]);
    assert_eq!(
        again.stdout,
        "The journal is up to date (schema version 6); nothing to do.\n"
    );
    // The tables are there: a record goes in and comes back.
    let id = bc.log(&["--pain", "4", "--at", "2026-01-15T08:00:00Z"]);
    assert_eq!(ids(&bc.history(&[])), [id.to_string()]);
}
