//! Daily reminders: create (idempotent), read, replace, delete, list by time of day.
//!
//! The store keeps what it is given; how many reminders a person may have is
//! core's rule ([`backcalm_core::reminder::validate_new`]), applied by the edges.

use crate::columns::Columns;
use crate::{Insert, Store, StoreError};
use backcalm_core::reminder::{format_time, parse_time, Reminder};
use sqlx::any::AnyRow;
use uuid::Uuid;

const TABLE: &str = "reminders";

const SELECT: &str = "SELECT id, local_time, tz, label FROM reminders";

fn from_row(row: &AnyRow) -> Result<Reminder, StoreError> {
    let r = Columns::new(row, TABLE);
    let text = r.text("local_time")?;
    let time = parse_time(&text).map_err(|e| StoreError::Corrupt {
        table: TABLE,
        column: "local_time",
        id: r.text("id").unwrap_or_default(),
        problem: e.to_string(),
    })?;
    Ok(Reminder {
        id: r.id()?,
        time,
        tz: r.tz()?,
        label: r.text("label")?,
    })
}

impl Store {
    /// Stores a new reminder. Storing the same record again is harmless
    /// ([`Insert::Existing`]); the same id with other content is
    /// [`StoreError::Conflict`].
    pub async fn insert_reminder(&self, r: &Reminder) -> Result<Insert<Reminder>, StoreError> {
        for _ in 0..3 {
            let done = sqlx::query(
                "INSERT INTO reminders (local_time, tz, label, id) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(format_time(r.time))
            .bind(r.tz.as_str().to_string())
            .bind(r.label.clone())
            .bind(r.id.to_string())
            .execute(&self.pool)
            .await?;
            if done.rows_affected() > 0 {
                return Ok(Insert::Created(r.clone()));
            }
            match self.reminder(r.id).await? {
                Some(stored) if stored == *r => return Ok(Insert::Existing(stored)),
                Some(_) => return Err(StoreError::Conflict { id: r.id }),
                None => continue,
            }
        }
        Err(StoreError::Contended { id: r.id })
    }

    /// The reminder with this id, if there is one.
    pub async fn reminder(&self, id: Uuid) -> Result<Option<Reminder>, StoreError> {
        let row = sqlx::query(&format!("{SELECT} WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Replaces the stored reminder that has `r.id`; `false` if there is none.
    pub async fn update_reminder(&self, r: &Reminder) -> Result<bool, StoreError> {
        let done =
            sqlx::query("UPDATE reminders SET local_time = $1, tz = $2, label = $3 WHERE id = $4")
                .bind(format_time(r.time))
                .bind(r.tz.as_str().to_string())
                .bind(r.label.clone())
                .bind(r.id.to_string())
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes the reminder for good; `false` if there was none.
    pub async fn delete_reminder(&self, id: Uuid) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM reminders WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Every reminder, earliest time of day first (`HH:MM` sorts as text).
    pub async fn reminders(&self) -> Result<Vec<Reminder>, StoreError> {
        sqlx::query(&format!("{SELECT} ORDER BY local_time, tz, id"))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }
}
