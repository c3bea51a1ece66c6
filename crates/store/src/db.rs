//! The two databases behind one set of calls: a statement with its values,
//! run on SQLite (rusqlite, on tokio's blocking threads) or PostgreSQL (sqlx),
//! and rows read back through one [`StoredRow`] interface.
//!
//! Both backends run the same SQL text with `$1, $2, …` placeholders and the
//! same column names; only the column *types* differ (see the crate docs), and
//! a [`Value`] knows how to be each. Record code (`record.rs` and the tables'
//! modules) is written once against this module and never sees a driver.

pub(crate) mod postgres;
pub(crate) mod sqlite;

use crate::StoreError;
use backcalm_core::TzName;
use jiff::civil::Date;
use jiff::Timestamp;
use std::cell::RefCell;
use std::sync::Arc;
use uuid::Uuid;

/// One value bound to a placeholder, typed so each backend can store it in its
/// own column type. The optional kinds carry their NULL, so PostgreSQL is told
/// a NULL's type too.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A whole number or NULL: SQLite `INTEGER`; PostgreSQL `smallint`, `integer` or `bigint`.
    Int(Option<i64>),
    /// Text or NULL.
    Text(Option<String>),
    /// A double.
    Real(f64),
    /// SQLite `0`/`1`; PostgreSQL `boolean`.
    Bool(bool),
    /// SQLite lowercase hyphenated text; PostgreSQL `uuid`.
    Uuid(Uuid),
    /// SQLite whole microseconds since the Unix epoch (UTC); PostgreSQL
    /// `timestamptz`. Cut to the microsecond (core's precision) either way.
    Instant(Timestamp),
    /// SQLite `YYYY-MM-DD` text; PostgreSQL `date`.
    Date(Date),
    /// SQLite JSON text; PostgreSQL `jsonb`.
    Json(serde_json::Value),
}

impl Value {
    pub(crate) fn text(s: impl Into<String>) -> Value {
        Value::Text(Some(s.into()))
    }

    pub(crate) fn opt_text(s: Option<&str>) -> Value {
        Value::Text(s.map(str::to_string))
    }

    pub(crate) fn int(i: impl Into<i64>) -> Value {
        Value::Int(Some(i.into()))
    }
}

/// Whole microseconds since the Unix epoch, rounded down (also before 1970):
/// how SQLite keeps an instant, and exactly what PostgreSQL's `timestamptz` holds.
pub(crate) fn micros(at: Timestamp) -> i64 {
    // jiff's range (years -9999..=9999) is about 3.2e17 µs: far inside i64.
    i64::try_from(at.as_nanosecond().div_euclid(1_000)).unwrap_or(i64::MAX)
}

