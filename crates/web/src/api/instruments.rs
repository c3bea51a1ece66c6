//! Questionnaires: `GET /api/v1/instruments` (PEG-3, PHQ-2, GAD-2 with
//! their items and scales), `POST /api/v1/instruments/{id}/answers` (score
//! and store), and the stored answers under `/api/v1/answers`.

use super::{
    insert_status, only_params, query_pairs, record_id, remove_record, shipped_content, Pairs,
};
use crate::access::Journal;
use crate::json::ApiJson;
use crate::problem::Problem;
use crate::range::day_range;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use backcalm_app::Shipped;
use backcalm_core::export::{QuestionnaireAnswer, QuestionnaireDraft};
use backcalm_core::instrument::Instrument;
use backcalm_core::safety::support::after_questionnaire;
use backcalm_core::TzName;
use backcalm_store::AnswerFilter;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/instruments", get(list))
        .route("/api/v1/instruments/{id}", get(show))
        .route("/api/v1/instruments/{id}/answers", post(answer))
        .route("/api/v1/answers", get(answers))
        .route("/api/v1/answers/{id}", get(one).delete(remove))
}

fn instrument<'s>(s: &'s Shipped, id: &str) -> Result<&'s Instrument, Problem> {
    s.instrument(id).ok_or_else(|| {
        let known: Vec<&str> = s.instruments.iter().map(|i| i.id.as_str()).collect();
        Problem::not_found(format!(
            "there is no questionnaire {id:?}; the questionnaires are: {}",
            known.join(", ")
        ))
        .with_field("id")
    })
}

/// An instrument as the API shows it: core's instrument plus its score range.
#[derive(Serialize)]
struct InstrumentView<'a> {
    #[serde(flatten)]
    instrument: &'a Instrument,
    /// Lowest and highest possible score.
    score_range: [f64; 2],
}

