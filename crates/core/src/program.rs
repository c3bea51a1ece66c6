//! The 8-week program (`content/program.toml`) and the planner that adapts it
//! to one person.
//!
//! Week by week the program introduces one technique with its lesson and a
//! small daily goal that grows gently. [`plan`] turns the program, what the
//! journal says the person did ([`ProgramHistory`]) and today's date into
//! [`Today`]: which week and day it is, what to offer, whether to propose a
//! longer session, whether the weekly PEG is due, and at most one gentle line
//! to say. The rules, all counted in the person's local calendar days:
//!
//! - **Weeks are 7-day blocks** from the start date. A block in which the
//!   person practised on fewer than [`DAYS_TO_MOVE_ON`] days is offered again
//!   (the program week does not advance; the calendar shifts by a week).
//!   A day counts as practised when a session that day was completed or ran
//!   at least [`PRACTISED_MIN_S`] seconds.
//! - **Longer is only proposed.** The length offered is the one the person
//!   last completed for that kind of practice (the week's `daily_minutes` for
//!   a kind they have not done yet). A [`Proposal`] of the next step of
//!   [`LENGTH_STEPS`] appears once [`COMFORTABLE_TO_PROPOSE`] completed
//!   sessions at that length were rated comfortable, never past the
//!   program's largest daily goal.
//! - **Unhelpful techniques are set aside.** A kind with at least
//!   [`UNHELPFUL_TO_SET_ASIDE`] unhelpful ratings among its last
//!   [`UNHELPFUL_WINDOW`] rated sessions is not offered by default; its weeks
//!   offer the person's best-rated other kind instead ([`SetAside`]).
//!   "Comfortable" and "unhelpful" are defined on [`SessionOutcome`].
//! - **The weekly PEG** is due when the week asks for it and none was
//!   answered in the last 7 days (today included). A week's other
//!   questionnaires (PHQ-2 and GAD-2 in weeks 1 and 8) are due when that one
//!   was not answered in the last [`QUESTIONNAIRE_EVERY_DAYS`] days.
//! - **Flare days are gentle** ([`flare_on`]): pain [`FLARE_RISE`] points or
//!   more above the 7-day mean, or a check-in marked as a flare, and the
//!   offer becomes breathing or imagery for at most [`FLARE_MAX_MINUTES`]
//!   minutes, never muscle relaxation or movement, with no longer session
//!   proposed; the day's line says so kindly.
//! - **One line a day at most**, and none once the person has practised
//!   today; never about what was not done.

mod file;
mod flare;
mod history;
mod plan;
mod view;
mod voice;

use crate::content::Kind;
use serde::Serialize;

pub use file::{parse_program, PROGRAM_FILE};
pub use flare::{flare_on, Flare, FLARE_KINDS, FLARE_MAX_MINUTES, FLARE_RISE};
pub use history::{PainMark, ProgramHistory, SessionOutcome, UNHELPFUL_RISE};
pub use plan::{
    plan, Proposal, SetAside, Today, COMFORTABLE_TO_PROPOSE, DAYS_TO_MOVE_ON, LENGTH_STEPS,
    PRACTISED_MIN_S, QUESTIONNAIRE_EVERY_DAYS, UNHELPFUL_TO_SET_ASIDE, UNHELPFUL_WINDOW,
};
pub use view::{ProgramView, WeekView};
pub use voice::GUILT_PHRASES;

/// How many weeks the program has.
pub const PROGRAM_WEEKS: u8 = 8;

/// One week of the program, as written in `program.toml` and checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Week {
    /// 1 to [`PROGRAM_WEEKS`].
    pub week: u8,
    /// The kind of practice the week introduces.
    pub kind: Kind,
    /// A practice id of that kind.
    pub practice: String,
    /// The lesson id to read this week.
    pub lesson: String,
    /// Further lessons to read this week (the safety and expectations lessons early on).
    pub also_read: Vec<String>,
    /// The daily goal in minutes, inside the practice's own range.
    pub daily_minutes: u32,
    /// A shorter length offered beside the daily goal, if any.
    pub short_minutes: Option<u32>,
    /// Questionnaires other than the PEG offered this week (PHQ-2, GAD-2).
    pub questionnaires: Vec<String>,
    /// A short title.
    pub title: String,
    /// One or two inviting sentences.
    pub intro: String,
    /// Whether the weekly PEG-3 is asked for.
    pub peg: bool,
    /// Offer the person's best-rated kind instead of `practice` (review week).
    pub choose: bool,
}

/// What the planner needs to know about a practice of the library.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PracticeFacts {
    id: String,
    kind: Kind,
    title: String,
    min_minutes: u32,
    max_minutes: u32,
}

impl PracticeFacts {
    fn clamp(&self, minutes: u32) -> u32 {
        minutes.clamp(self.min_minutes, self.max_minutes)
    }
}

/// The checked program, with what it needs to know about the library's practices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    weeks: Vec<Week>,
    practices: Vec<PracticeFacts>,
}

impl Program {
    /// The weeks, in order: week 1 first.
    pub fn weeks(&self) -> &[Week] {
        &self.weeks
    }

    /// The week with this number, 1-based.
    pub fn week(&self, number: u8) -> Option<&Week> {
        self.weeks.iter().find(|w| w.week == number)
    }

    /// The largest daily goal: the program's "realistic later goal", and the
    /// longest length the planner proposes.
    pub fn top_minutes(&self) -> u32 {
        self.weeks
            .iter()
            .map(|w| w.daily_minutes)
            .max()
            .unwrap_or(1)
    }

    /// Builds the program from the content files: `program.toml`, checked
    /// against the practices in `library` and the lessons among `files`.
    pub fn from_files(
        files: &[crate::content::SourceFile],
        library: &crate::content::Library,
    ) -> Result<Program, crate::content::ContentError> {
        let lessons = crate::lesson::lessons(files)?;
        let lesson_ids: Vec<&str> = lessons.iter().map(|l| l.id.as_str()).collect();
        let instruments = crate::instrument::instruments(files)?;
        let instrument_ids: Vec<&str> = instruments.iter().map(|i| i.id.as_str()).collect();
        let Some(f) = files.iter().find(|f| f.path == PROGRAM_FILE) else {
            return Err(crate::content::ContentError {
                file: PROGRAM_FILE.into(),
                line: None,
                field: "(file)".into(),
                message: format!("no {PROGRAM_FILE} found in the content folder; add one"),
            });
        };
        parse_program(&f.path, &f.text, library, &lesson_ids, &instrument_ids)
    }

    /// The program shipped in the binary.
    pub fn embedded() -> Result<Program, crate::content::ContentError> {
        let files = crate::content::embedded_files();
        let library = crate::content::Library::from_files(&files)?;
        Program::from_files(&files, &library)
    }

    fn facts(&self, practice: &str) -> Option<&PracticeFacts> {
        self.practices.iter().find(|p| p.id == practice)
    }
}
