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
    /// Further lessons for the week.
    pub also_read: Vec<String>,
    /// The daily goal in minutes.
    pub daily_minutes: u32,
    /// A shorter length offered as well, if any.
    pub short_minutes: Option<u32>,
    /// Questionnaires other than the PEG offered this week.
    pub questionnaires: Vec<String>,
    /// The week's title.
    pub title: String,
}

/// `{ "weeks": [ { "week", "kind", "practice", "lesson", "also_read", "daily_minutes",
/// "short_minutes", "questionnaires", "title" } ], "current_week" }`.
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
                    also_read: w.also_read.clone(),
                    daily_minutes: w.daily_minutes,
                    short_minutes: w.short_minutes,
                    questionnaires: w.questionnaires.clone(),
                    title: w.title.clone(),
                })
                .collect(),
            current_week: today.map(|t| t.current_week),
        }
    }
}
