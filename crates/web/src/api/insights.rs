//! `GET /api/v1/insights`: core's [`Insights`](backcalm_core::insights::Insights)
//! for today (the server clock's local date in the app's zone), computed from
//! the whole journal with the person's weekly goal. The same numbers as the
//! `/insights` page.

use crate::problem::Problem;
use crate::progress::{insights_of, Journal};
use crate::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/insights", get(show))
}

async fn show(State(state): State<AppState>) -> Result<Response, Problem> {
    let journal = Journal::load(&state).await?;
    Ok(Json(insights_of(&state, &journal)).into_response())
}
