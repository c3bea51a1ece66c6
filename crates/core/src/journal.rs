//! Journal records: check-ins and practice sessions.
//!
//! Parse, don't validate: every record is built through a checked constructor
//! ([`CheckInDraft::validate`], [`SessionDraft::validate`]) and each field type
//! ([`Rating`], [`TzName`], [`Note`]) can only hold a valid value. The edges
//! (CLI flags, JSON bodies, HTML forms, imports) fill a draft and get back
//! either a record or a [`FieldError`] naming the field and what to do.

use crate::region::Region;
use jiff::{civil::Date, tz::TimeZone, Timestamp};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// A rating on the 0-10 numeric scale (pain, stress, sleep quality, pleasantness).
///
/// For pain, 0 means no pain and 10 the worst pain imaginable (CLINICAL.md, Pain NRS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Rating(u8);

/// The pain rating of the journal: 0 = no pain, 10 = worst imaginable.
pub type PainScore = Rating;

impl Rating {
    /// The highest rating.
    pub const MAX: u8 = 10;

    /// The value, 0-10.
    pub fn get(self) -> u8 {
        self.0
    }
}

/// A number outside 0-10 was given where a rating was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{given} is not on the 0-10 scale; use a whole number from 0 to 10")]
pub struct RatingOutOfRange {
    /// What was given.
    pub given: i64,
}

impl TryFrom<i64> for Rating {
    type Error = RatingOutOfRange;
    fn try_from(v: i64) -> Result<Self, Self::Error> {
        if (0..=i64::from(Rating::MAX)).contains(&v) {
            Ok(Rating(v as u8))
        } else {
            Err(RatingOutOfRange { given: v })
        }
    }
}

impl<'de> Deserialize<'de> for Rating {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = i64::deserialize(d)?;
        Rating::try_from(v).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What the pain feels like (check-in chips).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Feel {
    /// Spreads, e.g. down a leg.
    Radiating,
    /// Sharp or stabbing.
    Sharp,
    /// A dull ache.
    DullAche,
    /// Swollen or inflamed.
    Swollen,
    /// Muscle tension or spasm.
    Tension,
    /// Worse with activity or standing.
    WorseWithActivity,
    /// Pain disturbed sleep.
    DisturbedSleep,
    /// New numbness or weakness (prompts the red-flag screen).
    NumbnessOrWeakness,
    /// Something else (say what in the note).
    Other,
}

impl Feel {
    /// Every choice, in the order the form shows them.
    pub const ALL: [Feel; 9] = [
        Feel::Radiating,
        Feel::Sharp,
        Feel::DullAche,
        Feel::Swollen,
        Feel::Tension,
        Feel::WorseWithActivity,
        Feel::DisturbedSleep,
        Feel::NumbnessOrWeakness,
        Feel::Other,
    ];

    /// The id used in files, URLs and the CLI.
    pub fn id(self) -> &'static str {
        match self {
            Feel::Radiating => "radiating",
            Feel::Sharp => "sharp",
            Feel::DullAche => "dull-ache",
            Feel::Swollen => "swollen",
            Feel::Tension => "tension",
            Feel::WorseWithActivity => "worse-with-activity",
            Feel::DisturbedSleep => "disturbed-sleep",
            Feel::NumbnessOrWeakness => "numbness-or-weakness",
            Feel::Other => "other",
        }
    }

    /// A short label for a form.
    pub fn label(self) -> &'static str {
        match self {
            Feel::Radiating => "Radiating",
            Feel::Sharp => "Sharp or stabbing",
            Feel::DullAche => "Dull ache",
            Feel::Swollen => "Swollen or inflamed",
            Feel::Tension => "Muscle tension or spasm",
            Feel::WorseWithActivity => "Worse with activity or standing",
            Feel::DisturbedSleep => "Disturbed my sleep",
            Feel::NumbnessOrWeakness => "New numbness or weakness",
            Feel::Other => "Something else",
        }
    }
}

