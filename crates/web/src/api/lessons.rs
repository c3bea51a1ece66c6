//! `GET /api/v1/lessons` and `/api/v1/lessons/{id}`: the shipped lessons
//! (Markdown bodies; the web pages render them).

use super::shipped_content;
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use backcalm_app::shipped;
use backcalm_core::lesson::Lesson;
use serde::Serialize;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/lessons", get(list))
        .route("/api/v1/lessons/{id}", get(show))
}

/// A lesson in a list: everything but the body.
#[derive(Serialize)]
struct LessonSummary<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    sources: &'a [String],
    minutes: u32,
    /// The program week that introduces it, if one does.
    week: Option<u8>,
}

fn week_of(lesson: &str) -> Option<u8> {
    let s = shipped().ok()?;
    s.program
        .weeks()
        .iter()
        .find(|w| w.lesson == lesson)
        .map(|w| w.week)
}

fn summary(l: &Lesson) -> LessonSummary<'_> {
    LessonSummary {
        id: &l.id,
        title: &l.title,
        summary: &l.summary,
        sources: &l.sources,
        minutes: l.minutes,
        week: week_of(&l.id),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/lessons",
    tag = "lessons",
    operation_id = "listLessons",
    summary = "The lessons, in reading order",
    description = "Each with id, title, summary, sources, minutes and the program week that introduces it.",
    responses(
        (status = 200, description = "The lessons", body = crate::openapi::LessonSummariesDoc),
    )
)]
pub(crate) async fn list() -> Result<Response, Problem> {
    let s = shipped_content()?;
    let list: Vec<LessonSummary<'_>> = s.lessons.iter().map(summary).collect();
    Ok(Json(list).into_response())
}

/// One lesson: the summary fields plus `body_markdown`.
#[derive(Serialize)]
struct LessonFull<'a> {
    #[serde(flatten)]
    summary: LessonSummary<'a>,
    body_markdown: &'a str,
}

#[utoipa::path(
    get,
    path = "/api/v1/lessons/{id}",
    tag = "lessons",
    operation_id = "getLesson",
    summary = "One lesson with its Markdown body",
    params(("id" = String, Path, description = "The lesson's id, e.g. what-is-mindfulness")),
    responses(
        (status = 200, description = "The lesson", body = crate::openapi::LessonDoc),
        (status = 404, description = "No lesson has this id", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn show(Path(id): Path<String>) -> Result<Response, Problem> {
    let s = shipped_content()?;
    let Some(l) = s.lesson(&id) else {
        let known: Vec<&str> = s.lessons.iter().map(|l| l.id.as_str()).collect();
        return Err(Problem::not_found(format!(
            "there is no lesson {id:?}; the lessons are: {}",
            known.join(", ")
        ))
        .with_field("id"));
    };
    Ok(Json(LessonFull {
        summary: summary(l),
        body_markdown: &l.body_markdown,
    })
    .into_response())
}
