//! `/api/v1/sessions`: create (idempotent by id), list by day, read, replace, delete.

use super::journal::{self, JournalKind};
use super::Pairs;
use crate::access::Journal;
use crate::json::ApiJson;
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::response::Response;
use backcalm_core::journal::view::SessionView;
use backcalm_core::journal::Filled;
use backcalm_core::{Defaults, FieldError, SessionDraft, SessionRecord};
use backcalm_store::{DayRange, Insert, Store, StoreError};
use jiff::Timestamp;
use serde::Serialize;
use uuid::Uuid;

impl JournalKind for SessionRecord {
    type Draft = SessionDraft;

    const NOUN: &'static str = "session";
    const LIST_PATH: &'static str = "/api/v1/sessions";

    fn id(&self) -> Uuid {
        self.id
    }

    fn at(&self) -> Timestamp {
        self.started_at
    }

    fn view(&self) -> impl Serialize + '_ {
        SessionView::from(self)
    }

    fn draft_id(draft: &SessionDraft) -> Option<&str> {
        draft.id.as_deref()
    }

    fn filled(draft: &SessionDraft) -> Filled {
        draft.filled()
    }

    fn validate_edit(
        draft: &SessionDraft,
        old: &SessionRecord,
        state: &AppState,
    ) -> Result<SessionRecord, FieldError> {
        draft.validate_edit(old, state.now(), |p| state.knows_practice(p))
    }

    fn validate(
        draft: &SessionDraft,
        defaults: &Defaults,
        state: &AppState,
    ) -> Result<SessionRecord, FieldError> {
        draft.validate(defaults, |p| state.knows_practice(p))
    }

    async fn insert(
        store: &Store,
        record: &SessionRecord,
        filled: &Filled,
    ) -> Result<Insert<SessionRecord>, StoreError> {
        store.create_session(record, filled).await
    }

    async fn get(store: &Store, id: Uuid) -> Result<Option<SessionRecord>, StoreError> {
        store.session(id).await
    }

    async fn update(store: &Store, record: &SessionRecord) -> Result<bool, StoreError> {
        store.update_session(record).await
    }

    async fn delete(store: &Store, id: Uuid) -> Result<bool, StoreError> {
        store.delete_session(id).await
    }

    async fn list(store: &Store, range: &DayRange) -> Result<Vec<SessionRecord>, StoreError> {
        store.sessions(range).await
    }
}

// The handlers are `journal`'s; these name them for the router and carry
// their OpenAPI description.

#[utoipa::path(
    post,
    path = "/api/v1/sessions",
    tag = "sessions",
    operation_id = "createSession",
    summary = "Record a session",
    description = "Idempotent by id: sent again with the same values in every field it sends, it answers 200 with the stored record (fields left out keep what the server filled in the first time); other values under that id are a 409.",
    request_body(content = crate::openapi::SessionDraftDoc, content_type = "application/json"),
    responses(
        (status = 201, description = "Recorded", body = crate::openapi::SessionDoc),
        (status = 200, description = "A repeat: the record stored by the first call", body = crate::openapi::SessionDoc),
        (status = 400, description = "The body is not JSON of this shape", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "A record with other values in a field sent has this id", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A value is not valid; field names it", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn create(
    Journal(state): Journal,
    ApiJson(draft): ApiJson<SessionDraft>,
) -> Result<Response, Problem> {
    journal::create::<SessionRecord>(&state, draft).await
}

#[utoipa::path(
    get,
    path = "/api/v1/sessions",
    tag = "sessions",
    operation_id = "listSessions",
    summary = "Sessions, oldest first, optionally only some days",
    params(crate::openapi::DayFilter),
    responses(
        (status = 200, description = "The sessions on those days", body = Vec<crate::openapi::SessionDoc>),
        (status = 400, description = "A date could not be read, or an unknown parameter", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "to is before from", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list(
    Journal(state): Journal,
    q: Result<Query<Pairs>, QueryRejection>,
) -> Result<Response, Problem> {
    journal::list::<SessionRecord>(&state, q).await
}

#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}",
    tag = "sessions",
    operation_id = "getSession",
    summary = "One session",
    params(("id" = String, Path, format = Uuid, description = "The session's id")),
    responses(
        (status = 200, description = "The session", body = crate::openapi::SessionDoc),
        (status = 400, description = "The id is not a UUID", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn show(
    Journal(state): Journal,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    journal::show::<SessionRecord>(&state, &raw).await
}

#[utoipa::path(
    put,
    path = "/api/v1/sessions/{id}",
    tag = "sessions",
    operation_id = "replaceSession",
    summary = "Change a session",
    description = "The whole record is replaced; a time left out keeps the stored one.",
    params(("id" = String, Path, format = Uuid, description = "The session's id")),
    request_body(content = crate::openapi::SessionDraftDoc, content_type = "application/json"),
    responses(
        (status = 200, description = "Changed", body = crate::openapi::SessionDoc),
        (status = 400, description = "The id or the body could not be read", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed by another request at the same moment", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A value is not valid, or the body's id differs from the URL's", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn replace(
    Journal(state): Journal,
    Path(raw): Path<String>,
    ApiJson(draft): ApiJson<SessionDraft>,
) -> Result<Response, Problem> {
    journal::replace::<SessionRecord>(&state, &raw, draft).await
}

#[utoipa::path(
    delete,
    path = "/api/v1/sessions/{id}",
    tag = "sessions",
    operation_id = "deleteSession",
    summary = "Delete a session for good",
    params(("id" = String, Path, format = Uuid, description = "The session's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "The id is not a UUID", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn remove(
    Journal(state): Journal,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    journal::remove::<SessionRecord>(&state, &raw).await
}
