//! `/api/v1/checkins`: create (idempotent by id), list by day, read, replace, delete.

use super::journal::{self, JournalKind};
use super::Pairs;
use crate::access::Journal;
use crate::json::ApiJson;
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::response::Response;
use backcalm_core::journal::view::CheckInView;
use backcalm_core::journal::Filled;
use backcalm_core::safety::support::Support;
use backcalm_core::safety::support::{after_check_in, check_in_concerns};
use backcalm_core::safety::CrisisNumbers;
use backcalm_core::{CheckIn, CheckInDraft, Defaults, FieldError};
use backcalm_store::{DayRange, Insert, Store, StoreError};
use jiff::Timestamp;
use serde::Serialize;
use uuid::Uuid;

/// A check-in as create and replace answer it: the record, and whether to
/// show crisis lines now (core's `safety::support::after_check_in`).
#[derive(Serialize)]
struct CheckInWritten<'a> {
    #[serde(flatten)]
    record: CheckInView<'a>,
    support: Option<Support>,
}

impl JournalKind for CheckIn {
    type Draft = CheckInDraft;

    const NOUN: &'static str = "check-in";
    const LIST_PATH: &'static str = "/api/v1/checkins";

    fn id(&self) -> Uuid {
        self.id
    }

    fn at(&self) -> Timestamp {
        self.recorded_at
    }

    fn view(&self) -> impl Serialize + '_ {
        CheckInView::from(self)
    }

    fn wants_numbers(&self) -> bool {
        !check_in_concerns(self).is_empty()
    }

    fn written<'a>(&'a self, numbers: Option<&'a CrisisNumbers>) -> impl Serialize + 'a {
        CheckInWritten {
            record: CheckInView::from(self),
            support: numbers.and_then(|n| after_check_in(self, n)),
        }
    }

    fn draft_id(draft: &CheckInDraft) -> Option<&str> {
        draft.id.as_deref()
    }

    fn filled(draft: &CheckInDraft) -> Filled {
        draft.filled()
    }

    fn validate_edit(
        draft: &CheckInDraft,
        old: &CheckIn,
        state: &AppState,
    ) -> Result<CheckIn, FieldError> {
        draft.validate_edit(old, state.now())
    }

    fn validate(
        draft: &CheckInDraft,
        defaults: &Defaults,
        _state: &AppState,
    ) -> Result<CheckIn, FieldError> {
        draft.validate(defaults)
    }

    async fn insert(
        store: &Store,
        record: &CheckIn,
        filled: &Filled,
    ) -> Result<Insert<CheckIn>, StoreError> {
        store.create_checkin(record, filled).await
    }

    async fn get(store: &Store, id: Uuid) -> Result<Option<CheckIn>, StoreError> {
        store.checkin(id).await
    }

    async fn update(store: &Store, record: &CheckIn) -> Result<bool, StoreError> {
        store.update_checkin(record).await
    }

    async fn delete(store: &Store, id: Uuid) -> Result<bool, StoreError> {
        store.delete_checkin(id).await
    }

    async fn list(store: &Store, range: &DayRange) -> Result<Vec<CheckIn>, StoreError> {
        store.checkins(range).await
    }
}

// The handlers are `journal`'s; these name them for the router and carry
// their OpenAPI description.

#[utoipa::path(
    post,
    path = "/api/v1/checkins",
    tag = "checkins",
    operation_id = "createCheckIn",
    summary = "Record a check-in",
    description = "Idempotent by id: sent again with the same values in every field it sends, it answers 200 with the stored record (fields left out keep what the server filled in the first time); other values under that id are a 409. The answer's `support` is null unless the check-in calls for crisis lines (pain 10 with stress 10, or words of self-harm in the note or activity): then it holds a gentle message with the person's crisis and emergency numbers, to show at once. It never stops the check-in from being saved.",
    request_body(content = crate::openapi::CheckInDraftDoc, content_type = "application/json"),
    responses(
        (status = 201, description = "Recorded", body = crate::openapi::CheckInWrittenDoc),
        (status = 200, description = "A repeat: the record stored by the first call", body = crate::openapi::CheckInWrittenDoc),
        (status = 400, description = "The body is not JSON of this shape", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "A record with other values in a field sent has this id", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A value is not valid; field names it", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn create(
    Journal(state): Journal,
    ApiJson(draft): ApiJson<CheckInDraft>,
) -> Result<Response, Problem> {
    journal::create::<CheckIn>(&state, draft).await
}

#[utoipa::path(
    get,
    path = "/api/v1/checkins",
    tag = "checkins",
    operation_id = "listCheckIns",
    summary = "Check-ins, oldest first, optionally only some days",
    params(crate::openapi::DayFilter),
    responses(
        (status = 200, description = "The check-ins on those days", body = Vec<crate::openapi::CheckInDoc>),
        (status = 400, description = "A date could not be read, or an unknown parameter", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "to is before from", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list(
    Journal(state): Journal,
    q: Result<Query<Pairs>, QueryRejection>,
) -> Result<Response, Problem> {
    journal::list::<CheckIn>(&state, q).await
}

#[utoipa::path(
    get,
    path = "/api/v1/checkins/{id}",
    tag = "checkins",
    operation_id = "getCheckIn",
    summary = "One check-in",
    params(("id" = String, Path, format = Uuid, description = "The check-in's id")),
    responses(
        (status = 200, description = "The check-in", body = crate::openapi::CheckInDoc),
        (status = 400, description = "The id is not a UUID", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such check-in", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn show(
    Journal(state): Journal,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    journal::show::<CheckIn>(&state, &raw).await
}

#[utoipa::path(
    put,
    path = "/api/v1/checkins/{id}",
    tag = "checkins",
    operation_id = "replaceCheckIn",
    summary = "Change a check-in",
    description = "The whole record is replaced; a time left out keeps the stored one. The answer's `support` is as for createCheckIn.",
    params(("id" = String, Path, format = Uuid, description = "The check-in's id")),
    request_body(content = crate::openapi::CheckInDraftDoc, content_type = "application/json"),
    responses(
        (status = 200, description = "Changed", body = crate::openapi::CheckInWrittenDoc),
        (status = 400, description = "The id or the body could not be read", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such check-in", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed by another request at the same moment", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A value is not valid, or the body's id differs from the URL's", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn replace(
    Journal(state): Journal,
    Path(raw): Path<String>,
    ApiJson(draft): ApiJson<CheckInDraft>,
) -> Result<Response, Problem> {
    journal::replace::<CheckIn>(&state, &raw, draft).await
}

#[utoipa::path(
    delete,
    path = "/api/v1/checkins/{id}",
    tag = "checkins",
    operation_id = "deleteCheckIn",
    summary = "Delete a check-in for good",
    params(("id" = String, Path, format = Uuid, description = "The check-in's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "The id is not a UUID", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such check-in", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn remove(
    Journal(state): Journal,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    journal::remove::<CheckIn>(&state, &raw).await
}
