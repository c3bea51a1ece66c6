//! `GET /api/v1/settings` and `PUT /api/v1/settings`: the person's settings
//! as one document (core's [`Settings`]); fields left out of a PUT take
//! their defaults, unknown fields are refused.

use crate::access::Journal;
use crate::json::ApiJson;
use crate::problem::Problem;
use crate::state::AppState;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use backcalm_core::settings::Settings;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/settings", get(show).put(replace))
}

#[utoipa::path(
    get,
    path = "/api/v1/settings",
    tag = "settings",
    operation_id = "getSettings",
    summary = "The settings",
    description = "weekly_goal_minutes, show_streak, country, crisis, announce_phases, reminders_per_day, program_start; the defaults until saved.",
    responses(
        (status = 200, description = "The settings", body = crate::openapi::SettingsDoc),
    )
)]
pub(crate) async fn show(Journal(state): Journal) -> Result<Response, Problem> {
    Ok(Json(state.store.settings().await?).into_response())
}

#[utoipa::path(
    put,
    path = "/api/v1/settings",
    tag = "settings",
    operation_id = "putSettings",
    summary = "Replace the settings",
    description = "Fields left out take their defaults; unknown fields are refused.",
    request_body(content = crate::openapi::SettingsDoc, content_type = "application/json", description = "The settings, as GET answers them"),
    responses(
        (status = 200, description = "Saved", body = crate::openapi::SettingsDoc),
        (status = 400, description = "The body is not JSON of this shape", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A value is not valid; field names it", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn replace(
    Journal(state): Journal,
    ApiJson(settings): ApiJson<Settings>,
) -> Result<Response, Problem> {
    settings.check()?;
    state.store.save_settings(&settings).await?;
    Ok(Json(settings).into_response())
}
