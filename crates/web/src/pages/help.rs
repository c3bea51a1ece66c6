//! `/help-now`: the person's own crisis and emergency numbers, reached from
//! the "Need help now?" link on every page. After a check-in that calls for
//! it (core's `support::after_check_in`), the check-in form comes here with
//! `?checkin=ID`, and the page opens with a gentle message above the numbers.
//!
//! Also the footer of every page, which names the person's emergency numbers:
//! page routes run inside [`with_numbers`], which reads the settings once per
//! request and keeps the numbers in a task-local that the base template reads
//! through [`footer_emergency`]. A page rendered outside it (the 404 page)
//! names the default numbers.

use super::render;
use super::screen::{number_views, NumberView};
use crate::state::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use backcalm_core::safety::support::{
    after_check_in, check_in_concerns, Support, HELP_NOW_INTRO, HELP_NOW_TITLE,
};
use backcalm_core::safety::CrisisNumbers;
use backcalm_core::CheckIn;
use uuid::Uuid;

tokio::task_local! {
    /// The person's numbers while a page is rendered.
    static NUMBERS: CrisisNumbers;
}

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/help-now", get(show))
}

/// Runs a page request with the person's numbers at hand for the footer. A
/// settings read that fails costs only the personal numbers, never the page.
/// Signed out in hosted mode, the default numbers.
pub async fn with_numbers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(mine) = crate::access::journal_of(&state, req.extensions()) else {
        return NUMBERS.scope(CrisisNumbers::default(), next.run(req)).await;
    };
    let numbers = match mine.store.settings().await {
        Ok(s) => s.crisis_numbers(),
        Err(e) => {
            tracing::error!("settings could not be read for the footer: {e}");
            CrisisNumbers::default()
        }
    };
    NUMBERS.scope(numbers, next.run(req)).await
}

/// The footer's emergency numbers: the person's own, e.g. "000 in Australia".
pub fn footer_emergency() -> String {
    NUMBERS
        .try_with(CrisisNumbers::emergency_phrase)
        .unwrap_or_else(|_| CrisisNumbers::default().emergency_phrase())
}

/// Where a saved check-in form goes: the help page with a gentle message
/// when the check-in calls for crisis lines, else `otherwise`.
pub(super) fn after_check_in_saved(c: &CheckIn, otherwise: &str) -> String {
    if check_in_concerns(c).is_empty() {
        otherwise.to_string()
    } else {
        format!("/help-now?checkin={}#support", c.id)
    }
}

#[derive(Template)]
#[template(path = "help_now.html")]
struct HelpPage {
    current: &'static str,
    title: &'static str,
    intro: &'static str,
    support: Option<Support>,
    numbers: Vec<NumberView>,
}

#[derive(serde::Deserialize)]
struct HelpQuery {
    checkin: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    q: Result<Query<HelpQuery>, QueryRejection>,
) -> Response {
    // The numbers are shown whatever else fails: a bad query or a failed read
    // only costs the message about a check-in.
    let numbers = NUMBERS
        .try_with(Clone::clone)
        .unwrap_or_else(|_| CrisisNumbers::default());
    let checkin = q
        .ok()
        .and_then(|Query(q)| q.checkin)
        .and_then(|id| Uuid::parse_str(id.trim()).ok());
    // Signed out in hosted mode there is no journal to read a check-in from.
    let mine = crate::access::journal_of(&state, &ext);
    let support = match checkin.zip(mine) {
        Some((id, mine)) => match mine.store.checkin(id).await {
            Ok(Some(c)) => after_check_in(&c, &numbers),
            Ok(None) => None,
            Err(e) => {
                tracing::error!("storage error: {e}");
                None
            }
        },
        None => None,
    };
    render(
        StatusCode::OK,
        &HelpPage {
            current: "help",
            title: HELP_NOW_TITLE,
            intro: HELP_NOW_INTRO,
            support,
            numbers: number_views(&numbers),
        },
    )
}
