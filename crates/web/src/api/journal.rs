//! The journal's record kinds over HTTP, written once: create (idempotent by
//! id), list by day, read, replace and delete, for check-ins and sessions.

use super::{id_matches, insert_status, only_params, query_pairs, record_id, remove_record, Pairs};
use crate::problem::Problem;
use crate::range::day_range;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use backcalm_core::journal::Filled;
use backcalm_core::safety::CrisisNumbers;
use backcalm_core::{Defaults, FieldError};
use backcalm_store::{DayRange, Insert, Store, StoreError};
use jiff::Timestamp;
use serde::Serialize;
use std::future::Future;
use uuid::Uuid;

/// A kind of journal record the API creates, lists by day, reads, replaces
/// and deletes: a check-in or a practice session.
///
/// The two kinds are served by handlers that differ only in their types,
/// their store calls and the words of a 404; this trait names those
/// differences so the handlers below are written once and cannot drift
/// apart (status codes, idempotency, how an edit keeps its time). Each
/// kind's module keeps thin handlers of its own only because
/// `#[utoipa::path]` documents a concrete function, with that kind's paths,
/// operation ids and schemas.
pub(crate) trait JournalKind: Sized {
    /// What a client sends to create or replace one.
    type Draft;

    /// How a 404 names one, e.g. `check-in`.
    const NOUN: &'static str;
    /// Where they are listed, e.g. `/api/v1/checkins`.
    const LIST_PATH: &'static str;

    /// The record's id.
    fn id(&self) -> Uuid;
    /// When it happened: with the id, the order of a list.
    fn at(&self) -> Timestamp;
    /// The record as the API sends it.
    fn view(&self) -> impl Serialize + '_;
    /// Whether answering a create or replace needs the person's crisis
    /// numbers ([`JournalKind::written`]); most records never do.
    fn wants_numbers(&self) -> bool {
        false
    }
    /// The record as create and replace answer it: its view, plus what the
    /// kind adds after a write (a check-in's `support`). `numbers` is there
    /// when [`JournalKind::wants_numbers`] asked for it.
    fn written<'a>(&'a self, numbers: Option<&'a CrisisNumbers>) -> impl Serialize + 'a {
        let _ = numbers;
        self.view()
    }

    /// The id the draft gives, if any.
    fn draft_id(draft: &Self::Draft) -> Option<&str>;
    /// The fields the server fills in because the draft leaves them out.
    fn filled(draft: &Self::Draft) -> Filled;
    /// Core's validation of an edit of the stored record `old`
    /// (`validate_edit`: same id, the time and zone kept unless given).
    fn validate_edit(draft: &Self::Draft, old: &Self, state: &AppState)
        -> Result<Self, FieldError>;
    /// Core's validation of the draft.
    fn validate(
        draft: &Self::Draft,
        defaults: &Defaults,
        state: &AppState,
    ) -> Result<Self, FieldError>;

