//! Questionnaire answers as journal records, and the draft every edge (the
//! API, the page's form, the CLI, imports) fills to make one.

use super::{instruments, Instrument};
use crate::content::embedded_files;
use crate::journal::{parse_instant, Defaults, FieldError, Filled, Repeat, TzName};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;
use uuid::Uuid;

/// A scored set of answers to one questionnaire (PEG-3, PHQ-2, GAD-2, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionnaireAnswer {
    /// Stable id (idempotency key).
    pub id: Uuid,
    /// The instrument's id, e.g. `peg-3`.
    pub instrument: String,
    /// When it was answered.
    pub answered_at: Timestamp,
    /// The person's zone then.
    pub tz: TzName,
    /// Item id → answer.
    pub answers: BTreeMap<String, u8>,
    /// The score as [`Instrument::score`] computes it, unrounded.
    pub score: f64,
}

impl QuestionnaireAnswer {
    /// The answer instant with the person's offset, RFC 3339, full precision
    /// (in UTC for the rare historical offsets that are not whole minutes).
    pub fn answered_at_rfc3339(&self) -> String {
        crate::export::instant_text(self.answered_at, &self.tz)
    }
}

impl Repeat for QuestionnaireAnswer {
    fn keep_filled(&mut self, stored: &Self, filled: &Filled) {
        if filled.has("answered_at") {
            self.answered_at = stored.answered_at;
        }
        if filled.has("tz") {
            self.tz = stored.tz.clone();
        }
    }
}

/// A questionnaire answer before validation, as the API, the form, the CLI and imports carry it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireDraft {
    /// Client-chosen id.
    pub id: Option<String>,
    /// Instrument id (required).
    pub instrument: Option<String>,
    /// RFC 3339 instant with an offset; defaults to now.
    pub answered_at: Option<String>,
    /// IANA zone.
    pub tz: Option<String>,
    /// Item id → answer; every item of the instrument must be answered.
    #[serde(default)]
    pub answers: BTreeMap<String, i64>,
    /// The score as recorded; checked against the answers, computed when absent.
    pub score: Option<f64>,
}

/// How far a recorded score may be from the computed one: a score shown to two
/// decimals ("3.67") and typed back in is still the same score.
const SCORE_TOLERANCE: f64 = 0.005;

impl QuestionnaireDraft {
    /// The fields the server fills in because this draft leaves them out.
    pub fn filled(&self) -> Filled {
        Filled::none()
            .and("answered_at", self.answered_at.is_none())
            .and("tz", self.tz.is_none())
    }

    /// Validates against the known instruments; the first problem found is returned.
    ///
    /// The stored score is always the one computed from the answers, so a
    /// rounded score in the draft does not lose precision.
    pub fn validate(
        &self,
        d: &Defaults,
        instruments: &[Instrument],
    ) -> Result<QuestionnaireAnswer, FieldError> {
        let id = crate::journal::parse_id(self.id.as_deref(), d)?;
        let instrument = match self.instrument.as_deref().map(str::trim) {
            None | Some("") => {
                return Err(FieldError::new(
                    "instrument",
                    "is required: the questionnaire id, e.g. peg-3",
                ))
            }
            Some(name) => instruments.iter().find(|i| i.id == name).ok_or_else(|| {
                let known: Vec<&str> = instruments.iter().map(|i| i.id.as_str()).collect();
                FieldError::new(
                    "instrument",
                    format!(
                        "{name:?} is not a known questionnaire; use one of: {}",
                        known.join(", ")
                    ),
                )
            })?,
        };
        let tz = crate::journal::parse_tz(self.tz.as_deref(), d)?;
        let answered_at = match self.answered_at.as_deref() {
            None => d.now(),
            Some(s) => parse_instant("answered_at", s)?,
        };
        if d.is_ahead(answered_at) {
            return Err(FieldError::new(
                "answered_at",
                "is in the future; use the time the questions were answered",
            ));
        }
        let mut answers = BTreeMap::new();
        for (item, &value) in &self.answers {
            let v = u8::try_from(value).map_err(|_| {
                FieldError::new(
                    "answers",
                    format!("question `{item}`: {value} is not an answer; use a whole number on the question's scale"),
                )
            })?;
            answers.insert(item.clone(), v);
        }
        let computed = instrument
            .score(&answers)
            .map_err(|e| FieldError::new("answers", e.to_string()))?
            .value;
        if let Some(given) = self.score {
            if !given.is_finite() || (given - computed).abs() > SCORE_TOLERANCE {
                return Err(FieldError::new(
                    "score",
                    format!(
                        "{given} does not match the answers, which score {}; correct it or leave it out",
                        instrument.display_score(computed)
                    ),
                ));
            }
        }
        Ok(QuestionnaireAnswer {
            id,
            instrument: instrument.id.clone(),
            answered_at,
            tz,
            answers,
            score: computed,
        })
    }
}

impl From<&QuestionnaireAnswer> for QuestionnaireDraft {
    fn from(q: &QuestionnaireAnswer) -> Self {
        QuestionnaireDraft {
            id: Some(q.id.to_string()),
            instrument: Some(q.instrument.clone()),
            answered_at: Some(q.answered_at_rfc3339()),
            tz: Some(q.tz.to_string()),
            answers: q
                .answers
                .iter()
                .map(|(k, v)| (k.clone(), i64::from(*v)))
                .collect(),
            score: Some(q.score),
        }
    }
}

/// The instruments compiled into the binary, parsed once.
///
/// An error means the shipped content is broken, which the content tests catch;
/// imports then reject questionnaire records with that message instead of panicking.
pub(crate) fn shipped_instruments() -> Result<&'static [Instrument], &'static str> {
    static SHIPPED: OnceLock<Result<Vec<Instrument>, String>> = OnceLock::new();
    match SHIPPED.get_or_init(|| instruments(&embedded_files()).map_err(|e| e.to_string())) {
        Ok(v) => Ok(v.as_slice()),
        Err(e) => Err(e.as_str()),
    }
}
