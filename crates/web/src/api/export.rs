//! `GET /api/v1/export/fhir` and `GET /api/v1/export/json`: the whole
//! journal as a FHIR R4 Bundle or as backcalm's own JSON export, for taking
//! it to a clinician or keeping a copy before deleting everything; and
//! `POST /api/v1/import`, which reads that JSON export back (hosted mode's
//! people have no command line to run `backcalm import` on).

use crate::access::Journal;
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Query};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use backcalm_core::export::fhir::to_fhir_bundle;
use backcalm_core::export::json::{from_json, to_json};
use backcalm_core::export::{Export, ImportError, RecordType};
use serde::Serialize;
use uuid::Uuid;

/// The largest export `POST /api/v1/import` reads: ten years of daily
/// check-ins and sessions are about 6 MB.
pub const IMPORT_LIMIT: usize = 32 * 1024 * 1024;

/// The import route, whose body may be up to [`IMPORT_LIMIT`].
pub const IMPORT_PATH: &str = "/api/v1/import";

/// FHIR's own media type (FHIR R4, "JSON Representation").
const FHIR_JSON: &str = "application/fhir+json";

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/export/fhir", get(fhir))
        .route("/api/v1/export/json", get(json))
        // IMPORT_PATH, written out for tests/web/access.rs's scan; the
        // import test sends more than BODY_LIMIT, so the two cannot drift.
        .route(
            "/api/v1/import",
            post(import).layer(DefaultBodyLimit::max(IMPORT_LIMIT)),
        )
}

/// Everything in the journal, stamped with the app clock's now.
async fn everything(state: &AppState) -> Result<Export, Problem> {
    let export = state.store.export_all().await?;
    Ok(Export {
        exported_at: state.now(),
        ..export
    })
}

/// A download: the body with its type and a file name for the browser to save it as.
fn attachment(body: String, content_type: &'static str, file: &'static str) -> Response {
    let mut res = (StatusCode::OK, body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static(file));
    res
}

