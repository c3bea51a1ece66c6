//! Daily reminders: create (idempotent), read, replace, delete, list by time of day.
//!
//! The store keeps what it is given; how many reminders a person may have is
//! core's rule ([`backcalm_core::reminder::validate_new`]), applied by the edges.

use crate::columns::Columns;
use crate::db::{StoredRow, Value};
use crate::record::Record;
use crate::{Insert, Store, StoreError};
use backcalm_core::journal::Filled;
use backcalm_core::reminder::{format_time, parse_time, Reminder};
use uuid::Uuid;

impl Record for Reminder {
    const TABLE: &'static str = "reminders";
    const FIELDS: &'static [&'static str] = &["local_time", "tz", "label"];
    const SELECT: &'static str = "SELECT id, local_time, tz, label FROM reminders";

    fn id(&self) -> Uuid {
        self.id
    }

    fn values(&self) -> Vec<Value> {
        vec![
            Value::text(format_time(self.time)),
            Value::text(self.tz.as_str()),
            Value::text(self.label.clone()),
        ]
    }

    fn from_row(row: &dyn StoredRow) -> Result<Self, StoreError> {
        let r = Columns::new(row, Self::TABLE);
        let text = r.text("local_time")?;
        let time = parse_time(&text).map_err(|e| r.corrupt("local_time", e))?;
        Ok(Reminder {
            id: r.id()?,
            time,
            tz: r.tz()?,
            label: r.text("label")?,
        })
    }
}

impl Store {
    /// Stores a new reminder. Storing the same record again is harmless
    /// ([`Insert::Existing`]); the same id with other content is
    /// [`StoreError::Conflict`].
    pub async fn insert_reminder(&self, r: &Reminder) -> Result<Insert<Reminder>, StoreError> {
        self.insert_record(r, &Filled::none()).await
    }

    /// Stores a new reminder made from what a client sent, where `filled` names the
    /// fields the server filled in: a repeat of the create (same id, equal in
    /// every field the client sent) is [`Insert::Existing`] with the stored
    /// record, whatever the server would fill in now.
    pub async fn create_reminder(
        &self,
        r: &Reminder,
        filled: &Filled,
    ) -> Result<Insert<Reminder>, StoreError> {
        self.insert_record(r, filled).await
    }

    /// The reminder with this id, if there is one.
    pub async fn reminder(&self, id: Uuid) -> Result<Option<Reminder>, StoreError> {
        self.record(id).await
    }

    /// Replaces the stored reminder that has `r.id`; `false` if there is none.
    pub async fn update_reminder(&self, r: &Reminder) -> Result<bool, StoreError> {
        self.update_record(r).await
    }

    /// Deletes the reminder for good; `false` if there was none.
    pub async fn delete_reminder(&self, id: Uuid) -> Result<bool, StoreError> {
        self.delete_record::<Reminder>(id).await
    }

    /// Every reminder, earliest time of day first (`HH:MM` sorts as text).
    pub async fn reminders(&self) -> Result<Vec<Reminder>, StoreError> {
        let mine = self.mine();
        let sql = format!(
            "{}{} ORDER BY local_time, tz, id",
            Reminder::SELECT,
            mine.sql()
        );
        self.select_records(&sql, mine.into_args()).await
    }
}
