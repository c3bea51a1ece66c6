//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of the JSON API,
//! generated from the handlers' `#[utoipa::path]` annotations.
//!
//! A handler's annotation sits on the handler itself, so its path, parameters
//! and answers are written next to the code that serves them. Adding a route:
//! annotate the handler (give it a unique `operation_id`) and name it in
//! `paths(...)` below; `tests/web/openapi.rs` fails until every `/api/` route the
//! router serves is documented here and every documented one is served.

mod answers;
mod records;
mod schemas;

use crate::problem::Problem;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::sync::OnceLock;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{ContentBuilder, OpenApi as Document, Ref, ResponseBuilder};
use utoipa::{IntoParams, OpenApi};

pub(crate) use answers::{
    FhirBundleDoc, InsightsDoc, InstrumentDoc, InstrumentsDoc, JournalExportDoc, LessonDoc,
    LessonSummariesDoc, ProgramDoc, QuestionnaireAnswerDoc, QuestionnaireAnswersDoc, ReminderDoc,
    RemindersDoc, ScreenDoc, ScreenResultDoc, ScreenResultsDoc, SettingsDoc,
};
pub(crate) use records::{CheckInDoc, CheckInWrittenDoc, SessionDoc};
pub(crate) use schemas::{
    CheckInDraftDoc, FeelDoc, KindDoc, Mp3Doc, RatingDoc, RegionDoc, SessionDraftDoc, SupportDoc,
    TimelineDoc,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "backcalm",
        description = "The JSON API of backcalm: the practices, compiled to any length, and \
            the journal of check-ins and practice sessions. Local use needs no login; \
            in hosted mode (serve --accounts) the journal routes answer 401 until a session \
            cookie from /api/v1/auth/login is sent, and the accounts routes answer 404 in local \
            mode. Requests from other sites are refused. Errors are RFC 9457 problem details \
            (application/problem+json) that say what was wrong and what to do: 400 when a \
            request does not fit this document (a body is a JSON object; fields it does not \
            name are refused; a number with a zero fraction counts as an integer), 422 when \
            it fits but breaks a rule a schema cannot state (a zone the time zone database \
            lacks, a practice or questionnaire not in the library, `to` before `from`, a time \
            in the future), with the field named.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    paths(
        crate::api::practices::list,
        crate::api::practices::show,
        crate::api::audio::file,
        crate::api::checkins::list,
        crate::api::checkins::create,
        crate::api::checkins::show,
        crate::api::checkins::replace,
        crate::api::checkins::remove,
        crate::api::sessions::list,
        crate::api::sessions::create,
        crate::api::sessions::show,
        crate::api::sessions::replace,
        crate::api::sessions::remove,
        crate::api::insights::show,
        crate::api::program::show,
        crate::api::lessons::list,
        crate::api::lessons::show,
        crate::api::screen::questions_and_actions,
        crate::api::screen::take,
        crate::api::screen::list,
        crate::api::screen::show,
        crate::api::screen::remove,
        crate::api::instruments::list,
        crate::api::instruments::show,
        crate::api::instruments::answer,
        crate::api::instruments::answers,
        crate::api::instruments::one,
        crate::api::instruments::remove,
        crate::api::reminders::list,
        crate::api::reminders::create,
        crate::api::reminders::show,
        crate::api::reminders::remove,
        crate::api::reminders::calendar,
        crate::api::push::key,
        crate::api::push::list,
        crate::api::push::subscribe,
        crate::api::push::unsubscribe,
        crate::api::settings::show,
        crate::api::settings::replace,
        crate::api::export::fhir,
        crate::api::export::json,
        crate::api::export::import,
        crate::api::auth::accept,
        crate::api::auth::login,
        crate::api::auth::logout,
        crate::api::auth::logout_everywhere,
        crate::api::auth::me,
        crate::api::sharing::create_code,
        crate::api::sharing::share,
        crate::api::sharing::list,
        crate::api::sharing::revoke,
        crate::api::sharing::audit,
        crate::api::patients::list,
        crate::api::patients::checkins,
        crate::api::patients::sessions,
        crate::api::patients::answers,
        crate::api::patients::insights,
        crate::api::patients::report,
        document,
    ),
    components(schemas(Problem)),
    tags(
        (name = "practices", description = "The practice library and compiled sessions"),
        (name = "checkins", description = "Check-ins: pain, stress, sleep, where and how it hurts"),
        (name = "sessions", description = "Practice sessions that were done"),
        (name = "insights", description = "Insights computed from the journal"),
        (name = "program", description = "The 8-week program and today's step"),
        (name = "lessons", description = "Short readings"),
        (name = "safety", description = "The red-flag safety screen"),
        (name = "questionnaires", description = "PEG-3, PHQ-2, GAD-2 and their stored answers"),
        (name = "reminders", description = "Daily reminders and their calendar"),
        (name = "settings", description = "The person's settings"),
        (name = "export", description = "The whole journal as FHIR R4 or JSON"),
        (name = "accounts", description = "Hosted mode (serve --accounts): signing in and out. In local mode these answer 404, and nothing else needs a sign-in; in hosted mode every journal route answers 401 until the session cookie is sent"),
        (name = "sharing", description = "Hosted mode (serve --accounts): sharing a journal with a clinician, the clinician's view of it, and the audit trail of every read of a person's data by someone else. In local mode these answer 404"),
        (name = "meta", description = "About the API itself"),
    )
)]
struct ApiDoc;

