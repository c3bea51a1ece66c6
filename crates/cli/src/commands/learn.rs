//! `backcalm learn [ID]`: the lessons, listed or read.

use super::{print_json, print_text, terminal_width, Globals};
use crate::args::LearnArgs;
use crate::failure::Refusal;
use crate::library::shipped;
use crate::text::markdown::plain;
use crate::text::table::{render, Column};
use crate::text::wrap;
use backcalm_core::lesson::Lesson;
use serde::Serialize;

/// A lesson in `learn --json`.
#[derive(Debug, Serialize)]
struct LessonEntry<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    sources: &'a [String],
    minutes: u32,
}

impl<'a> From<&'a Lesson> for LessonEntry<'a> {
    fn from(l: &'a Lesson) -> Self {
        LessonEntry {
            id: &l.id,
            title: &l.title,
            summary: &l.summary,
            sources: &l.sources,
            minutes: l.minutes,
        }
    }
}

/// One lesson in `learn ID --json`: the list fields plus the Markdown body.
#[derive(Debug, Serialize)]
struct LessonFull<'a> {
    #[serde(flatten)]
    entry: LessonEntry<'a>,
    body_markdown: &'a str,
}

/// `learn`
pub fn learn(_g: &Globals, a: &LearnArgs) -> anyhow::Result<()> {
    let lessons = &shipped()?.lessons;
    let Some(id) = a.id.as_deref().map(str::trim) else {
        return list(lessons, a.json);
    };
    let Some(lesson) = lessons.iter().find(|l| l.id == id) else {
        let ids: Vec<&str> = lessons.iter().map(|l| l.id.as_str()).collect();
        return Err(Refusal(format!(
            "there is no lesson {id:?}; choose one of: {}",
            ids.join(", ")
        ))
        .into());
    };
    if a.json {
        return print_json(&LessonFull {
            entry: LessonEntry::from(lesson),
            body_markdown: &lesson.body_markdown,
        });
    }
    let width = terminal_width().unwrap_or(80).min(80);
    print_text(&reading(lesson, width))
}

fn list(lessons: &[Lesson], json: bool) -> anyhow::Result<()> {
    if json {
        let entries: Vec<LessonEntry<'_>> = lessons.iter().map(LessonEntry::from).collect();
        return print_json(&entries);
    }
    let program = &shipped()?.program;
    let week = |id: &str| {
        program
            .weeks()
            .iter()
            .find(|w| w.lesson == id)
            .map(|w| w.week.to_string())
            .unwrap_or_default()
    };
    let columns = [
        Column::fixed("Lesson"),
        Column::number("Minutes"),
        Column::number("Week"),
        Column::text("Title", 12),
    ];
    let rows: Vec<Vec<String>> = lessons
        .iter()
        .map(|l| {
            vec![
                l.id.clone(),
                l.minutes.to_string(),
                week(&l.id),
                l.title.clone(),
            ]
        })
        .collect();
    let mut text = render(&columns, &rows, terminal_width());
    text.push_str("\nRead one with: backcalm learn what-is-mindfulness\n");
    print_text(&text)
}

/// A lesson as text: title, summary, body, then its sources.
fn reading(l: &Lesson, width: usize) -> String {
    let mut out = String::new();
    out.push_str(&l.title);
    out.push('\n');
    out.push_str(&"=".repeat(l.title.chars().count().min(width)));
    out.push('\n');
    let minutes = if l.minutes == 1 { "minute" } else { "minutes" };
    for line in wrap(&format!("{} ({} {minutes})", l.summary, l.minutes), width) {
        out.push_str(&line);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&plain(&l.body_markdown, width));
    out.push_str("\nSources\n-------\n");
    for s in &l.sources {
        for (n, line) in wrap(s, width.saturating_sub(4)).iter().enumerate() {
            out.push_str(if n == 0 { "  - " } else { "    " });
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lesson_reads_as_plain_text_with_its_sources() {
        let lessons = &shipped().expect("shipped").lessons;
        let l = lessons
            .iter()
            .find(|l| l.id == "when-to-see-a-doctor")
            .expect("shipped lesson");
        let text = reading(l, 72);
        assert!(
            text.starts_with("When to see a doctor\n====================\n"),
            "{text}"
        );
        assert!(
            text.contains("\nCall emergency services now\n---"),
            "{text}"
        );
        assert!(text.contains("\n  - new numbness or tingling"), "{text}");
        assert!(text.ends_with("  - ACP 2007 red flags\n"), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 72), "{text}");
    }
}
