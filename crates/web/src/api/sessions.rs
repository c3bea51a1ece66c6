//! `/api/v1/sessions`: create (idempotent by id), list by day, read, replace, delete.

use super::{id_matches, only_params, query_pairs, record_id, Pairs};
use crate::json::ApiJson;
use crate::problem::Problem;
use crate::range::day_range;
use crate::record_view::SessionView;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use backcalm_core::{Defaults, SessionDraft, SessionRecord};
use backcalm_store::Insert;

fn answer(status: StatusCode, c: &SessionRecord) -> Response {
    (status, Json(SessionView::from(c))).into_response()
}

fn missing(id: uuid::Uuid) -> Problem {
    Problem::not_found(format!(
        "there is no session {id}; list them with GET /api/v1/sessions"
    ))
    .with_field("id")
}

#[utoipa::path(
    post,
    path = "/api/v1/sessions",
    tag = "sessions",
    operation_id = "createSession",
    summary = "Record a session",
    description = "Idempotent by id: sending the same record again answers 200 with the stored one.",
    request_body(content = crate::openapi::SessionDraftDoc, content_type = "application/json"),
    responses(
        (status = 201, description = "Recorded", body = crate::record_view::SessionView),
        (status = 200, description = "The same record was already stored", body = crate::record_view::SessionView),
        (status = 400, description = "The body is not JSON of this shape", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "A different record has this id", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A value is not valid; field names it", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    ApiJson(draft): ApiJson<SessionDraft>,
) -> Result<Response, Problem> {
    let c = draft.validate(&state.defaults(), |p| state.knows_practice(p))?;
    Ok(match state.store.insert_session(&c).await? {
        Insert::Created(c) => answer(StatusCode::CREATED, &c),
        // The same record sent again (an offline client retrying): not an error.
        Insert::Existing(c) => answer(StatusCode::OK, &c),
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/sessions",
    tag = "sessions",
    operation_id = "listSessions",
    summary = "Sessions, oldest first, optionally only some days",
    params(crate::openapi::DayFilter),
    responses(
        (status = 200, description = "The sessions on those days", body = Vec<crate::record_view::SessionView>),
        (status = 400, description = "A date could not be read, or an unknown parameter", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "to is before from", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    q: Result<Query<Pairs>, QueryRejection>,
) -> Result<Response, Problem> {
    let pairs = query_pairs(q)?;
    only_params(&pairs, &["from", "to"])?;
    let range = day_range(&pairs)?;
    let mut all = state.store.sessions(&range).await?;
    all.sort_by_key(|c| (c.started_at, c.id));
    let views: Vec<SessionView<'_>> = all.iter().map(SessionView::from).collect();
    Ok(Json(views).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}",
    tag = "sessions",
    operation_id = "getSession",
    summary = "One session",
    params(("id" = String, Path, format = Uuid, description = "The session's id")),
    responses(
        (status = 200, description = "The session", body = crate::record_view::SessionView),
        (status = 400, description = "The id is not a UUID", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn show(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    let id = record_id(&raw)?;
    match state.store.session(id).await? {
        Some(c) => Ok(answer(StatusCode::OK, &c)),
        None => Err(missing(id)),
    }
}

#[utoipa::path(
    put,
    path = "/api/v1/sessions/{id}",
    tag = "sessions",
    operation_id = "replaceSession",
    summary = "Change a session",
    description = "The whole record is replaced; a time left out keeps the stored one.",
    params(("id" = String, Path, format = Uuid, description = "The session's id")),
    request_body(content = crate::openapi::SessionDraftDoc, content_type = "application/json"),
    responses(
        (status = 200, description = "Changed", body = crate::record_view::SessionView),
        (status = 400, description = "The id or the body could not be read", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed by another request at the same moment", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A value is not valid, or the body's id differs from the URL's", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn replace(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    ApiJson(mut draft): ApiJson<SessionDraft>,
) -> Result<Response, Problem> {
    let id = record_id(&raw)?;
    id_matches(id, draft.id.as_deref())?;
    let Some(old) = state.store.session(id).await? else {
        return Err(missing(id));
    };
    // An edit keeps when it started unless the client says otherwise.
    draft.id = Some(id.to_string());
    if draft.started_at.is_none() {
        draft.started_at = Some(old.started_at_rfc3339());
    }
    let defaults = Defaults {
        now: state.now(),
        tz: old.tz.clone(),
        new_id: id,
    };
    let c = draft.validate(&defaults, |p| state.knows_practice(p))?;
    if state.store.update_session(&c).await? {
        Ok(answer(StatusCode::OK, &c))
    } else {
        Err(missing(id))
    }
}

#[utoipa::path(
    delete,
    path = "/api/v1/sessions/{id}",
    tag = "sessions",
    operation_id = "deleteSession",
    summary = "Delete a session for good",
    params(("id" = String, Path, format = Uuid, description = "The session's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "The id is not a UUID", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn remove(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    let id = record_id(&raw)?;
    if state.store.delete_session(id).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(missing(id))
    }
}
