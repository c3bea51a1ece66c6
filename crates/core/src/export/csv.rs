//! CSV export and import: RFC 4180, one file per record type.
//!
//! UTF-8, a header row, CRLF line ends, fields quoted only when they hold a
//! comma, a double quote, CR or LF (quotes inside doubled). Columns are named
//! as the JSON fields are; instants are RFC 3339 with the person's offset at
//! full precision; lists are `;`-separated ids in one field; questionnaire
//! answers are `item=answer` pairs joined by `;`. An empty field is "not
//! given". docs/EXPORT.md lists every column.
//!
//! Cells are written as they are, with no guard against spreadsheet formulas
//! (a note starting with `=`), because a guard would change the text and the
//! export must read back exactly; docs/EXPORT.md warns about it.

use super::import::Collector;
use super::json::{CHECKIN_FIELDS, LATER_CHECKIN_FIELDS, QUESTIONNAIRE_FIELDS, SESSION_FIELDS};
use super::{
    instant_text, Export, ImportError, ImportReport, QuestionnaireAnswer, QuestionnaireDraft,
    RecordType,
};
use crate::journal::{CheckIn, CheckInDraft, Rating, SessionDraft, SessionRecord};
use ::csv::{QuoteStyle, ReaderBuilder, StringRecord, Terminator, WriterBuilder};
use std::collections::{BTreeMap, HashMap};

/// The file holding check-ins.
pub const CHECKINS_FILE: &str = "checkins.csv";
/// The file holding sessions.
pub const SESSIONS_FILE: &str = "sessions.csv";
/// The file holding questionnaire answers.
pub const QUESTIONNAIRES_FILE: &str = "questionnaires.csv";

/// Separates the ids of a list inside one field.
const LIST_SEPARATOR: char = ';';

/// Writes one file per record type: `(file name, contents)`, in the order
/// check-ins, sessions, questionnaires. Every file has its header row even
/// when there are no records.
pub fn to_csv(export: &Export) -> Vec<(String, String)> {
    vec![
        (
            CHECKINS_FILE.to_string(),
            table(&CHECKIN_FIELDS, export.checkins.iter().map(checkin_row)),
        ),
        (
            SESSIONS_FILE.to_string(),
            table(&SESSION_FIELDS, export.sessions.iter().map(session_row)),
        ),
        (
            QUESTIONNAIRES_FILE.to_string(),
            table(
                &QUESTIONNAIRE_FIELDS,
                export.questionnaires.iter().map(questionnaire_row),
            ),
        ),
    ]
}

fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = WriterBuilder::new()
        .terminator(Terminator::CRLF)
        .quote_style(QuoteStyle::Necessary)
        .from_writer(Vec::new());
    // Writing to memory cannot fail, and every row has the header's length.
    w.write_record(header).expect("write to memory");
    for row in rows {
        w.write_record(&row).expect("write to memory");
    }
    let bytes = w.into_inner().expect("flush to memory");
    // Every field came from a `str`, so the bytes are UTF-8.
    String::from_utf8(bytes).expect("UTF-8 in, UTF-8 out")
}

fn rating(r: Option<Rating>) -> String {
    r.map(|r| r.get().to_string()).unwrap_or_default()
}

fn joined<T: ToString>(items: &[T]) -> String {
    items
        .iter()
        .map(T::to_string)
        .collect::<Vec<_>>()
        .join(&LIST_SEPARATOR.to_string())
}

fn checkin_row(c: &CheckIn) -> Vec<String> {
    vec![
        c.id.to_string(),
        instant_text(c.recorded_at, &c.tz),
        c.tz.to_string(),
        c.pain.get().to_string(),
        rating(c.stress),
        rating(c.sleep),
        joined(&c.feel.iter().map(|f| f.id()).collect::<Vec<_>>()),
        joined(&c.regions),
        c.activity
            .as_ref()
            .map(|n| n.as_str().to_string())
            .unwrap_or_default(),
        c.note
            .as_ref()
            .map(|n| n.as_str().to_string())
            .unwrap_or_default(),
        c.flare.to_string(),
    ]
}

fn session_row(s: &SessionRecord) -> Vec<String> {
    vec![
        s.id.to_string(),
        s.practice.clone(),
        s.variant.clone().unwrap_or_default(),
        s.minutes.to_string(),
        instant_text(s.started_at, &s.tz),
        s.tz.to_string(),
        s.actual_s.to_string(),
        s.completed.to_string(),
        rating(s.pain_before),
        rating(s.pain_after),
        rating(s.stress_before),
        rating(s.stress_after),
        rating(s.pleasantness),
        joined(&s.regions),
        s.note
            .as_ref()
            .map(|n| n.as_str().to_string())
            .unwrap_or_default(),
    ]
}

