//! How core's values become portable columns, and how a stored row becomes
//! core's checked types again (a bad value is [`StoreError::Corrupt`], never a panic).

use crate::StoreError;
use backcalm_core::journal::Note;
use backcalm_core::{Rating, TzName};
use jiff::Timestamp;
use serde::de::DeserializeOwned;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::fmt::Display;
use std::str::FromStr;
use uuid::Uuid;

const NANOS_PER_MILLI: i128 = 1_000_000;

/// Splits an instant into whole UTC milliseconds since the epoch (rounded down)
/// and the nanoseconds within that millisecond, so nothing is lost.
pub(crate) fn split_instant(at: Timestamp) -> (i64, i64) {
    let nanos = at.as_nanosecond();
    // jiff's range (years -9999..=9999) is about 3.2e17 ms: far inside i64.
    let ms = i64::try_from(nanos.div_euclid(NANOS_PER_MILLI)).unwrap_or(i64::MAX);
    let sub = i64::try_from(nanos.rem_euclid(NANOS_PER_MILLI)).unwrap_or(0);
    (ms, sub)
}

/// A list of ids as a JSON array, e.g. `["lower-back","calf-left"]`.
pub(crate) fn id_list<S: Into<String>>(ids: impl IntoIterator<Item = S>) -> String {
    serde_json::Value::from(ids.into_iter().map(Into::into).collect::<Vec<String>>()).to_string()
}

/// A 0/1 flag, the portable boolean.
pub(crate) fn flag(b: bool) -> i64 {
    i64::from(b)
}

/// A rating as a plain integer.
pub(crate) fn rating(r: Option<Rating>) -> Option<i64> {
    r.map(|r| i64::from(r.get()))
}

/// `INSERT` of `fields` as `$1..$n`, then `id` as the last placeholder; a
/// stored id is left alone so the caller can compare it.
pub(crate) fn insert_sql(table: &str, fields: &[&str]) -> String {
    let placeholders: Vec<String> = (1..=fields.len() + 1).map(|i| format!("${i}")).collect();
    format!(
        "INSERT INTO {table} ({}, id) VALUES ({}) ON CONFLICT (id) DO NOTHING",
        fields.join(", "),
        placeholders.join(", ")
    )
}

/// `UPDATE` of `fields` as `$1..$n` for the row whose `id` is the last placeholder.
pub(crate) fn update_sql(table: &str, fields: &[&str]) -> String {
    let sets: Vec<String> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| format!("{f} = ${}", i + 1))
        .collect();
    format!(
        "UPDATE {table} SET {} WHERE id = ${}",
        sets.join(", "),
        fields.len() + 1
    )
}

/// A stored row as the two portable kinds of value the schema uses: whole
/// numbers and text. Implemented for sqlx's [`AnyRow`] (the [`crate::Store`])
/// and rusqlite's row ([`crate::JournalFile`]), so both decode rows with the
/// same [`Columns`] code.
pub(crate) trait StoredRow {
    /// The column as an integer, `None` for NULL; `Err` says why it is neither.
    fn opt_i64(&self, column: &'static str) -> Result<Option<i64>, String>;
    /// The column as text, `None` for NULL; `Err` says why it is neither.
    fn opt_string(&self, column: &'static str) -> Result<Option<String>, String>;
}

impl StoredRow for AnyRow {
    fn opt_i64(&self, column: &'static str) -> Result<Option<i64>, String> {
        self.try_get::<Option<i64>, _>(column)
            .map_err(|e| e.to_string())
    }

    fn opt_string(&self, column: &'static str) -> Result<Option<String>, String> {
        self.try_get::<Option<String>, _>(column)
            .map_err(|e| e.to_string())
    }
}

/// A rusqlite row with its statement's column names, looked up once per
/// statement: rusqlite's own lookup by name asks SQLite for every column's
/// name on every call, which was a quarter of a 10,000-row listing.
pub(crate) struct NamedRow<'r, 's> {
    pub(crate) row: &'r rusqlite::Row<'s>,
    pub(crate) names: &'r [String],
}

impl NamedRow<'_, '_> {
    fn index(&self, column: &'static str) -> Result<usize, String> {
        self.names
            .iter()
            .position(|n| n == column)
            .ok_or_else(|| format!("the query has no column {column}"))
    }
}

impl StoredRow for NamedRow<'_, '_> {
    fn opt_i64(&self, column: &'static str) -> Result<Option<i64>, String> {
        self.row
            .get::<_, Option<i64>>(self.index(column)?)
            .map_err(|e| e.to_string())
    }

    fn opt_string(&self, column: &'static str) -> Result<Option<String>, String> {
        self.row
            .get::<_, Option<String>>(self.index(column)?)
            .map_err(|e| e.to_string())
    }
}

/// Reads one row of `table` back into checked values, naming the column of any bad one.
pub(crate) struct Columns<'r, R: StoredRow = AnyRow> {
    row: &'r R,
    table: &'static str,
    id: String,
}

impl<'r, R: StoredRow> Columns<'r, R> {
    /// The row must have an `id` column; it labels every error.
    pub(crate) fn new(row: &'r R, table: &'static str) -> Self {
        let id = match row.opt_string("id") {
            Ok(Some(id)) => id,
            _ => "(unreadable id)".to_string(),
        };
        Columns { row, table, id }
    }

    /// The [`StoreError::Corrupt`] that names this row's `column` and what is wrong with it.
    pub(crate) fn corrupt(&self, column: &'static str, problem: impl Display) -> StoreError {
        StoreError::Corrupt {
            table: self.table,
            column,
            id: self.id.clone(),
            problem: problem.to_string(),
        }
    }