/// A "what it feels like" value that is not one of [`Feel::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown feeling {given:?}; choose from {known}")]
pub struct UnknownFeel {
    /// What was given.
    pub given: String,
    /// The valid ids.
    pub known: String,
}

impl FromStr for Feel {
    type Err = UnknownFeel;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Feel::ALL
            .into_iter()
            .find(|f| f.id() == s.trim())
            .ok_or_else(|| UnknownFeel {
                given: s.to_string(),
                known: Feel::ALL
                    .iter()
                    .map(|f| f.id())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

/// An IANA time zone name that the bundled time zone database knows.
///
/// It carries the zone itself, looked up once: local days and offsets are
/// computed for every record listed, and reading the zone's rules anew each
/// time would dominate a long history.
#[derive(Debug, Clone)]
pub struct TzName {
    name: String,
    zone: TimeZone,
}

impl PartialEq for TzName {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for TzName {}

impl std::hash::Hash for TzName {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.name.hash(h);
    }
}

impl Serialize for TzName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name)
    }
}

/// Zones already read from the bundled database, by name (a journal uses few).
fn lookup(name: &str) -> Option<TimeZone> {
    use std::sync::{Mutex, OnceLock};
    static SEEN: OnceLock<Mutex<Vec<(String, TimeZone)>>> = OnceLock::new();
    let seen = SEEN.get_or_init(|| Mutex::new(Vec::new()));
    if let Ok(list) = seen.lock() {
        if let Some((_, z)) = list.iter().find(|(n, _)| n == name) {
            return Some(z.clone());
        }
    }
    let zone = TimeZone::get(name).ok()?;
    if let Ok(mut list) = seen.lock() {
        if list.len() < 64 {
            list.push((name.to_string(), zone.clone()));
        }
    }
    Some(zone)
}

/// A time zone name the database does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown time zone {given:?}; use an IANA name such as Europe/London or America/New_York")]
pub struct UnknownTz {
    /// What was given.
    pub given: String,
}

impl TzName {
    /// Checks the name against the time zone database.
    pub fn new(name: &str) -> Result<Self, UnknownTz> {
        match lookup(name) {
            Some(zone) => Ok(TzName {
                name: name.to_string(),
                zone,
            }),
            None => Err(UnknownTz {
                given: name.to_string(),
            }),
        }
    }

    /// UTC, for when nothing better is known.
    pub fn utc() -> Self {
        TzName {
            name: "UTC".to_string(),
            zone: TimeZone::UTC,
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The zone itself.
    pub fn zone(&self) -> TimeZone {
        self.zone.clone()
    }
}

impl<'de> Deserialize<'de> for TzName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        TzName::new(&s).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for TzName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// Free text with a length limit (notes, activity).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Note(String);

impl Note {
    /// The longest note, in characters.
    pub const MAX_CHARS: usize = 2000;

    /// Trims and checks the length; empty text is `None`.
    pub fn new(text: &str) -> Result<Option<Note>, String> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(None);
        }
        let n = t.chars().count();
        if n > Self::MAX_CHARS {
            return Err(format!(
                "is {n} characters long; keep it to {} or fewer",
                Self::MAX_CHARS
            ));
        }
        Ok(Some(Note(t.to_string())))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Note {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match Note::new(&s) {
            Ok(Some(n)) => Ok(n),
            Ok(None) => Err(serde::de::Error::custom("is empty")),
            Err(e) => Err(serde::de::Error::custom(e)),
        }
    }
}

/// A field of a draft that failed validation: which, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{field}: {message}")]
pub struct FieldError {
    /// The field name, as in the JSON API and CLI (e.g. `pain`).
    pub field: String,
    /// What was wrong and what to do.
    pub message: String,
}

impl FieldError {
    /// A field error.
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        FieldError {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// A pain check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckIn {
    /// Stable id (also the idempotency key for offline clients).
    pub id: Uuid,
    /// When it was recorded (an instant).
    pub recorded_at: Timestamp,
    /// The person's time zone at that moment.
    pub tz: TzName,
    /// Pain now, 0-10.
    pub pain: PainScore,
    /// Stress, 0-10.
    pub stress: Option<Rating>,
    /// Sleep quality last night, 0-10 (10 = slept very well).
    pub sleep: Option<Rating>,
    /// What it feels like.
    pub feel: Vec<Feel>,
    /// Where it hurts.
    #[serde(rename = "where")]
    pub regions: Vec<Region>,
    /// What the person was doing (optional).
    pub activity: Option<Note>,
    /// A note.
    pub note: Option<Note>,
}

impl CheckIn {
    /// The local calendar day the check-in belongs to, in its own time zone.
    pub fn local_date(&self) -> Date {
        self.recorded_at.to_zoned(self.tz.zone()).date()
    }