    /// [`Store`]'s idempotent insert of this kind, `filled` by the server.
    fn insert(
        store: &Store,
        record: &Self,
        filled: &Filled,
    ) -> impl Future<Output = Result<Insert<Self>, StoreError>> + Send;
    /// [`Store`]'s read by id.
    fn get(
        store: &Store,
        id: Uuid,
    ) -> impl Future<Output = Result<Option<Self>, StoreError>> + Send;
    /// [`Store`]'s replace; `false` when the record is gone.
    fn update(
        store: &Store,
        record: &Self,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// [`Store`]'s delete; `false` when there was none.
    fn delete(store: &Store, id: Uuid) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// [`Store`]'s list of the records on the days in `range`.
    fn list(
        store: &Store,
        range: &DayRange,
    ) -> impl Future<Output = Result<Vec<Self>, StoreError>> + Send;
}

fn answer<K: JournalKind>(status: StatusCode, record: &K) -> Response {
    (status, Json(record.view())).into_response()
}

/// The answer to a create or replace, with the person's numbers when the record wants them.
async fn written<K: JournalKind + Sync>(
    state: &AppState,
    status: StatusCode,
    record: &K,
) -> Result<Response, Problem> {
    let numbers = if record.wants_numbers() {
        Some(state.store.settings().await?.crisis_numbers())
    } else {
        None
    };
    Ok((status, Json(record.written(numbers.as_ref()))).into_response())
}

fn missing<K: JournalKind>(id: Uuid) -> Problem {
    Problem::not_found(format!(
        "there is no {} {id}; list them with GET {}",
        K::NOUN,
        K::LIST_PATH
    ))
    .with_field("id")
}

/// `POST`: stores a new record. Sent again with the same id and the same
/// content in every field the client sent, it answers 200 with the stored
/// record (what the server filled in is kept from the first call).
pub(crate) async fn create<K: JournalKind + Sync>(
    state: &AppState,
    draft: K::Draft,
) -> Result<Response, Problem> {
    let record = K::validate(&draft, &state.defaults(), state)?;
    let filled = K::filled(&draft);
    let (status, stored) = insert_status(K::insert(&state.store, &record, &filled).await?);
    written(state, status, &stored).await
}

/// `GET` of the list: the records on the days asked for, oldest first.
pub(crate) async fn list<K: JournalKind>(
    state: &AppState,
    q: Result<Query<Pairs>, QueryRejection>,
) -> Result<Response, Problem> {
    let pairs = query_pairs(q)?;
    only_params(&pairs, &["from", "to"])?;
    let range = day_range(&pairs)?;
    let mut all = K::list(&state.store, &range).await?;
    all.sort_by_key(|r| (r.at(), r.id()));
    let views: Vec<_> = all.iter().map(|r| r.view()).collect();
    Ok(Json(views).into_response())
}

/// `GET` of one record.
pub(crate) async fn show<K: JournalKind>(state: &AppState, raw: &str) -> Result<Response, Problem> {
    let id = record_id(raw)?;
    match K::get(&state.store, id).await? {
        Some(r) => Ok(answer(StatusCode::OK, &r)),
        None => Err(missing::<K>(id)),
    }
}

/// `PUT`: replaces the whole record; a time left out keeps the stored one.
pub(crate) async fn replace<K: JournalKind + Sync>(
    state: &AppState,
    raw: &str,
    draft: K::Draft,
) -> Result<Response, Problem> {
    let id = record_id(raw)?;
    id_matches(id, K::draft_id(&draft))?;
    let Some(old) = K::get(&state.store, id).await? else {
        return Err(missing::<K>(id));
    };
    let record = K::validate_edit(&draft, &old, state)?;
    if K::update(&state.store, &record).await? {
        written(state, StatusCode::OK, &record).await
    } else {
        Err(missing::<K>(id))
    }
}

/// `DELETE`: the record is gone for good.
pub(crate) async fn remove<K: JournalKind>(
    state: &AppState,
    raw: &str,
) -> Result<Response, Problem> {
    remove_record(raw, |id| K::delete(&state.store, id), missing::<K>).await
}

/// The records on the days asked for, oldest first, as JSON values (for a
/// clinician's view, which may remove fields).
pub(crate) async fn list_values<K: JournalKind>(
    state: &AppState,
    q: Result<Query<Pairs>, QueryRejection>,
) -> Result<Vec<serde_json::Value>, Problem> {
    let pairs = query_pairs(q)?;
    only_params(&pairs, &["from", "to"])?;
    let range = day_range(&pairs)?;
    let mut all = K::list(&state.store, &range).await?;
    all.sort_by_key(|r| (r.at(), r.id()));
    all.iter()
        .map(|r| {
            serde_json::to_value(r.view()).map_err(|e| {
                tracing::error!("{e}");
                Problem::internal()
            })
        })
        .collect()
}
