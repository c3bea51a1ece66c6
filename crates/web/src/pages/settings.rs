//! `/settings`: the weekly goal, the opt-in streak, where the person lives
//! (for emergency and crisis numbers), phase announcements, the program's
//! start, and daily reminders (added and removed one at a time).

use super::page_form::PageForm;
use super::{message_page, render, storage_failed};
use crate::access::Journal;
use crate::state::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use backcalm_core::journal::{Filled, Repeat};
use backcalm_core::reminder::{format_time, validate_new, Reminder, ReminderError};
use backcalm_core::safety::{CrisisLine, CrisisNumbers};
use backcalm_core::settings::{Country, Settings, MAX_REMINDERS_PER_DAY, MAX_WEEKLY_GOAL_MINUTES};
use backcalm_core::FieldError;
use uuid::Uuid;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/settings", get(show).post(save))
        .route("/settings/reminders", post(add_reminder))
        .route("/settings/reminders/{id}/delete", post(remove_reminder))
}

/// What the form shows: the stored settings, or what was just sent.
#[derive(Debug, Clone, Default)]
struct Entered {
    goal: String,
    show_streak: bool,
    announce_phases: bool,
    country: String,
    place: String,
    emergency: String,
    urgent: String,
    crisis: String,
    per_day: String,
    program_start: String,
}