    /// The recorded instant with the person's offset, RFC 3339 (e.g. `2026-03-29T09:00:00+02:00`).
    pub fn recorded_at_rfc3339(&self) -> String {
        rfc3339_in(self.recorded_at, &self.tz)
    }
}

/// Formats an instant as RFC 3339 with the zone's offset at that instant.
///
/// RFC 3339 offsets have no seconds; for the rare historical offsets that do
/// (e.g. Kathmandu before 1920, +05:41:16) the instant is written in UTC so it
/// reads back exactly.
pub fn rfc3339_in(at: Timestamp, tz: &TzName) -> String {
    let offset = at.to_zoned(tz.zone()).offset();
    if offset.seconds() % 60 != 0 {
        return at.to_string();
    }
    at.display_with_offset(offset).to_string()
}

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
    #[serde(default)]
    pub feel: Vec<String>,
    /// Region ids.
    #[serde(default, rename = "where")]
    pub regions: Vec<String>,
    /// Activity text.
    pub activity: Option<String>,
    /// Note text.
    pub note: Option<String>,
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

fn parse_id(v: Option<&str>, d: &Defaults) -> Result<Uuid, FieldError> {
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

fn parse_tz(v: Option<&str>, d: &Defaults) -> Result<TzName, FieldError> {
    match v {
        None => Ok(d.tz.clone()),
        Some(s) => TzName::new(s.trim()).map_err(|e| FieldError::new("tz", e.to_string())),
    }
}

/// Parses an RFC 3339 instant (offset or `Z` required) for `field`.
pub fn parse_instant(field: &str, s: &str) -> Result<Timestamp, FieldError> {
    s.trim().parse::<Timestamp>().map_err(|_| {
        FieldError::new(
            field,
            format!("{s:?} is not an RFC 3339 time with an offset, e.g. 2026-11-26T08:30:00+01:00"),
        )
    })
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

fn check_not_future(field: &str, at: Timestamp, now: Timestamp) -> Result<(), FieldError> {
    // A few minutes of clock skew between a phone and the server is normal.
    let slack = jiff::SignedDuration::from_secs(600);
    if at > now.checked_add(slack).unwrap_or(now) {
        return Err(FieldError::new(
            field,
            "is in the future; use the time it happened",
        ));
    }
    Ok(())
}

impl CheckInDraft {
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
        check_not_future("recorded_at", recorded_at, d.now)?;
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
        }
    }
}

/// A practice session that was done (or begun).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// Stable id (idempotency key).
    pub id: Uuid,
    /// The practice id, e.g. `paced-breathing`.
    pub practice: String,
    /// The variant: scene, pace preset or similar, if any.
    pub variant: Option<String>,
    /// Planned length in whole minutes.
    pub minutes: u32,
    /// When it started.
    pub started_at: Timestamp,
    /// The person's zone then.
    pub tz: TzName,
    /// How long it actually ran, in seconds.
    pub actual_s: u32,
    /// Whether it ran to the end.
    pub completed: bool,
    /// Pain before, 0-10.
    pub pain_before: Option<Rating>,
    /// Pain after, 0-10.
    pub pain_after: Option<Rating>,
    /// Stress before, 0-10.
    pub stress_before: Option<Rating>,
    /// Stress after, 0-10.
    pub stress_after: Option<Rating>,
    /// Guided imagery: how pleasant the images were, 0-10.
    pub pleasantness: Option<Rating>,
    /// Regions marked afterwards (tense, or easy/hard to breathe into).
    pub regions: Vec<Region>,
    /// A note.
    pub note: Option<Note>,
}

impl SessionRecord {
    /// The local day the session counts for: the day it started on.
    pub fn local_date(&self) -> Date {
        self.started_at.to_zoned(self.tz.zone()).date()
    }

