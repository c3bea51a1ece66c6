//! One JSON shape per record, wherever a record leaves the program: the
//! API's answers, the CLI's `--json` and the JSON export. Instants are
//! written with the person's own offset at that instant.

use super::{CheckIn, Feel, Rating, SessionRecord};
use crate::region::Region;
use serde::Serialize;
use uuid::Uuid;

/// A check-in as it is written out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckInView<'a> {
    /// Id.
    pub id: Uuid,
    /// RFC 3339 with the offset of the person's zone at that instant.
    pub recorded_at: String,
    /// IANA zone.
    pub tz: &'a str,
    /// Pain 0-10.
    pub pain: Rating,
    /// Stress 0-10.
    pub stress: Option<Rating>,
    /// Sleep quality 0-10.
    pub sleep: Option<Rating>,
    /// Feel ids.
    pub feel: &'a [Feel],
    /// Region ids.
    #[serde(rename = "where")]
    pub regions: &'a [Region],
    /// Activity text.
    pub activity: Option<&'a str>,
    /// Note text.
    pub note: Option<&'a str>,
    /// Marked as a flare-up.
    pub flare: bool,
}

impl<'a> From<&'a CheckIn> for CheckInView<'a> {
    fn from(c: &'a CheckIn) -> Self {
        CheckInView {
            id: c.id,
            recorded_at: c.recorded_at_rfc3339(),
            tz: c.tz.as_str(),
            pain: c.pain,
            stress: c.stress,
            sleep: c.sleep,
            feel: &c.feel,
            regions: &c.regions,
            activity: c.activity.as_ref().map(|n| n.as_str()),
            note: c.note.as_ref().map(|n| n.as_str()),
            flare: c.flare,
        }
    }
}

/// A session record as it is written out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionView<'a> {
    /// Id.
    pub id: Uuid,
    /// Practice id.
    pub practice: &'a str,
    /// Scene, pace preset or similar.
    pub variant: Option<&'a str>,
    /// Planned minutes.
    pub minutes: u32,
    /// RFC 3339 with the person's offset.
    pub started_at: String,
    /// IANA zone.
    pub tz: &'a str,
    /// Seconds practised.
    pub actual_s: u32,
    /// Ran to the end.
    pub completed: bool,
    /// Pain before.
    pub pain_before: Option<Rating>,
    /// Pain after.
    pub pain_after: Option<Rating>,
    /// Stress before.
    pub stress_before: Option<Rating>,
    /// Stress after.
    pub stress_after: Option<Rating>,
    /// Imagery pleasantness.
    pub pleasantness: Option<Rating>,
    /// Region ids.
    pub regions: &'a [Region],
    /// Note text.
    pub note: Option<&'a str>,
}

impl<'a> From<&'a SessionRecord> for SessionView<'a> {
    fn from(s: &'a SessionRecord) -> Self {
        SessionView {
            id: s.id,
            practice: &s.practice,
            variant: s.variant.as_deref(),
            minutes: s.minutes,
            started_at: s.started_at_rfc3339(),
            tz: s.tz.as_str(),
            actual_s: s.actual_s,
            completed: s.completed,
            pain_before: s.pain_before,
            pain_after: s.pain_after,
            stress_before: s.stress_before,
            stress_after: s.stress_after,
            pleasantness: s.pleasantness,
            regions: &s.regions,
            note: s.note.as_ref().map(|n| n.as_str()),
        }
    }
}
