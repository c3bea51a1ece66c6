//! Drafts: what an edge (CLI flags, a JSON body, a form, an import row) knows
//! about a record before it is checked, and the checks that turn a draft
//! into a record or a [`FieldError`] naming the field.

use super::{CheckIn, FieldError, Filled, Note, Rating, SessionRecord, TzName};
use crate::time::parse_instant;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// What an edge knows about a check-in before validation; all text, all optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckInDraft {
    /// Client-chosen id; makes a create idempotent.
    pub id: Option<String>,
    /// RFC 3339 instant with an offset or `Z`; defaults to now.
    pub recorded_at: Option<String>,
    /// IANA zone; defaults to the edge's zone.
    pub tz: Option<String>,
    /// Pain 0-10 (required).
    pub pain: Option<i64>,
    /// Stress 0-10.
    pub stress: Option<i64>,
    /// Sleep quality 0-10.
    pub sleep: Option<i64>,
    /// Feel ids.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub feel: Vec<String>,
    /// Region ids.
    #[serde(default, rename = "where", deserialize_with = "null_as_empty")]
    pub regions: Vec<String>,
    /// Activity text.
    pub activity: Option<String>,
    /// Note text.
    pub note: Option<String>,
    /// Marked as a flare-up; absent means no.
    pub flare: Option<bool>,
}

/// A list that may be left out or sent as `null`, both meaning none, like
/// every other optional field of a draft.
fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<String>>::deserialize(d)?.unwrap_or_default())
}

/// The context a draft is validated in: the instant and zone to default to.
#[derive(Debug, Clone)]
pub struct Defaults {
    /// Now, as the edge's clock says.
    pub now: Timestamp,
    /// The zone to use when the draft names none.
    pub tz: TzName,
    /// A fresh id for a draft without one (randomness is a parameter too).
    pub new_id: Uuid,
}

impl Defaults {
    /// Now, to the whole second: a record made "now" reads as a tidy time.
    pub fn now_to_the_second(&self) -> Timestamp {
        self.now.round(jiff::Unit::Second).unwrap_or(self.now)
    }

    /// Now, at the precision every stored instant has ([`crate::time::at_precision`]).
    pub fn now(&self) -> Timestamp {
        crate::time::at_precision(self.now)
    }

    /// Whether `at` is further ahead of now than a clock may run fast
    /// ([`crate::time::CLOCK_SKEW`]): every record's own time is refused then.
    pub(crate) fn is_ahead(&self, at: Timestamp) -> bool {
        at > self
            .now
            .checked_add(crate::time::CLOCK_SKEW)
            .unwrap_or(self.now)
    }
}

fn rating(field: &str, v: Option<i64>) -> Result<Option<Rating>, FieldError> {
    v.map(|v| Rating::try_from(v).map_err(|e| FieldError::new(field, e.to_string())))
        .transpose()
}

fn note(field: &str, v: Option<&str>) -> Result<Option<Note>, FieldError> {
    match v {
        None => Ok(None),
        Some(t) => Note::new(t).map_err(|m| FieldError::new(field, m)),
    }
}

/// The draft's id, or a new one; shared by every kind of record's draft.
pub(crate) fn parse_id(v: Option<&str>, d: &Defaults) -> Result<Uuid, FieldError> {
    match v {
        None => Ok(d.new_id),
        Some(s) => Uuid::parse_str(s.trim()).map_err(|_| {
            FieldError::new(
                "id",
                format!("{s:?} is not a UUID; leave it out to get a new one"),
            )
        }),
    }
}

/// The draft's zone, or the edge's; shared by every kind of record's draft.
pub(crate) fn parse_tz(v: Option<&str>, d: &Defaults) -> Result<TzName, FieldError> {
    match v {
        None => Ok(d.tz.clone()),
        Some(s) => TzName::new(s.trim()).map_err(|e| FieldError::new("tz", e.to_string())),
    }
}

