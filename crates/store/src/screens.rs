//! Red-flag screens: every time the person took the safety screen, its
//! answers and the action it called for. Create (idempotent), read, list,
//! the latest, delete.

use crate::columns::{split_instant, Columns};
use crate::{Insert, Store, StoreError};
use backcalm_core::safety::Action;
use backcalm_core::TzName;
use jiff::civil::Date;
use jiff::Timestamp;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;
use uuid::Uuid;

const TABLE: &str = "screens";

const SELECT: &str = "SELECT id, taken_at_ms, taken_at_ns, tz, answers, action FROM screens";

/// One completed safety screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenRecord {
    /// Stable id (idempotency key).
    pub id: Uuid,
    /// When it was taken.
    pub taken_at: Timestamp,
    /// The person's zone then.
    pub tz: TzName,
    /// Question id → answered yes (`true`) or no.
    pub answers: BTreeMap<String, bool>,
    /// What the answers called for ([`backcalm_core::safety::assess`]).
    pub action: Action,
}

impl ScreenRecord {
    /// The local calendar day it was taken on, in its own zone.
    pub fn local_date(&self) -> Date {
        self.taken_at.to_zoned(self.tz.zone()).date()
    }
}

fn action_id(a: Action) -> &'static str {
    match a {
        Action::None => "none",
        Action::Soon => "soon",
        Action::Urgent => "urgent",
        Action::Emergency => "emergency",
    }
}

fn from_row(row: &AnyRow) -> Result<ScreenRecord, StoreError> {
    let r = Columns::new(row, TABLE);
    let corrupt = |column: &'static str, problem: String| StoreError::Corrupt {
        table: TABLE,
        column,
        id: r.text("id").unwrap_or_default(),
        problem,
    };
    let text = r.text("answers")?;
    let answers: BTreeMap<String, bool> = serde_json::from_str(&text).map_err(|e| {
        corrupt(
            "answers",
            format!("{text:?} is not a JSON object of true/false answers ({e})"),
        )
    })?;
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
        corrupt(
            "action",
            format!("{action_text:?} is not none, soon, urgent or emergency"),
        )
    })?;
    Ok(ScreenRecord {
        id: r.id()?,
        taken_at: r.instant("taken_at_ms", "taken_at_ns")?,
        tz: r.tz()?,
        answers,
        action,
    })
}

impl Store {
    /// Stores a completed screen. Storing the same record again is harmless
    /// ([`Insert::Existing`]); the same id with other content is
    /// [`StoreError::Conflict`].
    pub async fn insert_screen(
        &self,
        s: &ScreenRecord,
    ) -> Result<Insert<ScreenRecord>, StoreError> {
        let (ms, ns) = split_instant(s.taken_at);
        let answers = serde_json::to_string(&s.answers).unwrap_or_else(|_| "{}".into());
        for _ in 0..3 {
            let done = sqlx::query(
                "INSERT INTO screens (taken_at_ms, taken_at_ns, tz, local_date, answers, action, id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING",
            )
            .bind(ms)
            .bind(ns)
            .bind(s.tz.as_str().to_string())
            .bind(s.local_date().to_string())
            .bind(answers.clone())
            .bind(action_id(s.action))
            .bind(s.id.to_string())
            .execute(&self.pool)
            .await?;
            if done.rows_affected() > 0 {
                return Ok(Insert::Created(s.clone()));
            }
            match self.screen(s.id).await? {
                Some(stored) if stored == *s => return Ok(Insert::Existing(stored)),
                Some(_) => return Err(StoreError::Conflict { id: s.id }),
                None => continue,
            }
        }
        Err(StoreError::Contended { id: s.id })
    }

    /// The screen with this id, if there is one.
    pub async fn screen(&self, id: Uuid) -> Result<Option<ScreenRecord>, StoreError> {
        let row = sqlx::query(&format!("{SELECT} WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Every screen taken, oldest first.
    pub async fn screens(&self) -> Result<Vec<ScreenRecord>, StoreError> {
        sqlx::query(&format!("{SELECT} ORDER BY taken_at_ms, taken_at_ns, id"))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    /// The most recent screen, if one was ever taken.
    pub async fn latest_screen(&self) -> Result<Option<ScreenRecord>, StoreError> {
        let row = sqlx::query(&format!(
            "{SELECT} ORDER BY taken_at_ms DESC, taken_at_ns DESC, id DESC LIMIT 1"
        ))
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Deletes the screen for good; `false` if there was none.
    pub async fn delete_screen(&self, id: Uuid) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM screens WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
