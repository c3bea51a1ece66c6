//! Questionnaires as data (`content/instruments/*.toml`) and their scoring.
//!
//! Only instruments whose text may be shipped are here (CLINICAL.md,
//! Questionnaires: PEG-3, PHQ-2, GAD-2). A file names its licence and source,
//! its answer scales, items, scoring rule and interpretation bands; it is
//! checked as a whole and refused with file, line and field named.
//! [`Instrument::score`] refuses an incomplete or out-of-range set of answers
//! instead of guessing.

mod answer;
mod parse;

pub(crate) use answer::shipped_instruments;
pub use answer::{QuestionnaireAnswer, QuestionnaireDraft};

/// The id of the PEG-3 (pain, enjoyment of life, general activity) in the
/// content library: the program asks for it and the report charts it.
pub const PEG_ID: &str = "peg-3";
pub use parse::{instruments, parse_instrument};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A questionnaire, as written in its file and checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Unique id, kebab-case, e.g. `peg-3`.
    pub id: String,
    /// Title for people.
    pub title: String,
    /// The question stem shown above the items.
    pub intro: String,
    /// The period the answers are about, e.g. "past week".
    pub recall: String,
    /// Where the instrument comes from: its name and the paper that published it.
    pub citation: String,
    /// The attribution the publisher asks for, word for word, where there is one
    /// (PHQ-2 and GAD-2); shown wherever the questions are.
    pub attribution: Option<String>,
    /// Why backcalm may ship its text.
    pub licence: Licence,
    /// How often to offer it, in days; absent = only when the person asks.
    pub every_days: Option<u32>,
    /// LOINC code of the whole panel, where one exists.
    pub loinc: Option<String>,
    /// Answer scales the items use.
    pub scales: Vec<Scale>,
    /// The questions, in order.
    pub items: Vec<Item>,
    /// How the answers become a score.
    pub scoring: Scoring,
    /// What a score means, lowest first; may be empty when the source gives no bands.
    #[serde(default)]
    pub bands: Vec<Band>,
}

/// The permission to ship an instrument's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    /// The terms in plain words.
    pub text: String,
    /// Where the terms are stated.
    pub source: String,
}

/// A whole-number answer scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Id the items refer to.
    pub id: String,
    /// Lowest answer.
    pub min: u8,
    /// Highest answer.
    pub max: u8,
    /// Words for some or all answers (at least both ends), lowest first.
    pub labels: Vec<Label>,
}

/// Words for one answer on a scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    /// The answer.
    pub value: u8,
    /// What it means.
    pub text: String,
    /// LOINC answer code (`LA…`), where one exists.
    pub loinc: Option<String>,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Unique within the instrument; the key of an answer.
    pub id: String,
    /// The question in plain words.
    pub text: String,
    /// The id of its scale.
    pub scale: String,
    /// LOINC code of the item, where one exists.
    pub loinc: Option<String>,
}

/// How answers become a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// The rule.
    pub method: Method,
    /// LOINC code of the total, where one exists.
    pub loinc: Option<String>,
}

/// Scoring rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Mean of the answers (PEG-3).
    Mean,
    /// Sum of the answers (PHQ-2, GAD-2).
    Sum,
}

/// What a range of scores means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Lowest score in the band, inclusive.
    pub min: f64,
    /// Highest score in the band, inclusive.
    pub max: f64,
    /// What it means and what to do, in plain words.
    pub text: String,
    /// A positive screen: suggest talking to a doctor.
    #[serde(default)]
    pub positive: bool,
}

/// A scored set of answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// The score, unrounded (a PEG-3 mean may be 3.666…); round only to show it.
    pub value: f64,
    /// The text of the band the score falls in, if the instrument has bands.
    pub band: Option<String>,
    /// Whether the score is a positive screen.
    pub positive: bool,
}

/// Answers that cannot be scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    /// An item has no answer.
    #[error("question `{item}` has no answer; answer every question to get a score")]
    Missing {
        /// The item's id.
        item: String,
    },
    /// An answer is off its scale.
    #[error(
        "question `{item}`: {given} is not an answer; choose a whole number from {min} to {max}"
    )]
    OutOfRange {
        /// The item's id.
        item: String,
        /// What was given.
        given: u8,
        /// Lowest answer.
        min: u8,
        /// Highest answer.
        max: u8,
    },
    /// An answer names an item the instrument does not have.
    #[error("`{item}` is not a question of {instrument}; its questions are: {known}")]
    Unknown {
        /// The id given.
        item: String,
        /// The instrument's id.
        instrument: String,
        /// The item ids, comma-separated.
        known: String,
    },
}

impl Instrument {
    /// The scale an item uses (always found once the instrument is checked).
    pub fn scale_of(&self, item: &Item) -> Option<&Scale> {
        self.scales.iter().find(|s| s.id == item.scale)
    }

    /// Lowest and highest possible score.
    pub fn range(&self) -> (f64, f64) {
        let ends = self
            .items
            .iter()
            .filter_map(|i| self.scale_of(i))
            .map(|s| (f64::from(s.min), f64::from(s.max)));
        let (lo, hi) = ends.fold((0.0, 0.0), |(a, b), (lo, hi)| (a + lo, b + hi));
        match self.scoring.method {
            Method::Sum => (lo, hi),
            Method::Mean => {
                let n = self.items.len().max(1) as f64;
                (lo / n, hi / n)
            }
        }
    }

    /// Scores a complete set of answers (item id → answer).
    ///
    /// Every item must be answered, within its scale, and no unknown item given;
    /// the first problem found is returned, in item order.
    pub fn score(&self, answers: &BTreeMap<String, u8>) -> Result<Score, ScoreError> {
        if let Some(unknown) = answers
            .keys()
            .find(|k| !self.items.iter().any(|i| &i.id == *k))
        {
            return Err(ScoreError::Unknown {
                item: unknown.clone(),
                instrument: self.id.clone(),
                known: self
                    .items
                    .iter()
                    .map(|i| i.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        let mut total = 0.0;
        for item in &self.items {
            let Some(&given) = answers.get(&item.id) else {
                return Err(ScoreError::Missing {
                    item: item.id.clone(),
                });
            };
            let (min, max) = self.scale_of(item).map_or((0, 0), |s| (s.min, s.max));
            if !(min..=max).contains(&given) {
                return Err(ScoreError::OutOfRange {
                    item: item.id.clone(),
                    given,
                    min,
                    max,
                });
            }
            total += f64::from(given);
        }
        let value = match self.scoring.method {
            Method::Sum => total,
            Method::Mean => total / self.items.len().max(1) as f64,
        };
        let band = self.bands.iter().find(|b| b.min <= value && value <= b.max);
        Ok(Score {
            value,
            band: band.map(|b| b.text.clone()),
            positive: band.is_some_and(|b| b.positive),
        })
    }

    /// A score as shown to people: a mean to 2 decimals ("3.67"), a sum as a whole number.
    pub fn display_score(&self, value: f64) -> String {
        match self.scoring.method {
            Method::Mean => format!("{value:.2}"),
            Method::Sum => format!("{value:.0}"),
        }
    }
}
