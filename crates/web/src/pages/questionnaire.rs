//! `/questionnaires` and `/questionnaires/{id}`: the PEG-3 (weekly), PHQ-2
//! and GAD-2 as plain forms. A score is shown with what it means; a positive
//! PHQ-2 or GAD-2 suggests talking to a doctor and shows the crisis numbers.

use super::page_form::PageForm;
use super::screen::{number_views, NumberView};
use super::when::{local_time, LocalTime};
use super::{message_page, render, storage_failed};
use crate::access::Journal;
use crate::state::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use backcalm_app::shipped;
use backcalm_core::export::{QuestionnaireAnswer, QuestionnaireDraft};
use backcalm_core::instrument::Instrument;
use backcalm_core::safety::support::{self, shows_crisis_lines};
use backcalm_store::{AnswerFilter, DayRange, StoreError};
use std::collections::BTreeMap;
use uuid::Uuid;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/questionnaires", get(list))
        .route("/questionnaires/{id}", get(show).post(submit))
        .route("/questionnaires/answers/{id}/delete", post(delete))
}

struct InstrumentItem {
    id: String,
    title: String,
    intro: String,
    recall: String,
    every: String,
}

#[derive(Template)]
#[template(path = "questionnaires.html")]
struct ListPage {
    current: &'static str,
    instruments: Vec<InstrumentItem>,
}

struct OptionView {
    value: u8,
    label: String,
    checked: bool,
}

struct ItemView {
    id: String,
    number: usize,
    text: String,
    /// Words for the two ends ("0: No pain · 10: Pain as bad as you can imagine"), for number scales.
    ends: String,
    /// Whether every answer has its own words (PHQ-2, GAD-2) rather than numbers.
    worded: bool,
    options: Vec<OptionView>,
}

struct ResultView {
    score: String,
    range: String,
    band: String,
    positive: bool,
    when: LocalTime,
}

struct PastView {
    id: String,
    when: LocalTime,
    score: String,
}

#[derive(Template)]
#[template(path = "questionnaire.html")]
struct FormPage {
    current: &'static str,
    id: String,
    title: String,
    intro: String,
    citation: String,
    /// The publisher's attribution, word for word ("" when there is none).
    attribution: String,
    csrf: String,
    answer_id: String,
    /// When the questions were shown: the answers' time, carried with the id.
    answered_at: String,
    items: Vec<ItemView>,
    result: Option<ResultView>,
    numbers: Vec<NumberView>,
    emergency_phrase: String,
    /// Core's words around the crisis lines (`safety::support`), as the API and the CLI say them.
    advice_heading: &'static str,
    advice_lead: &'static str,
    emergency_lead: &'static str,
    past: Vec<PastView>,
    error: String,
    error_item: String,
    notice: String,
}

fn no_such(id: &str) -> Response {
    message_page(
        StatusCode::NOT_FOUND,
        "No such questionnaire",
        &format!("There is no questionnaire called {id:?}. The ones backcalm has are listed on the Questionnaires page."),
        Some(("/questionnaires", "See the questionnaires")),
    )
}

fn content_missing() -> Response {
    message_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Questionnaires are not available",
        "The questionnaires that come with backcalm could not be read. This is a fault in this copy of backcalm, not something you did.",
        Some(("/", "Go to the start page")),
    )
}

async fn list(State(_state): State<AppState>) -> Response {
    let Ok(s) = shipped() else {
        return content_missing();
    };
    let instruments = s
        .instruments
        .iter()
        .map(|i| InstrumentItem {
            id: i.id.clone(),
            title: i.title.clone(),
            intro: i.intro.clone(),
            recall: i.recall.clone(),
            every: match i.every_days {
                Some(7) => "Offered once a week".into(),
                Some(d) => format!("Offered every {d} days"),
                None => "Whenever you like".into(),
            },
        })
        .collect();
    render(
        StatusCode::OK,
        &ListPage {
            current: "questionnaires",
            instruments,
        },
    )
}