fn instrument_view(i: &Instrument) -> InstrumentView<'_> {
    let (lo, hi) = i.range();
    InstrumentView {
        instrument: i,
        score_range: [lo, hi],
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/instruments",
    tag = "questionnaires",
    operation_id = "listInstruments",
    summary = "The questionnaires (PEG-3, PHQ-2, GAD-2)",
    description = "Each with its items, scales, scoring, bands and score_range.",
    responses(
        (status = 200, description = "The questionnaires", body = crate::openapi::InstrumentsDoc),
    )
)]
pub(crate) async fn list() -> Result<Response, Problem> {
    let s = shipped_content()?;
    let views: Vec<InstrumentView<'_>> = s.instruments.iter().map(instrument_view).collect();
    Ok(Json(views).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/instruments/{id}",
    tag = "questionnaires",
    operation_id = "getInstrument",
    summary = "One questionnaire",
    params(("id" = String, Path, description = "The questionnaire's id, e.g. peg-3")),
    responses(
        (status = 200, description = "The questionnaire", body = crate::openapi::InstrumentDoc),
        (status = 404, description = "No questionnaire has this id", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn show(Path(id): Path<String>) -> Result<Response, Problem> {
    let s = shipped_content()?;
    Ok(Json(instrument_view(instrument(s, &id)?)).into_response())
}

/// A stored answer set, scored, with what the score means.
#[derive(Serialize)]
struct AnswerView {
    id: Uuid,
    instrument: String,
    answered_at: String,
    tz: TzName,
    answers: BTreeMap<String, u8>,
    /// Unrounded.
    score: f64,
    /// As people read it: a mean to 2 decimals, a sum whole.
    display_score: String,
    /// What the score means, if the instrument has bands.
    band: Option<String>,
    /// A positive screen (PHQ-2 or GAD-2 of 3 or more): suggest talking to a doctor.
    positive: bool,
    /// For a PHQ-2 of 3 or more or a positive GAD-2: where to turn now, with the person's crisis and emergency numbers (the band suggests the doctor).
    advice: Option<String>,
}

fn answer_view(
    a: &QuestionnaireAnswer,
    s: &Shipped,
    numbers: &backcalm_core::safety::CrisisNumbers,
) -> AnswerView {
    let inst = s.instrument(&a.instrument);
    let scored = inst.and_then(|i| i.score(&a.answers).ok());
    let positive = scored.as_ref().is_some_and(|x| x.positive);
    // Core decides: every PHQ-2 of 3 or more shows crisis lines, whatever the content file says.
    let advice = after_questionnaire(&a.instrument, a.score, positive, numbers).map(|s| s.message);
    AnswerView {
        id: a.id,
        instrument: a.instrument.clone(),
        answered_at: a.answered_at_rfc3339(),
        tz: a.tz.clone(),
        answers: a.answers.clone(),
        score: a.score,
        display_score: inst.map_or_else(|| a.score.to_string(), |i| i.display_score(a.score)),
        band: scored.and_then(|x| x.band),
        positive,
        advice,
    }
}

/// `POST /api/v1/instruments/{id}/answers`.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AnswerDraft {
    id: Option<String>,
    /// RFC 3339 instant ending in Z or an offset within ±23:59 (no zone suffix, no leap second), kept to the microsecond; now when absent.
    answered_at: Option<String>,
    /// IANA zone in any case (kept as IANA spells it); the app's zone when absent.
    #[schema(min_length = 1)]
    tz: Option<String>,
    answers: BTreeMap<String, i64>,
}

#[utoipa::path(
    post,
    path = "/api/v1/instruments/{id}/answers",
    request_body(content = AnswerDraft, content_type = "application/json"),
    tag = "questionnaires",
    operation_id = "answerInstrument",
    summary = "Answer a questionnaire: scored and stored",
    description = "Body: {\"answers\": {item id: number}, \"id\"?, \"answered_at\"?, \"tz\"?}. The answer has the unrounded score, display_score, band, positive and, for a PHQ-2 of 3 or more or a positive GAD-2, advice with the crisis lines. Idempotent by id.",
    params(("id" = String, Path, description = "The questionnaire's id, e.g. peg-3")),
    responses(
        (status = 201, description = "Scored and stored", body = crate::openapi::QuestionnaireAnswerDoc),
        (status = 200, description = "The same answers were already stored", body = crate::openapi::QuestionnaireAnswerDoc),
        (status = 400, description = "The body is not JSON of this shape", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No questionnaire has this id", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Different answers have this id", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "An answer is missing, unknown or off its scale", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn answer(
    Journal(state): Journal,
    Path(id): Path<String>,
    ApiJson(draft): ApiJson<AnswerDraft>,
) -> Result<Response, Problem> {
    let s = shipped_content()?;
    let inst = instrument(s, &id)?;
    let full = QuestionnaireDraft {
        id: draft.id,
        instrument: Some(inst.id.clone()),
        answered_at: draft.answered_at,
        tz: draft.tz,
        answers: draft.answers,
        score: None,
    };
    let a = full.validate(&state.defaults(), &s.instruments)?;
    let numbers = state.store.settings().await?.crisis_numbers();
    let (status, stored) = insert_status(
        state
            .store
            .create_questionnaire_answer(&a, &full.filled())
            .await?,
    );
    Ok((status, Json(answer_view(&stored, s, &numbers))).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/answers",
    tag = "questionnaires",
    operation_id = "listAnswers",
    summary = "Stored answers, oldest first",
    description = "Optionally one questionnaire (instrument=peg-3) and some local days (from, to).",
    params(("instrument" = Option<String>, Query, description = "Only this questionnaire"), crate::openapi::DayFilter),
    responses(
        (status = 200, description = "The answers", body = crate::openapi::QuestionnaireAnswersDoc),
        (status = 400, description = "A date could not be read, or an unknown parameter", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown questionnaire, or to is before from", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn answers(
    Journal(state): Journal,
    q: Result<Query<Pairs>, QueryRejection>,
) -> Result<Response, Problem> {
    let s = shipped_content()?;
    let pairs = query_pairs(q)?;
    only_params(&pairs, &["instrument", "from", "to"])?;
    let days = day_range(&pairs)?;
    let instrument_id = pairs
        .iter()
        .find(|(k, _)| k == "instrument")
        .map(|(_, v)| v.trim().to_string());
    if let Some(i) = &instrument_id {
        instrument(s, i).map_err(|p| Problem::invalid("instrument", p.detail))?;
    }
    let numbers = state.store.settings().await?.crisis_numbers();
    let all = state
        .store
        .questionnaire_answers(&AnswerFilter {
            instrument: instrument_id,
            days,
        })
        .await?;
    let views: Vec<AnswerView> = all.iter().map(|a| answer_view(a, s, &numbers)).collect();
    Ok(Json(views).into_response())
}

fn missing(id: Uuid) -> Problem {
    Problem::not_found(format!(
        "there are no stored answers {id}; list them with GET /api/v1/answers"
    ))
    .with_field("id")
}

#[utoipa::path(
    get,
    path = "/api/v1/answers/{id}",
    tag = "questionnaires",
    operation_id = "getAnswers",
    summary = "One set of stored answers",
    params(("id" = String, Path, format = Uuid, description = "The answer set's id")),
    responses(
        (status = 200, description = "The answers", body = crate::openapi::QuestionnaireAnswerDoc),
        (status = 400, description = "The id is not a UUID", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No answers have this id", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn one(
    Journal(state): Journal,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    let s = shipped_content()?;
    let id = record_id(&raw)?;
    let numbers = state.store.settings().await?.crisis_numbers();
    match state.store.questionnaire_answer(id).await? {
        Some(a) => Ok(Json(answer_view(&a, s, &numbers)).into_response()),
        None => Err(missing(id)),
    }
}

#[utoipa::path(
    delete,
    path = "/api/v1/answers/{id}",
    tag = "questionnaires",
    operation_id = "deleteAnswers",
    summary = "Delete stored answers for good",
    params(("id" = String, Path, format = Uuid, description = "The answer set's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "The id is not a UUID", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No answers have this id", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn remove(
    Journal(state): Journal,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    remove_record(
        &raw,
        |id| state.store.delete_questionnaire_answer(id),
        missing,
    )
    .await
}
