//! Server-rendered pages: they work without JavaScript, and every one carries
//! the not-medical-advice notice and the person's emergency numbers in its
//! footer, and a "Need help now?" link in its header (see
//! `templates/base.html` and [`help`]).

mod checkin;
mod checkin_edit;
mod checkin_form;
mod checkin_map;
mod erase;
pub(crate) mod help;
mod history;
mod history_record;
mod history_session;
mod home;
mod insights;
mod lessons;
mod page_form;
mod player;
mod practices;
mod questionnaire;
mod report;
mod screen;
mod script;
mod select;
mod settings;
mod signin;
mod today;
pub(crate) mod when;

use crate::state::AppState;
use askama::Template;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

tokio::task_local! {
    /// Whether the journal has reminders, while a page is being answered.
    static REMINDERS_SET: bool;
}

/// For `templates/base.html`: whether the page should keep time for
/// reminders (`<html data-reminders>`, read by `static/journal/app.js`), so
/// that pages load `static/reminders.js` and ask `/api/v1/reminders` only
/// when there is a reminder to keep.
pub(crate) fn reminders_set() -> bool {
    REMINDERS_SET.try_with(|set| *set).unwrap_or(false)
}

/// Looks up once per page whether any reminder is set. A journal that cannot
/// be read says "no": the page itself reports the storage problem if it has one.
pub(crate) async fn with_reminders(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let set = match crate::access::journal_of(&state, req.extensions()) {
        Some(mine) => mine
            .store
            .reminders()
            .await
            .is_ok_and(|list| !list.is_empty()),
        None => false,
    };
    REMINDERS_SET.scope(set, next.run(req)).await
}

/// The page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/practices", get(practices::list))
        .route("/practices/{id}", get(practices::show))
        .merge(checkin::routes())
        .merge(history::routes())
        .merge(player::routes())
        .merge(insights::routes())
        .merge(lessons::routes())
        .merge(screen::routes())
        .merge(questionnaire::routes())
        .merge(settings::routes())
        .merge(today::routes())
        .merge(report::routes())
        .merge(erase::routes())
        .merge(help::routes())
        .merge(signin::routes())
}

/// Renders a template with a status; a template failure is a plain 500 page.
fn render<T: Template>(status: StatusCode, page: &T) -> Response {
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => {
            tracing::error!("a page failed to render: {e}");
            let mut res = (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on the server. Please try again.",
            )
                .into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            res
        }
    }
}

/// A page that only says something: errors, refusals.
#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage<'a> {
    current: &'static str,
    title: &'a str,
    message: &'a str,
    /// Where to go from here: (href, label).
    next: Option<(&'a str, &'a str)>,
}

/// A full page with a heading and one message.
fn message_page(
    status: StatusCode,
    title: &str,
    message: &str,
    next: Option<(&str, &str)>,
) -> Response {
    render(
        status,
        &MessagePage {
            current: "",
            title,
            message,
            next,
        },
    )
}

/// 404 for a path outside the API.
pub fn not_found_page(path: &str) -> Response {
    let message =
        format!("There is no page at {path}. It may have moved, or the address may have a typo.");
    message_page(
        StatusCode::NOT_FOUND,
        "Page not found",
        &message,
        Some(("/", "Go to the start page")),
    )
}

/// 405 for a page route asked with the wrong method.
pub fn method_not_allowed_page(method: &Method) -> Response {
    let message =
        format!("This page cannot be used with {method}. Open it by following a link instead.");
    message_page(
        StatusCode::METHOD_NOT_ALLOWED,
        "That did not work",
        &message,
        Some(("/", "Go to the start page")),
    )
}

/// 500 for a page whose data could not be read or saved.
fn server_error_page() -> Response {
    message_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "backcalm could not reach its journal just now. Nothing you entered was lost on purpose, but it may not have been saved. Please try again in a moment.",
        Some(("/", "Go to the start page")),
    )
}

/// Logs a storage failure for the operator and answers with the generic page.
fn storage_failed(e: backcalm_store::StoreError) -> Response {
    tracing::error!("storage error: {e}");
    server_error_page()
}

/// The time a new record's form carries from its first render: now to the
/// second, with the offset of the server's zone. Sending the form again then
/// sends the same time, so a double submit is one record.
pub(crate) fn form_time(state: &AppState) -> String {
    let now = state.now();
    let tidy = now.round(jiff::Unit::Second).unwrap_or(now);
    backcalm_core::journal::rfc3339_in(tidy, state.tz())
}