    /// The start with the person's offset, RFC 3339.
    pub fn started_at_rfc3339(&self) -> String {
        rfc3339_in(self.started_at, &self.tz)
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
    #[serde(default)]
    pub regions: Vec<String>,
    /// Note.
    pub note: Option<String>,
}

/// The longest session that can be recorded: 24 hours.
pub const MAX_SESSION_MINUTES: i64 = 24 * 60;

impl SessionDraft {
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
        check_not_future("started_at", started_at, d.now)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Defaults {
        Defaults {
            now: "2026-03-29T12:00:00Z".parse().expect("valid"),
            tz: TzName::new("Europe/Berlin").expect("known zone"),
            new_id: Uuid::from_u128(7),
        }
    }

    #[test]
    fn rating_accepts_exactly_zero_to_ten() {
        assert_eq!(Rating::try_from(0).map(Rating::get), Ok(0));
        assert_eq!(Rating::try_from(10).map(Rating::get), Ok(10));
        assert!(Rating::try_from(11).is_err());
        assert!(Rating::try_from(-1).is_err());
        assert!(serde_json::from_str::<Rating>("11").is_err());
        assert_eq!(
            serde_json::from_str::<Rating>("4").map(Rating::get).ok(),
            Some(4)
        );
    }

    #[test]
    fn draft_without_pain_names_the_field() {
        let err = CheckInDraft::default()
            .validate(&defaults())
            .expect_err("pain missing");
        assert_eq!(err.field, "pain");
    }

    #[test]
    fn draft_fills_defaults_and_sorts_lists() {
        let draft = CheckInDraft {
            pain: Some(6),
            feel: vec!["sharp".into(), "radiating".into(), "sharp".into()],
            regions: vec!["lower-back".into()],
            note: Some("  stiff after the drive  ".into()),
            ..Default::default()
        };
        let c = draft.validate(&defaults()).expect("valid");
        assert_eq!(c.id, Uuid::from_u128(7));
        assert_eq!(c.pain.get(), 6);
        assert_eq!(c.feel, vec![Feel::Radiating, Feel::Sharp]);
        assert_eq!(
            c.note.as_ref().map(Note::as_str),
            Some("stiff after the drive")
        );
        assert_eq!(c.tz.as_str(), "Europe/Berlin");
        // 12:00Z on the day Berlin moved to summer time is 14:00+02:00.
        assert_eq!(c.recorded_at_rfc3339(), "2026-03-29T14:00:00+02:00");
    }

