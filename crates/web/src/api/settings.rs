//! `GET /api/v1/settings` and `PUT /api/v1/settings`: the person's settings
//! as one document (core's [`Settings`]); fields left out of a PUT take
//! their defaults, unknown fields are refused.

use crate::json::ApiJson;
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use backcalm_core::settings::Settings;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/settings", get(show).put(replace))
}

async fn show(State(state): State<AppState>) -> Result<Response, Problem> {
    Ok(Json(state.store.settings().await?).into_response())
}

async fn replace(
    State(state): State<AppState>,
    ApiJson(settings): ApiJson<Settings>,
) -> Result<Response, Problem> {
    settings.check()?;
    state.store.save_settings(&settings).await?;
    Ok(Json(settings).into_response())
}
