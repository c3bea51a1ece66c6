//! PostgreSQL through sqlx's own Postgres driver.
//!
//! Every statement runs in a transaction that first sets `backcalm.person`
//! (`set_config(…, true)`: for this transaction only) to the person the
//! store acts for. The tables' row-level security policies (migration 0004)
//! let a role that is not the tables' owner see and write only that
//! person's rows; a pooled connection never carries one person's setting
//! into the next transaction.
//!
//! The server's own tables (accounts, logins, shares, audit) have no owner
//! and no policy: a store acting for no one ([`super::NO_PERSON`]) runs a
//! single statement on its own, with no transaction and no setting, and a
//! journal table read that way answers nothing.

use super::{Decode, StoredRow, Value};
use crate::StoreError;
use jiff::civil::Date;
use jiff::Timestamp;
use jiff_sqlx::ToSqlx;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::query::Query;
use sqlx::{PgPool, Postgres, Row, Transaction, TypeInfo, ValueRef};
use uuid::Uuid;

/// A transaction acting for `person`.
pub(crate) async fn begin(
    pool: &PgPool,
    person: &str,
) -> Result<Transaction<'static, Postgres>, StoreError> {
    if person == super::NO_PERSON {
        return Ok(pool.begin().await?);
    }
    if is_plain(person) {
        // BEGIN and the setting as one simple query: one round trip to the
        // database where two would be, on every call (bench/load.sh). The
        // person is written into the statement, so only an account id or
        // `local` is (letters, digits and hyphens).
        let begin = format!("BEGIN; SELECT set_config('backcalm.person', '{person}', true)");
        return Ok(pool.begin_with(begin).await?);
    }
    let mut tx = pool.begin().await?;
    // Checked against the database when the crate is built (sqlx's
    // offline data in crates/store/.sqlx, made by scripts/sqlx-prepare).
    sqlx::query!(
        "SELECT set_config('backcalm.person', $1, true) AS person",
        person
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(tx)
}

/// Whether `person` may be written into a statement as it is: an account
/// id (a UUID) or `local`, never anything with a quote in it.
/// `INSERT INTO table (fields…, owner, id)` of one row, as a single
/// statement outside any transaction that acts for the row's owner: a CTE
/// sets `backcalm.person` (`set_config(…, true)`: for this statement's own
/// transaction) to the owner value, `$n+1`, and the row takes its owner from
/// what `set_config` returned. The CTE calls a volatile function, so it is
/// never inlined and runs once, when the `INSERT` pulls its row; the
/// policies' `WITH CHECK` is evaluated on that row after it is made, so it
/// sees the setting, and a row of anyone else's could not be written even
/// by mistake: its owner is the setting itself. Only inserts are written
/// this way: an `UPDATE` or `DELETE` filters the rows it reads by the
/// policy, which may be checked before a CTE has run, so those keep their
/// transaction ([`begin`]).
pub(crate) async fn insert_as_person(
    pool: &PgPool,
    table: &str,
    fields: &[&str],
    args: &[Value],
) -> Result<u64, StoreError> {
    let n = fields.len();
    let values: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
    let sql = format!(
        "WITH acting AS (SELECT set_config('backcalm.person', ${owner}, true) AS person) \
         INSERT INTO {table} ({fields}, owner, id) \
         SELECT {values}, acting.person, ${id} FROM acting \
         ON CONFLICT (id) DO NOTHING",
        owner = n + 1,
        id = n + 2,
        fields = fields.join(", "),
        values = values.join(", "),
    );
    execute(pool, &sql, args).await
}

