//! `/api/v1/checkins`: create (idempotent by id), list by day, read, replace, delete.

use super::{id_matches, only_params, query_pairs, record_id, Pairs};
use crate::json::ApiJson;
use crate::problem::Problem;
use crate::range::day_range;
use crate::record_view::CheckInView;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use backcalm_core::{CheckIn, CheckInDraft, Defaults};
use backcalm_store::Insert;

fn answer(status: StatusCode, c: &CheckIn) -> Response {
    (status, Json(CheckInView::from(c))).into_response()
}

fn missing(id: uuid::Uuid) -> Problem {
    Problem::not_found(format!(
        "there is no check-in {id}; list them with GET /api/v1/checkins"
    ))
    .with_field("id")
}

pub(super) async fn create(
    State(state): State<AppState>,
    ApiJson(draft): ApiJson<CheckInDraft>,
) -> Result<Response, Problem> {
    let c = draft.validate(&state.defaults())?;
    Ok(match state.store.insert_checkin(&c).await? {
        Insert::Created(c) => answer(StatusCode::CREATED, &c),
        // The same record sent again (an offline client retrying): not an error.
        Insert::Existing(c) => answer(StatusCode::OK, &c),
    })
}

pub(super) async fn list(
    State(state): State<AppState>,
    q: Result<Query<Pairs>, QueryRejection>,
) -> Result<Response, Problem> {
    let pairs = query_pairs(q)?;
    only_params(&pairs, &["from", "to"])?;
    let range = day_range(&pairs)?;
    let mut all = state.store.checkins(&range).await?;
    all.sort_by_key(|c| (c.recorded_at, c.id));
    let views: Vec<CheckInView<'_>> = all.iter().map(CheckInView::from).collect();
    Ok(Json(views).into_response())
}

pub(super) async fn show(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    let id = record_id(&raw)?;
    match state.store.checkin(id).await? {
        Some(c) => Ok(answer(StatusCode::OK, &c)),
        None => Err(missing(id)),
    }
}

pub(super) async fn replace(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    ApiJson(mut draft): ApiJson<CheckInDraft>,
) -> Result<Response, Problem> {
    let id = record_id(&raw)?;
    id_matches(id, draft.id.as_deref())?;
    let Some(old) = state.store.checkin(id).await? else {
        return Err(missing(id));
    };
    // An edit keeps when it happened unless the client says otherwise.
    draft.id = Some(id.to_string());
    if draft.recorded_at.is_none() {
        draft.recorded_at = Some(old.recorded_at_rfc3339());
    }
    let defaults = Defaults {
        now: state.now(),
        tz: old.tz.clone(),
        new_id: id,
    };
    let c = draft.validate(&defaults)?;
    if state.store.update_checkin(&c).await? {
        Ok(answer(StatusCode::OK, &c))
    } else {
        Err(missing(id))
    }
}

pub(super) async fn remove(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    let id = record_id(&raw)?;
    if state.store.delete_checkin(id).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(missing(id))
    }
}
