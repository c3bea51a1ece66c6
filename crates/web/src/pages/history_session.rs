//! `/history/sessions/{id}/edit` and `/history/sessions/{id}/delete`:
//! changing and deleting a recorded practice session with plain forms.
//!
//! The form offers what a person may want to correct afterwards (how long
//! they practised, whether they finished, the before/after ratings and the
//! note); the practice, its planned length, its start and its marked regions
//! are kept as they were.

use super::checkin::form_page;
use super::history::session_row;
use super::history_record::{confirm_delete, delete_confirmed, named, not_in_journal};
use super::page_form::PageForm;
use super::{render, storage_failed};
use crate::access::Journal;
use crate::state::AppState;
use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use backcalm_core::{FieldError, Rating, SessionDraft, SessionRecord};

/// A 0-10 rating as a `<select>`.
struct RatingField {
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    /// "" for not given.
    value: String,
}

#[derive(Template)]
#[template(path = "session_edit.html")]
struct SessionEditPage {
    current: &'static str,
    title: String,
    action: String,
    csrf: String,
    minutes: String,
    completed: bool,
    ratings: Vec<RatingField>,
    note: String,
    error_field: String,
    error_message: String,
}

/// The form's values, as text, so a refused form comes back as sent.
struct Entered {
    minutes: String,
    completed: bool,
    ratings: [(&'static str, String); 5],
    note: String,
}

const RATINGS: [(&str, &str, &str); 5] = [
    (
        "pain_before",
        "Pain before",
        "0 is no pain, 10 the worst imaginable",
    ),
    (
        "pain_after",
        "Pain after",
        "0 is no pain, 10 the worst imaginable",
    ),
    (
        "stress_before",
        "Stress before",
        "0 is calm, 10 the most stressed",
    ),
    (
        "stress_after",
        "Stress after",
        "0 is calm, 10 the most stressed",
    ),
    (
        "pleasantness",
        "How pleasant the images were",
        "For guided imagery: 0 not at all, 10 very",
    ),
];

fn rating_text(r: Option<Rating>) -> String {
    r.map(|r| r.to_string()).unwrap_or_default()
}

/// Seconds as the minutes field shows them: "5", "2.5".
fn minutes_text(actual_s: u32) -> String {
    if actual_s.is_multiple_of(60) {
        (actual_s / 60).to_string()
    } else {
        format!("{:.1}", f64::from(actual_s) / 60.0)
    }
}

impl Entered {
    fn from_session(s: &SessionRecord) -> Self {
        Entered {
            minutes: minutes_text(s.actual_s),
            completed: s.completed,
            ratings: [
                ("pain_before", rating_text(s.pain_before)),
                ("pain_after", rating_text(s.pain_after)),
                ("stress_before", rating_text(s.stress_before)),
                ("stress_after", rating_text(s.stress_after)),
                ("pleasantness", rating_text(s.pleasantness)),
            ],
            note: s
                .note
                .as_ref()
                .map(|n| n.as_str().to_string())
                .unwrap_or_default(),
        }
    }

    fn from_pairs(pairs: &[(String, String)]) -> Self {
        let value = |k: &str| {
            pairs
                .iter()
                .rev()
                .find(|(p, _)| p == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        Entered {
            minutes: value("minutes"),
            completed: value("completed") == "yes",
            ratings: RATINGS.map(|(name, _, _)| (name, value(name))),
            note: value("note"),
        }
    }

    /// The stored session with this form's changes, as a draft for core to validate.
    fn apply(&self, old: &SessionRecord) -> Result<SessionDraft, FieldError> {
        let mut d = SessionDraft::from(old);
        d.actual_s = Some(seconds(&self.minutes, old.actual_s)?);
        d.completed = Some(self.completed);
        for (name, text) in &self.ratings {
            let v = whole_number(name, text)?;
            match *name {
                "pain_before" => d.pain_before = v,
                "pain_after" => d.pain_after = v,
                "stress_before" => d.stress_before = v,
                "stress_after" => d.stress_after = v,
                _ => d.pleasantness = v,
            }
        }
        d.note = (!self.note.trim().is_empty()).then(|| self.note.clone());
        Ok(d)
    }
}

fn whole_number(field: &str, s: &str) -> Result<Option<i64>, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<i64>().map(Some).map_err(|_| {
        FieldError::new(
            field,
            format!("{t:?} is not a whole number; choose one from 0 to 10"),
        )
    })
}

/// Minutes practised as seconds. The stored value is kept when the text is
/// unchanged, so a length like 2 min 31 s does not become 2 min 30 s.
fn seconds(text: &str, old_s: u32) -> Result<i64, FieldError> {
    let t = text.trim();
    if t == minutes_text(old_s) {
        return Ok(i64::from(old_s));
    }
    let m: f64 = t.replace(',', ".").parse().map_err(|_| {
        FieldError::new(
            "minutes",
            format!("{t:?} is not a number of minutes; write it like 5 or 2.5"),
        )
    })?;
    if !m.is_finite() || m < 0.0 {
        return Err(FieldError::new("minutes", "must be zero or more minutes"));
    }
    // Whole seconds; core checks the upper bound.
    Ok((m * 60.0).round().min(i64::MAX as f64) as i64)
}

fn page(
    state: &AppState,
    s: &SessionRecord,
    e: &Entered,
    error: Option<&FieldError>,
) -> SessionEditPage {
    let row = session_row(s, state);
    SessionEditPage {
        current: "history",
        title: format!("Edit {} from {}", row.practice, row.when.text),
        action: format!("/history/sessions/{}/edit", s.id),
        csrf: state.csrf(),
        minutes: e.minutes.clone(),
        completed: e.completed,
        ratings: RATINGS
            .iter()
            .zip(&e.ratings)
            .map(|((name, label, hint), (_, value))| RatingField {
                name,
                label,
                hint,
                value: value.clone(),
            })
            .collect(),
        note: e.note.clone(),
        // The form asks for minutes; core checks the seconds they become.
        error_field: error
            .map(|f| match f.field.as_str() {
                "actual_s" => "minutes".to_string(),
                other => other.to_string(),
            })
            .unwrap_or_default(),
        error_message: error.map(|f| f.message.clone()).unwrap_or_default(),
    }
}

/// The page for a session that is not (or no longer) in the journal.
fn gone() -> Response {
    not_in_journal("practice session", "every session")
}

/// The stored session named by the path, or the page to answer with.
async fn stored(state: &AppState, raw: &str) -> Result<SessionRecord, Response> {
    named(raw, gone, |id| state.store.session(id)).await
}

pub(super) async fn form(Journal(state): Journal, Path(raw): Path<String>) -> Response {
    match stored(&state, &raw).await {
        Ok(s) => form_page(render(
            StatusCode::OK,
            &page(&state, &s, &Entered::from_session(&s), None),
        )),
        Err(p) => p,
    }
}

pub(super) async fn submit(
    Journal(state): Journal,
    Path(raw): Path<String>,
    PageForm(pairs): PageForm,
) -> Response {
    let old = match stored(&state, &raw).await {
        Ok(s) => s,
        Err(p) => return p,
    };
    let entered = Entered::from_pairs(&pairs);
    // Core's edit rule, as `PUT /api/v1/sessions/{id}`: a practice removed
    // from the library since is refused.
    let changed = entered
        .apply(&old)
        .and_then(|d| d.validate_edit(&old, state.now(), |p| state.knows_practice(p)));
    let s = match changed {
        Ok(s) => s,
        Err(e) => {
            return form_page(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(&state, &old, &entered, Some(&e)),
            ))
        }
    };
    match state.store.update_session(&s).await {
        Ok(true) => Redirect::to("/history?done=updated").into_response(),
        Ok(false) => gone(),
        Err(e) => storage_failed(e),
    }
}

pub(super) async fn confirm(Journal(state): Journal, Path(raw): Path<String>) -> Response {
    let s = match stored(&state, &raw).await {
        Ok(s) => s,
        Err(p) => return p,
    };
    let row = session_row(&s, &state);
    let mut facts = vec![
        ("Practice".to_string(), row.practice.clone()),
        ("Length".to_string(), row.length),
        ("Pain before → after".to_string(), row.pain),
    ];
    if !row.note.is_empty() {
        facts.push(("Note".to_string(), row.note));
    }
    confirm_delete(
        &state,
        &format!(
            "Delete the {} session from {}?",
            row.practice, row.when.text
        ),
        &facts,
        &format!("/history/sessions/{}/delete", s.id),
        "Delete session",
    )
}

pub(super) async fn delete(
    Journal(state): Journal,
    Path(raw): Path<String>,
    // Read, though it holds only the token, so a body that is not a form is still refused.
    PageForm(_): PageForm,
) -> Response {
    delete_confirmed(&raw, gone, |id| state.store.delete_session(id)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_minutes_keep_the_exact_seconds() {
        assert_eq!(minutes_text(151), "2.5");
        assert_eq!(seconds("2.5", 151), Ok(151));
        assert_eq!(seconds("3", 151), Ok(180));
        assert_eq!(seconds("2,5", 600), Ok(150));
        assert_eq!(
            seconds("ten", 600).map_err(|e| e.field),
            Err("minutes".into())
        );
        assert!(seconds("-1", 600).is_err());
    }
}