#[utoipa::path(
    get,
    path = "/api/v1/export/fhir",
    tag = "export",
    operation_id = "exportFhir",
    summary = "The journal as a FHIR R4 Bundle",
    description = "A collection Bundle: pain check-ins as Observations (LOINC 72514-3) and \
        questionnaire answers, for an anonymous patient (no pseudonym). Sessions are not included.",
    responses(
        (status = 200, description = "The Bundle", body = crate::openapi::FhirBundleDoc, content_type = "application/fhir+json"),
    )
)]
pub(crate) async fn fhir(Journal(state): Journal) -> Result<Response, Problem> {
    let export = everything(&state).await?;
    // Like the CLI without --pseudonym: the Patient carries no name at all.
    let bundle = to_fhir_bundle(&export, "", export.exported_at);
    let mut text = serde_json::to_string_pretty(&bundle).map_err(|e| {
        tracing::error!("the FHIR bundle could not be written: {e}");
        Problem::internal()
    })?;
    text.push('\n');
    Ok(attachment(
        text,
        FHIR_JSON,
        "attachment; filename=\"backcalm-fhir.json\"",
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/export/json",
    tag = "export",
    operation_id = "exportJson",
    summary = "The whole journal as backcalm's JSON export",
    description = "Check-ins, sessions and questionnaire answers, as `backcalm export --format json` \
        writes them and `backcalm import` reads them back.",
    responses(
        (status = 200, description = "The export, as a download", body = crate::openapi::JournalExportDoc),
    )
)]
pub(crate) async fn json(Journal(state): Journal) -> Result<Response, Problem> {
    let export = everything(&state).await?;
    Ok(attachment(
        to_json(&export),
        "application/json",
        "attachment; filename=\"backcalm-export.json\"",
    ))
}

/// What `POST /api/v1/import` did, or with `dry_run` would do.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ImportAnswer {
    /// True when nothing was stored: the counts say what an import would do.
    dry_run: bool,
    /// New records stored, by kind.
    added: Added,
    /// Records already in the journal with the same content: left alone.
    unchanged: usize,
    /// Records whose id is in the journal with other content: the journal's
    /// record is kept, and the reason names the fields that differ.
    conflicts: Vec<Conflict>,
    /// Records of the file that could not be read, with the reason.
    rejected: Vec<RejectedRecord>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct Added {
    checkins: usize,
    sessions: usize,
    questionnaires: usize,
}

#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct Conflict {
    id: Uuid,
    reason: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct RejectedRecord {
    /// `checkin`, `session` or `questionnaire`.
    #[schema(value_type = String, example = "checkin")]
    record_type: RecordType,
    /// Its 0-based place in the file's list of that kind.
    index: usize,
    reason: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/import",
    tag = "export",
    operation_id = "importJson",
    summary = "Add the records of a JSON export to the journal",
    description = "The body is a file made by GET /api/v1/export/json or `backcalm export --format json` (up to 32 MiB). \
        Each record is checked; the readable ones are added in one transaction, and the others are listed under rejected with the reason. \
        Importing the same file again changes nothing (unchanged counts them); a record whose id is already kept with other content is left as it is and listed under conflicts. \
        With dry_run=true nothing is stored. 422 when the document is not a backcalm export this version reads, or when every record in it was rejected.",
    params(("dry_run" = Option<bool>, Query, description = "true: check and count, store nothing")),
    request_body(content = crate::openapi::JournalExportDoc, content_type = "application/json"),
    responses(
        (status = 200, description = "What was added, unchanged, in conflict and rejected", body = ImportAnswer),
        (status = 400, description = "The body is not a JSON object, or dry_run is not true or false", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a backcalm export (format, version, or its structure), or every record in it was rejected", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn import(
    Journal(state): Journal,
    q: Result<Query<super::Pairs>, QueryRejection>,
    crate::json::ApiJson(body): crate::json::ApiJson<serde_json::Value>,
) -> Result<Response, Problem> {
    let pairs = super::query_pairs(q)?;
    super::only_params(&pairs, &["dry_run"])?;
    let dry_run = match pairs
        .iter()
        .find(|(k, _)| k == "dry_run")
        .map(|(_, v)| v.trim())
    {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(
                Problem::bad_request(format!("dry_run is {other:?}; use true or false"))
                    .with_field("dry_run"),
            )
        }
    };
    // The body was read as JSON already: what is left is a document that
    // is not an export this backcalm reads, a 422 naming what to fix.
    let report = from_json(&body.to_string()).map_err(|e| {
        let field = match e {
            ImportError::WrongFormat { .. } => "format",
            ImportError::UnsupportedVersion { .. } => "version",
            _ => "body",
        };
        Problem::invalid(field, e.to_string())
    })?;
    let rejected: Vec<RejectedRecord> = report
        .rejected
        .iter()
        .map(|r| RejectedRecord {
            record_type: r.record_type,
            index: r.line_or_index,
            reason: r.reason.clone(),
        })
        .collect();
    if report.accepted() == 0 && !rejected.is_empty() {
        let first = &report.rejected[0];
        return Err(Problem::invalid(
            format!("{}s[{}]", first.record_type.id(), first.line_or_index),
            format!(
                "every record in the file was rejected, so nothing was imported; the first: {}",
                first.reason
            ),
        ));
    }
    let outcome = state.store.import(&report, dry_run).await?;
    let answer = ImportAnswer {
        dry_run,
        added: Added {
            checkins: outcome.added_checkins,
            sessions: outcome.added_sessions,
            questionnaires: outcome.added_answers,
        },
        unchanged: outcome.unchanged,
        conflicts: outcome
            .conflicts
            .into_iter()
            .map(|(id, reason)| Conflict { id, reason })
            .collect(),
        rejected,
    };
    Ok(Json(answer).into_response())
}
