//! Practice sessions: create (idempotent), read, edit, delete, list by local day.

use crate::columns::{flag, id_list, insert_sql, rating, split_instant, update_sql, Columns};
use crate::{DayRange, Insert, Store, StoreError};
use backcalm_core::SessionRecord;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::Any;
use uuid::Uuid;

const TABLE: &str = "sessions";

/// Every column but `id` and `owner`, in the order [`bind_fields`] binds them.
const FIELDS: [&str; 16] = [
    "practice",
    "variant",
    "minutes",
    "started_at_ms",
    "started_at_ns",
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

const SELECT: &str = "SELECT id, practice, variant, minutes, started_at_ms, started_at_ns, tz, \
                      actual_s, completed, pain_before, pain_after, stress_before, stress_after, \
                      pleasantness, regions, note FROM sessions";

/// Binds [`FIELDS`] as `$1..$16`, then the id as `$17`.
fn bind_fields<'q>(
    q: Query<'q, Any, AnyArguments<'q>>,
    s: &SessionRecord,
) -> Query<'q, Any, AnyArguments<'q>> {
    let (ms, ns) = split_instant(s.started_at);
    q.bind(s.practice.clone())
        .bind(s.variant.clone())
        .bind(i64::from(s.minutes))
        .bind(ms)
        .bind(ns)
        .bind(s.tz.as_str().to_string())
        .bind(s.local_date().to_string())
        .bind(i64::from(s.actual_s))
        .bind(flag(s.completed))
        .bind(rating(s.pain_before))
        .bind(rating(s.pain_after))
        .bind(rating(s.stress_before))
        .bind(rating(s.stress_after))
        .bind(rating(s.pleasantness))
        .bind(id_list(s.regions.iter().map(ToString::to_string)))
        .bind(s.note.as_ref().map(|n| n.as_str().to_string()))
        .bind(s.id.to_string())
}

fn from_row(row: &AnyRow) -> Result<SessionRecord, StoreError> {
    let r = Columns::new(row, TABLE);
    Ok(SessionRecord {
        id: r.id()?,
        practice: r.text("practice")?,
        variant: r.opt_text("variant")?,
        minutes: r.count("minutes")?,
        started_at: r.instant("started_at_ms", "started_at_ns")?,
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

impl Store {
    /// Stores a new session record. Storing the same record again is harmless
    /// ([`Insert::Existing`]); the same id with other content is [`StoreError::Conflict`].
    pub async fn insert_session(
        &self,
        s: &SessionRecord,
    ) -> Result<Insert<SessionRecord>, StoreError> {
        let sql = insert_sql(TABLE, &FIELDS);
        // A retry only happens if the stored twin is deleted between our two statements.
        for _ in 0..3 {
            let done = bind_fields(sqlx::query(&sql), s)
                .execute(&self.pool)
                .await?;
            if done.rows_affected() > 0 {
                return Ok(Insert::Created(s.clone()));
            }
            match self.session(s.id).await? {
                Some(stored) if stored == *s => return Ok(Insert::Existing(stored)),
                Some(_) => return Err(StoreError::Conflict { id: s.id }),
                None => continue,
            }
        }
        Err(StoreError::Contended { id: s.id })
    }

    /// The session record with this id, if there is one.
    pub async fn session(&self, id: Uuid) -> Result<Option<SessionRecord>, StoreError> {
        let row = sqlx::query(&format!("{SELECT} WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Replaces the stored session that has `s.id`; `false` if there is none.
    pub async fn update_session(&self, s: &SessionRecord) -> Result<bool, StoreError> {
        let done = bind_fields(sqlx::query(&update_sql(TABLE, &FIELDS)), s)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes the session record for good; `false` if there was none.
    pub async fn delete_session(&self, id: Uuid) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The sessions whose local start day (in the zone each was made in) is in
    /// `range`, day by day, and within a day oldest first.
    pub async fn sessions(&self, range: &DayRange) -> Result<Vec<SessionRecord>, StoreError> {
        let (filter, dates) = range.sql_filter();
        let sql = format!("{SELECT}{filter} ORDER BY local_date, started_at_ms, started_at_ns, id");
        let mut q = sqlx::query(&sql);
        for d in dates {
            q = q.bind(d);
        }
        q.fetch_all(&self.pool)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }
}
