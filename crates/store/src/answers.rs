//! Questionnaire answers (PEG-3, PHQ-2, GAD-2): create (idempotent), read,
//! delete, list by instrument and local day.

use crate::columns::{split_instant, Columns};
use crate::{DayRange, Insert, Store, StoreError};
use backcalm_core::export::QuestionnaireAnswer;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::BTreeMap;
use uuid::Uuid;

const TABLE: &str = "questionnaire_answers";

const SELECT: &str = "SELECT id, instrument, answered_at_ms, answered_at_ns, tz, answers, score \
                      FROM questionnaire_answers";

fn from_row(row: &AnyRow) -> Result<QuestionnaireAnswer, StoreError> {
    let r = Columns::new(row, TABLE);
    let corrupt = |column: &'static str, problem: String| StoreError::Corrupt {
        table: TABLE,
        column,
        id: r.text("id").unwrap_or_default(),
        problem,
    };
    let text = r.text("answers")?;
    let answers: BTreeMap<String, u8> = serde_json::from_str(&text).map_err(|e| {
        corrupt(
            "answers",
            format!("{text:?} is not a JSON object of answers 0-255 ({e})"),
        )
    })?;
    let score: f64 = row
        .try_get("score")
        .map_err(|e| corrupt("score", e.to_string()))?;
    if !score.is_finite() {
        return Err(corrupt("score", format!("{score} is not a number")));
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
        let (ms, ns) = split_instant(a.answered_at);
        let answers = serde_json::to_string(&a.answers).unwrap_or_else(|_| "{}".into());
        for _ in 0..3 {
            let done = sqlx::query(
                "INSERT INTO questionnaire_answers \
                 (instrument, answered_at_ms, answered_at_ns, tz, local_date, answers, score, id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING",
            )
            .bind(a.instrument.clone())
            .bind(ms)
            .bind(ns)
            .bind(a.tz.as_str().to_string())
            .bind(answer_local_date(a).to_string())
            .bind(answers.clone())
            .bind(a.score)
            .bind(a.id.to_string())
            .execute(&self.pool)
            .await?;
            if done.rows_affected() > 0 {
                return Ok(Insert::Created(a.clone()));
            }
            match self.questionnaire_answer(a.id).await? {
                Some(stored) if stored == *a => return Ok(Insert::Existing(stored)),
                Some(_) => return Err(StoreError::Conflict { id: a.id }),
                None => continue,
            }
        }
        Err(StoreError::Contended { id: a.id })
    }

    /// The questionnaire answer with this id, if there is one.
    pub async fn questionnaire_answer(
        &self,
        id: Uuid,
    ) -> Result<Option<QuestionnaireAnswer>, StoreError> {
        let row = sqlx::query(&format!("{SELECT} WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Deletes the answer for good; `false` if there was none.
    pub async fn delete_questionnaire_answer(&self, id: Uuid) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM questionnaire_answers WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The answers that `filter` selects, oldest first (by the instant answered).
    pub async fn questionnaire_answers(
        &self,
        filter: &AnswerFilter,
    ) -> Result<Vec<QuestionnaireAnswer>, StoreError> {
        let (days, dates) = filter.days.sql_filter();
        let mut binds = dates;
        let mut sql = format!("{SELECT}{days}");
        if let Some(instrument) = &filter.instrument {
            binds.push(instrument.clone());
            let joiner = if days.is_empty() { " WHERE" } else { " AND" };
            sql.push_str(&format!("{joiner} instrument = ${}", binds.len()));
        }
        sql.push_str(" ORDER BY answered_at_ms, answered_at_ns, id");
        let mut q = sqlx::query(&sql);
        for b in binds {
            q = q.bind(b);
        }
        q.fetch_all(&self.pool)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }
}