    pub(crate) fn int(&self, column: &'static str) -> Result<i64, StoreError> {
        self.opt_int(column)?
            .ok_or_else(|| self.corrupt(column, "is NULL where a number is required"))
    }

    pub(crate) fn opt_int(&self, column: &'static str) -> Result<Option<i64>, StoreError> {
        self.row
            .opt_i64(column)
            .map_err(|e| self.corrupt(column, e))
    }

    pub(crate) fn text(&self, column: &'static str) -> Result<String, StoreError> {
        self.opt_text(column)?
            .ok_or_else(|| self.corrupt(column, "is NULL where text is required"))
    }

    pub(crate) fn opt_text(&self, column: &'static str) -> Result<Option<String>, StoreError> {
        self.row
            .opt_string(column)
            .map_err(|e| self.corrupt(column, e))
    }

    pub(crate) fn id(&self) -> Result<Uuid, StoreError> {
        let text = self.text("id")?;
        Uuid::parse_str(&text)
            .map_err(|e| self.corrupt("id", format!("{text:?} is not a UUID ({e})")))
    }

    /// An instant from its `*_ms` and `*_ns` columns.
    pub(crate) fn instant(
        &self,
        ms_column: &'static str,
        ns_column: &'static str,
    ) -> Result<Timestamp, StoreError> {
        let ms = self.int(ms_column)?;
        let ns = self.int(ns_column)?;
        if !(0..1_000_000).contains(&ns) {
            return Err(self.corrupt(ns_column, format!("{ns} is not 0-999999 nanoseconds")));
        }
        Timestamp::from_nanosecond(i128::from(ms) * NANOS_PER_MILLI + i128::from(ns)).map_err(|e| {
            self.corrupt(
                ms_column,
                format!("{ms} ms is not a representable instant ({e})"),
            )
        })
    }

    pub(crate) fn tz(&self) -> Result<TzName, StoreError> {
        let text = self.text("tz")?;
        TzName::stored(&text).map_err(|e| self.corrupt("tz", e))
    }

    pub(crate) fn rating(&self, column: &'static str) -> Result<Rating, StoreError> {
        let v = self.int(column)?;
        Rating::try_from(v).map_err(|e| self.corrupt(column, e))
    }

    pub(crate) fn opt_rating(&self, column: &'static str) -> Result<Option<Rating>, StoreError> {
        self.opt_int(column)?
            .map(|v| Rating::try_from(v).map_err(|e| self.corrupt(column, e)))
            .transpose()
    }

    pub(crate) fn count(&self, column: &'static str) -> Result<u32, StoreError> {
        let v = self.int(column)?;
        u32::try_from(v).map_err(|_| {
            self.corrupt(
                column,
                format!("{v} is not a whole number from 0 to {}", u32::MAX),
            )
        })
    }

    pub(crate) fn flag(&self, column: &'static str) -> Result<bool, StoreError> {
        match self.int(column)? {
            0 => Ok(false),
            1 => Ok(true),
            v => Err(self.corrupt(column, format!("{v} is not 0 or 1"))),
        }
    }

    /// A JSON text column read as `T`; `what` says what it should be
    /// (e.g. `a JSON array of strings`) when it is not.
    pub(crate) fn json<T: DeserializeOwned>(
        &self,
        column: &'static str,
        what: &str,
    ) -> Result<T, StoreError> {
        let text = self.text(column)?;
        serde_json::from_str(&text)
            .map_err(|e| self.corrupt(column, format!("{text:?} is not {what} ({e})")))
    }

    /// A JSON array of ids, each parsed with core's `FromStr`.
    pub(crate) fn list<T>(&self, column: &'static str) -> Result<Vec<T>, StoreError>
    where
        T: FromStr,
        T::Err: Display,
    {
        let ids: Vec<String> = self.json(column, "a JSON array of strings")?;
        ids.iter()
            .map(|id| id.parse::<T>().map_err(|e| self.corrupt(column, e)))
            .collect()
    }

    pub(crate) fn opt_note(&self, column: &'static str) -> Result<Option<Note>, StoreError> {
        let Some(text) = self.opt_text(column)? else {
            return Ok(None);
        };
        // A note stored before control characters were refused loses them
        // here, so every page, terminal and file shows it safely.
        match Note::stored(&text) {
            // Notes are stored trimmed; anything else was not written by us.
            Ok(Some(note)) if note.as_str() == Note::without_controls(&text) => Ok(Some(note)),
            Ok(_) => Err(self.corrupt(column, "is empty or has surrounding spaces")),
            Err(problem) => Err(self.corrupt(column, problem)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_split_into_floor_millis_and_the_rest() {
        let at: Timestamp = "2026-03-29T00:30:00.123456789Z".parse().expect("valid");
        let (ms, ns) = split_instant(at);
        assert_eq!(ms, 1_774_744_200_123);
        assert_eq!(ns, 456_789);
        // Before the epoch the millisecond rounds down, so the rest stays positive.
        let before: Timestamp = "1969-12-31T23:59:59.999999999Z".parse().expect("valid");
        assert_eq!(split_instant(before), (-1, 999_999));
    }

    #[test]
    fn statements_number_placeholders_in_ascending_order() {
        assert_eq!(
            insert_sql("t", &["a", "b"]),
            "INSERT INTO t (a, b, id) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING"
        );
        assert_eq!(
            update_sql("t", &["a", "b"]),
            "UPDATE t SET a = $1, b = $2 WHERE id = $3"
        );
    }

    #[test]
    fn id_lists_are_json_arrays() {
        assert_eq!(id_list(Vec::<String>::new()), "[]");
        assert_eq!(id_list(["a\"b", "c"]), r#"["a\"b","c"]"#);
    }
}