/// The `OpenApiDocument` schema: an OpenAPI 3.1 document.
pub(crate) struct OpenApiDocument;

impl utoipa::PartialSchema for OpenApiDocument {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Object)
            .property(
                "openapi",
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .pattern(Some("^3\\.1\\.")),
            )
            .required("openapi")
            .property(
                "paths",
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::Object),
            )
            .required("paths")
            .description(Some("An OpenAPI 3.1 document"))
            .into()
    }
}

impl utoipa::ToSchema for OpenApiDocument {}

/// The options of a practice, as query parameters (see `crate::choice`).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // A description, never built.
pub(crate) struct PracticeOptions {
    /// Whole minutes in the practice's range, or `open` for an open-ended timer.
    #[param(pattern = "^ *([0-9]{1,9}|open)? *$")]
    minutes: Option<String>,
    /// Paced breathing: `4:6` (in:out seconds), `4:7:8:0`, or a preset name.
    pace: Option<String>,
    /// Guided imagery: a scene id from the practice's `scenes`.
    scene: Option<String>,
    /// Body scan, PMR, movement: body parts that hurt, comma-separated (e.g. `lower-back,hip`), or `none`; the scan lingers there, PMR and movement go gently. Absent here means none: the pages fill in the person's latest check-in of the last 7 days and put it in the URL they give the player.
    painful: Option<String>,
    /// Natural breath: body parts marked as easy or hard to breathe into, comma-separated, or `none`. Absent here means none: the pages fill in those marked after the last session.
    breath_areas: Option<String>,
    /// Timer: minutes between interval bells (`5`, or `0.5` for 30 s). Not with `bells_at`.
    interval: Option<String>,
    /// Timer: minutes after the start to ring at, comma-separated (e.g. `0,25,30,55`).
    #[param(pattern = "^ *[0-9]{0,9} *(, *[0-9]{0,9} *)*$")]
    bells_at: Option<String>,
    /// Timer: seconds to settle in before the first bell.
    #[param(minimum = 0, maximum = 600)]
    delay: Option<u32>,
    /// Progressive relaxation: `gentle` (half strength for the lower back) or `skip`.
    #[param(pattern = "^ *(gentle|skip)? *$")]
    back_mode: Option<String>,
    /// Timer: strikes of each bell, 1 or 2.
    #[param(minimum = 1, maximum = 2)]
    strikes: Option<u8>,
    /// Mindful movement: `seated` speaks every movement the seated way; `any` (the default) lying or seated.
    posture: Option<String>,
}

