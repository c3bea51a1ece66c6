//! Practice sessions: create (idempotent), read, edit, delete, list by local day.

use crate::columns::{id_list, note, rating, Columns};
use crate::db::{StoredRow, Value};
use crate::record::Record;
use crate::{DayRange, Insert, Store, StoreError};
use backcalm_core::journal::Filled;
use backcalm_core::SessionRecord;
use uuid::Uuid;

impl Record for SessionRecord {
    const TABLE: &'static str = "sessions";
    const FIELDS: &'static [&'static str] = &[
        "practice",
        "variant",
        "minutes",
        "started_at",
        "tz",
        "local_date",
        "actual_s",
        "completed",
        "pain_before",
        "pain_after",
        "stress_before",
        "stress_after",
        "pleasantness",
        "regions",
        "note",
    ];
    const SELECT: &'static str = "SELECT id, practice, variant, minutes, started_at, tz, \
         actual_s, completed, pain_before, pain_after, stress_before, stress_after, \
         pleasantness, regions, note FROM sessions";

    fn id(&self) -> Uuid {
        self.id
    }

    fn values(&self) -> Vec<Value> {
        vec![
            Value::text(self.practice.clone()),
            Value::opt_text(self.variant.as_deref()),
            Value::int(self.minutes),
            Value::Instant(self.started_at),
            Value::text(self.tz.as_str()),
            Value::Date(self.local_date()),
            Value::int(self.actual_s),
            Value::Bool(self.completed),
            rating(self.pain_before),
            rating(self.pain_after),
            rating(self.stress_before),
            rating(self.stress_after),
            rating(self.pleasantness),
            id_list(self.regions.iter().map(ToString::to_string)),
            note(self.note.as_ref()),
        ]
    }

    fn from_row(row: &dyn StoredRow) -> Result<Self, StoreError> {
        let r = Columns::new(row, Self::TABLE);
        Ok(SessionRecord {
            id: r.id()?,
            practice: r.text("practice")?,
            variant: r.opt_text("variant")?,
            minutes: r.count("minutes")?,
            started_at: r.instant("started_at")?,
            tz: r.tz()?,
            actual_s: r.count("actual_s")?,
            completed: r.flag("completed")?,
            pain_before: r.opt_rating("pain_before")?,
            pain_after: r.opt_rating("pain_after")?,
            stress_before: r.opt_rating("stress_before")?,
            stress_after: r.opt_rating("stress_after")?,
            pleasantness: r.opt_rating("pleasantness")?,
            regions: r.list("regions")?,
            note: r.opt_note("note")?,
        })
    }
}

impl Store {
    /// Stores a new session record. Storing the same record again is harmless
    /// ([`Insert::Existing`]); the same id with other content is [`StoreError::Conflict`].
    pub async fn insert_session(
        &self,
        s: &SessionRecord,
    ) -> Result<Insert<SessionRecord>, StoreError> {
        self.insert_record(s, &Filled::none()).await
    }

    /// Stores a new session record made from what a client sent, where `filled` names the
    /// fields the server filled in: a repeat of the create (same id, equal in
    /// every field the client sent) is [`Insert::Existing`] with the stored
    /// record, whatever the server would fill in now.
    pub async fn create_session(
        &self,
        s: &SessionRecord,
        filled: &Filled,
    ) -> Result<Insert<SessionRecord>, StoreError> {
        self.insert_record(s, filled).await
    }

    /// The session record with this id, if there is one.
    pub async fn session(&self, id: Uuid) -> Result<Option<SessionRecord>, StoreError> {
        self.record(id).await
    }

    /// Replaces the stored session that has `s.id`; `false` if there is none.
    pub async fn update_session(&self, s: &SessionRecord) -> Result<bool, StoreError> {
        self.update_record(s).await
    }

    /// Deletes the session record for good; `false` if there was none.
    pub async fn delete_session(&self, id: Uuid) -> Result<bool, StoreError> {
        self.delete_record::<SessionRecord>(id).await
    }

    /// The sessions whose local start day (in the zone each was made in) is in
    /// `range`, day by day, and within a day oldest first.
    pub async fn sessions(&self, range: &DayRange) -> Result<Vec<SessionRecord>, StoreError> {
        let mine = self.mine().days(range);
        let sql = format!(
            "{}{} ORDER BY local_date, started_at, id",
            SessionRecord::SELECT,
            mine.sql()
        );
        self.select_records(&sql, mine.into_args()).await
    }
}
