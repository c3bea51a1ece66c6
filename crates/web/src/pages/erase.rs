//! `/settings/delete`: deleting everything the journal holds, after saying
//! what that is and offering a copy first. The person types "delete" so
//! that a stray click cannot erase their journal.

use super::{message_page, render, storage_failed};
use crate::access::Journal;
use crate::state::AppState;
use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Router};
use backcalm_store::StoreError;

/// The word the person types to confirm.
const CONFIRM_WORD: &str = "delete";

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/settings/delete", get(confirm).post(erase))
}

/// What the journal holds, as "3 check-ins" lines.
struct Holding {
    checkins: usize,
    sessions: usize,
    answers: usize,
    screens: usize,
    reminders: usize,
}

#[derive(Template)]
#[template(path = "erase.html")]
struct ErasePage {
    current: &'static str,
    csrf: String,
    lines: Vec<String>,
    empty: bool,
    error: String,
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Holding {
    async fn read(state: &AppState) -> Result<Self, StoreError> {
        let export = state.store.export_all().await?;
        Ok(Holding {
            checkins: export.checkins.len(),
            sessions: export.sessions.len(),
            answers: export.questionnaires.len(),
            screens: state.store.screens().await?.len(),
            reminders: state.store.reminders().await?.len(),
        })
    }

    fn lines(&self) -> Vec<String> {
        vec![
            count(self.checkins, "check-in", "check-ins"),
            count(self.sessions, "practice session", "practice sessions"),
            count(
                self.answers,
                "questionnaire answer",
                "questionnaire answers",
            ),
            count(self.screens, "safety check", "safety checks"),
            count(self.reminders, "daily reminder", "daily reminders"),
        ]
    }

    fn is_empty(&self) -> bool {
        self.checkins + self.sessions + self.answers + self.screens + self.reminders == 0
    }
}

/// The page, with an error message when the word was wrong.
async fn page(state: &AppState, status: StatusCode, error: String) -> Response {
    match Holding::read(state).await {
        Ok(h) => render(
            status,
            &ErasePage {
                current: "settings",
                csrf: state.csrf(),
                lines: h.lines(),
                empty: h.is_empty(),
                error,
            },
        ),
        Err(e) => storage_failed(e),
    }
}

async fn confirm(Journal(state): Journal) -> Response {
    page(&state, StatusCode::OK, String::new()).await
}

async fn erase(
    Journal(state): Journal,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let typed = form
        .ok()
        .and_then(|Form(pairs)| pairs.into_iter().find(|(k, _)| k == "confirm"))
        .map(|(_, v)| v)
        .unwrap_or_default();
    if !typed.trim().eq_ignore_ascii_case(CONFIRM_WORD) {
        let error = format!(
            "Nothing was deleted. To delete everything, type the word “{CONFIRM_WORD}” in the box."
        );
        return page(&state, StatusCode::UNPROCESSABLE_ENTITY, error).await;
    }
    match state.store.delete_everything().await {
        Ok(_) => done(),
        // The rows are gone; only the scrubbing of the file was put off.
        Err(StoreError::Scrub { reason }) => {
            tracing::warn!("deleted everything, but the file was not scrubbed: {reason}");
            done()
        }
        Err(e) => storage_failed(e),
    }
}

fn done() -> Response {
    message_page(
        StatusCode::OK,
        "Everything is deleted",
        "Your check-ins, sessions, answers, reminders and settings are gone from this computer. You can start again whenever you like.",
        Some(("/", "Go to the start page")),
    )
}
