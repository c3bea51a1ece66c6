//! `/screen`: the red-flag safety screen as yes/no questions. The result is
//! shown at the top, most important sentence first, with the number to call;
//! every screen is stored and can be taken again at any time.

use super::page_form::PageForm;
use super::when::{local_time, LocalTime};
use super::{render, storage_failed};
use crate::access::Journal;
use crate::api::screen::screen_defaults;
use crate::state::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use backcalm_core::safety::{
    answered_yes, is_earlier_version, message, questions, Action, CrisisNumbers, ScreenDraft,
    ScreenDraftError, ScreenError, ScreenRecord, DISCLAIMER, FRAMING,
};
use backcalm_store::{Insert, StoreError};
use std::collections::BTreeMap;
use uuid::Uuid;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/screen", get(show).post(submit))
}

/// One place's numbers, with `tel:` targets where the text holds a number.
pub(super) struct NumberView {
    pub place: String,
    pub emergency: String,
    pub emergency_tel: String,
    pub urgent: String,
    pub urgent_tel: String,
    pub crisis: String,
    pub crisis_tel: String,
}

/// The digits of a phone number written in words ("NHS 111" → "111"); empty when there are none.
fn tel(text: &str) -> String {
    let first_digit = text
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(text.len());
    text[first_digit..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ' ')
        .filter(char::is_ascii_digit)
        .collect()
}

/// The numbers to show, one entry per place.
pub(super) fn number_views(numbers: &CrisisNumbers) -> Vec<NumberView> {
    numbers
        .lines
        .iter()
        .map(|l| {
            let opt = |s: &Option<String>| s.as_deref().unwrap_or("").trim().to_string();
            NumberView {
                place: l.place.clone(),
                emergency: l.emergency.trim().to_string(),
                emergency_tel: tel(&l.emergency),
                urgent: opt(&l.urgent_advice),
                urgent_tel: tel(&opt(&l.urgent_advice)),
                crisis: opt(&l.crisis),
                crisis_tel: tel(&opt(&l.crisis)),
            }
        })
        .collect()
}

struct QuestionView {
    id: &'static str,
    number: usize,
    text: &'static str,
    /// "yes", "no" or "" (not answered yet).
    answer: String,
}

struct ResultView {
    action: &'static str,
    label: &'static str,
    message: String,
    reasons: Vec<&'static str>,
    when: LocalTime,
    just_taken: bool,
    /// Answered with an earlier set of questions (shown as they were asked then).
    earlier_version: bool,
}

#[derive(Template)]
#[template(path = "screen.html")]
struct ScreenPage {
    current: &'static str,
    csrf: String,
    id: String,
    /// When the questions were shown: the screen's time, carried with the id.
    taken_at: String,
    disclaimer: &'static str,
    framing: &'static str,
    first_time: bool,
    result: Option<ResultView>,
    numbers: Vec<NumberView>,
    emergency_phrase: String,
    questions: Vec<QuestionView>,
    error: String,
    error_id: String,
}

fn action_id(a: Action) -> &'static str {
    match a {
        Action::None => "none",
        Action::Soon => "soon",
        Action::Urgent => "urgent",
        Action::Emergency => "emergency",
    }
}

fn result_view(
    state: &AppState,
    s: &ScreenRecord,
    numbers: &CrisisNumbers,
    just_taken: bool,
) -> ResultView {
    ResultView {
        action: action_id(s.action),
        label: s.action.label(),
        message: message(s.action, numbers),
        reasons: answered_yes(&s.answers).iter().map(|q| q.text).collect(),
        when: local_time(s.taken_at, &s.tz, state.tz()),
        just_taken,
        earlier_version: is_earlier_version(&s.answers),
    }
}

fn question_views(answers: &BTreeMap<String, bool>) -> Vec<QuestionView> {
    questions()
        .iter()
        .enumerate()
        .map(|(i, q)| QuestionView {
            id: q.id,
            number: i + 1,
            text: q.text,
            answer: match answers.get(q.id) {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => String::new(),
            },
        })
        .collect()
}

#[derive(serde::Deserialize)]
struct ShowQuery {
    taken: Option<String>,
}

async fn page(
    state: &AppState,
    shown: Option<(ScreenRecord, bool)>,
    first_time: bool,
    answers: &BTreeMap<String, bool>,
    error: Option<(String, String)>,
) -> Result<ScreenPage, StoreError> {
    let settings = state.store.settings().await?;
    let numbers = settings.crisis_numbers();
    let (error, error_id) = error.unwrap_or_default();
    Ok(ScreenPage {
        current: "screen",
        csrf: state.csrf(),
        id: state.new_id().to_string(),
        taken_at: super::form_time(state),
        disclaimer: DISCLAIMER,
        framing: FRAMING,
        first_time,
        result: shown.map(|(s, just)| result_view(state, &s, &numbers, just)),
        emergency_phrase: numbers.emergency_phrase(),
        numbers: number_views(&numbers),
        questions: question_views(answers),
        error,
        error_id,
    })
}

