//! Check-ins: create (idempotent), read, edit, delete, list by local day.

use crate::columns::{id_list, insert_sql, rating, split_instant, update_sql, Columns, StoredRow};
use crate::{DayRange, Insert, Store, StoreError};
use backcalm_core::CheckIn;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, Row};
use uuid::Uuid;

const TABLE: &str = "checkins";

/// Every column but `id` and `owner`, in the order [`bind_fields`] binds them.
const FIELDS: [&str; 11] = [
    "recorded_at_ms",
    "recorded_at_ns",
    "tz",
    "local_date",
    "pain",
    "stress",
    "sleep",
    "feel",
    "regions",
    "activity",
    "note",
];

const SELECT: &str = "SELECT id, recorded_at_ms, recorded_at_ns, tz, pain, stress, sleep, \
                      feel, regions, activity, note FROM checkins";

/// Binds [`FIELDS`] as `$1..$11`, then the id as `$12`.
fn bind_fields<'q>(
    q: Query<'q, Any, AnyArguments<'q>>,
    c: &CheckIn,
) -> Query<'q, Any, AnyArguments<'q>> {
    let (ms, ns) = split_instant(c.recorded_at);
    q.bind(ms)
        .bind(ns)
        .bind(c.tz.as_str().to_string())
        .bind(c.local_date().to_string())
        .bind(i64::from(c.pain.get()))
        .bind(rating(c.stress))
        .bind(rating(c.sleep))
        .bind(id_list(c.feel.iter().map(|f| f.id())))
        .bind(id_list(c.regions.iter().map(ToString::to_string)))
        .bind(c.activity.as_ref().map(|n| n.as_str().to_string()))
        .bind(c.note.as_ref().map(|n| n.as_str().to_string()))
        .bind(c.id.to_string())
}

/// The listing of [`Store::checkins`] and [`crate::JournalFile::checkins`]:
/// day by day, and within a day oldest first.
pub(crate) fn list_sql(range: &DayRange) -> (String, Vec<String>) {
    let (filter, dates) = range.sql_filter();
    (
        format!("{SELECT}{filter} ORDER BY local_date, recorded_at_ms, recorded_at_ns, id"),
        dates,
    )
}

pub(crate) fn from_row<R: StoredRow>(row: &R) -> Result<CheckIn, StoreError> {
    let r = Columns::new(row, TABLE);
    Ok(CheckIn {
        id: r.id()?,
        recorded_at: r.instant("recorded_at_ms", "recorded_at_ns")?,
        tz: r.tz()?,
        pain: r.rating("pain")?,
        stress: r.opt_rating("stress")?,
        sleep: r.opt_rating("sleep")?,
        feel: r.list("feel")?,
        regions: r.list("regions")?,
        activity: r.opt_note("activity")?,
        note: r.opt_note("note")?,
    })
}

impl Store {
    /// Stores a new check-in. Storing the same record again is harmless
    /// ([`Insert::Existing`]), so clients may retry; the same id with other
    /// content is [`StoreError::Conflict`].
    pub async fn insert_checkin(&self, c: &CheckIn) -> Result<Insert<CheckIn>, StoreError> {
        let sql = insert_sql(TABLE, &FIELDS);
        // A retry only happens if the stored twin is deleted between our two statements.
        for _ in 0..3 {
            let done = bind_fields(sqlx::query(&sql), c)
                .execute(&self.pool)
                .await?;
            if done.rows_affected() > 0 {
                return Ok(Insert::Created(c.clone()));
            }
            match self.checkin(c.id).await? {
                Some(stored) if stored == *c => return Ok(Insert::Existing(stored)),
                Some(_) => return Err(StoreError::Conflict { id: c.id }),
                None => continue,
            }
        }
        Err(StoreError::Contended { id: c.id })
    }

    /// The check-in with this id, if there is one.
    pub async fn checkin(&self, id: Uuid) -> Result<Option<CheckIn>, StoreError> {
        let row = sqlx::query(&format!("{SELECT} WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Replaces the stored check-in that has `c.id`; `false` if there is none.
    pub async fn update_checkin(&self, c: &CheckIn) -> Result<bool, StoreError> {
        let done = bind_fields(sqlx::query(&update_sql(TABLE, &FIELDS)), c)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes the check-in for good; `false` if there was none.
    pub async fn delete_checkin(&self, id: Uuid) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM checkins WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The check-ins whose local day (in the zone each was made in) is in `range`,
    /// day by day, and within a day oldest first.
    pub async fn checkins(&self, range: &DayRange) -> Result<Vec<CheckIn>, StoreError> {
        let (sql, dates) = list_sql(range);
        let mut q = sqlx::query(&sql);
        for d in dates {
            q = q.bind(d);
        }
        q.fetch_all(&self.pool)
            .await?
            .iter()
            .map(from_row::<AnyRow>)
            .collect()
    }

    /// How many check-ins are stored.
    pub async fn count_checkins(&self) -> Result<u64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM checkins")
            .fetch_one(&self.pool)
            .await?;
        let n: i64 = row.try_get("n")?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}