impl Entered {
    fn of(s: &Settings) -> Entered {
        let own = s.crisis.lines.first();
        let text = |f: fn(&CrisisLine) -> Option<String>| own.and_then(f).unwrap_or_default();
        Entered {
            goal: s
                .weekly_goal_minutes
                .map(|g| g.to_string())
                .unwrap_or_default(),
            show_streak: s.show_streak,
            announce_phases: s.announce_phases,
            country: s.country.map(|c| c.id().to_string()).unwrap_or_default(),
            place: text(|l| Some(l.place.clone())),
            emergency: text(|l| Some(l.emergency.clone())),
            urgent: text(|l| l.urgent_advice.clone()),
            crisis: text(|l| l.crisis.clone()),
            per_day: s.reminders_per_day.to_string(),
            program_start: s.program_start.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    fn from_pairs(pairs: &[(String, String)]) -> Entered {
        let mut e = Entered::default();
        for (k, v) in pairs {
            let v = v.clone();
            match k.as_str() {
                "goal" => e.goal = v,
                "show_streak" => e.show_streak = true,
                "announce_phases" => e.announce_phases = true,
                "country" => e.country = v,
                "place" => e.place = v,
                "emergency" => e.emergency = v,
                "urgent" => e.urgent = v,
                "crisis" => e.crisis = v,
                "per_day" => e.per_day = v,
                "program_start" => e.program_start = v,
                _ => {}
            }
        }
        e
    }

    /// The settings this form describes (it shows every field).
    fn to_settings(&self) -> Result<Settings, FieldError> {
        let goal = match self.goal.trim() {
            "" | "0" => None,
            g => Some(g.parse::<u32>().map_err(|_| {
                FieldError::new(
                    "goal",
                    format!("{g:?} is not a number of minutes; enter a whole number from 1 to {MAX_WEEKLY_GOAL_MINUTES}, or leave it empty for no goal"),
                )
            })?),
        };
        let country = match self.country.trim() {
            "" => None,
            c => Some(
                Country::from_id(c)
                    .ok_or_else(|| FieldError::new("country", "choose one of the places listed"))?,
            ),
        };
        let per_day = self.per_day.trim().parse::<u8>().map_err(|_| {
            FieldError::new(
                "per_day",
                format!("choose 1 to {MAX_REMINDERS_PER_DAY} reminders a day"),
            )
        })?;
        let program_start = match self.program_start.trim() {
            "" => None,
            d => Some(backcalm_core::time::date(d).map_err(|_| {
                FieldError::new("program_start", format!("{d:?} is not a date; use the date picker, or leave it empty to start from your first practice"))
            })?),
        };
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let crisis = if self.emergency.trim().is_empty() && self.place.trim().is_empty() {
            CrisisNumbers { lines: Vec::new() }
        } else {
            CrisisNumbers {
                lines: vec![CrisisLine {
                    place: opt(&self.place).unwrap_or_else(|| "your country".into()),
                    emergency: self.emergency.trim().to_string(),
                    urgent_advice: opt(&self.urgent),
                    crisis: opt(&self.crisis),
                }],
            }
        };
        let s = Settings {
            weekly_goal_minutes: goal,
            show_streak: self.show_streak,
            country,
            crisis,
            announce_phases: self.announce_phases,
            reminders_per_day: per_day,
            program_start,
        };
        s.check().map_err(|e| {
            // The form's names, not the JSON paths.
            let field = match e.field.as_str() {
                "weekly_goal_minutes" => "goal",
                "reminders_per_day" => "per_day",
                f if f.starts_with("crisis") => "emergency",
                f => f,
            };
            FieldError::new(field, e.message)
        })?;
        Ok(s)
    }
}

struct ChoiceView {
    value: &'static str,
    label: &'static str,
    checked: bool,
}

struct ReminderView {
    id: String,
    time: String,
    tz: String,
    label: String,
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    current: &'static str,
    csrf: String,
    e: Entered,
    countries: Vec<ChoiceView>,
    per_day: Vec<ChoiceView>,
    reminders: Vec<ReminderView>,
    can_add: bool,
    /// Whether this server sends reminders by Web Push (hosted mode).
    push: bool,
    reminder_id: String,
    tz: String,
    error_field: String,
    error_message: String,
    notice: String,
    max_goal: u32,
}

async fn page(
    state: &AppState,
    e: Entered,
    error: Option<FieldError>,
    notice: &str,
) -> Result<SettingsPage, backcalm_store::StoreError> {
    let stored = state.store.settings().await?;
    let reminders = state.store.reminders().await?;
    let mut countries = vec![ChoiceView {
        value: "",
        label: "Not chosen: show the UK, US and EU numbers",
        checked: e.country.is_empty(),
    }];
    countries.extend(Country::ALL.iter().map(|c| ChoiceView {
        value: c.id(),
        label: c.label(),
        checked: e.country == c.id(),
    }));
    let per_day = ["1", "2", "3"]
        .into_iter()
        .map(|v| ChoiceView {
            value: v,
            label: match v {
                "1" => "At most one a day (recommended)",
                "2" => "Up to two a day",
                _ => "Up to three a day",
            },
            checked: e.per_day == v,
        })
        .collect();
    let (error_field, error_message) = error.map(|e| (e.field, e.message)).unwrap_or_default();
    Ok(SettingsPage {
        current: "settings",
        csrf: state.csrf(),
        countries,
        per_day,
        can_add: stored.allows_another_reminder(reminders.len()),
        push: state.hosted().is_some_and(|h| h.push.is_some()),
        reminders: reminders
            .iter()
            .map(|r| ReminderView {
                id: r.id.to_string(),
                time: format_time(r.time),
                tz: r.tz.to_string(),
                label: r.label.clone(),
            })
            .collect(),
        reminder_id: state.new_id().to_string(),
        tz: state.tz().to_string(),
        e,
        error_field,
        error_message,
        notice: notice.to_string(),
        max_goal: MAX_WEEKLY_GOAL_MINUTES,
    })
}

fn answer(
    result: Result<SettingsPage, backcalm_store::StoreError>,
    status: StatusCode,
) -> Response {
    match result {
        Ok(p) => render(status, &p),
        Err(e) => storage_failed(e),
    }
}

#[derive(serde::Deserialize)]
struct ShowQuery {
    saved: Option<String>,
}

async fn show(Journal(state): Journal, q: Result<Query<ShowQuery>, QueryRejection>) -> Response {
    let stored = match state.store.settings().await {
        Ok(s) => s,
        Err(e) => return storage_failed(e),
    };
    let notice = match q.ok().and_then(|Query(q)| q.saved).as_deref() {
        Some("settings") => "Your settings are saved.",
        Some("reminder") => "The reminder is added.",
        Some("removed") => "The reminder is removed.",
        _ => "",
    };
    answer(
        page(&state, Entered::of(&stored), None, notice).await,
        StatusCode::OK,
    )
}

async fn save(Journal(state): Journal, PageForm(pairs): PageForm) -> Response {
    let entered = Entered::from_pairs(&pairs);
    match entered.to_settings() {
        Ok(s) => match state.store.save_settings(&s).await {
            Ok(()) => Redirect::to("/settings?saved=settings").into_response(),
            Err(e) => storage_failed(e),
        },
        Err(e) => answer(
            page(&state, entered, Some(e), "").await,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    }
}

async fn add_reminder(Journal(state): Journal, PageForm(pairs): PageForm) -> Response {
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let stored = match state.store.settings().await {
        Ok(s) => s,
        Err(e) => return storage_failed(e),
    };
    let existing = match state.store.reminders().await {
        Ok(r) => r,
        Err(e) => return storage_failed(e),
    };
    let id = Uuid::parse_str(field("id").trim()).unwrap_or_else(|_| state.new_id());
    let as_field = |e: ReminderError| {
        let field = match e {
            ReminderError::LabelTooLong { .. } => "label",
            _ => "time",
        };
        FieldError::new(field, e.to_string())
    };
    let made = Reminder::new(id, field("time"), state.tz().clone(), field("label"))
        .map_err(as_field)
        .and_then(|r| {
            // A resent form (reload) is the same reminder: no error, nothing
            // added twice. Its zone is the server's, kept from the first time.
            if let Some(first) = existing.iter().find(|e| e.id == r.id) {
                if r.repeats(first, &Filled::none().and("tz", true)) {
                    return Ok(first.clone());
                }
                return Err(FieldError::new(
                    "time",
                    format!(
                        "this form was already sent for the reminder at {}, so nothing was added; remove that one above to set another time",
                        format_time(first.time)
                    ),
                ));
            }
            // Duplicates, and core's "one a day" when that is the person's limit.
            validate_new(&existing, &r, stored.reminders_per_day > 1).map_err(as_field)?;
            if !stored.allows_another_reminder(existing.len()) {
                return Err(FieldError::new(
                    "time",
                    format!(
                        "you already have {} daily reminders, your limit; remove one first, or allow more below",
                        existing.len()
                    ),
                ));
            }
            Ok(r)
        });
    let reminder = match made {
        Ok(r) => r,
        Err(error) => {
            return answer(
                page(&state, Entered::of(&stored), Some(error), "").await,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    match state
        .store
        .create_reminder(&reminder, &Filled::none().and("tz", true))
        .await
    {
        Ok(_) => Redirect::to("/settings?saved=reminder#reminders").into_response(),
        Err(e) => storage_failed(e),
    }
}

async fn remove_reminder(
    Journal(state): Journal,
    Path(raw): Path<String>,
    // Read, though it holds only the token, so a body that is not a form is still refused.
    PageForm(_): PageForm,
) -> Response {
    // An id that names none of this person's reminders (removed already,
    // or someone else's) is a 404 that says so, never "removed".
    let gone = || {
        message_page(
            StatusCode::NOT_FOUND,
            "Nothing to remove",
            "That reminder is not in your settings: it may have been removed already.",
            Some(("/settings#reminders", "Back to settings")),
        )
    };
    let Ok(id) = Uuid::parse_str(&raw) else {
        return gone();
    };
    match state.store.delete_reminder(id).await {
        Ok(true) => Redirect::to("/settings?saved=removed#reminders").into_response(),
        Ok(false) => gone(),
        Err(e) => storage_failed(e),
    }
}
