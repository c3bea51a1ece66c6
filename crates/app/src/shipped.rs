//! The lessons, questionnaires and 8-week program compiled into the binary,
//! parsed and checked once.
//!
//! They are content like the practices, but the web app serves the shipped
//! ones only: a content folder given to the CLI changes practices, not these.

use backcalm_core::content::embedded_files;
use backcalm_core::instrument::{instruments, Instrument};
use backcalm_core::lesson::{lessons, Lesson};
use backcalm_core::program::Program;
use std::sync::OnceLock;

/// Everything shipped besides the practices.
#[derive(Debug)]
pub struct Shipped {
    /// Questionnaires, ordered by id.
    pub instruments: Vec<Instrument>,
    /// Lessons, in reading order.
    pub lessons: Vec<Lesson>,
    /// The 8-week program.
    pub program: Program,
}

impl Shipped {
    /// The questionnaire with this id.
    pub fn instrument(&self, id: &str) -> Option<&Instrument> {
        self.instruments.iter().find(|i| i.id == id)
    }

    /// The lesson with this id.
    pub fn lesson(&self, id: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.id == id)
    }
}

/// The shipped content, or why it does not load (the content tests keep that from happening).
pub fn shipped() -> Result<&'static Shipped, &'static str> {
    static SHIPPED: OnceLock<Result<Shipped, String>> = OnceLock::new();
    let loaded = SHIPPED.get_or_init(|| {
        let files = embedded_files();
        let parsed = (|| {
            Ok::<_, backcalm_core::ContentError>(Shipped {
                instruments: instruments(&files)?,
                lessons: lessons(&files)?,
                program: Program::embedded()?,
            })
        })();
        parsed.map_err(|e| format!("the shipped content does not load: {e}"))
    });
    match loaded {
        Ok(s) => Ok(s),
        Err(e) => Err(e.as_str()),
    }
}
