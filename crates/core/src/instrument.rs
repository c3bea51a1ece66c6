//! Questionnaires as data (`content/instruments/*.toml`) and their scoring.
//!
//! Only instruments whose text may be shipped are here (CLINICAL.md,
//! Questionnaires: PEG-3, PHQ-2, GAD-2). A file names its licence and source,
//! its answer scales, items, scoring rule and interpretation bands; it is
//! checked as a whole and refused with file, line and field named.
//! [`Instrument::score`] refuses an incomplete or out-of-range set of answers
//! instead of guessing.

use crate::content::{ContentError, SourceFile};
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
    /// Where the instrument comes from.
    pub citation: String,
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

fn err(file: &str, line: Option<usize>, field: &str, message: impl Into<String>) -> ContentError {
    ContentError {
        file: file.to_string(),
        line,
        field: field.to_string(),
        message: message.into(),
    }
}

fn line_of(text: &str, byte: usize) -> usize {
    let end = byte.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The first line where `key =` is written; top-level keys come before any table.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

/// The line of the `n`th (0-based) table header such as `[[items]]`.
fn line_of_table(text: &str, header: &str, n: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == header)
        .nth(n)
        .map(|(i, _)| i + 1)
}

/// The line of `key =` inside the `n`th `header` table, else the header's own line.
fn line_in_table(text: &str, header: &str, n: usize, key: &str) -> Option<usize> {
    let start = line_of_table(text, header, n)?;
    let inside = text
        .lines()
        .enumerate()
        .skip(start)
        .take_while(|(_, l)| !l.trim_start().starts_with('['))
        .find(|(_, l)| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|(i, _)| i + 1);
    inside.or(Some(start))
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A LOINC code `NNNNN-C` whose check digit is right (LOINC's mod-10 rule).
fn is_loinc_code(code: &str) -> bool {
    let Some((number, check)) = code.split_once('-') else {
        return false;
    };
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !all_digits(number) || number.len() > 7 || check.len() != 1 || !all_digits(check) {
        return false;
    }
    // From the right, every other digit starting with the last is doubled and its digits summed.
    let sum: u32 = number
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let twice = d * 2;
                twice / 10 + twice % 10
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10 == u32::from(check.as_bytes()[0] - b'0')
}

/// A LOINC answer code `LA<digits>-<digit>`.
fn is_loinc_answer(code: &str) -> bool {
    code.strip_prefix("LA")
        .and_then(|r| r.split_once('-'))
        .is_some_and(|(n, c)| {
            !n.is_empty()
                && n.chars().all(|ch| ch.is_ascii_digit())
                && c.len() == 1
                && c.chars().all(|ch| ch.is_ascii_digit())
        })
}

/// Parses and checks one instrument file's text.
pub fn parse_instrument(file: &str, text: &str) -> Result<Instrument, ContentError> {
    let inst: Instrument = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        let message = e.message().trim().to_string();
        let field = message
            .split('`')
            .nth(1)
            .filter(|_| message.contains("field"))
            .unwrap_or("(syntax)");
        err(file, line, field, message.clone())
    })?;
    check(file, text, &inst)?;
    Ok(inst)
}

fn check(file: &str, text: &str, inst: &Instrument) -> Result<(), ContentError> {
    let top = |key: &str, message: String| err(file, line_of_key(text, key), key, message);
    if !is_kebab(&inst.id) {
        return Err(top(
            "id",
            format!(
                "{:?} must be lowercase letters, digits and single dashes",
                inst.id
            ),
        ));
    }
    for (field, line, value) in [
        ("title", line_of_key(text, "title"), &inst.title),
        ("intro", line_of_key(text, "intro"), &inst.intro),
        ("recall", line_of_key(text, "recall"), &inst.recall),
        ("citation", line_of_key(text, "citation"), &inst.citation),
        (
            "licence.text",
            line_in_table(text, "[licence]", 0, "text"),
            &inst.licence.text,
        ),
        (
            "licence.source",
            line_in_table(text, "[licence]", 0, "source"),
            &inst.licence.source,
        ),
    ] {
        if value.trim().is_empty() {
            return Err(err(
                file,
                line,
                field,
                "is empty; every instrument names its wording, recall period, source and licence",
            ));
        }
    }
    if inst.every_days == Some(0) {
        return Err(top(
            "every_days",
            "must be at least 1, or left out to offer it only on request".into(),
        ));
    }
    if let Some(code) = &inst.loinc {
        if !is_loinc_code(code) {
            return Err(top(
                "loinc",
                format!("{code:?} is not a LOINC code with a correct check digit"),
            ));
        }
    }
    check_scales(file, text, inst)?;
    check_items(file, text, inst)?;
    if let Some(code) = &inst.scoring.loinc {
        if !is_loinc_code(code) {
            let line = line_in_table(text, "[scoring]", 0, "loinc");
            return Err(err(
                file,
                line,
                "scoring.loinc",
                format!("{code:?} is not a LOINC code with a correct check digit"),
            ));
        }
    }
    check_bands(file, text, inst)
}