/// The day filter of the journal lists.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // A description, never built.
pub(crate) struct DayFilter {
    /// First local day to include, YYYY-MM-DD.
    #[param(format = Date)]
    from: Option<String>,
    /// Last local day to include, YYYY-MM-DD (not before `from`).
    #[param(format = Date)]
    to: Option<String>,
}

/// The document, with what every route can answer added to each operation.
pub fn build() -> Document {
    let mut doc = ApiDoc::openapi();
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, op) in [
            ("GET", &mut item.get),
            ("PUT", &mut item.put),
            ("POST", &mut item.post),
            ("DELETE", &mut item.delete),
            ("PATCH", &mut item.patch),
        ] {
            let Some(op) = op else { continue };
            add_common_answers(op);
            add_sign_in_answer(op, method, path);
        }
    }
    doc
}

/// In hosted mode a route that is not open to anyone answers 401 to a
/// caller who is not signed in (`crate::access::RULES` says which).
fn add_sign_in_answer(op: &mut Operation, method: &str, path: &str) {
    let Ok(method) = method.parse::<axum::http::Method>() else {
        return;
    };
    let open =
        crate::access::rule(&method, path).is_none_or(|r| r.who == crate::access::Who::Anyone);
    if open {
        return;
    }
    op.responses
        .responses
        .entry("401".into())
        .or_insert_with(|| {
            ResponseBuilder::new()
                .description("Hosted mode: nobody is signed in, or the session has ended")
                .content(
                    crate::problem::PROBLEM_JSON,
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("Problem")))
                        .build(),
                )
                .build()
                .into()
        });
}

/// 400 (a malformed Host), 403 (another site), 414, 431 and 500 apply to
/// every route alike, and 408, 413 and 415 to every route that takes a JSON
/// body, so they are added here once (where a route has no word of its own).
fn add_common_answers(op: &mut Operation) {
    let takes_body = op.request_body.is_some();
    let problem = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content(
                crate::problem::PROBLEM_JSON,
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build()
    };
    let answers = &mut op.responses.responses;
    answers.entry("403".into()).or_insert_with(|| {
        problem("Sent from another site (Origin or Sec-Fetch-Site), or to a host name other than this computer's").into()
    });
    answers
        .entry("500".into())
        .or_insert_with(|| problem("Failed on the server; nothing was changed").into());
    answers.entry("400".into()).or_insert_with(|| {
        problem("The Host header is missing, repeated or not a valid host and port").into()
    });
    answers
        .entry("414".into())
        .or_insert_with(|| problem("The URL is over 8 KiB").into());
    answers
        .entry("431".into())
        .or_insert_with(|| problem("Over 100 header lines, or over 16 KiB of headers").into());
    if takes_body {
        answers
            .entry("408".into())
            .or_insert_with(|| problem("The body arrived too slowly").into());
        answers
            .entry("413".into())
            .or_insert_with(|| problem("The body is over 64 KiB").into());
        answers
            .entry("415".into())
            .or_insert_with(|| problem("The body is not sent as application/json").into());
    }
}

/// The document as JSON, made once.
fn json() -> &'static [u8] {
    static JSON: OnceLock<Vec<u8>> = OnceLock::new();
    JSON.get_or_init(|| {
        serde_json::to_vec_pretty(&document_json()).unwrap_or_else(|_| b"{}".to_vec())
    })
}

