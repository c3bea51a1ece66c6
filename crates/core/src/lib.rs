//! backcalm's domain: practice content, the Timeline engine, journal records.
//!
//! Architecture Invariant: this crate does no I/O, reads no clock and draws no
//! random numbers; time, ids and file contents are parameters. The shipped
//! content is compiled in as static text ([`content::Library::embedded`]).

// Every public item says what it is: core is the vocabulary the other crates
// speak. Crate-level because `[lints] workspace = true` cannot add to the table.
#![warn(missing_docs)]

pub mod chart;
pub mod content;
pub mod export;
pub mod insights;
pub mod instrument;
pub mod journal;
pub mod lesson;
mod located;
pub mod pace;
pub mod personal;
pub mod program;
pub mod region;
pub mod reminder;
pub mod report;
pub mod safety;
pub mod settings;
pub mod time;
pub mod timeline;
mod validate;

pub use content::{ContentError, Kind, Library, Practice};
pub use journal::{
    CheckIn, CheckInDraft, Defaults, FieldError, Rating, SessionDraft, SessionRecord, TzName,
};
pub use pace::{Pace, Phase};
pub use region::{BodyPart, Region};
pub use timeline::{compile, Cue, CueKind, Frame, Length, Options, Timeline};
