//! `/`: a calm welcome with one obvious first step.

use super::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use backcalm_core::Kind;

/// The length offered to someone just starting (CLINICAL.md: beginners start at 1-2 minutes).
const FIRST_MINUTES: u32 = 2;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    current: &'static str,
    /// Where the "start" button goes: a breathing practice at two minutes.
    start_href: Option<String>,
    start_minutes: u32,
}

pub(super) async fn show(State(state): State<AppState>) -> Response {
    // The gentlest start: the first breathing practice (library order) that offers two minutes.
    let start_href = state
        .library
        .practices()
        .iter()
        .find(|p| p.kind == Kind::Breathing && p.minutes().contains(&FIRST_MINUTES))
        .map(|p| format!("/practices/{}?minutes={FIRST_MINUTES}", p.id));
    render(
        StatusCode::OK,
        &HomePage {
            current: "home",
            start_href,
            start_minutes: FIRST_MINUTES,
        },
    )
}
