//! The JSON API under `/api/v1`: practices and their audio, check-ins and
//! sessions, insights, the red-flag screen, questionnaires, the program,
//! lessons, reminders, settings and export, all behind the same-origin rule.
//! The helpers below are what the handlers share: query pairs, record ids
//! from the path, idempotent-create statuses and deletes.

// Visible to the crate so the OpenAPI document can name each handler.
pub(crate) mod audio;
pub(crate) mod auth;
pub(crate) mod checkins;
pub(crate) mod export;
pub(crate) mod insights;
pub(crate) mod instruments;
mod journal;
pub(crate) mod lessons;
pub(crate) mod patients;
pub(crate) mod practices;
pub(crate) mod program;
pub(crate) mod push;
pub(crate) mod reminders;
pub(crate) mod screen;
pub(crate) mod sessions;
pub(crate) mod settings;
pub(crate) mod sharing;

use crate::cross_origin::same_origin_api;
use crate::param::BadParam;
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{middleware, Extension, Router};
use backcalm_app::{shipped, Shipped};
use backcalm_store::{Insert, StoreError};
use std::future::Future;
use uuid::Uuid;

/// The API's routes, with the same-origin rule in front of them.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/practices", get(practices::list))
        .route("/api/v1/practices/{id}", get(practices::show))
        .route("/api/v1/practices/{id}/audio", get(audio::file))
        .route("/api/v1/openapi.json", get(crate::openapi::document))
        .route(
            "/api/v1/checkins",
            get(checkins::list).post(checkins::create),
        )
        .route(
            "/api/v1/checkins/{id}",
            get(checkins::show)
                .put(checkins::replace)
                .delete(checkins::remove),
        )
        .route(
            "/api/v1/sessions",
            get(sessions::list).post(sessions::create),
        )
        .route(
            "/api/v1/sessions/{id}",
            get(sessions::show)
                .put(sessions::replace)
                .delete(sessions::remove),
        )
        .merge(insights::routes())
        .merge(screen::routes())
        .merge(instruments::routes())
        .merge(program::routes())
        .merge(lessons::routes())
        .merge(reminders::routes())
        .merge(settings::routes())
        .merge(export::routes())
        .merge(auth::routes())
        .merge(sharing::routes())
        .merge(push::routes())
        .merge(patients::routes())
        .route_layer(middleware::from_fn(same_origin_api))
        .layer(Extension(audio::AudioCache::default()))
}

/// Query pairs in order, repeated keys kept.
type Pairs = Vec<(String, String)>;

/// The query string as pairs, or a 400 problem.
fn query_pairs(q: Result<Query<Pairs>, QueryRejection>) -> Result<Pairs, Problem> {
    q.map(|Query(p)| p).map_err(|e| {
        Problem::bad_request(format!(
            "the query string could not be read: {}",
            e.body_text()
        ))
    })
}

/// Refuses query parameters a list route does not take.
fn only_params(pairs: &Pairs, allowed: &[&str]) -> Result<(), Problem> {
    match pairs.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
        None => Ok(()),
        Some((k, _)) => Err(BadParam::malformed(
            k,
            format!("is not a parameter here; use {}", allowed.join(", ")),
        )
        .into()),
    }
}

/// A record id from the path.
fn record_id(raw: &str) -> Result<Uuid, Problem> {
    Uuid::parse_str(raw).map_err(|_| {
        Problem::bad_request(format!(
            "{raw:?} is not a record id; ids are UUIDs like 0b6f5a2e-…"
        ))
        .with_field("id")
    })
}

/// The draft's own id must agree with the path's, when it gives one.
fn id_matches(path: Uuid, draft: Option<&str>) -> Result<(), Problem> {
    match draft.map(|s| Uuid::parse_str(s.trim())) {
        None => Ok(()),
        Some(Ok(id)) if id == path => Ok(()),
        Some(_) => Err(Problem::invalid(
            "id",
            format!("differs from the id in the URL ({path}); leave it out or make them match"),
        )),
    }
}

/// The status of an idempotent create and the record to answer with: 201
/// for a new record, 200 for the same record sent again (an offline client
/// retrying), which is not an error.
fn insert_status<T>(insert: Insert<T>) -> (StatusCode, T) {
    match insert {
        Insert::Created(t) => (StatusCode::CREATED, t),
        Insert::Existing(t) => (StatusCode::OK, t),
    }
}

/// Deletes the record whose id the path gives (`raw`) with `delete`: 204, or
/// `missing`'s 404 when there was none.
async fn remove_record<F, Fut>(
    raw: &str,
    delete: F,
    missing: fn(Uuid) -> Problem,
) -> Result<Response, Problem>
where
    F: FnOnce(Uuid) -> Fut,
    Fut: Future<Output = Result<bool, StoreError>>,
{
    let id = record_id(raw)?;
    if delete(id).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(missing(id))
    }
}

/// The shipped lessons, questionnaires and program; if they do not load (the
/// content tests keep that from happening) the operator gets why and the
/// person a 500.
fn shipped_content() -> Result<&'static Shipped, Problem> {
    shipped().map_err(|e| {
        tracing::error!("{e}");
        Problem::internal()
    })
}
