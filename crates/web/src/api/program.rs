//! `GET /api/v1/program`: the 8-week program, the person's current week, and
//! today's step (core's [`Today`](backcalm_core::program::Today)).

use crate::access::Journal;
use crate::problem::Problem;
use crate::state::AppState;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use backcalm_core::program::{ProgramView, Today};
use jiff::civil::Date;
use serde::Serialize;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/program", get(show))
}

/// `{ "weeks": [...], "current_week", "start", "today": {...} }`.
#[derive(Serialize)]
struct ProgramAnswer {
    #[serde(flatten)]
    view: ProgramView,
    /// The day the program began, or null before the first practice.
    start: Option<Date>,
    /// What the program offers today (week 1, day 1 before it has begun).
    today: Today,
}

#[utoipa::path(
    get,
    path = "/api/v1/program",
    tag = "program",
    operation_id = "getProgram",
    summary = "The 8-week program and today's step",
    description = "weeks: every week (week, kind, practice, lesson, also_read, daily_minutes, short_minutes, questionnaires, title); current_week (null before the first practice); start; today: what the program offers today, with short_minutes, also_read, questionnaires_due, and flare (null, or why today is a flare day: tapped, pain, mean_7_days, instead_of) when the offer is kept to 1-3 minutes of breathing or imagery.",
    responses(
        (status = 200, description = "The program", body = crate::openapi::ProgramDoc),
    )
)]
pub(crate) async fn show(Journal(state): Journal) -> Result<Response, Problem> {
    let snapshot = state.snapshot().await?;
    let Some(now) = state.program_now(&snapshot) else {
        tracing::error!("the shipped program does not load");
        return Err(Problem::internal());
    };
    Ok(Json(ProgramAnswer {
        view: now.view,
        start: now.start,
        today: now.today,
    })
    .into_response())
}
