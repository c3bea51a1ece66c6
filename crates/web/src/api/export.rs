//! `GET /api/v1/export/fhir` and `GET /api/v1/export/json`: the whole
//! journal as a FHIR R4 Bundle or as backcalm's own JSON export, for taking
//! it to a clinician or keeping a copy before deleting everything.

use crate::access::Journal;
use crate::problem::Problem;
use crate::state::AppState;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use backcalm_core::export::fhir::to_fhir_bundle;
use backcalm_core::export::json::to_json;
use backcalm_core::export::Export;

/// FHIR's own media type (FHIR R4, "JSON Representation").
const FHIR_JSON: &str = "application/fhir+json";

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/export/fhir", get(fhir))
        .route("/api/v1/export/json", get(json))
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
