//! Today's step of the 8-week program, as the home page shows it, and
//! `/program`, the whole program week by week.

use super::{render, storage_failed};
use crate::access::Journal;
use crate::personal::link_query;
use crate::state::AppState;
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use backcalm_app::{shipped, ProgramNow};
use backcalm_core::program::PROGRAM_WEEKS;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/program", get(show))
}

/// "a 2-minute", "an 8-minute".
fn a_minutes(m: u32) -> String {
    let spoken_vowel = m == 8 || m == 11 || m == 18 || (80..90).contains(&m);
    format!("{} {m}-minute", if spoken_vowel { "an" } else { "a" })
}

/// A link with its words.
pub(super) struct Link {
    pub href: String,
    pub text: String,
}

/// Today's step, ready to show.
pub(super) struct TodayView {
    /// The program has begun (a practice was done, or a start date set).
    pub started: bool,
    pub week: u8,
    pub weeks: u8,
    pub week_day: u8,
    pub repeat: bool,
    pub complete: bool,
    pub title: String,
    pub intro: String,
    pub practice_href: String,
    /// e.g. "Start a 2-minute breathing practice".
    pub start_words: String,
    pub practice_title: String,
    pub minutes: u32,
    pub lesson_href: String,
    pub lesson_title: String,
    pub lesson_minutes: u32,
    /// The week's further lessons.
    pub also_read: Vec<Link>,
    /// The week's shorter option ("Or a 5-minute version"), when there is one.
    pub short: Option<Link>,
    /// Questionnaires offered this week and not answered lately (PHQ-2, GAD-2).
    pub questionnaires: Vec<Link>,
    /// Today is a flare day (the message says what that changes).
    pub flare: bool,
    /// "You could try 3 minutes instead: …" when a longer session is proposed.
    pub proposal: String,
    pub proposal_href: String,
    /// Why today's practice is not the week's own.
    pub set_aside: String,
    pub message: String,
    pub practised_today: bool,
    pub peg_due: bool,
}

/// Today's step; `places(practice_id)` is the query carrying the person's own
/// places for that practice (see [`crate::personal::link_query`]).
pub(super) fn today_view(now: &ProgramNow, places: &dyn Fn(&str) -> String) -> TodayView {
    let t = &now.today;
    let own = places(&t.practice);
    let shipped = shipped().ok();
    let lesson = shipped.and_then(|s| s.lesson(&t.lesson));
    let lesson_link = |id: &String| Link {
        href: format!("/learn/{id}"),
        text: shipped
            .and_then(|s| s.lesson(id))
            .map_or_else(|| id.clone(), |l| l.title.clone()),
    };
    let questionnaire_link = |id: &String| Link {
        href: format!("/questionnaires/{id}"),
        text: shipped
            .and_then(|s| s.instrument(id))
            .map_or_else(|| id.clone(), |i| i.title.clone()),
    };
    let kind = t.kind.label().to_lowercase();
    TodayView {
        started: now.start.is_some(),
        week: t.current_week,
        weeks: PROGRAM_WEEKS,
        week_day: t.week_day,
        repeat: t.repeat > 0,
        complete: t.complete,
        title: t.title.clone(),
        intro: t.intro.clone(),
        practice_href: format!("/practices/{}?minutes={}{own}", t.practice, t.minutes),
        start_words: format!("Start {} {kind} practice", a_minutes(t.minutes)),
        practice_title: t.practice_title.clone(),
        minutes: t.minutes,
        lesson_href: format!("/learn/{}", t.lesson),
        lesson_title: lesson.map(|l| l.title.clone()).unwrap_or_else(|| t.lesson.clone()),
        lesson_minutes: lesson.map_or(0, |l| l.minutes),
        also_read: t.also_read.iter().map(lesson_link).collect(),
        short: t.short_minutes.map(|m| Link {
            href: format!("/practices/{}?minutes={m}", t.practice),
            text: format!("Or {} version", a_minutes(m)),
        }),
        questionnaires: t.questionnaires_due.iter().map(questionnaire_link).collect(),
        flare: t.flare.is_some(),
        proposal: t
            .proposal
            .as_ref()
            .map(|p| {
                format!(
                    "You were comfortable with {} minutes {} times in a row. If you like, try {} minutes; {} is still a good practice.",
                    p.from_minutes, p.comfortable_sessions, p.to_minutes, p.from_minutes
                )
            })
            .unwrap_or_default(),
        proposal_href: t
            .proposal
            .as_ref()
            .map(|p| format!("/practices/{}?minutes={}{own}", t.practice, p.to_minutes))
            .unwrap_or_default(),
        set_aside: t
            .set_aside
            .as_ref()
            .map(|s| {
                format!(
                    "You rated {} as unhelpful in {} of your last {} rated sessions, so today offers something else. It is still there in Practices whenever you want it.",
                    s.kind.label().to_lowercase(),
                    s.unhelpful,
                    s.rated
                )
            })
            .unwrap_or_default(),
        message: t.message.clone().unwrap_or_default(),
        practised_today: t.practised_today,
        peg_due: t.peg_due,
    }
}

struct WeekRow {
    week: u8,
    title: String,
    kind: &'static str,
    practice_href: String,
    lesson_href: String,
    lesson_title: String,
    daily_minutes: u32,
    current: bool,
    done: bool,
}

#[derive(Template)]
#[template(path = "program.html")]
struct ProgramPage {
    current: &'static str,
    today: TodayView,
    rows: Vec<WeekRow>,
}

async fn show(Journal(state): Journal) -> Response {
    let journal = match state.snapshot().await {
        Ok(j) => j,
        Err(e) => return storage_failed(e),
    };
    let now = match state.program_now(&journal) {
        Some(n) => n,
        None => {
            return super::message_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The program is not available",
                "The 8-week program that comes with backcalm could not be read. This is a fault in this copy of backcalm, not something you did.",
                Some(("/practices", "Choose a practice instead")),
            )
        }
    };
    let places = |id: &str| link_query(&state, &journal.checkins, &journal.sessions, id);
    let current = now.view.current_week;
    let rows = now
        .view
        .weeks
        .iter()
        .map(|w| {
            let lesson = shipped().ok().and_then(|s| s.lesson(&w.lesson));
            WeekRow {
                week: w.week,
                title: w.title.clone(),
                kind: w.kind.label(),
                practice_href: format!(
                    "/practices/{}?minutes={}{}",
                    w.practice,
                    w.daily_minutes,
                    places(&w.practice)
                ),
                lesson_href: format!("/learn/{}", w.lesson),
                lesson_title: lesson
                    .map(|l| l.title.clone())
                    .unwrap_or_else(|| w.lesson.clone()),
                daily_minutes: w.daily_minutes,
                current: current == Some(w.week),
                done: current.is_some_and(|c| w.week < c)
                    || (now.today.complete && current.is_some()),
            }
        })
        .collect();
    render(
        StatusCode::OK,
        &ProgramPage {
            current: "program",
            today: today_view(&now, &places),
            rows,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::a_minutes;

    #[test]
    fn articles_follow_the_spoken_number() {
        assert_eq!(a_minutes(2), "a 2-minute");
        assert_eq!(a_minutes(8), "an 8-minute");
        assert_eq!(a_minutes(11), "an 11-minute");
        assert_eq!(a_minutes(15), "a 15-minute");
    }
}
