//! Questionnaire answers (PEG-3, PHQ-2, GAD-2): create (idempotent), read,
//! delete, list by instrument and local day.

use crate::columns::Columns;
use crate::db::{StoredRow, Value};
use crate::record::Record;
use crate::{DayRange, Insert, Store, StoreError};
use backcalm_core::instrument::QuestionnaireAnswer;
use backcalm_core::journal::Filled;
use std::collections::BTreeMap;
use uuid::Uuid;

impl Record for QuestionnaireAnswer {
    const TABLE: &'static str = "questionnaire_answers";
    const FIELDS: &'static [&'static str] = &[
        "instrument",
        "answered_at",
        "tz",
        "local_date",
        "answers",
        "score",
    ];
    const SELECT: &'static str = "SELECT id, instrument, answered_at, tz, answers, score \
         FROM questionnaire_answers";

    fn id(&self) -> Uuid {
        self.id
    }

    fn values(&self) -> Vec<Value> {
        vec![
            Value::text(self.instrument.clone()),
            Value::Instant(self.answered_at),
            Value::text(self.tz.as_str()),
            Value::Date(answer_local_date(self)),
            answers_json(self),
            Value::Real(self.score),
        ]
    }

    fn from_row(row: &dyn StoredRow) -> Result<Self, StoreError> {
        let r = Columns::new(row, Self::TABLE);
        let answers: BTreeMap<String, u8> = r.json("answers", "a JSON object of answers 0-255")?;
        Ok(QuestionnaireAnswer {
            id: r.id()?,
            instrument: r.text("instrument")?,
            answered_at: r.instant("answered_at")?,
            tz: r.tz()?,
            answers,
            score: r.real("score")?,
        })
    }
}

/// The answers as a JSON object, item id -> answer.
fn answers_json(a: &QuestionnaireAnswer) -> Value {
    Value::Json(serde_json::Value::Object(
        a.answers
            .iter()
            .map(|(item, answer)| (item.clone(), serde_json::Value::from(*answer)))
            .collect(),
    ))
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
        let mut mine = self.mine();
        if let Some(instrument) = &filter.instrument {
            mine = mine.and("instrument =", Value::text(instrument.clone()));
        }
        let mine = mine.days(&filter.days);
        let sql = format!(
            "{}{} ORDER BY answered_at, id",
            QuestionnaireAnswer::SELECT,
            mine.sql()
        );
        self.select_records(&sql, mine.into_args()).await
    }
}
