//! The 8-week program: the shipped file and its checks (`file.rs`), and the
//! planner followed day by day for synthetic people whose habits are known in
//! advance (`people.rs`). One test binary; this file holds what both share.

mod file;
mod flare;
mod people;

use backcalm_core::content::{embedded_files, Kind, Library};
use backcalm_core::lesson::lessons;
use backcalm_core::program::{
    parse_program, plan, Program, ProgramHistory, ProgramView, Proposal, SetAside, Today,
    PROGRAM_FILE,
};
use backcalm_core::{Rating, SessionRecord, TzName};
use jiff::civil::{date, Date};
use uuid::Uuid;

/// Words the program must never say to a person.
pub const NEVER_SAY: [&str; 6] = ["missed", "failed", "streak", "should have", "fail", "guilt"];

pub fn library() -> Library {
    Library::embedded().unwrap_or_else(|e| panic!("shipped practices are invalid: {e}"))
}

pub fn program() -> Program {
    Program::embedded().unwrap_or_else(|e| panic!("shipped program is invalid: {e}"))
}

pub fn shipped_text() -> String {
    embedded_files()
        .into_iter()
        .find(|f| f.path == PROGRAM_FILE)
        .map(|f| f.text)
        .expect("content/program.toml is embedded")
}

/// Parses `text` as the program, against the shipped practices, lessons and questionnaires.
pub fn parse(text: &str) -> Result<Program, backcalm_core::ContentError> {
    let lesson_list = lessons(&embedded_files()).expect("shipped lessons load");
    let ids: Vec<&str> = lesson_list.iter().map(|l| l.id.as_str()).collect();
    parse_program(
        PROGRAM_FILE,
        text,
        &library(),
        &ids,
        &["gad-2", "peg-3", "phq-2"],
    )
}

/// A history with nothing in it yet.
pub fn empty_history(start: Date) -> ProgramHistory {
    ProgramHistory::from_journal(start, &[], &[], &library())
}

/// The 1-based line of the `n`-th occurrence (0-based) of `needle`.
pub fn line_of(text: &str, needle: &str, n: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(n)
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("{needle:?} not found"))
}
