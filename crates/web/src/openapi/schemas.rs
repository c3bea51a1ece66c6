//! Schemas for the API's JSON shapes that are core's types.
//!
//! core knows nothing of HTTP or OpenAPI, so its drafts and the compiled
//! timeline are described here, field for field; `tests/web/openapi.rs` checks
//! each against what the API really sends and accepts, so a field added in
//! core and forgotten here fails a test. The lists of ids (kinds, feelings,
//! body regions) are read from core's own constants, not copied.

use backcalm_core::journal::Feel;
use backcalm_core::pace::Phase;
use backcalm_core::{BodyPart, Kind, Region};
use std::borrow::Cow;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// A string schema that takes one of `ids`.
fn one_of_ids<'a>(description: &str, ids: impl IntoIterator<Item = &'a str>) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .enum_values(Some(ids.into_iter().map(str::to_string)))
        .into()
}

/// Declares a schema named `$name` built by `$schema`.
macro_rules! named_schema {
    ($ty:ident, $name:literal, $schema:expr) => {
        #[doc = concat!("The `", $name, "` schema.")]
        pub(crate) struct $ty;
        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                $schema
            }
        }
        impl ToSchema for $ty {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
        }
    };
}

named_schema!(
    KindDoc,
    "Kind",
    one_of_ids("The kind of practice.", Kind::ALL.map(Kind::id))
);
named_schema!(
    FeelDoc,
    "Feel",
    one_of_ids("What the pain feels like.", Feel::ALL.map(Feel::id))
);
named_schema!(
    BodyPartDoc,
    "BodyPart",
    one_of_ids("A part of the body map.", BodyPart::ALL.map(BodyPart::id))
);
named_schema!(RegionDoc, "Region", {
    let ids: Vec<String> = Region::all().iter().map(|r| r.to_string()).collect();
    one_of_ids(
        "A place on the body map: a part, optionally with -left or -right.",
        ids.iter().map(String::as_str),
    )
});
named_schema!(
    PhaseDoc,
    "Phase",
    one_of_ids("A phase of the breath.", PHASES.map(phase_id))
);
named_schema!(
    RatingDoc,
    "Rating",
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(0))
        .maximum(Some(10))
        .description(Some(
            "A whole number from 0 to 10; for pain, 0 is no pain and 10 the worst imaginable."
        ))
        .into()
);

named_schema!(
    Mp3Doc,
    "Mp3",
    ObjectBuilder::new()
        .schema_type(Type::String)
        .content_media_type("audio/mpeg")
        .description(Some(
            "MP3 audio: MPEG-2 Layer III, mono, 24 kHz, constant 48 kbps."
        ))
        .into()
);

/// Every phase; the match below fails to compile when core adds one.
const PHASES: [Phase; 4] = [Phase::In, Phase::HoldIn, Phase::Out, Phase::HoldOut];

fn phase_id(p: Phase) -> &'static str {
    match p {
        Phase::In => "in",
        Phase::HoldIn => "hold-in",
        Phase::Out => "out",
        Phase::HoldOut => "hold-out",
    }
}

/// A check-in as sent to create or replace one; only `pain` is required.
#[derive(ToSchema)]
#[schema(as = CheckInDraft)]
#[allow(dead_code)] // A description, never built.
pub(crate) struct CheckInDraftDoc {
    /// Your own id (a UUID) to make sending twice harmless; a new one is made when absent.
    #[schema(format = Uuid)]
    id: Option<String>,
    /// RFC 3339 instant with an offset or Z; defaults to now.
    #[schema(format = DateTime)]
    recorded_at: Option<String>,
    /// IANA time zone, e.g. Europe/London; defaults to the server's.
    tz: Option<String>,
    /// Pain now, 0-10.
    #[schema(minimum = 0, maximum = 10)]
    pain: i64,
    /// Stress, 0-10.
    #[schema(minimum = 0, maximum = 10)]
    stress: Option<i64>,
    /// Sleep quality, 0-10.
    #[schema(minimum = 0, maximum = 10)]
    sleep: Option<i64>,
    /// What it feels like.
    #[schema(value_type = Option<Vec<FeelDoc>>)]
    feel: (),
    /// Where it hurts.
    #[schema(rename = "where", value_type = Option<Vec<RegionDoc>>)]
    regions: (),
    /// What you were doing.
    activity: Option<String>,
    /// Anything else.
    note: Option<String>,
    /// A flare-up: the program then offers only 1-3 minutes of breathing or
    /// imagery today. Absent means no.
    flare: Option<bool>,
}

/// A practice session as sent to create or replace one; `practice` and `minutes` are required.
#[derive(ToSchema)]
#[schema(as = SessionDraft)]
#[allow(dead_code)] // A description, never built.
pub(crate) struct SessionDraftDoc {
    /// Your own id (a UUID) to make sending twice harmless.
    #[schema(format = Uuid)]
    id: Option<String>,
    /// Practice id, e.g. body-scan.
    practice: String,
    /// Scene, pace preset or similar.
    variant: Option<String>,
    /// Planned minutes.
    #[schema(minimum = 1, maximum = 1440)]
    minutes: i64,
    /// RFC 3339 start; defaults to now minus actual_s.
    #[schema(format = DateTime)]
    started_at: Option<String>,
    /// IANA time zone.
    tz: Option<String>,
    /// Seconds actually practised; defaults to the planned length.
    #[schema(minimum = 0)]
    actual_s: Option<i64>,
    /// Ran to the end; defaults to true when actual equals planned.
    completed: Option<bool>,
    /// Pain before, 0-10.
    #[schema(minimum = 0, maximum = 10)]
    pain_before: Option<i64>,
    /// Pain after, 0-10.
    #[schema(minimum = 0, maximum = 10)]
    pain_after: Option<i64>,
    /// Stress before, 0-10.
    #[schema(minimum = 0, maximum = 10)]
    stress_before: Option<i64>,
    /// Stress after, 0-10.
    #[schema(minimum = 0, maximum = 10)]
    stress_after: Option<i64>,
    /// How pleasant the images were, 0-10 (imagery).
    #[schema(minimum = 0, maximum = 10)]
    pleasantness: Option<i64>,
    /// Regions that felt tense or hard to breathe into.
    #[schema(value_type = Option<Vec<RegionDoc>>)]
    regions: (),
    /// Anything else.
    note: Option<String>,
}

