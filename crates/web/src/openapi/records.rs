//! The JSON shapes of journal records: instants with the person's own offset.

use backcalm_core::journal::Feel;
use backcalm_core::safety::support::Support;
use backcalm_core::{CheckIn, Rating, Region, SessionRecord};
use serde::Serialize;
use uuid::Uuid;

/// A check-in as the API returns it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = CheckIn)]
pub struct CheckInView<'a> {
    /// Id.
    pub id: Uuid,
    /// RFC 3339 with the offset of the person's zone at that instant.
    #[schema(format = DateTime)]
    pub recorded_at: String,
    /// IANA zone.
    pub tz: &'a str,
    /// Pain 0-10.
    #[schema(value_type = crate::openapi::RatingDoc)]
    pub pain: Rating,
    /// Stress 0-10.
    #[schema(value_type = Option<crate::openapi::RatingDoc>)]
    pub stress: Option<Rating>,
    /// Sleep quality 0-10.
    #[schema(value_type = Option<crate::openapi::RatingDoc>)]
    pub sleep: Option<Rating>,
    /// Feel ids.
    #[schema(value_type = Vec<crate::openapi::FeelDoc>)]
    pub feel: &'a [Feel],
    /// Region ids.
    #[serde(rename = "where")]
    #[schema(value_type = Vec<crate::openapi::RegionDoc>)]
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

/// A check-in as create and replace answer it: the record, and whether to
/// show crisis lines now (core's `safety::support::after_check_in`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = CheckInWritten)]
pub struct CheckInWritten<'a> {
    /// The check-in as stored.
    #[serde(flatten)]
    pub record: CheckInView<'a>,
    /// Null unless the check-in calls for crisis lines; then show its message at once, gently (never blocking).
    #[schema(value_type = Option<crate::openapi::SupportDoc>)]
    pub support: Option<Support>,
}

/// A session record as the API returns it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = Session)]
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
    #[schema(format = DateTime)]
    pub started_at: String,
    /// IANA zone.
    pub tz: &'a str,
    /// Seconds practised.
    pub actual_s: u32,
    /// Ran to the end.
    pub completed: bool,
    /// Pain before.
    #[schema(value_type = Option<crate::openapi::RatingDoc>)]
    pub pain_before: Option<Rating>,
    /// Pain after.
    #[schema(value_type = Option<crate::openapi::RatingDoc>)]
    pub pain_after: Option<Rating>,
    /// Stress before.
    #[schema(value_type = Option<crate::openapi::RatingDoc>)]
    pub stress_before: Option<Rating>,
    /// Stress after.
    #[schema(value_type = Option<crate::openapi::RatingDoc>)]
    pub stress_after: Option<Rating>,
    /// Imagery pleasantness.
    #[schema(value_type = Option<crate::openapi::RatingDoc>)]
    pub pleasantness: Option<Rating>,
    /// Region ids.
    #[schema(value_type = Vec<crate::openapi::RegionDoc>)]
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
