//! `GET /api/v1/insights`: core's [`Insights`](backcalm_core::insights::Insights)
//! for today (the server clock's local date in the app's zone), computed from
//! the whole journal with the person's weekly goal. The same numbers as the
//! `/insights` page.

use crate::access::Journal;
use crate::problem::Problem;
use crate::state::AppState;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/insights", get(show))
}

#[utoipa::path(
    get,
    path = "/api/v1/insights",
    tag = "insights",
    operation_id = "getInsights",
    summary = "Insights for today",
    description = "Computed from the whole journal for today (the server clock's local date in the app's zone) with the weekly goal from the settings: baseline change with its IMMPACT label, daily pain with its 7-day mean, minutes per week, days practised, the opt-in streak, per-technique before/after effects with 95% intervals, sleep and stress against next-day pain, and what to log where there is not enough data yet.",
    responses(
        (status = 200, description = "Core's Insights", body = crate::openapi::InsightsDoc),
    )
)]
pub(crate) async fn show(Journal(state): Journal) -> Result<Response, Problem> {
    let snapshot = state.snapshot().await?;
    Ok(Json(state.insights(&snapshot)).into_response())
}
