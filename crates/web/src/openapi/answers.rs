//! Schemas of the API's answers that are core's types or this crate's own
//! view structs, written as JSON Schema (OpenAPI 3.1 is JSON Schema
//! 2020-12). `tests/web/openapi.rs` checks each against the answers the API
//! really sends, property for property, so a field added in core and
//! forgotten here fails a test; schemathesis checks every answer against
//! them in `scripts/test`.

use serde_json::{json, Value};
use std::borrow::Cow;
use utoipa::openapi::schema::Schema;
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// utoipa's stand-in for a schema of this file: utoipa names it in the
/// operations (`body = ...`); the document's JSON then gets the schema as
/// written here ([`all`]), which utoipa's types cannot all express.
fn schema(_: Value) -> RefOr<Schema> {
    RefOr::T(Schema::default())
}

fn nullable(v: Value) -> Value {
    json!({"oneOf": [v, {"type": "null"}]})
}

fn string() -> Value {
    json!({"type": "string"})
}

fn date() -> Value {
    json!({"type": "string", "format": "date"})
}

fn instant() -> Value {
    json!({"type": "string", "format": "date-time"})
}

fn uuid() -> Value {
    json!({"type": "string", "format": "uuid"})
}

fn count() -> Value {
    json!({"type": "integer", "minimum": 0})
}

fn number() -> Value {
    json!({"type": "number"})
}

fn kind() -> Value {
    json!({"$ref": "#/components/schemas/Kind"})
}

fn action() -> Value {
    json!({"type": "string", "enum": ["emergency", "urgent", "soon", "none"]})
}

/// An object with exactly these properties, all present in every answer.
fn object(props: Value) -> Value {
    let required: Vec<String> = props
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    json!({"type": "object", "properties": props, "required": required})
}

fn array(items: Value) -> Value {
    json!({"type": "array", "items": items})
}

/// Declares a schema named `$name` whose JSON Schema `$json` builds.
macro_rules! answer_schema {
    ($ty:ident, $name:literal, $json:expr) => {
        #[doc = concat!("The `", $name, "` schema.")]
        pub(crate) struct $ty;
        impl $ty {
            fn json() -> Value {
                $json
            }
        }
        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                schema(Value::Null)
            }
        }
        impl ToSchema for $ty {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
        }
    };
}

fn screen_result() -> Value {
    let mut s = object(json!({
        "id": uuid(),
        "taken_at": instant(),
        "tz": string(),
        "answers": {"type": "object", "additionalProperties": {"type": "boolean"}},
        "action": action(),
        "label": string(),
        "message": string(),
        "reasons": array(string()),
        "earlier_version": {"type": "boolean"},
    }));
    s["description"] = json!("A stored screen, with its message in the person's current numbers; earlier_version says it answered questions of an earlier version (their words are under `retired` in GET /api/v1/screen).");
    s
}

answer_schema!(ScreenResultDoc, "ScreenResult", screen_result());
answer_schema!(
    ScreenResultsDoc,
    "ScreenResults",
    array(json!({"$ref": "#/components/schemas/ScreenResult"}))
);
answer_schema!(
    ScreenDoc,
    "Screen",
    object(json!({
        "framing": string(),
        "questions": array(object(json!({"id": string(), "text": string(), "action": action()}))),
        "retired": array(object(json!({
            "id": string(),
            "text": string(),
            "action": action(),
            "replaced_by": array(string()),
        }))),
        "actions": array(object(json!({"id": action(), "label": string(), "meaning": string()}))),
        "disclaimer": string(),
        "latest": nullable(json!({"$ref": "#/components/schemas/ScreenResult"})),
    }))
);

fn lesson_summary() -> Value {
    json!({
        "id": string(),
        "title": string(),
        "summary": string(),
        "sources": array(string()),
        "minutes": count(),
        "week": nullable(json!({"type": "integer", "minimum": 1, "maximum": 8})),
    })
}

answer_schema!(
    LessonSummariesDoc,
    "LessonSummaries",
    array(object(lesson_summary()))
);
answer_schema!(LessonDoc, "Lesson", {
    let mut props = lesson_summary();
    props["body_markdown"] = string();
    object(props)
});

fn reminder() -> Value {
    object(json!({
        "id": uuid(),
        "time": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"},
        "tz": string(),
        "label": string(),
    }))
}

answer_schema!(ReminderDoc, "Reminder", reminder());
answer_schema!(
    RemindersDoc,
    "Reminders",
    array(json!({"$ref": "#/components/schemas/Reminder"}))
);

