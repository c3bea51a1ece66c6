//! Red-flag screens: every time the person took the safety screen, its
//! answers and the action it called for. Create (idempotent), read, list,
//! the latest, delete.

use crate::columns::{split_instant, Columns};
use crate::record::{Bound, Record};
use crate::{Insert, Store, StoreError};
use backcalm_core::journal::Filled;
use backcalm_core::safety::{Action, ScreenRecord};
use sqlx::any::AnyRow;
use std::collections::BTreeMap;
use uuid::Uuid;

fn action_id(a: Action) -> &'static str {
    match a {
        Action::None => "none",
        Action::Soon => "soon",
        Action::Urgent => "urgent",
        Action::Emergency => "emergency",
    }
}

impl Record for ScreenRecord {
    const TABLE: &'static str = "screens";
    const FIELDS: &'static [&'static str] = &[
        "taken_at_ms",
        "taken_at_ns",
        "tz",
        "local_date",
        "answers",
        "action",
    ];
    const SELECT: &'static str =
        "SELECT id, taken_at_ms, taken_at_ns, tz, answers, action FROM screens";

    fn id(&self) -> Uuid {
        self.id
    }

    /// Binds [`Record::FIELDS`] as `$1..$6`, then the id as `$7`.
    fn bind_fields<'q>(&self, q: Bound<'q>) -> Bound<'q> {
        let (ms, ns) = split_instant(self.taken_at);
        let answers = serde_json::to_string(&self.answers).unwrap_or_else(|_| "{}".into());
        q.bind(ms)
            .bind(ns)
            .bind(self.tz.as_str().to_string())
            .bind(self.local_date().to_string())
            .bind(answers)
            .bind(action_id(self.action))
            .bind(self.id.to_string())
    }

    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let r = Columns::new(row, Self::TABLE);
        let answers: BTreeMap<String, bool> =
            r.json("answers", "a JSON object of true/false answers")?;
        let action_text = r.text("action")?;
        let action = [
            Action::None,
            Action::Soon,
            Action::Urgent,
            Action::Emergency,
        ]
        .into_iter()
        .find(|a| action_id(*a) == action_text)
        .ok_or_else(|| {
            r.corrupt(
                "action",
                format!("{action_text:?} is not none, soon, urgent or emergency"),
            )
        })?;
        Ok(ScreenRecord::stored(
            r.id()?,
            r.instant("taken_at_ms", "taken_at_ns")?,
            r.tz()?,
            answers,
            action,
        ))
    }
}

impl Store {
    /// Stores a completed screen. Storing the same record again is harmless
    /// ([`Insert::Existing`]); the same id with other content is
    /// [`StoreError::Conflict`].
    pub async fn insert_screen(
        &self,
        s: &ScreenRecord,
    ) -> Result<Insert<ScreenRecord>, StoreError> {
        self.insert_record(s, &Filled::none()).await
    }

    /// Stores a completed screen made from what a client sent, where `filled` names the
    /// fields the server filled in: a repeat of the create (same id, equal in
    /// every field the client sent) is [`Insert::Existing`] with the stored
    /// record, whatever the server would fill in now.
    pub async fn create_screen(
        &self,
        s: &ScreenRecord,
        filled: &Filled,
    ) -> Result<Insert<ScreenRecord>, StoreError> {
        self.insert_record(s, filled).await
    }

    /// The screen with this id, if there is one.
    pub async fn screen(&self, id: Uuid) -> Result<Option<ScreenRecord>, StoreError> {
        self.record(id).await
    }

    /// Every screen taken, oldest first.
    pub async fn screens(&self) -> Result<Vec<ScreenRecord>, StoreError> {
        let sql = format!(
            "{} ORDER BY taken_at_ms, taken_at_ns, id",
            ScreenRecord::SELECT
        );
        self.select_records(&sql, Vec::new()).await
    }

    /// The most recent screen, if one was ever taken.
    pub async fn latest_screen(&self) -> Result<Option<ScreenRecord>, StoreError> {
        let sql = format!(
            "{} ORDER BY taken_at_ms DESC, taken_at_ns DESC, id DESC LIMIT 1",
            ScreenRecord::SELECT
        );
        self.select_record(&sql, Vec::new()).await
    }

    /// Deletes the screen for good; `false` if there was none.
    pub async fn delete_screen(&self, id: Uuid) -> Result<bool, StoreError> {
        self.delete_record::<ScreenRecord>(id).await
    }
}
