//! Check-ins: create (idempotent), read, edit, delete, list by local day.

use crate::columns::{flag, id_list, rating, split_instant, Columns, StoredRow};
use crate::record::{Bound, Record};
use crate::{DayRange, Insert, Store, StoreError};
use backcalm_core::CheckIn;
use sqlx::any::AnyRow;
use sqlx::Row;
use uuid::Uuid;

/// The listing of [`Store::checkins`] and [`crate::JournalFile::checkins`]:
/// day by day, and within a day oldest first.
pub(crate) fn list_sql(range: &DayRange) -> (String, Vec<String>) {
    let (filter, dates) = range.sql_filter();
    (
        format!(
            "{}{filter} ORDER BY local_date, recorded_at_ms, recorded_at_ns, id",
            CheckIn::SELECT
        ),
        dates,
    )
}

pub(crate) fn from_row<R: StoredRow>(row: &R) -> Result<CheckIn, StoreError> {
    let r = Columns::new(row, CheckIn::TABLE);
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
        flare: r.flag("flare")?,
    })
}

impl Record for CheckIn {
    const TABLE: &'static str = "checkins";
    const FIELDS: &'static [&'static str] = &[
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
        "flare",
    ];
    const SELECT: &'static str =
        "SELECT id, recorded_at_ms, recorded_at_ns, tz, pain, stress, sleep, \
         feel, regions, activity, note, flare FROM checkins";

    fn id(&self) -> Uuid {
        self.id
    }

    /// Binds [`Record::FIELDS`] as `$1..$12`, then the id as `$13`.
    fn bind_fields<'q>(&self, q: Bound<'q>) -> Bound<'q> {
        let (ms, ns) = split_instant(self.recorded_at);
        q.bind(ms)
            .bind(ns)
            .bind(self.tz.as_str().to_string())
            .bind(self.local_date().to_string())
            .bind(i64::from(self.pain.get()))
            .bind(rating(self.stress))
            .bind(rating(self.sleep))
            .bind(id_list(self.feel.iter().map(|f| f.id())))
            .bind(id_list(self.regions.iter().map(ToString::to_string)))
            .bind(self.activity.as_ref().map(|n| n.as_str().to_string()))
            .bind(self.note.as_ref().map(|n| n.as_str().to_string()))
            .bind(flag(self.flare))
            .bind(self.id.to_string())
    }

    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        from_row::<AnyRow>(row)
    }
}

impl Store {
    /// Stores a new check-in. Storing the same record again is harmless
    /// ([`Insert::Existing`]), so clients may retry; the same id with other
    /// content is [`StoreError::Conflict`].
    pub async fn insert_checkin(&self, c: &CheckIn) -> Result<Insert<CheckIn>, StoreError> {
        self.insert_record(c).await
    }

    /// The check-in with this id, if there is one.
    pub async fn checkin(&self, id: Uuid) -> Result<Option<CheckIn>, StoreError> {
        self.record(id).await
    }

    /// Replaces the stored check-in that has `c.id`; `false` if there is none.
    pub async fn update_checkin(&self, c: &CheckIn) -> Result<bool, StoreError> {
        self.update_record(c).await
    }

    /// Deletes the check-in for good; `false` if there was none.
    pub async fn delete_checkin(&self, id: Uuid) -> Result<bool, StoreError> {
        self.delete_record::<CheckIn>(id).await
    }

    /// The check-ins whose local day (in the zone each was made in) is in `range`,
    /// day by day, and within a day oldest first.
    pub async fn checkins(&self, range: &DayRange) -> Result<Vec<CheckIn>, StoreError> {
        let (sql, dates) = list_sql(range);
        self.select_records(&sql, dates).await
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
