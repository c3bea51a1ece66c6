//! `/checkin`: the check-in form, sent without JavaScript as a plain POST.
//!
//! Forgery defence: every journal form carries a per-process token, checked
//! with the sender's site by `security.rs` before the handler runs.

use super::checkin_form::{CheckInPage, Entered};
use super::page_form::PageForm;
use super::{help, render, storage_failed};
use crate::access::Journal;
use crate::state::AppState;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use backcalm_core::journal::Filled;
use backcalm_core::FieldError;
use backcalm_store::StoreError;

/// The check-in form and the pages that edit and delete stored check-ins.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/checkin", get(form).post(submit))
        .route(
            "/history/checkins/{id}/edit",
            get(super::checkin_edit::form).post(super::checkin_edit::submit),
        )
        .route(
            "/history/checkins/{id}/delete",
            get(super::checkin_edit::confirm).post(super::checkin_edit::delete),
        )
}

/// Marks a page that holds a journal form. Under the site-wide
/// `Referrer-Policy: no-referrer` Chromium sends `Origin: null` with a form
/// POST, which the same-site check must refuse; `same-origin` still keeps
/// every referrer inside the site and lets the form's real origin through.
pub(super) fn form_page(mut res: Response) -> Response {
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    res
}

pub(super) async fn form(Journal(state): Journal) -> Response {
    // The id and the time are fixed now and travel in the form, so sending
    // it twice (a double click, a reload) saves one check-in.
    let entered = Entered {
        id: state.new_id().to_string(),
        csrf: state.csrf(),
        recorded_at: super::form_time(&state),
        ..Entered::default()
    };
    form_page(render(StatusCode::OK, &CheckInPage::new(&entered, None)))
}

fn again(status: StatusCode, entered: &Entered, error: &FieldError) -> Response {
    form_page(render(status, &CheckInPage::new(entered, Some(error))))
}

pub(super) async fn submit(Journal(state): Journal, PageForm(pairs): PageForm) -> Response {
    let entered = Entered::from_pairs(&pairs);
    let checkin = match entered
        .to_draft()
        .and_then(|d| d.validate(&state.defaults()))
    {
        Ok(c) => c,
        Err(e) => return again(StatusCode::UNPROCESSABLE_ENTITY, &entered, &e),
    };
    match state
        .store
        .create_checkin(&checkin, &draft_filled(&entered))
        .await
    {
        // Sent twice (a double click, a reload): one check-in, and the history shows it.
        Ok(stored) => Redirect::to(&help::after_check_in_saved(
            &stored.into_inner(),
            "/history",
        ))
        .into_response(),
        // The same form sent again with other answers (the back button, then a
        // change). Nothing is saved from it: the first check-in stands, and the
        // way on is to change that one, never a second copy.
        Err(StoreError::Conflict { id }) => {
            let e = FieldError::new(
                "conflict",
                format!("Check-in {id} was already saved from this form with other answers, so nothing was saved this time. To change its answers, edit the saved check-in."),
            );
            again(StatusCode::CONFLICT, &entered, &e)
        }
        Err(e) => storage_failed(e),
    }
}

/// What the server fills in for this form: the zone always, the time when
/// the form came without one (a page from before the time was carried).
fn draft_filled(entered: &Entered) -> Filled {
    Filled::none()
        .and("recorded_at", entered.recorded_at.trim().is_empty())
        .and("tz", true)
}
