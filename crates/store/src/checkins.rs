//! Check-ins: create (idempotent), read, edit, delete, list by local day.

use crate::columns::{id_list, note, rating, Columns};
use crate::db::{StoredRow, Tx, Value};
use crate::record::Record;
use crate::{DayRange, Insert, Store, StoreError};
use backcalm_core::insights::DayPain;
use backcalm_core::journal::Filled;
use backcalm_core::safety::ScreenRecord;
use backcalm_core::{CheckIn, SessionRecord};
use jiff::civil::Date;
use uuid::Uuid;

/// A person's last two weeks, as [`Store::recent`] reads them.
#[derive(Debug, Clone, PartialEq)]
pub struct Recent {
    /// The check-in made last, however long ago.
    pub newest: Option<CheckIn>,
    /// Each local day of the 14 ending today with check-ins, oldest first.
    pub daily_pain: Vec<DayPain>,
    /// The sessions of the 7 local days ending today.
    pub sessions_7: Vec<SessionRecord>,
    /// The red-flag screen taken last, however long ago.
    pub latest_screen: Option<ScreenRecord>,
}

fn day_pain(row: &dyn StoredRow) -> Result<DayPain, StoreError> {
    let bad = |column: &'static str, problem: String| StoreError::Corrupt {
        table: CheckIn::TABLE,
        column,
        id: "(a day's total)".to_string(),
        problem,
    };
    let date = row
        .date("local_date")
        .map_err(|e| bad("local_date", e))?
        .ok_or_else(|| bad("local_date", "is NULL".into()))?;
    let total = row.int("total").map_err(|e| bad("pain", e))?.unwrap_or(0);
    let n = row.int("n").map_err(|e| bad("pain", e))?.unwrap_or(0);
    let n = usize::try_from(n).unwrap_or(0).max(1);
    // Whole ratings add up exactly in a double, so this is the mean core computes.
    #[allow(clippy::cast_precision_loss)]
    let pain_mean = total as f64 / n as f64;
    Ok(DayPain { date, pain_mean, n })
}

