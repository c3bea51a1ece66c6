//! The schemas of journal records in the OpenAPI document. The records are
//! written by core's one shape per record (`backcalm_core::journal::view`);
//! these types only describe it, field for field, and `tests/web/openapi_answers.rs`
//! checks recorded answers against them.

use backcalm_core::journal::Feel;
use backcalm_core::safety::support::Support;
use backcalm_core::{Rating, Region};
use serde::Serialize;
use uuid::Uuid;

/// A check-in as the API returns it.
#[derive(Serialize, utoipa::ToSchema)]
#[allow(dead_code)] // Never built: it documents a shape.
#[schema(as = CheckIn)]
pub(crate) struct CheckInDoc<'a> {
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

/// A check-in as create and replace answer it: the record, and whether to
/// show crisis lines now (core's `safety::support::after_check_in`).
#[derive(Serialize, utoipa::ToSchema)]
#[allow(dead_code)] // Never built: it documents a shape.
#[schema(as = CheckInWritten)]
pub(crate) struct CheckInWrittenDoc<'a> {
    /// The check-in as stored.
    #[serde(flatten)]
    pub record: CheckInDoc<'a>,
    /// Null unless the check-in calls for crisis lines; then show its message at once, gently (never blocking).
    #[schema(value_type = Option<crate::openapi::SupportDoc>)]
    pub support: Option<Support>,
}

/// A session record as the API returns it.
#[derive(Serialize, utoipa::ToSchema)]
#[allow(dead_code)] // Never built: it documents a shape.
#[schema(as = Session)]
pub(crate) struct SessionDoc<'a> {
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
