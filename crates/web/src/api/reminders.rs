//! Daily reminders: `GET/POST /api/v1/reminders`, `DELETE
//! /api/v1/reminders/{id}`, and `GET /api/v1/reminders.ics`, the calendar a
//! calendar app subscribes to (core's [`ics`]). backcalm keeps to one
//! reminder a day unless the person allows more in their settings.

use super::{insert_status, record_id, remove_record};
use crate::access::Journal;
use crate::json::ApiJson;
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use backcalm_core::journal::Filled;
use backcalm_core::reminder::{ics, validate_new, Reminder, ReminderError};
use backcalm_core::TzName;
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

#[utoipa::path(
    get,
    path = "/api/v1/reminders",
    tag = "reminders",
    operation_id = "listReminders",
    summary = "Daily reminders, earliest first",
    description = "Each: id, time (HH:MM), tz, label.",
    responses(
        (status = 200, description = "The reminders", body = crate::openapi::RemindersDoc),
    )
)]
pub(crate) async fn list(Journal(state): Journal) -> Result<Response, Problem> {
    Ok(Json(state.store.reminders().await?).into_response())
}

/// `POST /api/v1/reminders`.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReminderDraft {
    id: Option<String>,
    /// `HH:MM`, 24-hour (`7:30` is read as 07:30).
    #[schema(pattern = r"^\s*([01]?[0-9]|2[0-3]):[0-5][0-9]\s*$")]
    time: String,
    /// IANA zone in any case (kept as IANA spells it); the app's zone when absent.
    #[schema(min_length = 1)]
    tz: Option<String>,
    /// What the calendar shows, up to 80 characters; a gentle default when absent.
    #[schema(max_length = 80)]
    label: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/reminders",
    request_body(content = ReminderDraft, content_type = "application/json"),
    tag = "reminders",
    operation_id = "createReminder",
    summary = "Add a daily reminder",
    description = "Body: {\"time\": \"HH:MM\", \"tz\"?, \"label\"?, \"id\"?}. One a day unless the settings allow more; a retry of the same reminder answers 200.",
    responses(
        (status = 201, description = "Added", body = crate::openapi::ReminderDoc),
        (status = 200, description = "The same reminder was already stored", body = crate::openapi::ReminderDoc),
        (status = 400, description = "The body is not JSON of this shape", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "One a day (or the settings' limit) already, or the same time exists", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The time, zone or label is not valid", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn create(
    Journal(state): Journal,
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
    let filled = Filled::none()
        .and("tz", draft.tz.is_none())
        .and("label", draft.label.is_none());
    let existing = state.store.reminders().await?;
    // Its id is taken: a retry of the same reminder (200 with the stored one),
    // or a different reminder under that id (409); never a second reminder.
    if existing.iter().any(|e| e.id == r.id) {
        let (status, stored) = insert_status(state.store.create_reminder(&r, &filled).await?);
        return Ok((status, Json(stored)).into_response());
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
    let (status, stored) = insert_status(state.store.create_reminder(&r, &filled).await?);
    Ok((status, Json(stored)).into_response())
}

fn missing(id: Uuid) -> Problem {
    Problem::not_found(format!(
        "there is no reminder {id}; list them with GET /api/v1/reminders"
    ))
    .with_field("id")
}

#[utoipa::path(
    get,
    path = "/api/v1/reminders/{id}",
    tag = "reminders",
    operation_id = "getReminder",
    summary = "One reminder",
    params(("id" = String, Path, format = Uuid, description = "The reminder's id")),
    responses(
        (status = 200, description = "The reminder", body = crate::openapi::ReminderDoc),
        (status = 400, description = "The id is not a UUID", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No reminder has this id", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn show(
    Journal(state): Journal,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    let id = record_id(&raw)?;
    match state.store.reminder(id).await? {
        Some(r) => Ok(Json(r).into_response()),
        None => Err(missing(id)),
    }
}

#[utoipa::path(
    delete,
    path = "/api/v1/reminders/{id}",
    tag = "reminders",
    operation_id = "deleteReminder",
    summary = "Delete a reminder",
    params(("id" = String, Path, format = Uuid, description = "The reminder's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "The id is not a UUID", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No reminder has this id", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn remove(
    Journal(state): Journal,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    remove_record(&raw, |id| state.store.delete_reminder(id), missing).await
}

#[utoipa::path(
    get,
    path = "/api/v1/reminders.ics",
    tag = "reminders",
    operation_id = "getRemindersCalendar",
    summary = "The reminders as an iCalendar file",
    description = "RFC 5545: one daily event with an alarm per reminder, with VTIMEZONEs.",
    responses(
        (status = 200, description = "The calendar", body = String, content_type = "text/calendar"),
    )
)]
pub(crate) async fn calendar(Journal(state): Journal) -> Result<Response, Problem> {
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
