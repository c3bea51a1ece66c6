//! A fresh, empty PostgreSQL database for one test, on the server that
//! `BACKCALM_TEST_DATABASE_URL` names (`scripts/test` starts a throwaway one
//! and sets it).
//!
//! Tests that need PostgreSQL fail when the variable is unset: a skipped test
//! would look like a passing one.

use sqlx::{Connection, PgConnection};
use std::future::Future;
use uuid::Uuid;

/// The variable naming the PostgreSQL server the tests may create databases on.
pub const TEST_DATABASE_URL: &str = "BACKCALM_TEST_DATABASE_URL";

/// The superuser URL from [`TEST_DATABASE_URL`].
///
/// # Panics
/// When the variable is unset, naming the test (the test harness names its
/// thread after it) and saying how to set it.
pub fn admin_url() -> String {
    std::env::var(TEST_DATABASE_URL).unwrap_or_else(|_| {
        let thread = std::thread::current();
        let test = thread.name().unwrap_or("this test");
        panic!(
            "{TEST_DATABASE_URL} is not set, so {test} cannot run on PostgreSQL. \
             Run scripts/test (it starts a throwaway PostgreSQL and sets it), or set it to a superuser URL \
             such as postgres://postgres@127.0.0.1:5432/postgres"
        )
    })
}

/// Runs `test` with the URL of a new, empty database and drops the database
/// afterwards, even when the test panics (the panic is then passed on).
///
/// # Panics
/// When [`TEST_DATABASE_URL`] is unset, the server cannot be reached, or the
/// database cannot be created or dropped; and with the test's own panic.
pub async fn with_fresh_postgres<F, Fut>(test: F)
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let admin_url = admin_url();
    let name = format!("backcalm_test_{}", Uuid::new_v4().simple());
    let mut admin = PgConnection::connect(&admin_url)
        .await
        .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {TEST_DATABASE_URL}: {e}"));
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap_or_else(|e| panic!("create the test database {name}: {e}"));

    // On its own task, so that a panic in the test still lets us drop the database.
    let outcome = tokio::spawn(test(with_database(&admin_url, &name))).await;

    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .unwrap_or_else(|e| panic!("drop the test database {name}: {e}"));
    // The database is gone; a failed goodbye to the server changes nothing.
    let _ = admin.close().await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// The same server URL (user, host, port and options), naming database
/// `name` instead.
///
/// # Panics
/// When `url` has no `scheme://`.
pub fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url
        .split_once("://")
        .unwrap_or_else(|| panic!("{TEST_DATABASE_URL} is not a URL: {url}"));
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let query = tail
        .split_once('?')
        .map(|(_, q)| format!("?{q}"))
        .unwrap_or_default();
    format!("{scheme}://{authority}/{name}{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_database_urls_keep_server_and_options() {
        assert_eq!(
            with_database("postgres://u@h:1/postgres", "x"),
            "postgres://u@h:1/x"
        );
        assert_eq!(with_database("postgres://u@h:1", "x"), "postgres://u@h:1/x");
        assert_eq!(
            with_database("postgres://u@h/postgres?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }
}
