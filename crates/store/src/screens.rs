//! Red-flag screens: every time the person took the safety screen, its
//! answers and the action it called for. Create (idempotent), read, list,
//! the latest, delete.

use crate::columns::Columns;
use crate::db::{StoredRow, Value};
use crate::record::Record;
use crate::{Insert, Store, StoreError};
use backcalm_core::journal::Filled;
use backcalm_core::safety::{Action, ScreenRecord};
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
    const FIELDS: &'static [&'static str] = &["taken_at", "tz", "local_date", "answers", "action"];
    const SELECT: &'static str = "SELECT id, taken_at, tz, answers, action FROM screens";

    fn id(&self) -> Uuid {
        self.id
    }

    fn values(&self) -> Vec<Value> {
        let answers = self
            .answers
            .iter()
            .map(|(question, yes)| (question.clone(), serde_json::Value::Bool(*yes)))
            .collect();
        vec![
            Value::Instant(self.taken_at),
            Value::text(self.tz.as_str()),
            Value::Date(self.local_date()),
            Value::Json(serde_json::Value::Object(answers)),
            Value::text(action_id(self.action)),
        ]
    }

    fn from_row(row: &dyn StoredRow) -> Result<Self, StoreError> {
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
            r.instant("taken_at")?,
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
        let mine = self.mine();
        let sql = format!(
            "{}{} ORDER BY taken_at, id",
            ScreenRecord::SELECT,
            mine.sql()
        );
        self.select_records(&sql, mine.into_args()).await
    }

    /// The most recent screen, if one was ever taken.
    pub async fn latest_screen(&self) -> Result<Option<ScreenRecord>, StoreError> {
        let (sql, args) = self.latest_screen_query();
        self.select_record(&sql, args).await
    }

    /// The statement that reads [`Store::latest_screen`], and its arguments.
    pub(crate) fn latest_screen_query(&self) -> (String, Vec<Value>) {
        let mine = self.mine();
        let sql = format!(
            "{}{} ORDER BY taken_at DESC, id DESC LIMIT 1",
            ScreenRecord::SELECT,
            mine.sql()
        );
        (sql, mine.into_args())
    }

    /// Deletes the screen for good; `false` if there was none.
    pub async fn delete_screen(&self, id: Uuid) -> Result<bool, StoreError> {
        self.delete_record::<ScreenRecord>(id).await
    }
}