fn check_scales(file: &str, text: &str, inst: &Instrument) -> Result<(), ContentError> {
    if inst.scales.is_empty() {
        return Err(err(
            file,
            None,
            "scales",
            "add at least one [[scales]] with id, min, max and labels",
        ));
    }
    for (n, s) in inst.scales.iter().enumerate() {
        let at = |field: &str, message: String| {
            let line = line_in_table(text, "[[scales]]", n, field);
            err(file, line, &format!("scales[{}].{field}", s.id), message)
        };
        if !is_kebab(&s.id) || inst.scales[..n].iter().any(|o| o.id == s.id) {
            return Err(at(
                "id",
                "must be kebab-case and unique among the scales".into(),
            ));
        }
        if s.min >= s.max || s.max > 100 {
            return Err(at(
                "max",
                format!(
                    "{}..{} is not a scale; min must be below max, and max at most 100",
                    s.min, s.max
                ),
            ));
        }
        let values: Vec<u8> = s.labels.iter().map(|l| l.value).collect();
        if values.first() != Some(&s.min)
            || values.last() != Some(&s.max)
            || values.windows(2).any(|w| w[0] >= w[1])
        {
            return Err(at(
                "labels",
                format!(
                    "label both ends ({} and {}), lowest first, each value once",
                    s.min, s.max
                ),
            ));
        }
        for l in &s.labels {
            if l.text.trim().is_empty() {
                return Err(at("labels", format!("the label for {} is empty", l.value)));
            }
            if let Some(code) = &l.loinc {
                if !is_loinc_answer(code) {
                    return Err(at(
                        "labels",
                        format!("{code:?} is not a LOINC answer code (LA…-N)"),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn check_items(file: &str, text: &str, inst: &Instrument) -> Result<(), ContentError> {
    if inst.items.is_empty() {
        return Err(err(
            file,
            None,
            "items",
            "add at least one [[items]] with id, text and scale",
        ));
    }
    for (n, item) in inst.items.iter().enumerate() {
        let at = |field: &str, message: String| {
            let line = line_in_table(text, "[[items]]", n, field);
            err(file, line, &format!("items[{}].{field}", item.id), message)
        };
        if !is_kebab(&item.id) || inst.items[..n].iter().any(|o| o.id == item.id) {
            return Err(at(
                "id",
                "must be kebab-case and unique among the items".into(),
            ));
        }
        if item.text.trim().is_empty() {
            return Err(at(
                "text",
                "is empty; write the question in plain words".into(),
            ));
        }
        if inst.scale_of(item).is_none() {
            let known = inst
                .scales
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            return Err(at(
                "scale",
                format!("{:?} is not one of the scales ({known})", item.scale),
            ));
        }
        if let Some(code) = &item.loinc {
            if !is_loinc_code(code) {
                return Err(at(
                    "loinc",
                    format!("{code:?} is not a LOINC code with a correct check digit"),
                ));
            }
        }
    }
    Ok(())
}

fn check_bands(file: &str, text: &str, inst: &Instrument) -> Result<(), ContentError> {
    let (lo, hi) = inst.range();
    for (n, b) in inst.bands.iter().enumerate() {
        let at = |key: &str, message: String| {
            err(
                file,
                line_in_table(text, "[[bands]]", n, key),
                &format!("bands[{n}].{key}"),
                message,
            )
        };
        if !(b.min.is_finite() && b.max.is_finite()) || b.min > b.max || b.min < lo || b.max > hi {
            return Err(at(
                "max",
                format!(
                    "band {n} ({}..{}) must lie within the score range {lo}..{hi}",
                    b.min, b.max
                ),
            ));
        }
        if b.text.trim().is_empty() {
            return Err(at(
                "text",
                format!("band {n} has no text; say what the score means in plain words"),
            ));
        }
        if n > 0 && b.min <= inst.bands[n - 1].max {
            return Err(at(
                "min",
                format!(
                    "band {n} overlaps the one before it; list bands lowest first, without overlap"
                ),
            ));
        }
    }
    // A sum is a whole number, so its bands must meet end to end and cover every score.
    if inst.scoring.method == Method::Sum && !inst.bands.is_empty() {
        let whole = inst
            .bands
            .iter()
            .all(|b| b.min.fract() == 0.0 && b.max.fract() == 0.0);
        let contiguous = inst.bands.windows(2).all(|w| w[1].min == w[0].max + 1.0);
        let covers = inst.bands.first().is_some_and(|b| b.min == lo)
            && inst.bands.last().is_some_and(|b| b.max == hi);
        if !(whole && contiguous && covers) {
            return Err(err(file, line_of_table(text, "[[bands]]", 0), "bands", format!("bands of a sum must be whole numbers that together cover {lo} to {hi} without gaps")));
        }
    }
    Ok(())
}

/// All instruments among the content files (`instruments/*.toml`), ordered by id.
pub fn instruments(files: &[SourceFile]) -> Result<Vec<Instrument>, ContentError> {
    let mut out: Vec<Instrument> = Vec::new();
    for f in files {
        let Some(name) = f.path.strip_prefix("instruments/") else {
            continue;
        };
        if name.contains('/') || !name.ends_with(".toml") {
            continue;
        }
        let inst = parse_instrument(&f.path, &f.text)?;
        if out.iter().any(|o| o.id == inst.id) {
            return Err(err(
                &f.path,
                line_of_key(&f.text, "id"),
                "id",
                format!(
                    "instrument id {:?} is used by another file; ids must be unique",
                    inst.id
                ),
            ));
        }
        out.push(inst);
    }
    if out.is_empty() {
        return Err(err(
            "instruments/",
            None,
            "(files)",
            "no instrument files found; expected instruments/*.toml",
        ));
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}
