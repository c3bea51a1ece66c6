//! Export and import formats: backcalm's own JSON, CSV, and FHIR R4.
//!
//! Everything here is a pure function of its arguments: records and an
//! instant in, text or a JSON value out, and back. Reading and writing files,
//! the clock and the store belong to the edges (CLI, web). docs/EXPORT.md
//! describes every format field by field.
//!
//! - [`json`]: one versioned document holding everything, re-importable
//!   without loss ([`json::to_json`], [`json::from_json`]).
//! - [`csv`]: RFC 4180, one file per record type ([`csv::to_csv`],
//!   [`csv::from_csv`]).
//! - [`fhir`]: an R4 `collection` Bundle for a clinic's systems
//!   ([`fhir::to_fhir_bundle`]); export only.
//!
//! Import never stops at a bad record: it is listed in
//! [`ImportReport::rejected`] with its position and the reason, and the rest
//! are accepted. Only a file that is not an export at all (wrong format,
//! unsupported version, unknown CSV file or header) is an [`ImportError`].

pub mod csv;
pub mod fhir;
mod fields;
mod import;
pub mod json;

// Their home is `instrument`; named here too, as the export formats carry them.
pub use crate::instrument::{QuestionnaireAnswer, QuestionnaireDraft};

use crate::journal::{rfc3339_in, CheckIn, SessionRecord, TzName};
use jiff::Timestamp;
use serde::Serialize;
use std::fmt;

/// Everything one person's export holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// When the export was made (the edge's clock).
    pub exported_at: Timestamp,
    /// Pain check-ins.
    pub checkins: Vec<CheckIn>,
    /// Practice sessions.
    pub sessions: Vec<SessionRecord>,
    /// Scored questionnaire answers.
    pub questionnaires: Vec<QuestionnaireAnswer>,
}

/// An instant as export files write it: RFC 3339 with the zone's offset at
/// that instant, with every fraction digit the instant has.
///
/// RFC 3339 offsets are whole minutes. Before about 1920 some zones used local
/// mean time (Kathmandu +05:41:16); printing such an offset rounded would
/// move the instant, so those instants are written in UTC (`Z`) instead.
pub(crate) fn instant_text(at: Timestamp, tz: &TzName) -> String {
    if tz.zone().to_offset(at).seconds() % 60 == 0 {
        rfc3339_in(at, tz)
    } else {
        at.to_string()
    }
}

/// The kinds of record an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordType {
    /// A pain check-in (`checkins`).
    CheckIn,
    /// A practice session (`sessions`).
    Session,
    /// A questionnaire answer set (`questionnaires`).
    Questionnaire,
}

impl RecordType {
    /// The id used in reports and the JSON key / CSV file stem it lives under.
    pub fn id(self) -> &'static str {
        match self {
            RecordType::CheckIn => "checkin",
            RecordType::Session => "session",
            RecordType::Questionnaire => "questionnaire",
        }
    }
}

impl RecordType {
    /// Plain words for messages: "check-in", "session", "questionnaire answer".
    pub fn words(self) -> &'static str {
        match self {
            RecordType::CheckIn => "check-in",
            RecordType::Session => "session",
            RecordType::Questionnaire => "questionnaire answer",
        }
    }
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A record that was not imported, where it was and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// JSON: the 0-based index in its list (`checkins[3]` is 3).
    /// CSV: the 1-based line the row starts on (the header is line 1).
    pub line_or_index: usize,
    /// Which kind of record it was.
    pub record_type: RecordType,
    /// What was wrong and what to do, naming the field.
    pub reason: String,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at {}: {}",
            self.record_type.words(),
            self.line_or_index,
            self.reason
        )
    }
}

/// What an import found: the records to accept and the rows it refused.
///
/// Nothing is stored by parsing; a dry run shows this report as it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportReport {
    /// When the file says it was exported (JSON only).
    pub exported_at: Option<Timestamp>,
    /// Accepted check-ins, in file order.
    pub checkins: Vec<CheckIn>,
    /// Accepted sessions, in file order.
    pub sessions: Vec<SessionRecord>,
    /// Accepted questionnaire answers, in file order.
    pub questionnaires: Vec<QuestionnaireAnswer>,
    /// Refused records, in file order.
    pub rejected: Vec<Rejected>,
}

impl ImportReport {
    /// How many records were accepted, of every type.
    pub fn accepted(&self) -> usize {
        self.checkins.len() + self.sessions.len() + self.questionnaires.len()
    }
}

/// A file that cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The text is not JSON.
    #[error("the file is not valid JSON (line {line}, column {column}: {message}); choose a file made by `backcalm export --format json`")]
    NotJson {
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What the parser found.
        message: String,
    },
    /// JSON, but not a backcalm export.
    #[error("this is not a backcalm export: {found}; choose a file made by `backcalm export --format json`")]
    WrongFormat {
        /// What the file has instead, in words.
        found: String,
    },
    /// A backcalm export of a version this program does not read.
    #[error("this export has version {found}, but this backcalm reads version {supported}; update backcalm to import it")]
    UnsupportedVersion {
        /// The file's `version`, as written.
        found: String,
        /// The version this program reads.
        supported: u32,
    },
    /// The document's own structure is wrong (not a record inside it).
    #[error("the export is damaged: {0}; export it again, or fix this by hand")]
    Damaged(String),
    /// A CSV file name that is not one of the export's files.
    #[error("{name:?} is not a backcalm CSV file; the files are checkins.csv, sessions.csv and questionnaires.csv")]
    UnknownCsvFile {
        /// The name given.
        name: String,
    },
    /// A CSV file whose header row is missing, incomplete or has unknown columns.
    #[error("{file}: {message}")]
    CsvHeader {
        /// The file name.
        file: String,
        /// What is wrong with the header and what to do.
        message: String,
    },
}