/// A breathing pace, in milliseconds a phase.
#[derive(ToSchema)]
#[schema(as = Pace)]
#[allow(dead_code)] // A description, never built.
pub(crate) struct PaceDoc {
    inhale_ms: u32,
    hold_in_ms: u32,
    exhale_ms: u32,
    hold_out_ms: u32,
    /// At most this many cycles, then natural breathing.
    max_cycles: Option<u32>,
}

/// A step's place in the timeline.
#[derive(ToSchema)]
#[schema(as = StepSpan)]
#[allow(dead_code)] // A description, never built.
pub(crate) struct StepSpanDoc {
    /// The step id.
    id: String,
    /// Start, ms from the start of the session.
    start_ms: u64,
    /// End, ms (the next step's start).
    end_ms: u64,
    /// The body part it attends to.
    #[schema(value_type = Option<BodyPartDoc>)]
    region: (),
    /// Whether it lingers at a painful region.
    painful: bool,
    /// Whether the breath pacer runs.
    pacer: bool,
    /// The step's main words (empty for silence).
    text: String,
}

/// Something that happens at a moment, `at_ms` from the start.
#[derive(ToSchema, serde::Serialize)]
#[schema(as = Cue)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[allow(dead_code)] // A description, never built.
pub(crate) enum CueDoc {
    /// Words to speak and show as a caption.
    Speak {
        at_ms: u64,
        text: String,
        /// The step they belong to.
        step: String,
    },
    /// A bell of 1 or 2 strikes.
    Bell {
        at_ms: u64,
        #[schema(minimum = 1, maximum = 2)]
        strikes: u8,
    },
    /// A breath phase begins.
    Breath {
        at_ms: u64,
        #[schema(value_type = PhaseDoc)]
        phase: (),
        ms: u32,
    },
}

/// A practice compiled to one length: every cue at its millisecond.
#[derive(ToSchema)]
#[schema(as = Timeline)]
#[allow(dead_code)] // A description, never built.
pub(crate) struct TimelineDoc {
    /// The practice id.
    id: String,
    /// The practice title.
    title: String,
    #[schema(value_type = KindDoc)]
    kind: (),
    /// Whole minutes; null when open-ended.
    minutes: Option<u32>,
    /// Exact length in ms (for an open-ended timer, the horizon).
    total_ms: u64,
    /// Counts up until stopped.
    open_ended: bool,
    /// The pace, for paced practices.
    #[schema(value_type = Option<PaceDoc>)]
    pace: (),
    /// Scene or pace preset, for the session record.
    variant: Option<String>,
    /// Steps in order, contiguous from 0 to total_ms.
    #[schema(value_type = Vec<StepSpanDoc>)]
    steps: (),
    /// Cues in time order.
    #[schema(value_type = Vec<CueDoc>)]
    cues: (),
}

/// Why crisis lines are shown after a write.
#[derive(ToSchema)]
#[schema(as = Concern, rename_all = "kebab-case")]
#[allow(dead_code)] // A description, never built.
pub(crate) enum ConcernDoc {
    /// Pain rated 10 and stress rated 10.
    HighestPainAndStress,
    /// The note or activity uses words of self-harm.
    WordsOfSelfHarm,
    /// A PHQ-2 of 3 or more, or a positive GAD-2.
    PositiveMoodScreen,
}

/// One place's emergency and crisis numbers.
#[derive(ToSchema)]
#[schema(as = CrisisLine)]
#[allow(dead_code)] // A description, never built.
pub(crate) struct CrisisLineDoc {
    /// Where the numbers apply, e.g. "the UK".
    place: String,
    /// The emergency number, e.g. "999".
    emergency: String,
    /// Same-day medical advice, e.g. "NHS 111".
    urgent_advice: Option<String>,
    /// A crisis line for emotional distress, e.g. "Samaritans 116 123 (free, 24/7)".
    crisis: Option<String>,
}

/// The person's numbers, one entry per place.
#[derive(ToSchema)]
#[schema(as = CrisisNumbers)]
#[allow(dead_code)] // A description, never built.
pub(crate) struct CrisisNumbersDoc {
    /// In the order to mention them.
    lines: Vec<CrisisLineDoc>,
}

/// Crisis lines to show now, gently and never blocking, with why.
#[derive(ToSchema)]
#[schema(as = Support)]
#[allow(dead_code)] // A description, never built.
pub(crate) struct SupportDoc {
    /// What called for them.
    reasons: Vec<ConcernDoc>,
    /// A short heading.
    heading: String,
    /// What to say, with the person's crisis and emergency numbers.
    message: String,
    /// The numbers named, to link each one.
    numbers: CrisisNumbersDoc,
}
