//! The lessons, questionnaires and 8-week program compiled into the binary.
//!
//! As in the web app, `--content-dir` changes the practices, not these: the
//! program and lessons are checked against the shipped practices.

use anyhow::anyhow;
use backcalm_core::content::embedded_files;
use backcalm_core::instrument::{instruments, Instrument};
use backcalm_core::lesson::{lessons, Lesson};
use backcalm_core::program::Program;

fn broken(e: backcalm_core::ContentError) -> anyhow::Error {
    anyhow!("the built-in content does not load ({e}); this is a bug in backcalm, please report it")
}

/// The lessons, in reading order.
pub fn all_lessons() -> anyhow::Result<Vec<Lesson>> {
    lessons(&embedded_files()).map_err(broken)
}

/// The questionnaires, ordered by id.
pub fn all_instruments() -> anyhow::Result<Vec<Instrument>> {
    instruments(&embedded_files()).map_err(broken)
}

/// The 8-week program.
pub fn program() -> anyhow::Result<Program> {
    Program::embedded().map_err(broken)
}
