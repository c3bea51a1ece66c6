//! The red-flag safety screen: `GET /api/v1/screen` (the questions and what
//! each answer leads to), `POST /api/v1/screen` (assess and store), and the
//! stored screens under `/api/v1/screens`.

use super::{insert_status, record_id, remove_record};
use crate::access::Journal;
use crate::json::ApiJson;
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use backcalm_core::journal::rfc3339_in;
use backcalm_core::safety::{
    answered_yes, is_earlier_version, message, questions, replaced_by, retired_questions, Action,
    CrisisNumbers, ScreenDraft, ScreenDraftError, ScreenRecord, DISCLAIMER, FRAMING,
};
use backcalm_core::{Defaults, TzName};
use serde::Serialize;
use std::collections::BTreeMap;
use uuid::Uuid;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/screen", get(questions_and_actions).post(take))
        .route("/api/v1/screens", get(list))
        .route("/api/v1/screens/{id}", get(show).delete(remove))
}

#[derive(Serialize)]
struct QuestionView {
    id: &'static str,
    text: &'static str,
    /// What a "yes" to this question calls for.
    action: Action,
}

#[derive(Serialize)]
struct ActionView {
    id: Action,
    label: &'static str,
    meaning: &'static str,
}

const ACTIONS: [(Action, &str); 4] = [
    (Action::Emergency, "call emergency services now"),
    (Action::Urgent, "see a doctor today"),
    (Action::Soon, "see a doctor soon, within days"),
    (Action::None, "nothing in the screen calls for urgent care; a doctor remains the right person for questions"),
];

/// A stored screen with its message in the person's current numbers.
#[derive(Serialize)]
struct ScreenView {
    id: Uuid,
    taken_at: String,
    tz: TzName,
    answers: BTreeMap<String, bool>,
    action: Action,
    label: &'static str,
    message: String,
    /// The questions answered yes, in question order (retired ones last).
    reasons: Vec<String>,
    /// Answered with an earlier set of questions; their words are under `retired` in GET /api/v1/screen.
    earlier_version: bool,
}

fn view(s: &ScreenRecord, numbers: &CrisisNumbers) -> ScreenView {
    ScreenView {
        id: s.id,
        taken_at: rfc3339_in(s.taken_at, &s.tz),
        tz: s.tz.clone(),
        answers: s.answers.clone(),
        action: s.action,
        label: s.action.label(),
        message: message(s.action, numbers),
        reasons: answered_yes(&s.answers)
            .iter()
            .map(|q| q.id.to_string())
            .collect(),
        earlier_version: is_earlier_version(&s.answers),
    }
}

/// A question of an earlier version that stored screens may answer.
#[derive(Serialize)]
struct RetiredView {
    id: &'static str,
    text: &'static str,
    action: Action,
    /// The questions asked in its place today.
    replaced_by: &'static [&'static str],
}

#[derive(Serialize)]
struct ScreenDoc {
    /// Say this above the questions: answer about now; a known, unchanged symptom is a "no".
    framing: &'static str,
    questions: Vec<QuestionView>,
    /// Questions of earlier versions, with the words people answered then.
    retired: Vec<RetiredView>,
    /// Every action a screen can end in, most urgent first.
    actions: Vec<ActionView>,
    disclaimer: &'static str,
    /// The most recent screen, or null when none was taken yet.
    latest: Option<ScreenView>,
}

async fn numbers(state: &AppState) -> Result<CrisisNumbers, Problem> {
    Ok(state.store.settings().await?.crisis_numbers())
}

#[utoipa::path(
    get,
    path = "/api/v1/screen",
    tag = "safety",
    operation_id = "getScreen",
    summary = "The red-flag questions and what each answer leads to",
    description = "framing (to show above the questions), questions (id, text, action a yes calls for), retired (questions of earlier versions that stored screens may answer, with replaced_by), actions (emergency, urgent, soon, none with their meaning), the disclaimer, and the latest stored screen (or null; earlier_version says it answered retired questions).",
    responses(
        (status = 200, description = "The screen", body = crate::openapi::ScreenDoc),
    )
)]
pub(crate) async fn questions_and_actions(Journal(state): Journal) -> Result<Response, Problem> {
    let numbers = numbers(&state).await?;
    let latest = state.store.latest_screen().await?;
    Ok(Json(ScreenDoc {
        framing: FRAMING,
        retired: retired_questions()
            .map(|q| RetiredView {
                id: q.id,
                text: q.text,
                action: q.action,
                replaced_by: replaced_by(q.id).unwrap_or_default(),
            })
            .collect(),
        questions: questions()
            .iter()
            .map(|q| QuestionView {
                id: q.id,
                text: q.text,
                action: q.action,
            })
            .collect(),
        actions: ACTIONS
            .iter()
            .map(|(a, meaning)| ActionView {
                id: *a,
                label: a.label(),
                meaning,
            })
            .collect(),
        disclaimer: DISCLAIMER,
        latest: latest.as_ref().map(|s| view(s, &numbers)),
    })
    .into_response())
}

