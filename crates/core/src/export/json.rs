//! backcalm's own JSON export: one versioned document holding everything.
//!
//! Records have the same shape as the HTTP API returns them, instants with the
//! person's offset at full precision, so an export read back is the same data
//! to the nanosecond. The schema is docs/backcalm-export.schema.json.

use super::fields::Fields;
use super::import::Collector;
use super::{instant_text, Export, ImportError, ImportReport, QuestionnaireDraft, RecordType};
use crate::journal::view::{CheckInView, SessionView};
use crate::journal::{parse_instant, CheckInDraft, SessionDraft};
use serde::Serialize;
use serde_json::Value;

/// The value of the document's `format` field.
pub const FORMAT: &str = "backcalm-export";

/// The version this program writes and reads.
pub const VERSION: u32 = 1;

/// The fields of a check-in record, in the order they are written.
/// `flare` came later: a file without it reads as "not a flare".
pub const CHECKIN_FIELDS: [&str; 11] = [
    "id",
    "recorded_at",
    "tz",
    "pain",
    "stress",
    "sleep",
    "feel",
    "where",
    "activity",
    "note",
    "flare",
];

/// Fields a version-1 file may lack, because they were added after the
/// first version-1 exports were written.
pub const LATER_CHECKIN_FIELDS: [&str; 1] = ["flare"];

/// The fields of a session record, in the order they are written.
pub const SESSION_FIELDS: [&str; 15] = [
    "id",
    "practice",
    "variant",
    "minutes",
    "started_at",
    "tz",
    "actual_s",
    "completed",
    "pain_before",
    "pain_after",
    "stress_before",
    "stress_after",
    "pleasantness",
    "regions",
    "note",
];

/// The fields of a questionnaire record, in the order they are written.
pub const QUESTIONNAIRE_FIELDS: [&str; 6] =
    ["id", "instrument", "answered_at", "tz", "answers", "score"];

const TOP_FIELDS: [&str; 6] = [
    "format",
    "version",
    "exported_at",
    "checkins",
    "sessions",
    "questionnaires",
];

/// The document as written: records in their one outgoing shape
/// ([`crate::journal::view`]), exactly the record fields above.
#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u32,
    exported_at: String,
    checkins: Vec<CheckInView<'a>>,
    sessions: Vec<SessionView<'a>>,
    questionnaires: Vec<QuestionnaireDraft>,
}

/// Writes the whole export as pretty-printed JSON (UTF-8, `\n` line ends).
pub fn to_json(export: &Export) -> String {
    let doc = Document {
        format: FORMAT,
        version: VERSION,
        exported_at: export.exported_at.to_string(),
        checkins: export
            .checkins
            .iter()
            .map(|c| CheckInView {
                recorded_at: instant_text(c.recorded_at, &c.tz),
                ..CheckInView::from(c)
            })
            .collect(),
        sessions: export
            .sessions
            .iter()
            .map(|s| SessionView {
                started_at: instant_text(s.started_at, &s.tz),
                ..SessionView::from(s)
            })
            .collect(),
        questionnaires: export
            .questionnaires
            .iter()
            .map(QuestionnaireDraft::from)
            .collect(),
    };
    // Only string-keyed maps and derived impls: serde_json cannot fail here.
    serde_json::to_string_pretty(&doc).expect("an export serializes to JSON")
}