fn is_plain(person: &str) -> bool {
    (1..=64).contains(&person.len())
        && person
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

pub(crate) async fn fetch<T>(
    on: impl sqlx::PgExecutor<'_>,
    sql: &str,
    args: &[Value],
    decode: Decode<T>,
) -> Result<Vec<T>, StoreError> {
    let rows = bind(sqlx::query(sql), args).fetch_all(on).await?;
    rows.iter().map(|row| decode(row)).collect()
}

pub(crate) async fn execute(
    on: impl sqlx::PgExecutor<'_>,
    sql: &str,
    args: &[Value],
) -> Result<u64, StoreError> {
    let done = bind(sqlx::query(sql), args).execute(on).await?;
    Ok(done.rows_affected())
}

fn bind<'q>(
    mut q: Query<'q, Postgres, PgArguments>,
    args: &[Value],
) -> Query<'q, Postgres, PgArguments> {
    for v in args {
        q = match v.clone() {
            Value::Int(i) => q.bind(i),
            Value::Text(t) => q.bind(t),
            Value::Real(r) => q.bind(r),
            Value::Bool(b) => q.bind(b),
            Value::Uuid(u) => q.bind(u),
            // Cut to the microsecond first, as SQLite's µs column is: timestamptz holds no finer.
            Value::Instant(t) => q.bind(backcalm_core::time::at_precision(t).to_sqlx()),
            Value::Date(d) => q.bind(d.to_sqlx()),
            Value::Json(j) => q.bind(sqlx::types::Json(j)),
        };
    }
    q
}

fn get<'r, T>(row: &'r PgRow, column: &'static str) -> Result<Option<T>, String>
where
    T: sqlx::Decode<'r, Postgres> + sqlx::Type<Postgres>,
{
    row.try_get::<Option<T>, _>(column)
        .map_err(|e| e.to_string())
}

impl StoredRow for PgRow {
    fn int(&self, column: &'static str) -> Result<Option<i64>, String> {
        let raw = self.try_get_raw(column).map_err(|e| e.to_string())?;
        if raw.is_null() {
            return Ok(None);
        }
        // Ratings are smallint, counts integer: each read as what it is.
        match raw.type_info().name() {
            "INT2" => Ok(get::<i16>(self, column)?.map(i64::from)),
            "INT4" => Ok(get::<i32>(self, column)?.map(i64::from)),
            _ => get::<i64>(self, column),
        }
    }

    fn real(&self, column: &'static str) -> Result<Option<f64>, String> {
        get::<f64>(self, column)
    }

    fn text(&self, column: &'static str) -> Result<Option<String>, String> {
        get::<String>(self, column)
    }

    fn uuid(&self, column: &'static str) -> Result<Option<Uuid>, String> {
        get::<Uuid>(self, column)
    }

    fn instant(&self, column: &'static str) -> Result<Option<Timestamp>, String> {
        Ok(get::<jiff_sqlx::Timestamp>(self, column)?.map(jiff_sqlx::Timestamp::to_jiff))
    }

    fn date(&self, column: &'static str) -> Result<Option<Date>, String> {
        Ok(get::<jiff_sqlx::Date>(self, column)?.map(jiff_sqlx::Date::to_jiff))
    }

    fn boolean(&self, column: &'static str) -> Result<Option<bool>, String> {
        get::<bool>(self, column)
    }

    fn strings(&self, column: &'static str) -> Result<Option<Vec<String>>, String> {
        Ok(get::<sqlx::types::Json<Vec<String>>>(self, column)?.map(|j| j.0))
    }

    fn json(&self, column: &'static str) -> Result<Option<serde_json::Value>, String> {
        Ok(get::<sqlx::types::Json<serde_json::Value>>(self, column)?.map(|j| j.0))
    }
}

#[cfg(test)]
mod tests {
    use super::is_plain;

    #[test]
    fn only_ids_and_local_are_written_into_the_begin_statement() {
        assert!(is_plain("local"));
        assert!(is_plain("bc000000-0000-0000-0000-000000000001"));
        for unsafe_ in ["", "a'b", "x; DROP TABLE checkins", "é", &"a".repeat(65)] {
            assert!(!is_plain(unsafe_), "{unsafe_}");
        }
    }
}