/// A stored row, read column by column in the types the schema uses. Each
/// backend implements it for its own row (a SQLite integer is a boolean or an
/// instant when the column is one); `Err` says why a value is not what the
/// column should hold, and [`crate::columns::Columns`] names the row and column.
pub(crate) trait StoredRow {
    fn int(&self, column: &'static str) -> Result<Option<i64>, String>;
    fn real(&self, column: &'static str) -> Result<Option<f64>, String>;
    fn text(&self, column: &'static str) -> Result<Option<String>, String>;
    fn uuid(&self, column: &'static str) -> Result<Option<Uuid>, String>;
    fn instant(&self, column: &'static str) -> Result<Option<Timestamp>, String>;
    fn date(&self, column: &'static str) -> Result<Option<Date>, String>;
    /// An IANA zone name, as core reads a stored one ([`zone_named`]).
    fn zone(&self, column: &'static str) -> Result<Option<TzName>, String> {
        self.text(column)?.map(|t| zone_named(&t)).transpose()
    }
    fn boolean(&self, column: &'static str) -> Result<Option<bool>, String>;
    fn json(&self, column: &'static str) -> Result<Option<serde_json::Value>, String>;
    /// A JSON array of strings (a list of ids), read straight into strings.
    fn strings(&self, column: &'static str) -> Result<Option<Vec<String>>, String>;
}

/// The zone a stored name names (core's `TzName::stored`). A journal names
/// few zones, each on thousands of rows, so the last few read on this thread
/// are kept: looking a name up in the zone database on every row was a
/// tenth of ten years of insights. Only a name stored exactly as core writes
/// it is kept (an older, loose spelling is read afresh each time), so the
/// cache gives back what reading the name would.
pub(crate) fn zone_named(text: &str) -> Result<TzName, String> {
    thread_local! {
        static RECENT: RefCell<Vec<TzName>> = const { RefCell::new(Vec::new()) };
    }
    let known = RECENT.with(|r| r.borrow().iter().find(|z| z.as_str() == text).cloned());
    if let Some(zone) = known {
        return Ok(zone);
    }
    let zone = TzName::stored(text).map_err(|e| e.to_string())?;
    if zone.as_str() == text {
        RECENT.with(|r| {
            let mut r = r.borrow_mut();
            if r.len() >= 16 {
                r.remove(0);
            }
            r.push(zone.clone());
        });
    }
    Ok(zone)
}

/// The owner of a personal journal's rows.
pub(crate) const LOCAL_PERSON: &str = "local";

/// Acting for no one: the server's own tables in hosted mode (see
/// [`crate::Store::server_wide`]). No row has this owner.
pub(crate) const NO_PERSON: &str = "";

/// Reads one row into a `T`.
pub(crate) type Decode<T> = fn(&dyn StoredRow) -> Result<T, StoreError>;

/// The database of a [`crate::Store`] and the person it acts for. Cheap to
/// clone: clones share one pool.
#[derive(Clone, Debug)]
pub(crate) struct Db {
    pub(crate) conn: Conn,
    person: Arc<str>,
}

/// The connections, by backend.
#[derive(Clone, Debug)]
pub(crate) enum Conn {
    Sqlite(sqlite::Pool),
    Postgres(sqlx::PgPool),
}

impl Db {
    /// The database of a personal journal, acting for its one owner.
    pub(crate) fn local(conn: Conn) -> Db {
        Db {
            conn,
            person: Arc::from(LOCAL_PERSON),
        }
    }

    /// The same database, acting for `person`.
    pub(crate) fn for_person(&self, person: &str) -> Db {
        Db {
            conn: self.conn.clone(),
            person: Arc::from(person),
        }
    }

    /// Every row `sql` selects with `args` as `$1, $2, …`, each read by `decode`.
    pub(crate) async fn fetch<T: Send + 'static>(
        &self,
        sql: String,
        args: Vec<Value>,
        decode: Decode<T>,
    ) -> Result<Vec<T>, StoreError> {
        match &self.conn {
            Conn::Sqlite(pool) => {
                pool.run(move |conn| sqlite::fetch(conn, &sql, &args, decode))
                    .await
            }
            Conn::Postgres(pool) if &*self.person == NO_PERSON => {
                postgres::fetch(pool, &sql, &args, decode).await
            }
            Conn::Postgres(pool) => {
                let mut tx = postgres::begin(pool, &self.person).await?;
                let rows = postgres::fetch(&mut *tx, &sql, &args, decode).await?;
                tx.commit().await?;
                Ok(rows)
            }
        }
    }

    /// Runs a statement that returns no rows; how many rows it changed.
    pub(crate) async fn execute(&self, sql: String, args: Vec<Value>) -> Result<u64, StoreError> {
        match &self.conn {
            Conn::Sqlite(pool) => {
                pool.run(move |conn| sqlite::execute(conn, &sql, &args))
                    .await
            }
            Conn::Postgres(pool) if &*self.person == NO_PERSON => {
                postgres::execute(pool, &sql, &args).await
            }
            Conn::Postgres(pool) => {
                let mut tx = postgres::begin(pool, &self.person).await?;
                let n = postgres::execute(&mut *tx, &sql, &args).await?;
                tx.commit().await?;
                Ok(n)
            }
        }
    }

    /// Inserts one row of this store's person: `sql` is
    /// `columns::insert_sql`'s, whose last two values are the owner (the
    /// person) and the id. On PostgreSQL, acting for a person, the row is
    /// written by one statement on its own that sets `backcalm.person`
    /// itself ([`postgres::insert_as_person`]): one round trip where a
    /// transaction with the setting takes three (bench/load.sh). How many
    /// rows it wrote (0 when the id is taken).
    pub(crate) async fn insert_row(
        &self,
        table: &str,
        fields: &[&str],
        args: Vec<Value>,
    ) -> Result<u64, StoreError> {
        match &self.conn {
            Conn::Postgres(pool) if &*self.person != NO_PERSON => {
                postgres::insert_as_person(pool, table, fields, &args).await
            }
            _ => {
                self.execute(crate::columns::insert_sql(table, fields), args)
                    .await
            }
        }
    }

    /// A transaction: nothing it writes is seen by others until [`Tx::commit`];
    /// dropped without a commit, it is rolled back.
    pub(crate) async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match &self.conn {
            Conn::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Conn::Postgres(pool) => Tx::Postgres(postgres::begin(pool, &self.person).await?),
        })
    }

    /// The person whose rows this store reads and writes: the `owner` of
    /// every row it inserts (`'local'` in a personal journal), and on
    /// PostgreSQL the `backcalm.person` its row-level security policies check.
    pub(crate) fn person(&self) -> &str {
        &self.person
    }

    /// Waits for statements in flight, then closes every connection.
    pub(crate) async fn close(&self) {
        match &self.conn {
            Conn::Sqlite(pool) => pool.close().await,
            Conn::Postgres(pool) => pool.close().await,
        }
    }
}

/// An open transaction on either backend (see [`Db::begin`]).
pub(crate) enum Tx {
    Sqlite(sqlite::Held),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Tx {
    /// As [`Db::fetch`], inside this transaction.
    pub(crate) async fn fetch<T: Send + 'static>(
        &mut self,
        sql: String,
        args: Vec<Value>,
        decode: Decode<T>,
    ) -> Result<Vec<T>, StoreError> {
        match self {
            Tx::Sqlite(held) => {
                held.run(move |conn| sqlite::fetch(conn, &sql, &args, decode))
                    .await
            }
            Tx::Postgres(tx) => postgres::fetch(&mut **tx, &sql, &args, decode).await,
        }
    }

    /// As [`Db::execute`], inside this transaction.
    pub(crate) async fn execute(
        &mut self,
        sql: String,
        args: Vec<Value>,
    ) -> Result<u64, StoreError> {
        match self {
            Tx::Sqlite(held) => {
                held.run(move |conn| sqlite::execute(conn, &sql, &args))
                    .await
            }
            Tx::Postgres(tx) => postgres::execute(&mut **tx, &sql, &args).await,
        }
    }

    pub(crate) async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(held) => held.finish("COMMIT").await,
            Tx::Postgres(tx) => Ok(tx.commit().await?),
        }
    }

    pub(crate) async fn rollback(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(held) => held.finish("ROLLBACK").await,
            Tx::Postgres(tx) => Ok(tx.rollback().await?),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_round_down_to_the_microsecond_also_before_1970() {
        let at: Timestamp = "2026-03-29T00:30:00.123456789Z".parse().expect("valid");
        assert_eq!(micros(at), 1_774_744_200_123_456);
        let before: Timestamp = "1969-12-31T23:59:59.999999999Z".parse().expect("valid");
        assert_eq!(micros(before), -1);
    }
}
