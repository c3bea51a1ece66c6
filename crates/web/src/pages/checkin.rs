//! `/checkin`: the check-in form, sent without JavaScript as a plain POST.
//!
//! Forgery defence: the form carries a per-process token, and a POST whose
//! `Origin` names another site is refused before anything else is read.

use super::checkin_form::{CheckInPage, Entered};
use super::{message_page, render, storage_failed};
use crate::guard::is_cross_site;
use crate::state::AppState;
use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use backcalm_core::FieldError;
use backcalm_store::StoreError;

pub(super) async fn form(State(state): State<AppState>) -> Response {
    let entered = Entered {
        id: state.new_id().to_string(),
        csrf: state.csrf().to_string(),
        ..Entered::default()
    };
    render(StatusCode::OK, &CheckInPage::new(&entered, None))
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

fn refused() -> Response {
    message_page(
        StatusCode::FORBIDDEN,
        "This form could not be accepted",
        "The check-in form was out of date or was sent from another site, so nothing was saved. Open the check-in page again and send it from there.",
        Some(("/checkin", "Open the check-in form")),
    )
}

fn unreadable(r: &FormRejection) -> Response {
    let (title, message) = if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
        (
            "That was too much text",
            "The form was larger than backcalm accepts. Shorten the note and try again.",
        )
    } else {
        (
            "The form could not be read",
            "Nothing was saved. Open the check-in page again and send it from there.",
        )
    };
    message_page(
        r.status(),
        title,
        message,
        Some(("/checkin", "Open the check-in form")),
    )
}

fn again(status: StatusCode, entered: &Entered, error: &FieldError) -> Response {
    render(status, &CheckInPage::new(entered, Some(error)))
}

pub(super) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    if is_cross_site(&headers, &uri) {
        return refused();
    }
    let pairs = match form {
        Ok(Form(pairs)) => pairs,
        Err(r) => return unreadable(&r),
    };
    let mut entered = Entered::from_pairs(&pairs);
    if !same_token(&entered.csrf, state.csrf()) {
        return refused();
    }
    let checkin = match entered
        .to_draft()
        .and_then(|d| d.validate(&state.defaults()))
    {
        Ok(c) => c,
        Err(e) => return again(StatusCode::UNPROCESSABLE_ENTITY, &entered, &e),
    };
    match state.store.insert_checkin(&checkin).await {
        // Sent twice (a double click, a reload): the first one counts, and both end in the history.
        Ok(_) => Redirect::to("/history").into_response(),
        Err(StoreError::Conflict { .. }) => {
            entered.id = state.new_id().to_string();
            let e = FieldError::new(
                "id",
                "An earlier check-in was already saved from this form with other answers; it is in your history. Send the form again to save these answers as a new check-in.",
            );
            again(StatusCode::CONFLICT, &entered, &e)
        }
        Err(e) => storage_failed(e),
    }
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
