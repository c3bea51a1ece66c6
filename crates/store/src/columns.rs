//! How a stored row becomes core's checked types again: a bad value is
//! [`StoreError::Corrupt`] naming the table, column and record, never a panic.

use crate::db::{StoredRow, Value};
use crate::StoreError;
use backcalm_core::journal::Note;
use backcalm_core::{Rating, TzName};
use jiff::Timestamp;
use serde::de::DeserializeOwned;
use std::fmt::Display;
use std::str::FromStr;
use uuid::Uuid;

/// A list of ids as a JSON array, e.g. `["lower-back","calf-left"]`.
pub(crate) fn id_list<S: Into<String>>(ids: impl IntoIterator<Item = S>) -> Value {
    Value::Json(serde_json::Value::from(
        ids.into_iter().map(Into::into).collect::<Vec<String>>(),
    ))
}

/// An optional rating as a whole number.
pub(crate) fn rating(r: Option<Rating>) -> Value {
    Value::Int(r.map(|r| i64::from(r.get())))
}

/// A note as text, or NULL.
pub(crate) fn note(n: Option<&Note>) -> Value {
    Value::opt_text(n.map(Note::as_str))
}

/// `INSERT` of `fields` as `$1..$n`, then `owner` and `id` as the last two
/// placeholders; a stored id is left alone so the caller can compare it.
pub(crate) fn insert_sql(table: &str, fields: &[&str]) -> String {
    let placeholders: Vec<String> = (1..=fields.len() + 2).map(|i| format!("${i}")).collect();
    format!(
        "INSERT INTO {table} ({}, owner, id) VALUES ({}) ON CONFLICT (id) DO NOTHING",
        fields.join(", "),
        placeholders.join(", ")
    )
}

/// `UPDATE` of `fields` as `$1..$n` for the row whose `owner` and `id` are the
/// last two placeholders.
pub(crate) fn update_sql(table: &str, fields: &[&str]) -> String {
    let sets: Vec<String> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| format!("{f} = ${}", i + 1))
        .collect();
    format!(
        "UPDATE {table} SET {} WHERE owner = ${} AND id = ${}",
        sets.join(", "),
        fields.len() + 1,
        fields.len() + 2
    )
}

/// Reads one row of `table` back into checked values, naming the column of any bad one.
pub(crate) struct Columns<'r> {
    row: &'r dyn StoredRow,
    table: &'static str,
    id: String,
}

impl<'r> Columns<'r> {
    /// The row must have an `id` column; it labels every error.
    pub(crate) fn new(row: &'r dyn StoredRow, table: &'static str) -> Self {
        let id = match (row.text("id"), row.uuid("id")) {
            (Ok(Some(id)), _) => id,
            (_, Ok(Some(id))) => id.to_string(),
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
        self.row.int(column).map_err(|e| self.corrupt(column, e))
    }

    pub(crate) fn text(&self, column: &'static str) -> Result<String, StoreError> {
        self.opt_text(column)?
            .ok_or_else(|| self.corrupt(column, "is NULL where text is required"))
    }

    pub(crate) fn opt_text(&self, column: &'static str) -> Result<Option<String>, StoreError> {
        self.row.text(column).map_err(|e| self.corrupt(column, e))
    }

    pub(crate) fn id(&self) -> Result<Uuid, StoreError> {
        self.uuid("id")
    }

    pub(crate) fn uuid(&self, column: &'static str) -> Result<Uuid, StoreError> {
        self.row
            .uuid(column)
            .map_err(|e| self.corrupt(column, e))?
            .ok_or_else(|| self.corrupt(column, "is NULL where an id is required"))
    }

    pub(crate) fn instant(&self, column: &'static str) -> Result<Timestamp, StoreError> {
        self.row
            .instant(column)
            .map_err(|e| self.corrupt(column, e))?
            .ok_or_else(|| self.corrupt(column, "is NULL where an instant is required"))
    }

    pub(crate) fn opt_instant(
        &self,
        column: &'static str,
    ) -> Result<Option<Timestamp>, StoreError> {
        self.row
            .instant(column)
            .map_err(|e| self.corrupt(column, e))
    }

    pub(crate) fn real(&self, column: &'static str) -> Result<f64, StoreError> {
        let value = self
            .row
            .real(column)
            .map_err(|e| self.corrupt(column, e))?
            .ok_or_else(|| self.corrupt(column, "is NULL where a number is required"))?;
        if value.is_finite() {
            Ok(value)
        } else {
            Err(self.corrupt(column, format!("{value} is not a number")))
        }
    }

    /// The record's zone.
    pub(crate) fn tz(&self) -> Result<TzName, StoreError> {
        self.row
            .zone("tz")
            .map_err(|e| self.corrupt("tz", e))?
            .ok_or_else(|| self.corrupt("tz", "is NULL where a zone is required"))
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
        self.row
            .boolean(column)
            .map_err(|e| self.corrupt(column, e))?
            .ok_or_else(|| self.corrupt(column, "is NULL where true or false is required"))
    }

    /// A JSON column read as `T`; `what` says what it should be
    /// (e.g. `a JSON array of strings`) when it is not.
    pub(crate) fn json<T: DeserializeOwned>(
        &self,
        column: &'static str,
        what: &str,
    ) -> Result<T, StoreError> {
        let value = self
            .row
            .json(column)
            .map_err(|e| self.corrupt(column, e))?
            .ok_or_else(|| self.corrupt(column, "is NULL where JSON is required"))?;
        let shown = value.to_string();
        serde_json::from_value(value)
            .map_err(|e| self.corrupt(column, format!("{shown} is not {what} ({e})")))
    }

    /// A JSON array of ids, each parsed with core's `FromStr`.
    pub(crate) fn list<T>(&self, column: &'static str) -> Result<Vec<T>, StoreError>
    where
        T: FromStr,
        T::Err: Display,
    {
        let ids = self
            .row
            .strings(column)
            .map_err(|e| self.corrupt(column, e))?
            .ok_or_else(|| self.corrupt(column, "is NULL where a list is required"))?;
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
    fn statements_number_placeholders_in_ascending_order() {
        assert_eq!(
            insert_sql("t", &["a", "b"]),
            "INSERT INTO t (a, b, owner, id) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING"
        );
        assert_eq!(
            update_sql("t", &["a", "b"]),
            "UPDATE t SET a = $1, b = $2 WHERE owner = $3 AND id = $4"
        );
    }

    #[test]
    fn id_lists_are_json_arrays() {
        assert_eq!(
            id_list(Vec::<String>::new()),
            Value::Json(serde_json::json!([]))
        );
        assert_eq!(
            id_list(["a\"b", "c"]),
            Value::Json(serde_json::json!(["a\"b", "c"]))
        );
    }
}
