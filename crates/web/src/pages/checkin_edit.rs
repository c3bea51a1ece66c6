//! `/history/checkins/{id}/edit` and `/history/checkins/{id}/delete`:
//! changing and deleting a stored check-in without JavaScript. (With
//! JavaScript the same forms use PUT and DELETE on the JSON API.)

use super::checkin::form_page;
use super::checkin_form::{CheckInPage, Entered, Mode};
use super::history::checkin_row;
use super::history_record::{confirm_delete, delete_confirmed, named, not_in_journal};
use super::page_form::PageForm;
use super::when::local_time;
use super::{help, render, storage_failed};
use crate::access::Journal;
use crate::state::AppState;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use backcalm_core::CheckIn;

/// The page for a check-in that is not (or no longer) in the journal.
fn gone() -> Response {
    not_in_journal("check-in", "every check-in")
}

/// The stored check-in named by the path, or the page to answer with.
async fn stored(state: &AppState, raw: &str) -> Result<CheckIn, Response> {
    named(raw, gone, |id| state.store.checkin(id)).await
}

fn edit_mode(state: &AppState, c: &CheckIn) -> Mode {
    Mode::Edit {
        when: local_time(c.recorded_at, &c.tz, state.tz()).text,
    }
}

pub(super) async fn form(Journal(state): Journal, Path(raw): Path<String>) -> Response {
    match stored(&state, &raw).await {
        Ok(c) => {
            let entered = Entered::from_checkin(&c, &state.csrf());
            form_page(render(
                StatusCode::OK,
                &CheckInPage::with_mode(&edit_mode(&state, &c), &entered, None),
            ))
        }
        Err(page) => page,
    }
}

pub(super) async fn submit(
    Journal(state): Journal,
    Path(raw): Path<String>,
    PageForm(pairs): PageForm,
) -> Response {
    let old = match stored(&state, &raw).await {
        Ok(c) => c,
        Err(page) => return page,
    };
    let mut entered = Entered::from_pairs(&pairs);
    // The address names the record; a changed hidden field cannot retarget the edit.
    entered.id = old.id.to_string();
    let mode = edit_mode(&state, &old);
    let changed = entered.to_draft().and_then(|mut d| {
        // The page cannot change when it happened or in which zone.
        d.recorded_at = Some(old.recorded_at_rfc3339());
        d.tz = Some(old.tz.to_string());
        d.validate_edit(&old, state.now())
    });
    let c = match changed {
        Ok(c) => c,
        Err(e) => {
            return form_page(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &CheckInPage::with_mode(&mode, &entered, Some(&e)),
            ))
        }
    };
    match state.store.update_checkin(&c).await {
        Ok(true) => {
            Redirect::to(&help::after_check_in_saved(&c, "/history?done=updated")).into_response()
        }
        Ok(false) => gone(),
        Err(e) => storage_failed(e),
    }
}

pub(super) async fn confirm(Journal(state): Journal, Path(raw): Path<String>) -> Response {
    let c = match stored(&state, &raw).await {
        Ok(c) => c,
        Err(page) => return page,
    };
    let row = checkin_row(&c, &state);
    let mut facts = vec![("Pain".to_string(), row.pain)];
    for (label, value) in [
        ("Feels like", row.feel),
        ("Where", row.regions),
        ("Note", row.note),
    ] {
        if !value.is_empty() {
            facts.push((label.to_string(), value));
        }
    }
    confirm_delete(
        &state,
        &format!("Delete the check-in from {}?", row.when.text),
        &facts,
        &format!("/history/checkins/{}/delete", c.id),
        "Delete check-in",
    )
}

pub(super) async fn delete(
    Journal(state): Journal,
    Path(raw): Path<String>,
    // Read, though it holds only the token, so a body that is not a form is still refused.
    PageForm(_): PageForm,
) -> Response {
    delete_confirmed(&raw, gone, |id| state.store.delete_checkin(id)).await
}
