//! What every table of single records shares: the idempotent insert, the read
//! by id, the whole-row update, the delete and the listing, written once.

use crate::columns::update_sql;
use crate::db::{StoredRow, Value};
use crate::{Insert, Store, StoreError};
use backcalm_core::journal::{Filled, Repeat};
use uuid::Uuid;

/// A record kept as one row of its own table, keyed by the record's UUID
/// (check-ins, sessions, questionnaire answers, screens, reminders).
///
/// Those tables are written and read the same way and differ only in their
/// columns: this trait names the columns and how a record binds to and reads
/// from them, so the logic that must stay identical for every table (above
/// all the insert that tells a retried request from a conflicting one) is
/// written once, in [`Store`]'s generic methods below. The public per-table
/// methods of [`Store`] call those; the trait stays private to the crate.
pub(crate) trait Record: Clone + PartialEq + Send + 'static {
    /// The table.
    const TABLE: &'static str;
    /// Every column but `id` and `owner`, in the order of [`Record::values`].
    const FIELDS: &'static [&'static str];
    /// `SELECT` of the columns [`Record::from_row`] reads, `FROM` [`Record::TABLE`]
    /// and nothing after it, so a `WHERE` or `ORDER BY` can follow.
    const SELECT: &'static str;

    /// The record's id.
    fn id(&self) -> Uuid;

    /// The values of [`Record::FIELDS`], in that order.
    fn values(&self) -> Vec<Value>;

    /// The record a row of [`Record::SELECT`] holds; a bad value is [`StoreError::Corrupt`].
    fn from_row(row: &dyn StoredRow) -> Result<Self, StoreError>;
}

impl Store {
    /// Stores a new record. Storing it again is harmless ([`Insert::Existing`],
    /// with the stored record): a repeat is equal in every field but those
    /// the server filled in (`filled`, kept from the first call; see
    /// [`Repeat`]). The same id with other content is [`StoreError::Conflict`].
    pub(crate) async fn insert_record<R: Record + Repeat>(
        &self,
        r: &R,
        filled: &Filled,
    ) -> Result<Insert<R>, StoreError> {
        // A retry only happens if the stored twin is deleted between our two statements.
        let mut args = r.values();
        args.push(Value::text(self.db.person()));
        args.push(Value::Uuid(r.id()));
        for _ in 0..3 {
            if self
                .db
                .insert_row(R::TABLE, R::FIELDS, args.clone())
                .await?
                > 0
            {
                return Ok(Insert::Created(r.clone()));
            }
            match self.record::<R>(r.id()).await? {
                Some(stored) if r.repeats(&stored, filled) => return Ok(Insert::Existing(stored)),
                Some(_) => return Err(StoreError::Conflict { id: r.id() }),
                None => continue,
            }
        }
        Err(StoreError::Contended { id: r.id() })
    }

    /// The record with this id, if there is one.
    pub(crate) async fn record<R: Record>(&self, id: Uuid) -> Result<Option<R>, StoreError> {
        let mine = self.mine().and("id =", Value::Uuid(id));
        let sql = format!("{}{}", R::SELECT, mine.sql());
        self.select_record(&sql, mine.into_args()).await
    }

    /// Replaces the stored record that has `r`'s id; `false` if there is none.
    pub(crate) async fn update_record<R: Record>(&self, r: &R) -> Result<bool, StoreError> {
        let mut args = r.values();
        args.push(Value::text(self.db.person()));
        args.push(Value::Uuid(r.id()));
        Ok(self
            .db
            .execute(update_sql(R::TABLE, R::FIELDS), args)
            .await?
            > 0)
    }

    /// Deletes the record for good; `false` if there was none.
    pub(crate) async fn delete_record<R: Record>(&self, id: Uuid) -> Result<bool, StoreError> {
        let mine = self.mine().and("id =", Value::Uuid(id));
        let sql = format!("DELETE FROM {}{}", R::TABLE, mine.sql());
        Ok(self.db.execute(sql, mine.into_args()).await? > 0)
    }

    /// Every record `sql` (a [`Record::SELECT`] with more after it) selects,
    /// with `binds` as `$1, $2, …`, in the order it gives.
    pub(crate) async fn select_records<R: Record>(
        &self,
        sql: &str,
        binds: Vec<Value>,
    ) -> Result<Vec<R>, StoreError> {
        self.db.fetch(sql.to_string(), binds, R::from_row).await
    }

    /// The first record `sql` selects, as [`Store::select_records`] reads them.
    pub(crate) async fn select_record<R: Record>(
        &self,
        sql: &str,
        binds: Vec<Value>,
    ) -> Result<Option<R>, StoreError> {
        let rows: Vec<R> = self.select_records(sql, binds).await?;
        Ok(rows.into_iter().next())
    }
}
