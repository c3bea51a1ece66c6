//! `/history`: check-ins and practice sessions, newest first, filtered by
//! day, each with its edit and delete links; and `/offline`, the page the
//! service worker shows for a page it has not kept.

use super::when::{duration_words, local_time, LocalTime};
use super::{message_page, render, storage_failed};
use crate::access::Journal;
use crate::range::day_range_from_form;
use crate::state::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use backcalm_core::{CheckIn, Rating, Region, SessionRecord};
use backcalm_store::DayRange;

/// The history, the offline page and the session edit and delete pages.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/history", get(show))
        .route("/offline", get(offline))
        .route(
            "/history/sessions/{id}/edit",
            get(super::history_session::form).post(super::history_session::submit),
        )
        .route(
            "/history/sessions/{id}/delete",
            get(super::history_session::confirm).post(super::history_session::delete),
        )
}

/// One check-in as the history shows it.
pub(super) struct CheckInRow {
    pub id: String,
    pub when: LocalTime,
    pub pain: String,
    pub stress: String,
    pub sleep: String,
    pub feel: String,
    pub regions: String,
    pub note: String,
}

/// One practice session as the history shows it.
pub(super) struct SessionRow {
    pub id: String,
    pub when: LocalTime,
    pub practice: String,
    pub length: String,
    pub completed: &'static str,
    pub pain: String,
    pub stress: String,
    pub note: String,
}

/// What the history says after a change made without JavaScript (`?done=`).
fn done_notice(done: &str) -> &'static str {
    match done {
        "updated" => "Your changes are saved.",
        "deleted" => "Deleted. It is gone from your journal.",
        _ => "",
    }
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    current: &'static str,
    /// A sentence about the change just made ("" when none).
    notice: &'static str,
    from: String,
    to: String,
    /// The filter parameter at fault ("" when none) and why.
    error_field: String,
    error_message: String,
    filtered: bool,
    checkins: Vec<CheckInRow>,
    sessions: Vec<SessionRow>,
}

fn rating(r: Option<Rating>) -> String {
    r.map(|r| r.to_string()).unwrap_or_else(|| "–".into())
}

fn before_after(before: Option<Rating>, after: Option<Rating>) -> String {
    match (before, after) {
        (None, None) => "–".into(),
        (b, a) => format!("{} → {}", rating(b), rating(a)),
    }
}

fn places(regions: &[Region]) -> String {
    let list = regions
        .iter()
        .map(|r| r.words())
        .collect::<Vec<_>>()
        .join(", ");
    let mut c = list.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => list,
    }
}

/// "2 min" when it ran as planned, "5 min of 10 min" when not, "12 min, open-ended" for the timer.
fn length(s: &SessionRecord) -> String {
    let actual = duration_words(u64::from(s.actual_s));
    match s.minutes {
        0 => format!("{actual}, open-ended"),
        m if u64::from(s.actual_s) == u64::from(m) * 60 => actual,
        m => format!("{actual} of {m} min"),
    }
}

/// A check-in as a history row.
pub(super) fn checkin_row(c: &CheckIn, state: &AppState) -> CheckInRow {
    let mut note: Vec<&str> = Vec::new();
    if let Some(a) = &c.activity {
        note.push(a.as_str());
    }
    if let Some(n) = &c.note {
        note.push(n.as_str());
    }
    CheckInRow {
        id: c.id.to_string(),
        when: local_time(c.recorded_at, &c.tz, state.tz()),
        pain: c.pain.to_string(),
        stress: rating(c.stress),
        sleep: rating(c.sleep),
        feel: c
            .feel
            .iter()
            .map(|f| f.label())
            .collect::<Vec<_>>()
            .join(", "),
        regions: places(&c.regions),
        note: note.join(" — "),
    }
}

/// A session as a history row.
pub(super) fn session_row(s: &SessionRecord, state: &AppState) -> SessionRow {
    let title = state
        .library
        .get(&s.practice)
        .map(|p| p.title.clone())
        .unwrap_or_else(|| s.practice.clone());
    let practice = match &s.variant {
        Some(v) => format!("{title} ({v})"),
        None => title,
    };
    SessionRow {
        id: s.id.to_string(),
        when: local_time(s.started_at, &s.tz, state.tz()),
        practice,
        length: length(s),
        completed: if s.completed { "Yes" } else { "Ended early" },
        pain: before_after(s.pain_before, s.pain_after),
        stress: before_after(s.stress_before, s.stress_after),
        note: s
            .note
            .as_ref()
            .map(|n| n.as_str().to_string())
            .unwrap_or_default(),
    }
}

async fn show(
    Journal(state): Journal,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let pairs = q.map(|Query(v)| v).unwrap_or_default();
    let value = |k: &str| {
        pairs
            .iter()
            .rev()
            .find(|(p, _)| p == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let mut page = HistoryPage {
        current: "history",
        notice: done_notice(&value("done")),
        from: value("from"),
        to: value("to"),
        error_field: String::new(),
        error_message: String::new(),
        filtered: false,
        checkins: Vec::new(),
        sessions: Vec::new(),
    };
    let range = match day_range_from_form(&pairs) {
        Ok(r) => r,
        Err(bad) => {
            page.error_field = bad.param;
            page.error_message = bad.message;
            return render(StatusCode::BAD_REQUEST, &page);
        }
    };
    page.filtered = range.from.is_some() || range.to.is_some();
    let (mut checkins, mut sessions) = match load(&state, &range).await {
        Ok(both) => both,
        Err(e) => return storage_failed(e),
    };
    checkins.sort_by_key(|c| std::cmp::Reverse((c.recorded_at, c.id)));
    sessions.sort_by_key(|s| std::cmp::Reverse((s.started_at, s.id)));
    page.checkins = checkins.iter().map(|c| checkin_row(c, &state)).collect();
    page.sessions = sessions.iter().map(|s| session_row(s, &state)).collect();
    render(StatusCode::OK, &page)
}

/// What the service worker shows for a page it has not kept, when offline.
async fn offline() -> Response {
    message_page(
        StatusCode::OK,
        "You’re offline",
        "This page is not saved on this device, so it can’t open without the network. Checking in, your history and every practice work offline: open them from the menu above.",
        Some(("/checkin", "Check in")),
    )
}

async fn load(
    state: &AppState,
    range: &DayRange,
) -> Result<(Vec<CheckIn>, Vec<SessionRecord>), backcalm_store::StoreError> {
    Ok((
        state.store.checkins(range).await?,
        state.store.sessions(range).await?,
    ))
}
