//! `GET /api/v1/practices` and `GET /api/v1/practices/{id}`.

use super::{query_pairs, Pairs};
use crate::choice::compile_choice;
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use backcalm_core::Kind;
use serde::Serialize;

/// One entry of the library.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = PracticeSummary)]
pub(crate) struct Entry<'a> {
    id: &'a str,
    #[schema(value_type = crate::openapi::KindDoc)]
    kind: Kind,
    title: &'a str,
    summary: &'a str,
    minutes: Vec<u32>,
    default_minutes: u32,
    /// Imagery scene ids, when the practice has scenes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    scenes: Vec<&'a str>,
    /// Whether the practice runs the breath pacer (and so takes `pace`).
    paced: bool,
}

#[utoipa::path(
    get,
    path = "/api/v1/practices",
    tag = "practices",
    operation_id = "listPractices",
    summary = "Every practice in the library",
    responses(
        (status = 200, description = "The practices, in library order", body = Vec<Entry>),
    )
)]
pub(crate) async fn list(State(state): State<AppState>) -> Response {
    let entries: Vec<Entry<'_>> = state
        .library
        .practices()
        .iter()
        .map(|p| Entry {
            id: &p.id,
            kind: p.kind,
            title: &p.title,
            summary: &p.summary,
            minutes: p.minutes(),
            default_minutes: p.default_minutes,
            scenes: p.scenes.iter().map(|s| s.id.as_str()).collect(),
            paced: p.is_paced(),
        })
        .collect();
    Json(entries).into_response()
}

#[utoipa::path(
    get,
    path = "/api/v1/practices/{id}",
    tag = "practices",
    operation_id = "compilePractice",
    summary = "A practice compiled to the chosen length and options",
    description = "Every cue (speech, bell, breath phase) at its millisecond; the total length is exact.",
    params(
        ("id" = String, Path, description = "Practice id, e.g. natural-breath"),
        crate::openapi::PracticeOptions,
    ),
    responses(
        (status = 200, description = "The compiled session", body = crate::openapi::TimelineDoc),
        (status = 400, description = "A parameter could not be read, or is not a practice option", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such practice", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A value does not suit this practice (length out of range, unknown scene, an option for another kind)", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
    q: Result<Query<Pairs>, QueryRejection>,
) -> Result<Response, Problem> {
    let pairs = query_pairs(q)?;
    let Some(p) = state.library.get(&id) else {
        return Err(Problem::not_found(format!(
            "there is no practice {id:?}; choose one of {}",
            state.library.ids()
        ))
        .with_field("id"));
    };
    let timeline = compile_choice(p, &pairs)?;
    Ok(Json(timeline).into_response())
}
