//! Turning drafts read from a file into records, and collecting the report.
//!
//! JSON and CSV both read each record into its draft type, then come here, so
//! the same rules hold for both: the checked constructors of the journal, plus
//! what an export always carries (id, instant, zone), plus one record per id.

use super::{ImportReport, QuestionnaireDraft, RecordType, Rejected};
use crate::instrument::shipped_instruments;
use crate::journal::{CheckInDraft, Defaults, SessionDraft, TzName};
use jiff::Timestamp;
use std::collections::HashMap;
use uuid::Uuid;

/// The context drafts are validated in during an import.
///
/// Required fields are checked before validation, so the defaults are never
/// used to fill a gap; `now` is the far future because an exported record was
/// checked against its own clock when it was made, and core reads no clock.
fn import_defaults() -> Defaults {
    Defaults {
        now: Timestamp::MAX,
        tz: TzName::utc(),
        new_id: Uuid::nil(),
    }
}

/// Practice ids are kebab-case (the content checks enforce it). They are not
/// looked up in this install's library, so sessions of a removed or custom
/// practice survive a round trip; the edge may check them against its library.
fn is_practice_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn required<T>(field: &str, v: &Option<T>, what: &str) -> Result<(), String> {
    match v {
        Some(_) => Ok(()),
        None => Err(format!("{field}: is required in an import: {what}")),
    }
}

const ID_WHAT: &str = "the record's UUID, which keeps it from being imported twice";
const TZ_WHAT: &str = "the IANA time zone, e.g. Europe/London";

/// Accepts or rejects records in file order and remembers ids already seen.
#[derive(Debug)]
pub(crate) struct Collector {
    report: ImportReport,
    seen: HashMap<(RecordType, Uuid), usize>,
    /// How positions are counted, for messages: "index" (JSON) or "line" (CSV).
    unit: &'static str,
}

impl Collector {
    /// An empty report for a file exported at `exported_at`, if it says;
    /// `unit` names what positions count ("index" or "line").
    pub(crate) fn new(exported_at: Option<Timestamp>, unit: &'static str) -> Self {
        Collector {
            report: ImportReport {
                exported_at,
                ..ImportReport::default()
            },
            seen: HashMap::new(),
            unit,
        }
    }

    /// The finished report.
    pub(crate) fn finish(self) -> ImportReport {
        self.report
    }

    /// Refuses the record at `at` for `reason`.
    pub(crate) fn reject(&mut self, at: usize, record_type: RecordType, reason: String) {
        self.report.rejected.push(Rejected {
            line_or_index: at,
            record_type,
            reason,
        });
    }

    /// Claims an id; an id seen before in this file is a reason to refuse.
    fn claim(&mut self, at: usize, record_type: RecordType, id: Uuid) -> Result<(), String> {
        if let Some(first) = self.seen.get(&(record_type, id)) {
            return Err(format!(
                "id: {id} was already used by the {} at {} {first}; each record is imported once",
                record_type.words(),
                self.unit
            ));
        }
        self.seen.insert((record_type, id), at);
        Ok(())
    }

    /// A check-in read from the file, or why it could not be read.
    pub(crate) fn checkin(&mut self, at: usize, draft: Result<CheckInDraft, String>) {
        let checked = draft.and_then(|d| {
            required("id", &d.id, ID_WHAT)?;
            required(
                "recorded_at",
                &d.recorded_at,
                "when it was recorded, RFC 3339 with an offset",
            )?;
            required("tz", &d.tz, TZ_WHAT)?;
            d.validate(&import_defaults()).map_err(|e| e.to_string())
        });
        match checked.and_then(|c| self.claim(at, RecordType::CheckIn, c.id).map(|()| c)) {
            Ok(c) => self.report.checkins.push(c),
            Err(reason) => self.reject(at, RecordType::CheckIn, reason),
        }
    }

    /// A session read from the file, or why it could not be read.
    pub(crate) fn session(&mut self, at: usize, draft: Result<SessionDraft, String>) {
        let checked = draft.and_then(|d| {
            required("id", &d.id, ID_WHAT)?;
            required(
                "started_at",
                &d.started_at,
                "when it started, RFC 3339 with an offset",
            )?;
            required("tz", &d.tz, TZ_WHAT)?;
            required("actual_s", &d.actual_s, "the seconds actually practised")?;
            required("completed", &d.completed, "true or false")?;
            if let Some(p) = d.practice.as_deref().map(str::trim) {
                if !p.is_empty() && !is_practice_id(p) {
                    return Err(format!(
                        "practice: {p:?} is not a practice id; ids are lowercase letters, digits and dashes"
                    ));
                }
            }
            d.validate(&import_defaults(), is_practice_id)
                .map_err(|e| e.to_string())
        });
        match checked.and_then(|s| self.claim(at, RecordType::Session, s.id).map(|()| s)) {
            Ok(s) => self.report.sessions.push(s),
            Err(reason) => self.reject(at, RecordType::Session, reason),
        }
    }

    /// A questionnaire answer read from the file, or why it could not be read.
    pub(crate) fn questionnaire(&mut self, at: usize, draft: Result<QuestionnaireDraft, String>) {
        let checked = draft.and_then(|d| {
            required("id", &d.id, ID_WHAT)?;
            required(
                "answered_at",
                &d.answered_at,
                "when it was answered, RFC 3339 with an offset",
            )?;
            required("tz", &d.tz, TZ_WHAT)?;
            let known = shipped_instruments().map_err(|e| {
                format!("instrument: the questionnaires shipped with backcalm failed to load ({e}); report this as a bug")
            })?;
            d.validate(&import_defaults(), known)
                .map_err(|e| e.to_string())
        });
        match checked.and_then(|q| self.claim(at, RecordType::Questionnaire, q.id).map(|()| q)) {
            Ok(q) => self.report.questionnaires.push(q),
            Err(reason) => self.reject(at, RecordType::Questionnaire, reason),
        }
    }
}