fn parse_list<T>(field: &str, items: &[String]) -> Result<Vec<T>, FieldError>
where
    T: FromStr + Ord,
    T::Err: fmt::Display,
{
    let mut out = Vec::with_capacity(items.len());
    for s in items {
        out.push(
            s.parse::<T>()
                .map_err(|e| FieldError::new(field, e.to_string()))?,
        );
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn check_not_future(field: &str, at: Timestamp, d: &Defaults) -> Result<(), FieldError> {
    if d.is_ahead(at) {
        return Err(FieldError::new(
            field,
            "is in the future; use the time it happened",
        ));
    }
    Ok(())
}

impl CheckInDraft {
    /// The fields the server fills in because this draft leaves them out.
    pub fn filled(&self) -> Filled {
        Filled::none()
            .and("recorded_at", self.recorded_at.is_none())
            .and("tz", self.tz.is_none())
    }

    /// Validates every field; the first problem found is returned.
    pub fn validate(&self, d: &Defaults) -> Result<CheckIn, FieldError> {
        let id = parse_id(self.id.as_deref(), d)?;
        let pain = match self.pain {
            None => {
                return Err(FieldError::new(
                    "pain",
                    "is required: how much it hurts now, 0-10",
                ))
            }
            Some(v) => Rating::try_from(v).map_err(|e| FieldError::new("pain", e.to_string()))?,
        };
        let tz = parse_tz(self.tz.as_deref(), d)?;
        let recorded_at = match self.recorded_at.as_deref() {
            None => d.now_to_the_second(),
            Some(s) => parse_instant("recorded_at", s)?,
        };
        check_not_future("recorded_at", recorded_at, d)?;
        Ok(CheckIn {
            id,
            recorded_at,
            tz,
            pain,
            stress: rating("stress", self.stress)?,
            sleep: rating("sleep", self.sleep)?,
            feel: parse_list("feel", &self.feel)?,
            regions: parse_list("where", &self.regions)?,
            activity: note("activity", self.activity.as_deref())?,
            note: note("note", self.note.as_deref())?,
            flare: self.flare.unwrap_or(false),
        })
    }
}

impl From<&CheckIn> for CheckInDraft {
    fn from(c: &CheckIn) -> Self {
        CheckInDraft {
            id: Some(c.id.to_string()),
            recorded_at: Some(c.recorded_at_rfc3339()),
            tz: Some(c.tz.to_string()),
            pain: Some(i64::from(c.pain.get())),
            stress: c.stress.map(|r| i64::from(r.get())),
            sleep: c.sleep.map(|r| i64::from(r.get())),
            feel: c.feel.iter().map(|f| f.id().to_string()).collect(),
            regions: c.regions.iter().map(|r| r.to_string()).collect(),
            activity: c.activity.as_ref().map(|n| n.as_str().to_string()),
            note: c.note.as_ref().map(|n| n.as_str().to_string()),
            flare: Some(c.flare),
        }
    }
}

/// A session record before validation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionDraft {
    /// Client-chosen id.
    pub id: Option<String>,
    /// Practice id (required).
    pub practice: Option<String>,
    /// Variant.
    pub variant: Option<String>,
    /// Planned minutes (required).
    pub minutes: Option<i64>,
    /// RFC 3339 start; defaults to now minus `actual_s`.
    pub started_at: Option<String>,
    /// IANA zone.
    pub tz: Option<String>,
    /// Seconds actually practised; defaults to the planned length.
    pub actual_s: Option<i64>,
    /// Ran to the end; defaults to true when actual equals planned.
    pub completed: Option<bool>,
    /// Pain before.
    pub pain_before: Option<i64>,
    /// Pain after.
    pub pain_after: Option<i64>,
    /// Stress before.
    pub stress_before: Option<i64>,
    /// Stress after.
    pub stress_after: Option<i64>,
    /// Imagery pleasantness.
    pub pleasantness: Option<i64>,
    /// Region ids.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub regions: Vec<String>,
    /// Note.
    pub note: Option<String>,
}

/// The longest session that can be recorded: 24 hours.
pub const MAX_SESSION_MINUTES: i64 = 24 * 60;

impl SessionDraft {
    /// The fields the server fills in because this draft leaves them out.
    pub fn filled(&self) -> Filled {
        Filled::none()
            .and("started_at", self.started_at.is_none())
            .and("tz", self.tz.is_none())
            .and("actual_s", self.actual_s.is_none())
            .and("completed", self.completed.is_none())
    }

    /// Validates; `known_practice` says whether a practice id exists.
    pub fn validate(
        &self,
        d: &Defaults,
        known_practice: impl Fn(&str) -> bool,
    ) -> Result<SessionRecord, FieldError> {
        let id = parse_id(self.id.as_deref(), d)?;
        let practice = match self.practice.as_deref().map(str::trim) {
            None | Some("") => {
                return Err(FieldError::new("practice", "is required: the practice id"))
            }
            Some(p) if !known_practice(p) => {
                return Err(FieldError::new(
                    "practice",
                    format!("{p:?} is not a known practice id"),
                ))
            }
            Some(p) => p.to_string(),
        };
        let minutes = match self.minutes {
            None => {
                return Err(FieldError::new(
                    "minutes",
                    "is required: the planned length in minutes",
                ))
            }
            Some(m) if !(0..=MAX_SESSION_MINUTES).contains(&m) => {
                return Err(FieldError::new(
                    "minutes",
                    format!("{m} is out of range; use 0 (open-ended) to {MAX_SESSION_MINUTES}"),
                ))
            }
            Some(m) => m as u32,
        };
        let actual_s = match self.actual_s {
            None => minutes * 60,
            Some(s) if !(0..=MAX_SESSION_MINUTES * 60).contains(&s) => {
                return Err(FieldError::new(
                    "actual_s",
                    format!(
                        "{s} is out of range; use 0 to {} seconds",
                        MAX_SESSION_MINUTES * 60
                    ),
                ))
            }
            Some(s) => s as u32,
        };
        let tz = parse_tz(self.tz.as_deref(), d)?;
        let started_at = match self.started_at.as_deref() {
            Some(s) => parse_instant("started_at", s)?,
            None => d
                .now
                .checked_sub(jiff::SignedDuration::from_secs(i64::from(actual_s)))
                .unwrap_or(d.now)
                .round(jiff::Unit::Second)
                .unwrap_or(d.now),
        };
        check_not_future("started_at", started_at, d)?;
        let variant = match self.variant.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(v) if v.chars().count() > 100 => {
                return Err(FieldError::new("variant", "is longer than 100 characters"))
            }
            Some(v) => Some(v.to_string()),
        };
        Ok(SessionRecord {
            id,
            practice,
            variant,
            minutes,
            started_at,
            tz,
            actual_s,
            completed: self.completed.unwrap_or(actual_s >= minutes * 60),
            pain_before: rating("pain_before", self.pain_before)?,
            pain_after: rating("pain_after", self.pain_after)?,
            stress_before: rating("stress_before", self.stress_before)?,
            stress_after: rating("stress_after", self.stress_after)?,
            pleasantness: rating("pleasantness", self.pleasantness)?,
            regions: parse_list("regions", &self.regions)?,
            note: note("note", self.note.as_deref())?,
        })
    }
}

impl From<&SessionRecord> for SessionDraft {
    fn from(s: &SessionRecord) -> Self {
        let r = |v: Option<Rating>| v.map(|r| i64::from(r.get()));
        SessionDraft {
            id: Some(s.id.to_string()),
            practice: Some(s.practice.clone()),
            variant: s.variant.clone(),
            minutes: Some(i64::from(s.minutes)),
            started_at: Some(s.started_at_rfc3339()),
            tz: Some(s.tz.to_string()),
            actual_s: Some(i64::from(s.actual_s)),
            completed: Some(s.completed),
            pain_before: r(s.pain_before),
            pain_after: r(s.pain_after),
            stress_before: r(s.stress_before),
            stress_after: r(s.stress_after),
            pleasantness: r(s.pleasantness),
            regions: s.regions.iter().map(|x| x.to_string()).collect(),
            note: s.note.as_ref().map(|n| n.as_str().to_string()),
        }
    }
}