async fn show(Journal(state): Journal, q: Result<Query<ShowQuery>, QueryRejection>) -> Response {
    let taken = q
        .ok()
        .and_then(|Query(q)| q.taken)
        .and_then(|t| Uuid::parse_str(&t).ok());
    let latest = match state.store.latest_screen().await {
        Ok(l) => l,
        Err(e) => return storage_failed(e),
    };
    let first_time = latest.is_none();
    let shown = match taken {
        Some(id) => match state.store.screen(id).await {
            Ok(Some(s)) => Some((s, true)),
            Ok(None) => latest.map(|s| (s, false)),
            Err(e) => return storage_failed(e),
        },
        None => latest.map(|s| (s, false)),
    };
    match page(&state, shown, first_time, &BTreeMap::new(), None).await {
        Ok(p) => render(StatusCode::OK, &p),
        Err(e) => storage_failed(e),
    }
}

async fn submit(Journal(state): Journal, PageForm(pairs): PageForm) -> Response {
    let mut draft = ScreenDraft::default();
    for (k, v) in &pairs {
        if k == "id" {
            // An id that is not one gets a fresh one rather than a refusal.
            draft.id = Uuid::parse_str(v.trim()).ok().map(|u| u.to_string());
        } else if k == "taken_at" && !v.is_empty() {
            draft.taken_at = Some(v.clone());
        } else if let Some(q) = k.strip_prefix("q.") {
            // Only real questions; anything else in the form is not an answer.
            if questions().iter().any(|x| x.id == q) {
                match v.as_str() {
                    "yes" => {
                        draft.answers.insert(q.to_string(), true);
                    }
                    "no" => {
                        draft.answers.insert(q.to_string(), false);
                    }
                    _ => {}
                }
            }
        }
    }
    let mut record = match draft.validate(&screen_defaults(&state, &draft)) {
        Ok(r) => r,
        Err(e) => {
            let again = "Open the safety check again and send it from there.";
            let (text, qid) = match &e {
                ScreenDraftError::Answers(ScreenError::Unanswered { id, .. }) => (
                    format!("Please answer every question with yes or no. Question {} has no answer yet.", questions().iter().position(|q| q.id == id).map_or(0, |i| i + 1)),
                    id.clone(),
                ),
                ScreenDraftError::Answers(other) => (other.to_string(), String::new()),
                ScreenDraftError::Future => (
                    format!(
                        "The form's time, {}, is in the future. {again}",
                        draft.taken_at.as_deref().unwrap_or_default()
                    ),
                    String::new(),
                ),
                // The form sends only its time; its id and zone are not read from it.
                ScreenDraftError::Field(f) => (
                    format!("The form's time could not be read: {}. {again}", f.message),
                    String::new(),
                ),
            };
            let first_time = matches!(state.store.latest_screen().await, Ok(None));
            return match page(&state, None, first_time, &draft.answers, Some((text, qid))).await {
                Ok(p) => render(StatusCode::UNPROCESSABLE_ENTITY, &p),
                Err(e) => storage_failed(e),
            };
        }
    };
    // Sent twice (a double click, a reload): one screen, at the time the form
    // carries. Its zone (and its time, from a form without one) is the
    // server's, kept from the first time.
    let stored = match state.store.create_screen(&record, &draft.filled()).await {
        Ok(Insert::Created(s) | Insert::Existing(s)) => s,
        // The same form sent again with other answers (the back button, then a
        // change): those answers are a screen of their own, assessed and shown,
        // never a copy of the first.
        Err(StoreError::Conflict { .. }) => {
            record.id = state.new_id();
            match state.store.insert_screen(&record).await {
                Ok(i) => i.into_inner(),
                Err(e) => return storage_failed(e),
            }
        }
        Err(e) => return storage_failed(e),
    };
    Redirect::to(&format!("/screen?taken={}#result", stored.id)).into_response()
}

#[cfg(test)]
mod tests {
    use super::tel;

    #[test]
    fn phone_numbers_are_read_from_words() {
        assert_eq!(tel("999"), "999");
        assert_eq!(tel("NHS 111"), "111");
        assert_eq!(tel("Samaritans 116 123 (free, 24/7)"), "116123");
        assert_eq!(tel("988 Suicide & Crisis Lifeline (call or text)"), "988");
        assert_eq!(tel("ask a pharmacist"), "");
    }
}