/// Reads an export written by [`to_json`] (or by hand in the same shape).
///
/// A record that fails a check is listed in [`ImportReport::rejected`] with its
/// 0-based index in its list; the others are accepted. A text that is not a
/// version-1 backcalm export is an [`ImportError`]. A missing list means none
/// of that kind of record.
pub fn from_json(text: &str) -> Result<ImportReport, ImportError> {
    // Some editors save UTF-8 with a byte-order mark; it is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        // serde_json appends " at line L column C", which the error states on its own.
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        ImportError::NotJson {
            line: e.line(),
            column: e.column(),
            message,
        }
    })?;
    let Value::Object(top) = &doc else {
        return Err(ImportError::WrongFormat {
            found: "the file holds a single value, not an object with `format` and `version`"
                .into(),
        });
    };
    match top.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(Value::String(f)) => {
            return Err(ImportError::WrongFormat {
                found: format!("its `format` is {f:?}, not {FORMAT:?}"),
            })
        }
        Some(_) => {
            return Err(ImportError::WrongFormat {
                found: "its `format` is not text".into(),
            })
        }
        None => {
            return Err(ImportError::WrongFormat {
                found: "it has no `format` field".into(),
            })
        }
    }
    match top.get("version") {
        Some(v) if v.as_u64() == Some(u64::from(VERSION)) => {}
        Some(v) => {
            return Err(ImportError::UnsupportedVersion {
                found: v.to_string(),
                supported: VERSION,
            })
        }
        None => {
            return Err(ImportError::Damaged(
                "`version` is missing; a backcalm export always states its version".into(),
            ))
        }
    }
    if let Some(unknown) = top.keys().find(|k| !TOP_FIELDS.contains(&k.as_str())) {
        return Err(ImportError::Damaged(format!(
            "`{unknown}` is not a field of a version-{VERSION} export (the fields are {})",
            TOP_FIELDS.join(", ")
        )));
    }
    let exported_at = match top.get("exported_at") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => {
            Some(parse_instant("exported_at", s).map_err(|e| ImportError::Damaged(e.to_string()))?)
        }
        Some(_) => {
            return Err(ImportError::Damaged(
                "`exported_at` must be an RFC 3339 time as text".into(),
            ))
        }
    };
    let mut out = Collector::new(exported_at, "index");
    for (i, v) in list(top, "checkins")?.iter().enumerate() {
        out.checkin(i, checkin_draft(v));
    }
    for (i, v) in list(top, "sessions")?.iter().enumerate() {
        out.session(i, session_draft(v));
    }
    for (i, v) in list(top, "questionnaires")?.iter().enumerate() {
        out.questionnaire(i, questionnaire_draft(v));
    }
    Ok(out.finish())
}

fn list<'a>(
    top: &'a serde_json::Map<String, Value>,
    key: &str,
) -> Result<&'a [Value], ImportError> {
    match top.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(ImportError::Damaged(format!("`{key}` must be a list"))),
    }
}

fn checkin_draft(v: &Value) -> Result<CheckInDraft, String> {
    let f = Fields::of(v, RecordType::CheckIn.words(), &CHECKIN_FIELDS)?;
    Ok(CheckInDraft {
        id: f.text("id")?,
        recorded_at: f.text("recorded_at")?,
        tz: f.text("tz")?,
        pain: f.int("pain")?,
        stress: f.int("stress")?,
        sleep: f.int("sleep")?,
        feel: f.texts("feel")?,
        regions: f.texts("where")?,
        activity: f.text("activity")?,
        note: f.text("note")?,
        flare: f.boolean("flare")?,
    })
}

fn session_draft(v: &Value) -> Result<SessionDraft, String> {
    let f = Fields::of(v, RecordType::Session.words(), &SESSION_FIELDS)?;
    Ok(SessionDraft {
        id: f.text("id")?,
        practice: f.text("practice")?,
        variant: f.text("variant")?,
        minutes: f.int("minutes")?,
        started_at: f.text("started_at")?,
        tz: f.text("tz")?,
        actual_s: f.int("actual_s")?,
        completed: f.boolean("completed")?,
        pain_before: f.int("pain_before")?,
        pain_after: f.int("pain_after")?,
        stress_before: f.int("stress_before")?,
        stress_after: f.int("stress_after")?,
        pleasantness: f.int("pleasantness")?,
        regions: f.texts("regions")?,
        note: f.text("note")?,
    })
}

fn questionnaire_draft(v: &Value) -> Result<QuestionnaireDraft, String> {
    let f = Fields::of(v, RecordType::Questionnaire.words(), &QUESTIONNAIRE_FIELDS)?;
    Ok(QuestionnaireDraft {
        id: f.text("id")?,
        instrument: f.text("instrument")?,
        answered_at: f.text("answered_at")?,
        tz: f.text("tz")?,
        answers: f.int_map("answers")?,
        score: f.number("score")?,
    })
}