fn crisis_line() -> Value {
    json!({
        "type": "object",
        "properties": {
            "place": string(),
            "emergency": string(),
            "urgent_advice": nullable(string()),
            "crisis": nullable(string()),
        },
        "required": ["place", "emergency"],
        "additionalProperties": false,
    })
}

answer_schema!(
    SettingsDoc,
    "Settings",
    json!({
        "type": "object",
        "description": "Every field has a default; a PUT that leaves one out sets its default.",
        "properties": {
            "weekly_goal_minutes": nullable(json!({"type": "integer", "minimum": 1, "maximum": 420})),
            "show_streak": {"type": "boolean"},
            "country": nullable(json!({"type": "string", "enum": ["uk", "us", "eu", "other"]})),
            "crisis": {
                "type": "object",
                "properties": {"lines": {"type": "array", "items": crisis_line(), "maxItems": 5}},
                "required": ["lines"],
                "additionalProperties": false,
            },
            "announce_phases": {"type": "boolean"},
            "reminders_per_day": {"type": "integer", "minimum": 1, "maximum": 3},
            "program_start": nullable(date()),
        },
        "additionalProperties": false,
    })
);

fn effect() -> Value {
    nullable(object(json!({
        "mean": number(), "ci_low": number(), "ci_high": number(), "n": count(),
    })))
}

fn association() -> Value {
    nullable(object(json!({
        "measure": {"type": "string", "enum": ["sleep", "stress"]},
        "rho": number(),
        "n": count(),
        "caution": string(),
    })))
}

answer_schema!(
    InsightsDoc,
    "Insights",
    object(json!({
        "today": date(),
        "tz": string(),
        "baseline": nullable(object(json!({
            "pain": number(),
            "current": number(),
            "percent_change": number(),
            "label": {"type": "string", "enum": ["substantial", "meaningful", "minimal", "none", "worse"]},
            "baseline_from": date(),
            "baseline_to": date(),
            "baseline_days": count(),
            "current_days": count(),
            "summary": string(),
        }))),
        "techniques": array(object(json!({
            "kind": kind(), "n": count(), "pain": effect(), "stress": effect(),
        }))),
        "rankings": array(object(json!({"measure": string(), "better": kind(), "worse": kind()}))),
        "streak_days": count(),
        "days_practised_7": count(),
        "days_practised_30": count(),
        "days": array(object(json!({
            "date": date(), "pain_mean": number(), "n": count(), "rolling7": nullable(number()),
        }))),
        "weeks": array(object(json!({
            "week_start": date(),
            "minutes": number(),
            "goal_minutes": nullable(count()),
            "goal_met": nullable(json!({"type": "boolean"})),
        }))),
        "associations": object(json!({"sleep": association(), "stress": association()})),
        "needs": array(object(json!({"topic": string(), "message": string()}))),
    }))
);

answer_schema!(
    ProgramDoc,
    "Program",
    object(json!({
        "weeks": array(object(json!({
            "week": {"type": "integer", "minimum": 1},
            "kind": kind(),
            "practice": string(),
            "lesson": string(),
            "also_read": array(string()),
            "daily_minutes": count(),
            "short_minutes": nullable(count()),
            "questionnaires": array(string()),
            "title": string(),
        }))),
        "current_week": nullable(json!({"type": "integer", "minimum": 1})),
        "start": nullable(date()),
        "today": object(json!({
            "current_week": {"type": "integer", "minimum": 1},
            "week_day": {"type": "integer", "minimum": 1, "maximum": 7},
            "repeat": count(),
            "complete": {"type": "boolean"},
            "title": string(),
            "intro": string(),
            "lesson": string(),
            "kind": kind(),
            "practice": string(),
            "practice_title": string(),
            "minutes": count(),
            "proposal": nullable(object(json!({
                "from_minutes": count(), "to_minutes": count(), "comfortable_sessions": count(),
            }))),
            "set_aside": nullable(object(json!({
                "kind": kind(), "practice": string(), "unhelpful": count(), "rated": count(),
            }))),
            "peg_due": {"type": "boolean"},
            "also_read": array(string()),
            "short_minutes": nullable(count()),
            "questionnaires_due": array(string()),
            "flare": nullable(object(json!({
                "tapped": {"type": "boolean"},
                "pain": nullable(count()),
                "mean_7_days": nullable(number()),
                "instead_of": nullable(string()),
            }))),
            "practised_today": {"type": "boolean"},
            "message": nullable(string()),
        })),
    }))
);