fn questionnaire_row(q: &QuestionnaireAnswer) -> Vec<String> {
    let answers: Vec<String> = q.answers.iter().map(|(k, v)| format!("{k}={v}")).collect();
    vec![
        q.id.to_string(),
        q.instrument.clone(),
        q.answered_at_rfc3339(),
        q.tz.to_string(),
        answers.join(&LIST_SEPARATOR.to_string()),
        // Rust prints the shortest text that reads back as the same f64.
        q.score.to_string(),
    ]
}

/// Reads one CSV file of an export, chosen by its name (`checkins.csv`,
/// `sessions.csv` or `questionnaires.csv`; a leading folder is ignored).
///
/// Columns may come in any order but must all be there, and no others,
/// except that a `checkins.csv` written before the `flare` column existed
/// reads as having no flares. A row
/// that fails a check is listed in [`ImportReport::rejected`] with the line it
/// starts on (the header is line 1); the other rows are accepted.
pub fn from_csv(file_name: &str, text: &str) -> Result<ImportReport, ImportError> {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    type Fields = &'static [&'static str];
    let (kind, fields, later): (RecordType, Fields, Fields) = match base {
        CHECKINS_FILE => (RecordType::CheckIn, &CHECKIN_FIELDS, &LATER_CHECKIN_FIELDS),
        SESSIONS_FILE => (RecordType::Session, &SESSION_FIELDS, &[]),
        QUESTIONNAIRES_FILE => (RecordType::Questionnaire, &QUESTIONNAIRE_FIELDS, &[]),
        _ => {
            return Err(ImportError::UnknownCsvFile {
                name: file_name.to_string(),
            })
        }
    };
    let header_error = |message: String| ImportError::CsvHeader {
        file: base.to_string(),
        message,
    };
    // Spreadsheet programs often save UTF-8 with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Flexible: a short or long row is reported as a rejected row, not a failed file.
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => {
            return Err(header_error(format!(
                "is empty; the first line must be the header: {}",
                fields.join(",")
            )))
        }
        Some(Err(e)) => return Err(header_error(format!("the header cannot be read: {e}"))),
        Some(Ok(h)) => h,
    };
    let columns = Columns::new(&header, fields, later).map_err(header_error)?;
    let mut out = Collector::new(None, "line");
    let mut lines = LineCounter::new(text);
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
                out.reject(line, kind, format!("the row cannot be read: {e}"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        if record.len() != header.len() {
            out.reject(
                line,
                kind,
                format!(
                    "has {} fields but the header has {}; quote a field that holds a comma",
                    record.len(),
                    header.len()
                ),
            );
            continue;
        }
        let row = Row {
            record: &record,
            columns: &columns,
        };
        match kind {
            RecordType::CheckIn => out.checkin(line, row.checkin()),
            RecordType::Session => out.session(line, row.session()),
            RecordType::Questionnaire => out.questionnaire(line, row.questionnaire()),
        }
    }
    Ok(out.finish())
}

/// Line numbers of byte offsets, counted once from the start.
///
/// The csv crate's own line count lags by one after a CRLF (the LF is read
/// as the start of the next record), so lines are counted here: LF, CRLF and a
/// lone CR each end a line.
#[derive(Debug)]
struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line a record starting at `byte` begins on; offsets must not go backwards.
    fn line_at(&mut self, byte: u64) -> usize {
        let mut start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        // The reported start may sit on the line break that ended the previous row.
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        while self.at < start {
            let b = self.bytes[self.at];
            if b == b'\n' || (b == b'\r' && self.bytes.get(self.at + 1) != Some(&b'\n')) {
                self.line += 1;
            }
            self.at += 1;
        }
        self.line
    }
}

/// Where each expected column is in the file.
#[derive(Debug)]
struct Columns(HashMap<&'static str, usize>);

impl Columns {
    /// `later` are fields the header may lack (added after older files were written).
    fn new(
        header: &StringRecord,
        fields: &[&'static str],
        later: &[&'static str],
    ) -> Result<Self, String> {
        let mut at = HashMap::new();
        for (i, name) in header.iter().enumerate() {
            let name = name.trim();
            let Some(field) = fields.iter().find(|f| **f == name) else {
                return Err(format!(
                    "column {:?} is not one of this file's columns ({})",
                    shown(name),
                    fields.join(",")
                ));
            };
            if at.insert(*field, i).is_some() {
                return Err(format!("column {name:?} appears twice in the header"));
            }
        }
        let missing: Vec<&str> = fields
            .iter()
            .filter(|f| !at.contains_key(*f) && !later.contains(f))
            .copied()
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "the header lacks the column(s) {}; the header must be: {}",
                missing.join(", "),
                fields.join(",")
            ));
        }
        Ok(Columns(at))
    }
}

