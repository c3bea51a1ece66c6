//! `/`: a calm welcome with one obvious first step: today's step of the
//! 8-week program. Before anything else, until a safety screen has been
//! taken, it invites the person to take one (with the not-medical-advice
//! notice); it offers the screen again when the latest check-in calls for it,
//! and the weekly PEG when it is due.

use super::today::{today_view, TodayView};
use super::{render, storage_failed};
use crate::access::Journal;
use crate::charts::num;
use crate::personal::link_query;
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use backcalm_app::{rescreen_due, Rescreen};
use backcalm_core::safety::DISCLAIMER;
use backcalm_core::Kind;

/// The length offered to someone just starting (CLINICAL.md: beginners start at 1-2 minutes).
const FIRST_MINUTES: u32 = 2;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    current: &'static str,
    /// Where the "start" button goes when the program cannot be planned: a breathing practice at two minutes.
    start_href: Option<String>,
    start_minutes: u32,
    today: Option<TodayView>,
    /// No safety screen was ever taken.
    first_screen: bool,
    /// The latest check-in calls for taking the screen again.
    /// Why to take the screen again (core's words), or empty.
    rescreen: &'static str,
    disclaimer: &'static str,
    /// Days practised in the last 7, and minutes this week against the goal.
    practised_7: usize,
    week_minutes: String,
    goal: String,
}

pub(super) async fn show(Journal(state): Journal) -> Response {
    // The gentlest start: the first breathing practice (library order) that offers two minutes.
    let start_href = state
        .library
        .practices()
        .iter()
        .find(|p| p.kind == Kind::Breathing && p.minutes().contains(&FIRST_MINUTES))
        .map(|p| {
            (
                p.id.clone(),
                format!("/practices/{}?minutes={FIRST_MINUTES}", p.id),
            )
        });
    let journal = match state.snapshot().await {
        Ok(j) => j,
        Err(e) => return storage_failed(e),
    };
    let latest_screen = journal.latest_screen.as_ref();
    let program = state.program_now(&journal);
    let places = |id: &str| link_query(&state, &journal.checkins, &journal.sessions, id);
    let start_href = start_href.map(|(id, href)| format!("{href}{}", places(&id)));
    let insights = state.insights(&journal);
    let this_week = insights.weeks.last();
    render(
        StatusCode::OK,
        &HomePage {
            current: "home",
            start_href,
            start_minutes: FIRST_MINUTES,
            today: program.as_ref().map(|p| today_view(p, &places)),
            first_screen: latest_screen.is_none(),
            rescreen: rescreen_due(&journal.checkins, latest_screen).map_or("", Rescreen::words),
            disclaimer: DISCLAIMER,
            practised_7: insights.days_practised_7,
            week_minutes: this_week.map(|w| num(w.minutes, 0)).unwrap_or_default(),
            goal: this_week
                .and_then(|w| w.goal_minutes)
                .map(|g| g.to_string())
                .unwrap_or_default(),
        },
    )
}