fn from_row(row: &dyn StoredRow) -> Result<CheckIn, StoreError> {
    let r = Columns::new(row, CheckIn::TABLE);
    Ok(CheckIn {
        id: r.id()?,
        recorded_at: r.instant("recorded_at")?,
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
        "recorded_at",
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
    const SELECT: &'static str = "SELECT id, recorded_at, tz, pain, stress, sleep, \
         feel, regions, activity, note, flare FROM checkins";

    fn id(&self) -> Uuid {
        self.id
    }

    fn values(&self) -> Vec<Value> {
        vec![
            Value::Instant(self.recorded_at),
            Value::text(self.tz.as_str()),
            Value::Date(self.local_date()),
            Value::int(self.pain.get()),
            rating(self.stress),
            rating(self.sleep),
            id_list(self.feel.iter().map(|f| f.id())),
            id_list(self.regions.iter().map(ToString::to_string)),
            note(self.activity.as_ref()),
            note(self.note.as_ref()),
            Value::Bool(self.flare),
        ]
    }

    fn from_row(row: &dyn StoredRow) -> Result<Self, StoreError> {
        from_row(row)
    }
}

impl Store {
    /// Stores a new check-in. Storing the same record again is harmless
    /// ([`Insert::Existing`]), so clients may retry; the same id with other
    /// content is [`StoreError::Conflict`].
    pub async fn insert_checkin(&self, c: &CheckIn) -> Result<Insert<CheckIn>, StoreError> {
        self.insert_record(c, &Filled::none()).await
    }

    /// Stores a new check-in made from what a client sent, where `filled` names the
    /// fields the server filled in: a repeat of the create (same id, equal in
    /// every field the client sent) is [`Insert::Existing`] with the stored
    /// record, whatever the server would fill in now.
    pub async fn create_checkin(
        &self,
        c: &CheckIn,
        filled: &Filled,
    ) -> Result<Insert<CheckIn>, StoreError> {
        self.insert_record(c, filled).await
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
        let mine = self.mine().days(range);
        let sql = format!(
            "{}{} ORDER BY local_date, recorded_at, id",
            CheckIn::SELECT,
            mine.sql()
        );
        self.select_records(&sql, mine.into_args()).await
    }

    /// Each local day in `range` with check-ins: its mean pain and how many
    /// check-ins it has, leaving out the check-in `except` (core's
    /// [`DayPain`], as [`backcalm_core::insights::daily_pain`] makes it from
    /// the records). The database adds up; a week is at most seven rows
    /// however many check-ins it holds.
    pub async fn daily_pain(
        &self,
        range: &DayRange,
        except: Option<Uuid>,
    ) -> Result<Vec<DayPain>, StoreError> {
        let mut mine = self.mine().days(range);
        if let Some(id) = except {
            mine = mine.and("id <>", Value::Uuid(id));
        }
        let sql = format!(
            "SELECT local_date, SUM(pain) AS total, COUNT(*) AS n FROM checkins{} \
             GROUP BY local_date ORDER BY local_date",
            mine.sql()
        );
        self.db.fetch(sql, mine.into_args(), day_pain).await
    }

    /// The check-in made last (the greatest `recorded_at`), read along the
    /// person's index however long the journal is (see [`Recent`]).
    pub async fn newest_checkin(&self) -> Result<Option<CheckIn>, StoreError> {
        let mut tx = self.db.begin().await?;
        let newest = self.newest_in(&mut tx).await?;
        tx.commit().await?;
        Ok(newest)
    }

    /// [`Store::newest_checkin`] inside `tx`: first the newest local day
    /// with a check-in, then the three days ending there. A local day is
    /// within one day of its UTC day, so the check-in made last, in whatever
    /// zone, lies in that window.
    async fn newest_in(&self, tx: &mut Tx) -> Result<Option<CheckIn>, StoreError> {
        let mine = self.mine();
        let sql = format!(
            "{}{} ORDER BY local_date DESC, recorded_at DESC, id DESC LIMIT 1",
            CheckIn::SELECT,
            mine.sql()
        );
        let last = tx.fetch(sql, mine.into_args(), CheckIn::from_row).await?;
        let Some(last_day) = last.first().map(CheckIn::local_date) else {
            return Ok(None);
        };
        let from = last_day.saturating_sub(jiff::Span::new().days(2));
        let mine = self.mine().days(&DayRange::between(from, last_day));
        let sql = format!("{}{}", CheckIn::SELECT, mine.sql());
        let near = tx.fetch(sql, mine.into_args(), CheckIn::from_row).await?;
        Ok(near.into_iter().max_by_key(|c| (c.recorded_at, c.id)))
    }

    /// What a clinician's list says of a person on `today`, read in one
    /// transaction along the person's indexes: a few rows however long the
    /// journal is.
    pub async fn recent(&self, today: Date) -> Result<Recent, StoreError> {
        let mut tx = self.db.begin().await?;
        let newest = self.newest_in(&mut tx).await?;
        let fortnight = DayRange::between(today.saturating_sub(jiff::Span::new().days(13)), today);
        let mine = self.mine().days(&fortnight);
        let sql = format!(
            "SELECT local_date, SUM(pain) AS total, COUNT(*) AS n FROM checkins{} \
             GROUP BY local_date ORDER BY local_date",
            mine.sql()
        );
        let daily_pain = tx.fetch(sql, mine.into_args(), day_pain).await?;
        let week = DayRange::between(today.saturating_sub(jiff::Span::new().days(6)), today);
        let mine = self.mine().days(&week);
        let sql = format!(
            "{}{} ORDER BY local_date, started_at, id",
            SessionRecord::SELECT,
            mine.sql()
        );
        let sessions_7 = tx
            .fetch(sql, mine.into_args(), SessionRecord::from_row)
            .await?;
        let (sql, args) = self.latest_screen_query();
        let latest_screen = tx
            .fetch(sql, args, ScreenRecord::from_row)
            .await?
            .into_iter()
            .next();
        tx.commit().await?;
        Ok(Recent {
            newest,
            daily_pain,
            sessions_7,
            latest_screen,
        })
    }

    /// How many check-ins are stored.
    pub async fn count_checkins(&self) -> Result<u64, StoreError> {
        self.count("checkins").await
    }
}