    #[test]
    fn bad_values_name_their_field() {
        let cases: Vec<(CheckInDraft, &str)> = vec![
            (
                CheckInDraft {
                    pain: Some(11),
                    ..Default::default()
                },
                "pain",
            ),
            (
                CheckInDraft {
                    pain: Some(1),
                    stress: Some(-2),
                    ..Default::default()
                },
                "stress",
            ),
            (
                CheckInDraft {
                    pain: Some(1),
                    tz: Some("Mars/Base".into()),
                    ..Default::default()
                },
                "tz",
            ),
            (
                CheckInDraft {
                    pain: Some(1),
                    feel: vec!["itchy".into()],
                    ..Default::default()
                },
                "feel",
            ),
            (
                CheckInDraft {
                    pain: Some(1),
                    regions: vec!["tail".into()],
                    ..Default::default()
                },
                "where",
            ),
            (
                CheckInDraft {
                    pain: Some(1),
                    id: Some("abc".into()),
                    ..Default::default()
                },
                "id",
            ),
            (
                CheckInDraft {
                    pain: Some(1),
                    recorded_at: Some("yesterday".into()),
                    ..Default::default()
                },
                "recorded_at",
            ),
            (
                CheckInDraft {
                    pain: Some(1),
                    recorded_at: Some("2027-01-01T00:00:00Z".into()),
                    ..Default::default()
                },
                "recorded_at",
            ),
            (
                CheckInDraft {
                    pain: Some(1),
                    note: Some("x".repeat(2001)),
                    ..Default::default()
                },
                "note",
            ),
        ];
        for (draft, field) in cases {
            let err = draft.validate(&defaults()).expect_err(field);
            assert_eq!(err.field, field, "{err}");
        }
    }

    #[test]
    fn offsets_with_seconds_are_written_in_utc_and_read_back_exactly() {
        let tz = TzName::new("Asia/Kathmandu").expect("known zone");
        let at: Timestamp = "1900-06-01T12:00:00.5Z".parse().expect("valid");
        let text = rfc3339_in(at, &tz);
        assert_eq!(text, "1900-06-01T12:00:00.5Z");
        assert_eq!(text.parse::<Timestamp>().ok(), Some(at));
        let now: Timestamp = "2026-06-01T12:00:00Z".parse().expect("valid");
        assert_eq!(rfc3339_in(now, &tz), "2026-06-01T17:45:00+05:45");
    }

    #[test]
    fn local_date_follows_the_records_own_zone() {
        let d = defaults();
        let late_in_la = CheckInDraft {
            pain: Some(3),
            recorded_at: Some("2026-03-29T06:30:00Z".into()),
            tz: Some("America/Los_Angeles".into()),
            ..Default::default()
        }
        .validate(&d)
        .expect("valid");
        assert_eq!(late_in_la.local_date().to_string(), "2026-03-28");
        assert_eq!(
            late_in_la.recorded_at_rfc3339(),
            "2026-03-28T23:30:00-07:00"
        );
    }

    #[test]
    fn session_draft_checks_practice_and_defaults_completed() {
        let d = defaults();
        let known = |p: &str| p == "paced-breathing";
        let draft = SessionDraft {
            practice: Some("paced-breathing".into()),
            minutes: Some(2),
            actual_s: Some(60),
            pain_before: Some(5),
            pain_after: Some(4),
            ..Default::default()
        };
        let s = draft.validate(&d, known).expect("valid");
        assert!(!s.completed);
        assert_eq!(s.actual_s, 60);
        assert_eq!(s.started_at.to_string(), "2026-03-29T11:59:00Z");
        let unknown = SessionDraft {
            practice: Some("yoga".into()),
            minutes: Some(2),
            ..Default::default()
        };
        assert_eq!(
            unknown.validate(&d, known).expect_err("unknown").field,
            "practice"
        );
        let no_minutes = SessionDraft {
            practice: Some("paced-breathing".into()),
            ..Default::default()
        };
        assert_eq!(
            no_minutes.validate(&d, known).expect_err("minutes").field,
            "minutes"
        );
    }

    #[test]
    fn drafts_round_trip_records() {
        let d = defaults();
        let c = CheckInDraft {
            pain: Some(2),
            stress: Some(3),
            sleep: Some(7),
            feel: vec!["tension".into()],
            regions: vec!["calf-left".into()],
            activity: Some("gardening".into()),
            ..Default::default()
        }
        .validate(&d)
        .expect("valid");
        assert_eq!(CheckInDraft::from(&c).validate(&d), Ok(c));
    }
}
