//! Daily reminders: `GET/POST /api/v1/reminders`, `DELETE
//! /api/v1/reminders/{id}`, and `GET /api/v1/reminders.ics`, the calendar a
//! calendar app subscribes to (core's [`ics`]). backcalm keeps to one
//! reminder a day unless the person allows more in their settings.

use super::record_id;
use crate::json::ApiJson;
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use backcalm_core::reminder::{ics, validate_new, Reminder, ReminderError};
use backcalm_core::TzName;
use backcalm_store::Insert;
use serde::Deserialize;
use uuid::Uuid;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/reminders", get(list).post(create))
        .route("/api/v1/reminders/{id}", delete(remove).get(show))
        .route("/api/v1/reminders.ics", get(calendar))
}

fn reminder_problem(e: &ReminderError) -> Problem {
    match e {
        ReminderError::BadTime { .. } => Problem::invalid("time", e.to_string()),
        ReminderError::LabelTooLong { .. } => Problem::invalid("label", e.to_string()),
        ReminderError::OneADay { .. } | ReminderError::Duplicate { .. } => {
            Problem::conflict(e.to_string()).with_field("time")
        }
    }
}

async fn list(State(state): State<AppState>) -> Result<Response, Problem> {
    Ok(Json(state.store.reminders().await?).into_response())
}

/// `POST /api/v1/reminders`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReminderDraft {
    id: Option<String>,
    /// `HH:MM`, 24-hour.
    time: String,
    /// IANA zone; the app's zone when absent.
    tz: Option<String>,
    /// What the calendar shows; a gentle default when absent.
    label: Option<String>,
}

async fn create(
    State(state): State<AppState>,
    ApiJson(draft): ApiJson<ReminderDraft>,
) -> Result<Response, Problem> {
    let id = match draft.id.as_deref() {
        None => state.new_id(),
        Some(s) => Uuid::parse_str(s.trim()).map_err(|_| {
            Problem::invalid(
                "id",
                format!("{s:?} is not a UUID; leave it out to get a new one"),
            )
        })?,
    };
    let tz = match draft.tz.as_deref() {
        None => state.tz().clone(),
        Some(s) => TzName::new(s.trim()).map_err(|e| Problem::invalid("tz", e.to_string()))?,
    };
    let r = Reminder::new(id, &draft.time, tz, draft.label.as_deref().unwrap_or(""))
        .map_err(|e| reminder_problem(&e))?;
    let existing = state.store.reminders().await?;
    // The same reminder sent again (a retry) is not a second reminder.
    if let Some(same) = existing.iter().find(|e| **e == r) {
        return Ok((StatusCode::OK, Json(same.clone())).into_response());
    }
    let settings = state.store.settings().await?;
    validate_new(&existing, &r, settings.reminders_per_day > 1)
        .map_err(|e| reminder_problem(&e))?;
    if !settings.allows_another_reminder(existing.len()) {
        return Err(Problem::conflict(format!(
            "there are already {} daily reminders, the most your settings allow ({}); remove one, or allow more with PUT /api/v1/settings",
            existing.len(),
            settings.reminders_per_day
        ))
        .with_field("time"));
    }
    let (status, stored) = match state.store.insert_reminder(&r).await? {
        Insert::Created(r) => (StatusCode::CREATED, r),
        Insert::Existing(r) => (StatusCode::OK, r),
    };
    Ok((status, Json(stored)).into_response())
}

fn missing(id: Uuid) -> Problem {
    Problem::not_found(format!(
        "there is no reminder {id}; list them with GET /api/v1/reminders"
    ))
    .with_field("id")
}

async fn show(State(state): State<AppState>, Path(raw): Path<String>) -> Result<Response, Problem> {
    let id = record_id(&raw)?;
    match state.store.reminder(id).await? {
        Some(r) => Ok(Json(r).into_response()),
        None => Err(missing(id)),
    }
}

async fn remove(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    let id = record_id(&raw)?;
    if state.store.delete_reminder(id).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(missing(id))
    }
}

async fn calendar(State(state): State<AppState>) -> Result<Response, Problem> {
    let reminders = state.store.reminders().await?;
    let body = ics(&reminders, state.now());
    let mut res = (StatusCode::OK, body).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"backcalm-reminders.ics\""),
    );
    Ok(res)
}