fn instrument() -> Value {
    json!({
        "type": "object",
        "description": "A questionnaire: its items, their scales, how it is scored, and what scores mean.",
        "properties": {
            "id": string(),
            "title": string(),
            "intro": string(),
            "recall": string(),
            "citation": string(),
            "attribution": nullable(string()),
            "licence": object(json!({"text": string(), "source": string()})),
            "every_days": nullable(count()),
            "loinc": nullable(string()),
            "scales": array(json!({"type": "object", "properties": {
                "id": string(), "min": count(), "max": count(),
                "labels": array(json!({"type": "object"})),
            }, "required": ["id", "min", "max", "labels"]})),
            "items": array(json!({"type": "object", "properties": {
                "id": string(), "text": string(), "scale": string(), "loinc": nullable(string()),
            }, "required": ["id", "text", "scale"]})),
            "scoring": {"type": "object"},
            "bands": array(json!({"type": "object", "properties": {
                "min": number(), "max": number(), "text": string(), "positive": {"type": "boolean"},
            }, "required": ["min", "max", "text"]})),
            "score_range": {"type": "array", "items": number(), "minItems": 2, "maxItems": 2},
        },
        "required": ["id", "title", "items", "scales", "scoring", "score_range"],
    })
}

answer_schema!(InstrumentDoc, "Instrument", instrument());
answer_schema!(
    InstrumentsDoc,
    "Instruments",
    array(json!({"$ref": "#/components/schemas/Instrument"}))
);
answer_schema!(
    QuestionnaireAnswerDoc,
    "QuestionnaireAnswer",
    object(json!({
        "id": uuid(),
        "instrument": string(),
        "answered_at": instant(),
        "tz": string(),
        "answers": {"type": "object", "additionalProperties": count()},
        "score": number(),
        "display_score": string(),
        "band": nullable(string()),
        "positive": {"type": "boolean"},
        "advice": nullable(string()),
    }))
);
answer_schema!(
    QuestionnaireAnswersDoc,
    "QuestionnaireAnswers",
    array(json!({"$ref": "#/components/schemas/QuestionnaireAnswer"}))
);

answer_schema!(
    FhirBundleDoc,
    "FhirBundle",
    json!({
        "type": "object",
        "description": "A FHIR R4 Bundle of type collection: the person's check-ins, sessions and questionnaire answers as Observations and QuestionnaireResponses.",
        "properties": {
            "resourceType": {"const": "Bundle"},
            "id": string(),
            "type": {"const": "collection"},
            "timestamp": instant(),
            "entry": array(json!({"type": "object", "properties": {
                "fullUrl": string(),
                "resource": {
                    "type": "object",
                    "description": "A FHIR R4 resource (Patient, Questionnaire, Observation or QuestionnaireResponse) as the FHIR R4 specification defines it; scripts/test checks every one with the fhir.resources validator.",
                    "properties": {"resourceType": string(), "id": string()},
                    "required": ["resourceType"],
                    "additionalProperties": true,
                },
            }, "required": ["fullUrl", "resource"]})),
        },
        "required": ["resourceType", "type"],
    })
);

answer_schema!(
    JournalExportDoc,
    "JournalExport",
    json!({
        "type": "object",
        "description": "The whole journal, as described by docs/backcalm-export.schema.json.",
        "properties": {
            "format": string(),
            "version": {"type": "integer"},
            "exported_at": instant(),
            "checkins": array(json!({"type": "object"})),
            "sessions": array(json!({"type": "object"})),
            "questionnaires": array(json!({"type": "object"})),
        },
        "required": ["checkins", "sessions"],
    })
);

/// Every schema of this file by name, for the document's components.
pub(crate) fn all() -> Vec<(String, Value)> {
    macro_rules! named {
        ($($ty:ident),* $(,)?) => {
            vec![$(($ty::name().into_owned(), $ty::json())),*]
        };
    }
    named![
        ScreenResultDoc,
        ScreenResultsDoc,
        ScreenDoc,
        LessonSummariesDoc,
        LessonDoc,
        ReminderDoc,
        RemindersDoc,
        SettingsDoc,
        InsightsDoc,
        ProgramDoc,
        InstrumentDoc,
        InstrumentsDoc,
        QuestionnaireAnswerDoc,
        QuestionnaireAnswersDoc,
        FhirBundleDoc,
        JournalExportDoc,
    ]
}