/// `POST /api/v1/screen`: every question answered yes (`true`) or no.
#[derive(utoipa::ToSchema)]
#[schema(as = ScreenDraft)]
#[allow(dead_code)] // A description of core's `ScreenDraft`, never built.
pub(crate) struct ScreenDraftDoc {
    /// Client-chosen id (idempotency key); a new one when absent.
    id: Option<String>,
    /// RFC 3339 instant ending in Z or an offset within ±23:59 (no zone suffix, no leap second), kept to the microsecond; now when absent.
    taken_at: Option<String>,
    /// IANA zone in any case (kept as IANA spells it); the app's zone when absent.
    #[schema(min_length = 1)]
    tz: Option<String>,
    answers: BTreeMap<String, bool>,
}

fn screen_problem(e: &ScreenDraftError) -> Problem {
    let message = match e {
        ScreenDraftError::Field(f) => f.message.clone(),
        other => other.to_string(),
    };
    Problem::invalid(e.field(), message)
}

/// What a screen draft is checked against: now, the app's zone and, only
/// when the draft brings no id, a fresh one (the test ids count, so one is
/// drawn only when used).
pub(crate) fn screen_defaults(state: &AppState, draft: &ScreenDraft) -> Defaults {
    Defaults {
        now: state.now(),
        tz: state.tz().clone(),
        new_id: if draft.id.is_some() {
            Uuid::nil()
        } else {
            state.new_id()
        },
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/screen",
    request_body(content = ScreenDraftDoc, content_type = "application/json"),
    tag = "safety",
    operation_id = "takeScreen",
    summary = "Answer the screen: assessed and stored",
    description = "Body: {\"answers\": {question id: true|false}, \"id\"?, \"taken_at\"?, \"tz\"?}. Every question must be answered unless a yes already calls for emergency services. The answer names the action, a message with the person's numbers, and the questions answered yes. Idempotent by id.",
    responses(
        (status = 201, description = "Assessed and stored", body = crate::openapi::ScreenResultDoc),
        (status = 200, description = "The same screen was already stored", body = crate::openapi::ScreenResultDoc),
        (status = 400, description = "The body is not JSON of this shape", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "A different screen has this id", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A question is unknown, retired or unanswered (field answers.ID), or taken_at is in the future", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn take(
    Journal(state): Journal,
    ApiJson(draft): ApiJson<ScreenDraft>,
) -> Result<Response, Problem> {
    let numbers = numbers(&state).await?;
    let record = draft
        .validate(&screen_defaults(&state, &draft))
        .map_err(|e| screen_problem(&e))?;
    let filled = draft.filled();
    let (status, stored) = insert_status(state.store.create_screen(&record, &filled).await?);
    Ok((status, Json(view(&stored, &numbers))).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/screens",
    tag = "safety",
    operation_id = "listScreens",
    summary = "Every stored screen, oldest first",
    responses(
        (status = 200, description = "The screens", body = crate::openapi::ScreenResultsDoc),
    )
)]
pub(crate) async fn list(Journal(state): Journal) -> Result<Response, Problem> {
    let numbers = numbers(&state).await?;
    let all = state.store.screens().await?;
    let views: Vec<ScreenView> = all.iter().map(|s| view(s, &numbers)).collect();
    Ok(Json(views).into_response())
}

fn missing(id: Uuid) -> Problem {
    Problem::not_found(format!(
        "there is no stored screen {id}; list them with GET /api/v1/screens"
    ))
    .with_field("id")
}

#[utoipa::path(
    get,
    path = "/api/v1/screens/{id}",
    tag = "safety",
    operation_id = "getScreenResult",
    summary = "One stored screen",
    params(("id" = String, Path, format = Uuid, description = "The screen's id")),
    responses(
        (status = 200, description = "The screen", body = crate::openapi::ScreenResultDoc),
        (status = 400, description = "The id is not a UUID", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No screen has this id", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn show(
    Journal(state): Journal,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    let id = record_id(&raw)?;
    let numbers = numbers(&state).await?;
    match state.store.screen(id).await? {
        Some(s) => Ok(Json(view(&s, &numbers)).into_response()),
        None => Err(missing(id)),
    }
}

#[utoipa::path(
    delete,
    path = "/api/v1/screens/{id}",
    tag = "safety",
    operation_id = "deleteScreenResult",
    summary = "Delete a stored screen for good",
    params(("id" = String, Path, format = Uuid, description = "The screen's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "The id is not a UUID", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No screen has this id", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn remove(
    Journal(state): Journal,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    remove_record(&raw, |id| state.store.delete_screen(id), missing).await
}
