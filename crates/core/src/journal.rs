//! Journal records: check-ins and practice sessions.
//!
//! Parse, don't validate: every record is built through a checked constructor
//! ([`CheckInDraft::validate`], [`SessionDraft::validate`]) and each field type
//! ([`Rating`], [`TzName`], [`Note`]) can only hold a valid value. The edges
//! (CLI flags, JSON bodies, HTML forms, imports) fill a draft and get back
//! either a record or a [`FieldError`] naming the field and what to do.

mod draft;
mod edit;
mod repeat;
pub mod view;

pub use crate::time::{parse_instant, UnknownTz};
pub(crate) use draft::{parse_id, parse_tz};
pub use draft::{CheckInDraft, Defaults, SessionDraft, MAX_SESSION_MINUTES};
pub use repeat::{Filled, Repeat};

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

/// Zones already read, by canonical name (a journal uses few).
fn lookup(name: &str) -> Option<TimeZone> {
    use std::sync::{Mutex, OnceLock};
    static SEEN: OnceLock<Mutex<Vec<(String, TimeZone)>>> = OnceLock::new();
    let seen = SEEN.get_or_init(|| Mutex::new(Vec::new()));
    if let Ok(list) = seen.lock() {
        if let Some((_, z)) = list.iter().find(|(n, _)| n == name) {
            return Some(z.clone());
        }
    }
    // The system's database is preferred (it is kept up to date); the bundled
    // one has every name canonical_zone accepts, for a system that lacks one.
    let zone = TimeZone::get(name)
        .or_else(|_| jiff::tz::TimeZoneDatabase::bundled().get(name))
        .ok()?;
    if let Ok(mut list) = seen.lock() {
        if list.len() < 64 {
            list.push((name.to_string(), zone.clone()));
        }
    }
    Some(zone)
}

impl TzName {
    /// Checks the name and spells it as IANA does ([`crate::time::canonical_zone`]):
    /// `america/new_york` becomes `America/New_York`; `localtime`,
    /// `posixrules` and `Factory` are refused.
    pub fn new(name: &str) -> Result<Self, UnknownTz> {
        let unknown = || UnknownTz {
            given: name.to_string(),
        };
        let canonical = crate::time::canonical_zone(name)?;
        let zone = lookup(canonical).ok_or_else(unknown)?;
        Ok(TzName {
            name: canonical.to_string(),
            zone,
        })
    }

    /// A zone name read back from a journal: as [`TzName::new`], but a name
    /// an older backcalm accepted (any the system's database knows, such as
    /// `localtime`) is still read as it was stored, so no journal becomes
    /// unreadable. New records never get such a name.
    pub fn stored(name: &str) -> Result<Self, UnknownTz> {
        TzName::new(name).or_else(|e| match lookup(name) {
            Some(zone) => Ok(TzName {
                name: name.to_string(),
                zone,
            }),
            None => Err(e),
        })
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

    /// The calendar day `at` falls on in this zone. The insights ask this
    /// of every record many times over, so it goes straight from the offset
    /// to the date, without building a `Zoned` (and cloning the zone) each time.
    pub fn local_date(&self, at: Timestamp) -> Date {
        self.zone.to_offset(at).to_datetime(at).date()
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
///
/// Line breaks are kept as `\n` (a form's `\r\n` and a lone `\r` become
/// `\n`), tabs are kept, and every other control character (NUL, the
/// terminal's escape, DEL, the C1 range) is refused: a note is shown in HTML,
/// in a terminal and in a PDF, and none of them should get bytes that act.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Note(String);

impl Note {
    /// The longest note, in characters.
    pub const MAX_CHARS: usize = 2000;

    /// Trims, checks the length and refuses control characters other than
    /// tab and line break; empty text is `None`.
    pub fn new(text: &str) -> Result<Option<Note>, String> {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if let Some((at, c)) = text.chars().enumerate().find(|(_, c)| !Note::allowed(*c)) {
            return Err(format!(
                "has the control character U+{:04X} at character {}; only letters, \
                 punctuation, tabs and line breaks can be saved",
                u32::from(c),
                at + 1
            ));
        }
        Note::checked_length(&text)
    }

    /// A note read back from storage, written before control characters
    /// were refused: they are dropped, so old notes still show, safely.
    pub fn stored(text: &str) -> Result<Option<Note>, String> {
        Note::checked_length(&Note::without_controls(text))
    }

    /// `text` without the characters a note may not hold (line breaks normalised to `\n`).
    pub fn without_controls(text: &str) -> String {
        text.replace("\r\n", "\n")
            .replace('\r', "\n")
            .chars()
            .filter(|c| Note::allowed(*c))
            .collect()
    }

    fn allowed(c: char) -> bool {
        matches!(c, '\t' | '\n') || !c.is_control()
    }

    fn checked_length(text: &str) -> Result<Option<Note>, String> {
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
    /// The person marked this as a flare-up (optional tap; the program goes
    /// gently on a flare day). Records made before the field existed read as `false`.
    #[serde(default)]
    pub flare: bool,
}

impl CheckIn {
    /// The local calendar day the check-in belongs to, in its own time zone.
    pub fn local_date(&self) -> Date {
        self.tz.local_date(self.recorded_at)
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
        self.tz.local_date(self.started_at)
    }

    /// The start with the person's offset, RFC 3339.
    pub fn started_at_rfc3339(&self) -> String {
        rfc3339_in(self.started_at, &self.tz)
    }
}

#[cfg(test)]
mod tests;
