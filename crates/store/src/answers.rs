//! Questionnaire answers (PEG-3, PHQ-2, GAD-2): create (idempotent), read,
//! delete, list by instrument and local day.

use crate::columns::{split_instant, Columns};
use crate::record::{Bound, Record};
use crate::{DayRange, Insert, Store, StoreError};
use backcalm_core::instrument::QuestionnaireAnswer;
use backcalm_core::journal::Filled;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::BTreeMap;
use uuid::Uuid;

impl Record for QuestionnaireAnswer {
    const TABLE: &'static str = "questionnaire_answers";
    const FIELDS: &'static [&'static str] = &[
        "instrument",
        "answered_at_ms",
        "answered_at_ns",
        "tz",
        "local_date",
        "answers",
        "score",
    ];
    const SELECT: &'static str =
        "SELECT id, instrument, answered_at_ms, answered_at_ns, tz, answers, score \
         FROM questionnaire_answers";

    fn id(&self) -> Uuid {
        self.id
    }

    /// Binds [`Record::FIELDS`] as `$1..$7`, then the id as `$8`.
    fn bind_fields<'q>(&self, q: Bound<'q>) -> Bound<'q> {
        let (ms, ns) = split_instant(self.answered_at);
        let answers = serde_json::to_string(&self.answers).unwrap_or_else(|_| "{}".into());
        q.bind(self.instrument.clone())
            .bind(ms)
            .bind(ns)
            .bind(self.tz.as_str().to_string())
            .bind(answer_local_date(self).to_string())
            .bind(answers)
            .bind(self.score)
            .bind(self.id.to_string())
    }

    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let r = Columns::new(row, Self::TABLE);
        let answers: BTreeMap<String, u8> = r.json("answers", "a JSON object of answers 0-255")?;
        // A double, which only this table has: read here rather than by `Columns`.
        let score: f64 = row.try_get("score").map_err(|e| r.corrupt("score", e))?;
        if !score.is_finite() {
            return Err(r.corrupt("score", format!("{score} is not a number")));
        }
        Ok(QuestionnaireAnswer {
            id: r.id()?,
            instrument: r.text("instrument")?,
            answered_at: r.instant("answered_at_ms", "answered_at_ns")?,
            tz: r.tz()?,
            answers,
            score,
        })
    }
}

/// The local calendar day an answer belongs to, in the zone it was given in.
pub fn answer_local_date(a: &QuestionnaireAnswer) -> jiff::civil::Date {
    a.answered_at.to_zoned(a.tz.zone()).date()
}

/// Which answers to list.
#[derive(Debug, Clone, Default)]
pub struct AnswerFilter {
    /// Only this instrument (e.g. `peg-3`); `None` = every instrument.
    pub instrument: Option<String>,
    /// Only these local days.
    pub days: DayRange,
}

impl Store {
    /// Stores a scored questionnaire. Storing the same record again is
    /// harmless ([`Insert::Existing`]); the same id with other content is
    /// [`StoreError::Conflict`].
    pub async fn insert_questionnaire_answer(
        &self,
        a: &QuestionnaireAnswer,
    ) -> Result<Insert<QuestionnaireAnswer>, StoreError> {
        self.insert_record(a, &Filled::none()).await
    }

    /// Stores a scored questionnaire made from what a client sent, where `filled` names the
    /// fields the server filled in: a repeat of the create (same id, equal in
    /// every field the client sent) is [`Insert::Existing`] with the stored
    /// record, whatever the server would fill in now.
    pub async fn create_questionnaire_answer(
        &self,
        a: &QuestionnaireAnswer,
        filled: &Filled,
    ) -> Result<Insert<QuestionnaireAnswer>, StoreError> {
        self.insert_record(a, filled).await
    }

    /// The questionnaire answer with this id, if there is one.
    pub async fn questionnaire_answer(
        &self,
        id: Uuid,
    ) -> Result<Option<QuestionnaireAnswer>, StoreError> {
        self.record(id).await
    }

    /// Deletes the answer for good; `false` if there was none.
    pub async fn delete_questionnaire_answer(&self, id: Uuid) -> Result<bool, StoreError> {
        self.delete_record::<QuestionnaireAnswer>(id).await
    }

    /// The answers that `filter` selects, oldest first (by the instant answered).
    pub async fn questionnaire_answers(
        &self,
        filter: &AnswerFilter,
    ) -> Result<Vec<QuestionnaireAnswer>, StoreError> {
        let (days, dates) = filter.days.sql_filter();
        let mut binds = dates;
        let mut sql = format!("{}{days}", QuestionnaireAnswer::SELECT);
        if let Some(instrument) = &filter.instrument {
            binds.push(instrument.clone());
            let joiner = if days.is_empty() { " WHERE" } else { " AND" };
            sql.push_str(&format!("{joiner} instrument = ${}", binds.len()));
        }
        sql.push_str(" ORDER BY answered_at_ms, answered_at_ns, id");
        self.select_records(&sql, binds).await
    }
}
