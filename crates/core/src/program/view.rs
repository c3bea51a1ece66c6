//! The program as the edges show it: `backcalm program --json` and the web page.

use super::plan::Today;
use super::Program;
use crate::content::Kind;
use serde::Serialize;

/// One week, for listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeekView {
    /// 1-8.
    pub week: u8,
    /// The kind the week introduces.
    pub kind: Kind,
    /// The week's practice id.
    pub practice: String,
    /// The week's lesson id.
    pub lesson: String,
    /// The daily goal in minutes.
    pub daily_minutes: u32,
    /// The week's title.
    pub title: String,
}

/// `{ "weeks": [ { "week", "kind", "practice", "lesson", "daily_minutes", "title" } ], "current_week" }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgramView {
    /// Every week, in order.
    pub weeks: Vec<WeekView>,
    /// The person's week, or `null` when they have not started.
    pub current_week: Option<u8>,
}

impl ProgramView {
    /// The program's weeks, with the person's current week when `today` is known.
    pub fn new(program: &Program, today: Option<&Today>) -> ProgramView {
        ProgramView {
            weeks: program
                .weeks()
                .iter()
                .map(|w| WeekView {
                    week: w.week,
                    kind: w.kind,
                    practice: w.practice.clone(),
                    lesson: w.lesson.clone(),
                    daily_minutes: w.daily_minutes,
                    title: w.title.clone(),
                })
                .collect(),
            current_week: today.map(|t| t.current_week),
        }
    }
}
