//! What the check-in and session pages under `/history/{kind}/{id}/` share:
//! the record the address names (or the page saying it is not in the
//! journal), the "Delete this?" page and the confirmed delete.

use super::checkin::form_page;
use super::{message_page, render, storage_failed};
use crate::state::AppState;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use backcalm_store::StoreError;
use std::future::Future;
use uuid::Uuid;

/// The page for a record that is not (or no longer) in the journal: `what`
/// it is ("check-in") and what the history lists ("every check-in").
pub(super) fn not_in_journal(what: &str, listed: &str) -> Response {
    message_page(
        StatusCode::NOT_FOUND,
        &format!("That {what} is not in your journal"),
        &format!("It may have been deleted already, or the address may be incomplete. Your history lists {listed} there is."),
        Some(("/history", "Go to your history")),
    )
}

/// The stored record named by `raw` as `load` finds it, or the page to
/// answer with: `gone` for an id that names none, the storage page when
/// the journal cannot be read.
pub(super) async fn named<T, F, Fut>(
    raw: &str,
    gone: fn() -> Response,
    load: F,
) -> Result<T, Response>
where
    F: FnOnce(Uuid) -> Fut,
    Fut: Future<Output = Result<Option<T>, StoreError>>,
{
    let Ok(id) = Uuid::parse_str(raw) else {
        return Err(gone());
    };
    match load(id).await {
        Ok(Some(r)) => Ok(r),
        Ok(None) => Err(gone()),
        Err(e) => Err(storage_failed(e)),
    }
}

/// "Delete this?" with what would be deleted: the page a delete link opens
/// without JavaScript.
#[derive(Template)]
#[template(path = "history_delete.html")]
struct DeletePage<'a> {
    current: &'static str,
    title: &'a str,
    /// What the record says: (label, value).
    facts: &'a [(String, String)],
    /// Where the confirming form is sent.
    action: &'a str,
    csrf: &'a str,
    button: &'a str,
}

/// The "Delete this?" page: `facts` are (label, value) from the record,
/// `action` where the confirming form posts.
pub(super) fn confirm_delete(
    state: &AppState,
    title: &str,
    facts: &[(String, String)],
    action: &str,
    button: &str,
) -> Response {
    let csrf = state.csrf();
    form_page(render(
        StatusCode::OK,
        &DeletePage {
            current: "history",
            title,
            facts,
            action,
            csrf: &csrf,
            button,
        },
    ))
}

/// The confirmed delete of a record posted from the "Delete this?" page (its
/// token already checked by `security.rs`): `delete` removes the record named
/// by `raw` and the history says so; `gone` answers for an id that names no record.
pub(super) async fn delete_confirmed<F, Fut>(
    raw: &str,
    gone: fn() -> Response,
    delete: F,
) -> Response
where
    F: FnOnce(Uuid) -> Fut,
    Fut: Future<Output = Result<bool, StoreError>>,
{
    let Ok(id) = Uuid::parse_str(raw) else {
        return gone();
    };
    match delete(id).await {
        Ok(true) => Redirect::to("/history?done=deleted").into_response(),
        Ok(false) => gone(),
        Err(e) => storage_failed(e),
    }
}