/// The document as served: utoipa's, with the answer schemas written as
/// JSON Schema (`answers.rs`), and every object a request body may hold
/// closed to fields it does not name, as the server refuses them.
pub fn document_json() -> Value {
    let mut doc = serde_json::to_value(build()).unwrap_or_default();
    let schemas = &mut doc["components"]["schemas"];
    for (name, schema) in answers::all() {
        schemas[name] = schema;
    }
    let mut bodies = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for item in paths.values() {
            for op in item.as_object().into_iter().flat_map(|o| o.values()) {
                if let Some(content) = op["requestBody"]["content"].as_object() {
                    bodies.extend(content.values().map(|c| c["schema"].clone()));
                }
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for body in bodies {
        close_objects(&mut doc, &body, &mut seen);
    }
    doc
}

/// Sets `additionalProperties: false` on every object schema `schema`
/// reaches (through `$ref`s, properties, items and `oneOf`) that names its
/// properties and says nothing of others.
fn close_objects(doc: &mut Value, schema: &Value, seen: &mut std::collections::BTreeSet<String>) {
    if let Some(name) = schema["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
    {
        if !seen.insert(name.to_string()) {
            return;
        }
        let mut target = doc["components"]["schemas"][name].take();
        close_inline(doc, &mut target, seen);
        doc["components"]["schemas"][name] = target;
    }
}

fn close_inline(
    doc: &mut Value,
    schema: &mut Value,
    seen: &mut std::collections::BTreeSet<String>,
) {
    if schema.get("$ref").is_some() {
        let r = schema.clone();
        close_objects(doc, &r, seen);
        return;
    }
    if let Some(obj) = schema.as_object_mut() {
        if obj.contains_key("properties") && !obj.contains_key("additionalProperties") {
            obj.insert("additionalProperties".into(), Value::Bool(false));
        }
        if let Some(props) = obj.get_mut("properties").and_then(Value::as_object_mut) {
            for p in props.values_mut() {
                close_inline(doc, p, seen);
            }
        }
        for key in ["items"] {
            if let Some(v) = obj.get_mut(key) {
                close_inline(doc, v, seen);
            }
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            if let Some(list) = obj.get_mut(key).and_then(Value::as_array_mut) {
                for v in list {
                    close_inline(doc, v, seen);
                }
            }
        }
    }
}

/// This document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    operation_id = "openapi",
    summary = "This OpenAPI document",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json", body = OpenApiDocument))
)]
pub(crate) async fn document() -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        json(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::openapi::path::ParameterIn;

    #[test]
    fn the_practice_options_documented_are_the_ones_read() {
        let documented: Vec<String> = PracticeOptions::into_params(|| Some(ParameterIn::Query))
            .into_iter()
            .map(|p| p.name)
            .collect();
        let read: Vec<String> = crate::choice::PARAMS
            .split(", ")
            .map(str::to_string)
            .collect();
        assert_eq!(documented, read);
    }

    #[test]
    fn the_day_filter_documented_is_the_one_read() {
        let documented: Vec<String> = DayFilter::into_params(|| Some(ParameterIn::Query))
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(documented, ["from", "to"]);
        let pairs = vec![
            ("from".to_string(), "2026-11-01".to_string()),
            ("to".to_string(), "2026-11-02".to_string()),
        ];
        let r = crate::range::day_range(&pairs).expect("both read");
        assert!(r.from.is_some() && r.to.is_some());
    }

    #[test]
    fn every_operation_has_a_unique_id_and_the_common_answers() {
        let doc = build();
        let mut ids = std::collections::BTreeSet::new();
        for (path, item) in &doc.paths.paths {
            for op in [&item.get, &item.put, &item.post, &item.delete, &item.patch]
                .into_iter()
                .flatten()
            {
                let id = op.operation_id.clone().unwrap_or_default();
                assert!(!id.is_empty(), "{path} has an operation without an id");
                assert!(ids.insert(id.clone()), "operation id {id} twice");
                for code in ["400", "403", "414", "431", "500"] {
                    assert!(op.responses.responses.contains_key(code), "{id} {code}");
                }
                if op.request_body.is_some() {
                    for code in ["408", "413", "415"] {
                        assert!(op.responses.responses.contains_key(code), "{id} {code}");
                    }
                }
            }
        }
        assert!(ids.len() >= 14, "{ids:?}");
    }
}
