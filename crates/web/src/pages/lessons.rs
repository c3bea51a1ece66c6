//! `/learn` and `/learn/{id}`: the short lessons, their Markdown rendered on
//! the server. Raw HTML in a lesson is shown as text, never passed through,
//! and only web, mail and in-app links become links.

use super::{message_page, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use backcalm_app::shipped;
use pulldown_cmark::{html, Event, LinkType, Options, Parser, Tag, TagEnd};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/learn", get(list))
        .route("/learn/{id}", get(show))
}

/// Whether a link target is safe to follow: web, mail, or a path in this app.
fn safe_link(dest: &str) -> bool {
    let d = dest.trim().to_ascii_lowercase();
    d.starts_with("https://")
        || d.starts_with("http://")
        || d.starts_with("mailto:")
        || (d.starts_with('/') && !d.starts_with("//"))
        || d.starts_with('#')
}

/// Lesson Markdown as HTML. Raw HTML becomes visible text (escaped), images
/// become their description, and links other than [`safe_link`] ones become
/// plain text; so a lesson can never run script or load anything.
pub(crate) fn lesson_html(markdown: &str) -> String {
    let mut dropped_links = 0usize;
    let events = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .filter_map(|event| match event {
        Event::Html(t) | Event::InlineHtml(t) => Some(Event::Text(t)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            if safe_link(&dest_url) && link_type != LinkType::Email {
                Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            } else {
                dropped_links += 1;
                None
            }
        }
        Event::End(TagEnd::Link) if dropped_links > 0 => {
            dropped_links -= 1;
            None
        }
        // An image would load something; its description is what matters here.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Heading { level, .. }) => {
            // The page's own title is the h1; lesson headings start one level down.
            let level = match level {
                pulldown_cmark::HeadingLevel::H1 => pulldown_cmark::HeadingLevel::H2,
                other => other,
            };
            Some(Event::Start(Tag::Heading {
                level,
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            }))
        }
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(match level {
            pulldown_cmark::HeadingLevel::H1 => pulldown_cmark::HeadingLevel::H2,
            other => other,
        }))),
        other => Some(other),
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

struct LessonItem {
    id: String,
    title: String,
    summary: String,
    minutes: u32,
    week: Option<u8>,
}

#[derive(Template)]
#[template(path = "learn.html")]
struct LearnPage {
    current: &'static str,
    lessons: Vec<LessonItem>,
}

#[derive(Template)]
#[template(path = "lesson.html")]
struct LessonPage {
    current: &'static str,
    title: String,
    summary: String,
    minutes: u32,
    body: String,
    sources: Vec<String>,
    week: Option<u8>,
    previous: Option<(String, String)>,
    next: Option<(String, String)>,
}

fn content_missing() -> Response {
    message_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Lessons are not available",
        "The lessons that come with backcalm could not be read. This is a fault in this copy of backcalm, not something you did.",
        Some(("/", "Go to the start page")),
    )
}

/// The program week that introduces a lesson, if one does.
fn week_of(lesson: &str) -> Option<u8> {
    let program = &shipped().ok()?.program;
    program
        .weeks()
        .iter()
        .find(|w| w.lesson == lesson)
        .map(|w| w.week)
}

async fn list(State(_state): State<AppState>) -> Response {
    let Ok(s) = shipped() else {
        return content_missing();
    };
    let lessons = s
        .lessons
        .iter()
        .map(|l| LessonItem {
            id: l.id.clone(),
            title: l.title.clone(),
            summary: l.summary.clone(),
            minutes: l.minutes,
            week: week_of(&l.id),
        })
        .collect();
    render(
        StatusCode::OK,
        &LearnPage {
            current: "learn",
            lessons,
        },
    )
}

async fn show(State(_state): State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(s) = shipped() else {
        return content_missing();
    };
    let Some(at) = s.lessons.iter().position(|l| l.id == id) else {
        return message_page(
            StatusCode::NOT_FOUND,
            "No such lesson",
            "There is no lesson at this address. All the lessons are listed on the Learn page.",
            Some(("/learn", "See all lessons")),
        );
    };
    let l = &s.lessons[at];
    let link = |i: usize| s.lessons.get(i).map(|o| (o.id.clone(), o.title.clone()));
    render(
        StatusCode::OK,
        &LessonPage {
            current: "learn",
            title: l.title.clone(),
            summary: l.summary.clone(),
            minutes: l.minutes,
            body: lesson_html(&l.body_markdown),
            sources: l.sources.clone(),
            week: week_of(&l.id),
            previous: at.checked_sub(1).and_then(link),
            next: link(at + 1),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::lesson_html;

    #[test]
    fn raw_html_is_shown_as_text_never_run() {
        let html = lesson_html(
            "Hello <script>alert(1)</script> and <b>bold</b>\n\n<div onclick=x>block</div>\n",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn unsafe_links_and_images_become_text() {
        let html = lesson_html("[click](javascript:alert(1)) [ok](https://example.org) [home](/learn) ![pic](https://x/y.png)");
        assert!(!html.contains("javascript"), "{html}");
        assert!(html.contains("click"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.org">ok</a>"#),
            "{html}"
        );
        assert!(html.contains(r#"<a href="/learn">home</a>"#), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("pic"), "{html}");
    }

    #[test]
    fn headings_start_below_the_page_title_and_citations_stay_text() {
        let html = lesson_html("# Title\n\nA fact [Farrar et al. 2001].\n\n## Part\n");
        assert!(html.contains("<h2>Title</h2>"), "{html}");
        assert!(html.contains("<h2>Part</h2>"), "{html}");
        assert!(html.contains("[Farrar et al. 2001]"), "{html}");
    }
}