fn item_views(inst: &Instrument, answers: &BTreeMap<String, u8>) -> Vec<ItemView> {
    inst.items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let scale = inst.scale_of(item);
            let (min, max) = scale.map_or((0, 0), |s| (s.min, s.max));
            let words = |v: u8| {
                scale
                    .and_then(|s| s.labels.iter().find(|l| l.value == v))
                    .map(|l| l.text.clone())
            };
            let worded = (min..=max).all(|v| words(v).is_some());
            let ends = format!(
                "{min}: {} · {max}: {}",
                words(min).unwrap_or_default(),
                words(max).unwrap_or_default()
            );
            ItemView {
                id: item.id.clone(),
                number: n + 1,
                text: item.text.clone(),
                ends,
                worded,
                options: (min..=max)
                    .map(|v| OptionView {
                        value: v,
                        label: if worded {
                            words(v).unwrap_or_default()
                        } else {
                            v.to_string()
                        },
                        checked: answers.get(&item.id) == Some(&v),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn result_view(state: &AppState, inst: &Instrument, a: &QuestionnaireAnswer) -> ResultView {
    let score = inst.score(&a.answers).ok();
    let (lo, hi) = inst.range();
    ResultView {
        score: inst.display_score(a.score),
        range: format!("{} to {}", inst.display_score(lo), inst.display_score(hi)),
        band: score
            .as_ref()
            .and_then(|s| s.band.clone())
            .unwrap_or_default(),
        // Core decides: every PHQ-2 of 3 or more shows the crisis lines.
        positive: shows_crisis_lines(&a.instrument, a.score, score.is_some_and(|s| s.positive)),
        when: local_time(a.answered_at, &a.tz, state.tz()),
    }
}

struct Shown<'a> {
    answers: &'a BTreeMap<String, u8>,
    result: Option<&'a QuestionnaireAnswer>,
    error: Option<(String, String)>,
    notice: &'a str,
}

async fn page(
    state: &AppState,
    inst: &Instrument,
    shown: Shown<'_>,
) -> Result<FormPage, StoreError> {
    let numbers = state.store.settings().await?.crisis_numbers();
    let past = state
        .store
        .questionnaire_answers(&AnswerFilter {
            instrument: Some(inst.id.clone()),
            days: DayRange::all(),
        })
        .await?;
    let (error, error_item) = shown.error.unwrap_or_default();
    Ok(FormPage {
        current: "questionnaires",
        id: inst.id.clone(),
        title: inst.title.clone(),
        intro: inst.intro.clone(),
        citation: inst.citation.clone(),
        attribution: inst.attribution.clone().unwrap_or_default(),
        csrf: state.csrf(),
        answer_id: state.new_id().to_string(),
        answered_at: super::form_time(state),
        items: item_views(inst, shown.answers),
        result: shown.result.map(|a| result_view(state, inst, a)),
        emergency_phrase: numbers.emergency_phrase(),
        numbers: number_views(&numbers),
        advice_heading: support::MOOD_SCREEN_HEADING,
        advice_lead: support::MOOD_SCREEN_LEAD,
        emergency_lead: support::EMERGENCY_LEAD,
        past: past
            .iter()
            .rev()
            .map(|a| PastView {
                id: a.id.to_string(),
                when: local_time(a.answered_at, &a.tz, state.tz()),
                score: inst.display_score(a.score),
            })
            .collect(),
        error,
        error_item,
        notice: shown.notice.to_string(),
    })
}

#[derive(serde::Deserialize)]
struct ShowQuery {
    saved: Option<String>,
    deleted: Option<String>,
}

async fn show(
    Journal(state): Journal,
    Path(id): Path<String>,
    q: Result<Query<ShowQuery>, QueryRejection>,
) -> Response {
    let Ok(s) = shipped() else {
        return content_missing();
    };
    let Some(inst) = s.instrument(&id) else {
        return no_such(&id);
    };
    let q = q.ok().map(|Query(q)| q);
    let saved = q
        .as_ref()
        .and_then(|q| q.saved.as_deref())
        .and_then(|t| Uuid::parse_str(t).ok());
    let result = match saved {
        Some(sid) => match state.store.questionnaire_answer(sid).await {
            Ok(a) => a.filter(|a| a.instrument == inst.id),
            Err(e) => return storage_failed(e),
        },
        None => None,
    };
    let notice = if q.as_ref().is_some_and(|q| q.deleted.is_some()) {
        "The answers were deleted."
    } else {
        ""
    };
    let shown = Shown {
        answers: &BTreeMap::new(),
        result: result.as_ref(),
        error: None,
        notice,
    };
    match page(&state, inst, shown).await {
        Ok(p) => render(StatusCode::OK, &p),
        Err(e) => storage_failed(e),
    }
}

async fn submit(
    Journal(state): Journal,
    Path(id): Path<String>,
    PageForm(pairs): PageForm,
) -> Response {
    let Ok(s) = shipped() else {
        return content_missing();
    };
    let Some(inst) = s.instrument(&id) else {
        return no_such(&id);
    };
    let mut draft = QuestionnaireDraft {
        instrument: Some(inst.id.clone()),
        ..QuestionnaireDraft::default()
    };
    let mut shown_answers = BTreeMap::new();
    for (k, v) in &pairs {
        if k == "id" {
            draft.id = Some(v.clone());
        } else if k == "answered_at" && !v.is_empty() {
            draft.answered_at = Some(v.clone());
        } else if let Some(item) = k.strip_prefix("a.") {
            if let Ok(n) = v.trim().parse::<u8>() {
                draft.answers.insert(item.to_string(), i64::from(n));
                shown_answers.insert(item.to_string(), n);
            }
        }
    }
    let answer = match draft.validate(&state.defaults(), &s.instruments) {
        Ok(a) => a,
        Err(e) => {
            let missing = inst
                .items
                .iter()
                .find(|i| !shown_answers.contains_key(&i.id));
            let (text, item) = match missing {
                Some(i) => (
                    format!(
                        "Please answer every question. Question {} has no answer yet.",
                        inst.items
                            .iter()
                            .position(|x| x.id == i.id)
                            .map_or(0, |p| p + 1)
                    ),
                    i.id.clone(),
                ),
                None => (e.message, String::new()),
            };
            let shown = Shown {
                answers: &shown_answers,
                result: None,
                error: Some((text, item)),
                notice: "",
            };
            return match page(&state, inst, shown).await {
                Ok(p) => render(StatusCode::UNPROCESSABLE_ENTITY, &p),
                Err(e) => storage_failed(e),
            };
        }
    };
    // Sent twice (a double click, a reload): one set of answers, its time and
    // zone kept from the first time.
    let stored = match state
        .store
        .create_questionnaire_answer(&answer, &draft.filled())
        .await
    {
        Ok(i) => i.into_inner(),
        // Sent again with other answers (back button, changed): a set of its
        // own, scored and shown, never a copy of the first.
        Err(StoreError::Conflict { .. }) => {
            let fresh = QuestionnaireAnswer {
                id: state.new_id(),
                ..answer
            };
            match state.store.insert_questionnaire_answer(&fresh).await {
                Ok(i) => i.into_inner(),
                Err(e) => return storage_failed(e),
            }
        }
        Err(e) => return storage_failed(e),
    };
    Redirect::to(&format!(
        "/questionnaires/{}?saved={}#result",
        inst.id, stored.id
    ))
    .into_response()
}

async fn delete(
    Journal(state): Journal,
    Path(raw): Path<String>,
    // Read, though it holds only the token, so a body that is not a form is still refused.
    PageForm(_): PageForm,
) -> Response {
    let back = ("/questionnaires", "See the questionnaires");
    let Ok(id) = Uuid::parse_str(&raw) else {
        return message_page(
            StatusCode::NOT_FOUND,
            "Nothing to delete",
            "These answers do not exist.",
            Some(back),
        );
    };
    let instrument = match state.store.questionnaire_answer(id).await {
        Ok(Some(a)) => a.instrument,
        Ok(None) => {
            return message_page(
                StatusCode::NOT_FOUND,
                "Nothing to delete",
                "These answers were already deleted.",
                Some(back),
            )
        }
        Err(e) => return storage_failed(e),
    };
    match state.store.delete_questionnaire_answer(id).await {
        Ok(_) => Redirect::to(&format!("/questionnaires/{instrument}?deleted=1")).into_response(),
        Err(e) => storage_failed(e),
    }
}