/// A cell's text for a message, cut short so a long note is not echoed whole.
fn shown(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    }
}

/// One data row, read by column name.
struct Row<'a> {
    record: &'a StringRecord,
    columns: &'a Columns,
}

impl Row<'_> {
    fn cell(&self, name: &str) -> &str {
        self.columns
            .0
            .get(name)
            .and_then(|i| self.record.get(*i))
            .unwrap_or("")
    }

    /// Text, with an empty (or blank) cell meaning "not given".
    fn text(&self, name: &str) -> Option<String> {
        let v = self.cell(name);
        (!v.trim().is_empty()).then(|| v.to_string())
    }

    fn int(&self, name: &str) -> Result<Option<i64>, String> {
        match self.text(name) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| format!("{name}: {:?} is not a whole number", shown(&v))),
        }
    }

    fn boolean(&self, name: &str) -> Result<Option<bool>, String> {
        match self.text(name).map(|v| v.trim().to_ascii_lowercase()) {
            None => Ok(None),
            Some(v) if v == "true" => Ok(Some(true)),
            Some(v) if v == "false" => Ok(Some(false)),
            Some(v) => Err(format!("{name}: {:?} is not true or false", shown(&v))),
        }
    }

    fn number(&self, name: &str) -> Result<Option<f64>, String> {
        match self.text(name) {
            None => Ok(None),
            Some(v) => match v.trim().parse::<f64>() {
                Ok(n) if n.is_finite() => Ok(Some(n)),
                _ => Err(format!("{name}: {:?} is not a number", shown(&v))),
            },
        }
    }

    fn list(&self, name: &str) -> Vec<String> {
        self.cell(name)
            .split(LIST_SEPARATOR)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn answers(&self, name: &str) -> Result<BTreeMap<String, i64>, String> {
        let mut out = BTreeMap::new();
        for pair in self.list(name) {
            let Some((item, value)) = pair.split_once('=') else {
                return Err(format!(
                    "{name}: {:?} is not question=answer, e.g. pain=4",
                    shown(&pair)
                ));
            };
            let item = item.trim();
            let value: i64 = value.trim().parse().map_err(|_| {
                format!(
                    "{name}: the answer to `{}` is not a whole number",
                    shown(item)
                )
            })?;
            if out.insert(item.to_string(), value).is_some() {
                return Err(format!("{name}: `{}` is answered twice", shown(item)));
            }
        }
        Ok(out)
    }

    fn checkin(&self) -> Result<CheckInDraft, String> {
        Ok(CheckInDraft {
            id: self.text("id"),
            recorded_at: self.text("recorded_at"),
            tz: self.text("tz"),
            pain: self.int("pain")?,
            stress: self.int("stress")?,
            sleep: self.int("sleep")?,
            feel: self.list("feel"),
            regions: self.list("where"),
            activity: self.text("activity"),
            note: self.text("note"),
            flare: self.boolean("flare")?,
        })
    }

    fn session(&self) -> Result<SessionDraft, String> {
        Ok(SessionDraft {
            id: self.text("id"),
            practice: self.text("practice"),
            variant: self.text("variant"),
            minutes: self.int("minutes")?,
            started_at: self.text("started_at"),
            tz: self.text("tz"),
            actual_s: self.int("actual_s")?,
            completed: self.boolean("completed")?,
            pain_before: self.int("pain_before")?,
            pain_after: self.int("pain_after")?,
            stress_before: self.int("stress_before")?,
            stress_after: self.int("stress_after")?,
            pleasantness: self.int("pleasantness")?,
            regions: self.list("regions"),
            note: self.text("note"),
        })
    }

    fn questionnaire(&self) -> Result<QuestionnaireDraft, String> {
        Ok(QuestionnaireDraft {
            id: self.text("id"),
            instrument: self.text("instrument"),
            answered_at: self.text("answered_at"),
            tz: self.text("tz"),
            answers: self.answers("answers")?,
            score: self.number("score")?,
        })
    }
}
