//! `/checkin`: the check-in form, sent without JavaScript as a plain POST.
//!
//! Forgery defence: every journal form carries a per-process token, and a
//! POST whose `Origin` names another site is refused before anything else is
//! read ([`verified_pairs`], shared by the edit and delete forms).

use super::checkin_form::{CheckInPage, Entered};
use super::{help, message_page, render, storage_failed};
use crate::cross_origin::is_cross_site;
use crate::state::AppState;
use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
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

pub(super) async fn form(State(state): State<AppState>) -> Response {
    // The id and the time are fixed now and travel in the form, so sending
    // it twice (a double click, a reload) saves one check-in.
    let entered = Entered {
        id: state.new_id().to_string(),
        csrf: state.csrf().to_string(),
        recorded_at: super::form_time(&state),
        ..Entered::default()
    };
    form_page(render(StatusCode::OK, &CheckInPage::new(&entered, None)))
}

/// Compares without stopping at the first difference, so timing says nothing about the token.
fn same_token(given: &str, expected: &str) -> bool {
    given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// Where to go after a refused or unreadable form: (href, label).
pub(super) type Back<'a> = (&'a str, &'a str);

/// The check-in form's way back.
const CHECKIN_BACK: Back<'static> = ("/checkin", "Open the check-in form");

fn refused(back: Back<'_>) -> Response {
    message_page(
        StatusCode::FORBIDDEN,
        "This form could not be accepted",
        "The form was out of date or was sent from another site, so nothing was changed. Open the page again and send it from there.",
        Some(back),
    )
}

fn unreadable(r: &FormRejection, back: Back<'_>) -> Response {
    let (title, message) = if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
        (
            "That was too much text",
            "The form was larger than backcalm accepts. Shorten the note and try again.",
        )
    } else {
        (
            "The form could not be read",
            "Nothing was changed. Open the page again and send it from there.",
        )
    };
    message_page(r.status(), title, message, Some(back))
}

/// The pairs of a journal form sent from this site with this process's
/// token, or the page that says why it was refused (with `back` as the way on).
/// Other pages with forms use it too (questionnaires, the screen, settings).
// The refusal is the whole answer and is rare; boxing it would only move the allocation.
#[allow(clippy::result_large_err)]
pub(super) fn verified_pairs(
    state: &AppState,
    headers: &HeaderMap,
    uri: &Uri,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
    back: Back<'_>,
) -> Result<Vec<(String, String)>, Response> {
    if is_cross_site(headers, uri) {
        return Err(refused(back));
    }
    let pairs = match form {
        Ok(Form(pairs)) => pairs,
        Err(r) => return Err(unreadable(&r, back)),
    };
    let token = pairs
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    if !same_token(token, state.csrf()) {
        return Err(refused(back));
    }
    Ok(pairs)
}

fn again(status: StatusCode, entered: &Entered, error: &FieldError) -> Response {
    form_page(render(status, &CheckInPage::new(entered, Some(error))))
}

pub(super) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let pairs = match verified_pairs(&state, &headers, &uri, form, CHECKIN_BACK) {
        Ok(p) => p,
        Err(page) => return page,
    };
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

#[cfg(test)]
mod tests {
    use super::same_token;

    #[test]
    fn token_must_match_exactly() {
        assert!(same_token("abc123", "abc123"));
        assert!(!same_token("abc124", "abc123"));
        assert!(!same_token("abc12", "abc123"));
        assert!(!same_token("", "abc123"));
    }
}
