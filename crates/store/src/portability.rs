//! The whole journal out ([`Store::export_all`]) and an import back in
//! ([`Store::import`]): one transaction, idempotent by record id.
//!
//! Import writes its own statements because they must all run in one
//! transaction, but it stores every column exactly as the record modules do
//! (the same helpers from `columns`), so an imported record reads back equal
//! and a record stored by hand compares equal to the same record imported.

use crate::db::{StoredRow, Tx, Value};
use crate::record::Record;
use crate::{AnswerFilter, DayRange, Store, StoreError};
use backcalm_core::export::{Export, ImportReport, RecordType};
use jiff::Timestamp;
use std::collections::HashSet;
use uuid::Uuid;

/// What an import did (or, in a dry run, would have done).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    /// Check-ins that were new and were stored.
    pub added_checkins: usize,
    /// Sessions that were new and were stored.
    pub added_sessions: usize,
    /// Questionnaire answers that were new and were stored.
    pub added_answers: usize,
    /// Records already stored with identical content (imported before); left alone.
    pub unchanged: usize,
    /// Records whose id is already stored with different content: the stored
    /// record was kept. Each with a sentence naming the fields that differ.
    pub conflicts: Vec<(Uuid, String)>,
}

impl ImportOutcome {
    /// How many records were (or would be) added, of every type.
    pub fn added(&self) -> usize {
        self.added_checkins + self.added_sessions + self.added_answers
    }

    fn count(&mut self, kind: RecordType, id: Uuid, done: Put) {
        match (done, kind) {
            (Put::Added, RecordType::CheckIn) => self.added_checkins += 1,
            (Put::Added, RecordType::Session) => self.added_sessions += 1,
            (Put::Added, RecordType::Questionnaire) => self.added_answers += 1,
            (Put::Unchanged, _) => self.unchanged += 1,
            (Put::Differs(fields), _) => self.conflicts.push((id, conflict_message(kind, &fields))),
        }
    }
}

/// A column name and the export field it comes from (for conflict messages).
type Column = (&'static str, &'static str);

const CHECKIN_COLUMNS: [Column; 12] = [
    ("id", "id"),
    ("recorded_at", "recorded_at"),
    ("tz", "tz"),
    ("local_date", "recorded_at"),
    ("pain", "pain"),
    ("stress", "stress"),
    ("sleep", "sleep"),
    ("feel", "feel"),
    ("regions", "where"),
    ("activity", "activity"),
    ("note", "note"),
    ("flare", "flare"),
];

const SESSION_COLUMNS: [Column; 16] = [
    ("id", "id"),
    ("practice", "practice"),
    ("variant", "variant"),
    ("minutes", "minutes"),
    ("started_at", "started_at"),
    ("tz", "tz"),
    ("local_date", "started_at"),
    ("actual_s", "actual_s"),
    ("completed", "completed"),
    ("pain_before", "pain_before"),
    ("pain_after", "pain_after"),
    ("stress_before", "stress_before"),
    ("stress_after", "stress_after"),
    ("pleasantness", "pleasantness"),
    ("regions", "regions"),
    ("note", "note"),
];

const ANSWER_COLUMNS: [Column; 7] = [
    ("id", "id"),
    ("instrument", "instrument"),
    ("answered_at", "answered_at"),
    ("tz", "tz"),
    ("local_date", "answered_at"),
    ("answers", "answers"),
    ("score", "score"),
];

/// A record's values in its `*_COLUMNS` order: the id, then exactly what
/// the record's own table module stores ([`Record::values`]), so an imported
/// record reads back equal to one stored by hand.
fn row_values<R: Record>(r: &R) -> Vec<Value> {
    std::iter::once(Value::Uuid(r.id()))
        .chain(r.values())
        .collect()
}

/// Placeholders per multi-row `INSERT` (so 14-31 rows each). Far inside both
/// backends' limits; measured fastest with bench/benches/portability.rs: one
/// statement per row took 4 times as long, and much larger statements longer too.
const PLACEHOLDERS_PER_INSERT: usize = 250;

/// The statements one table needs, built once per import.
#[derive(Debug)]
struct Statements {
    table: &'static str,
    columns: &'static [Column],
    /// Rows per full batch.
    batch: usize,
    /// Inserts a full batch, skipping taken ids, and returns the ids it stored.
    insert_batch: String,
    /// For a taken id: one character per column but the id, `1` where the
    /// stored value is the same, `0` where it is not (one text column, so
    /// every table's comparison reads back the same way).
    compare: String,
}

impl Statements {
    fn new(table: &'static str, columns: &'static [Column]) -> Self {
        let names: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
        // `id` is $1; both backends support IS NOT DISTINCT FROM (equal, or both NULL).
        let same: Vec<String> = names
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, c)| {
                format!(
                    "CASE WHEN {c} IS NOT DISTINCT FROM ${} THEN '1' ELSE '0' END",
                    i + 1
                )
            })
            .collect();
        let batch = (PLACEHOLDERS_PER_INSERT / (columns.len() + 1)).max(1);
        let mut st = Statements {
            table,
            columns,
            batch,
            insert_batch: String::new(),
            compare: format!(
                "SELECT {} AS same FROM {table} WHERE id = $1 AND owner = ${}",
                same.join(" || "),
                columns.len() + 1
            ),
        };
        st.insert_batch = st.insert(batch);
        st
    }

    /// `INSERT` of `rows` records, numbered `$1, $2, …` row after row, each
    /// row's columns then its `owner`.
    fn insert(&self, rows: usize) -> String {
        let width = self.columns.len() + 1;
        let tuples: Vec<String> = (0..rows)
            .map(|r| {
                let ps: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
                format!("({})", ps.join(", "))
            })
            .collect();
        let mut names: Vec<&str> = self.columns.iter().map(|(c, _)| *c).collect();
        names.push("owner");
        format!(
            "INSERT INTO {} ({}) VALUES {} ON CONFLICT (id) DO NOTHING RETURNING id",
            self.table,
            names.join(", "),
            tuples.join(", ")
        )
    }
}

/// What storing one record did.
enum Put {
    Added,
    Unchanged,
    /// The export fields whose stored values differ.
    Differs(Vec<&'static str>),
}

/// Stores records of one table in batches; each record that was not stored
/// (its id is taken) is compared with the stored one.
async fn put_all(
    tx: &mut Tx,
    owner: &str,
    st: &Statements,
    kind: RecordType,
    records: &[(Uuid, Vec<Value>)],
    out: &mut ImportOutcome,
) -> Result<(), StoreError> {
    for chunk in records.chunks(st.batch) {
        let sql = if chunk.len() == st.batch {
            st.insert_batch.clone()
        } else {
            st.insert(chunk.len())
        };
        let mut args = Vec::with_capacity(chunk.len() * (st.columns.len() + 1));
        for (_, values) in chunk {
            args.extend(values.iter().cloned());
            args.push(Value::text(owner));
        }
        let mut stored: HashSet<Uuid> = tx
            .fetch(sql, args, returned_id)
            .await?
            .into_iter()
            .collect();
        for (id, values) in chunk {
            // An id twice in one file: the first is stored, the second compared with it.
            let done = if stored.remove(id) {
                Put::Added
            } else {
                compare(tx, owner, st, values).await?
            };
            out.count(kind, *id, done);
        }
    }
    Ok(())
}

fn returned_id(row: &dyn StoredRow) -> Result<Uuid, StoreError> {
    crate::columns::Columns::new(row, "import").id()
}

/// Per compared column, whether the stored value is the same.
fn same_columns(row: &dyn StoredRow) -> Result<Vec<bool>, StoreError> {
    let same = row.text("same").map_err(StoreError::Worker)?;
    Ok(same.unwrap_or_default().chars().map(|c| c == '1').collect())
}

/// Compares a record with the stored one of the same id.
async fn compare(
    tx: &mut Tx,
    owner: &str,
    st: &Statements,
    values: &[Value],
) -> Result<Put, StoreError> {
    let mut args = values.to_vec();
    args.push(Value::text(owner));
    let rows = tx.fetch(st.compare.clone(), args, same_columns).await?;
    // Nothing deletes inside our transaction, so a missing row is another
    // person's (a server shared by several people): the id is taken.
    let Some(same) = rows.into_iter().next() else {
        return Ok(Put::Differs(vec!["owner"]));
    };
    let mut differ: Vec<&'static str> = Vec::new();
    for ((_, field), same) in st.columns.iter().skip(1).zip(same) {
        if !same && !differ.contains(field) {
            differ.push(field);
        }
    }
    Ok(if differ.is_empty() {
        Put::Unchanged
    } else {
        Put::Differs(differ)
    })
}

fn conflict_message(kind: RecordType, fields: &[&str]) -> String {
    format!(
        "a {} with this id is already stored with a different {}; the stored one was kept. \
         To take the imported one instead, delete the stored record and import again",
        kind.words(),
        fields.join(", ")
    )
}

impl Store {
    /// Every check-in, session and questionnaire answer, in the store's usual
    /// order (check-ins and sessions by local day then instant, answers by
    /// instant; ties by id), ready for core's writers
    /// ([`backcalm_core::export::json::to_json`] and the others).
    ///
    /// The store reads no clock: `exported_at` is the Unix epoch; set it from
    /// the edge's clock before writing the file
    /// (`Export { exported_at: now, ..store.export_all().await? }`).
    ///
    /// Each record type is read in one query; a record written while the
    /// export runs may or may not be in it.
    pub async fn export_all(&self) -> Result<Export, StoreError> {
        Ok(Export {
            exported_at: Timestamp::UNIX_EPOCH,
            checkins: self.checkins(&DayRange::all()).await?,
            sessions: self.sessions(&DayRange::all()).await?,
            questionnaires: self.questionnaire_answers(&AnswerFilter::default()).await?,
        })
    }

    /// Stores the records an import accepted, in one transaction.
    ///
    /// Idempotent by id: a record whose id is stored with identical content
    /// counts as [`ImportOutcome::unchanged`]; with different content it is
    /// listed in [`ImportOutcome::conflicts`] and the stored record is kept.
    /// Rows the import rejected ([`ImportReport::rejected`]) are not in the
    /// report's lists, so nothing of them is stored. With `dry_run` everything
    /// is checked the same way, then rolled back: the outcome says what an
    /// import would do and the journal is unchanged. On any database error
    /// nothing is stored.
    pub async fn import(
        &self,
        report: &ImportReport,
        dry_run: bool,
    ) -> Result<ImportOutcome, StoreError> {
        let checkins = Statements::new("checkins", &CHECKIN_COLUMNS);
        let sessions = Statements::new("sessions", &SESSION_COLUMNS);
        let answers = Statements::new("questionnaire_answers", &ANSWER_COLUMNS);
        let mut out = ImportOutcome::default();
        let owner = self.db.person().to_string();
        let mut tx = self.db.begin().await?;
        let checkin_rows: Vec<_> = report
            .checkins
            .iter()
            .map(|c| (c.id, row_values(c)))
            .collect();
        put_all(
            &mut tx,
            &owner,
            &checkins,
            RecordType::CheckIn,
            &checkin_rows,
            &mut out,
        )
        .await?;
        let session_rows: Vec<_> = report
            .sessions
            .iter()
            .map(|s| (s.id, row_values(s)))
            .collect();
        put_all(
            &mut tx,
            &owner,
            &sessions,
            RecordType::Session,
            &session_rows,
            &mut out,
        )
        .await?;
        let answer_rows: Vec<_> = report
            .questionnaires
            .iter()
            .map(|a| (a.id, row_values(a)))
            .collect();
        put_all(
            &mut tx,
            &owner,
            &answers,
            RecordType::Questionnaire,
            &answer_rows,
            &mut out,
        )
        .await?;
        if dry_run {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use backcalm_core::export::QuestionnaireAnswer;
    use backcalm_core::{CheckIn, SessionRecord};

    #[test]
    fn statements_number_rows_in_order_and_compare_every_column_but_the_id() {
        let st = Statements::new("t", &ANSWER_COLUMNS[..3]);
        assert_eq!(st.batch, PLACEHOLDERS_PER_INSERT / 4);
        assert_eq!(
            st.insert(2),
            "INSERT INTO t (id, instrument, answered_at, owner) \
             VALUES ($1, $2, $3, $4), ($5, $6, $7, $8) \
             ON CONFLICT (id) DO NOTHING RETURNING id"
        );
        assert_eq!(st.insert_batch, st.insert(st.batch));
        assert_eq!(
            st.compare,
            "SELECT CASE WHEN instrument IS NOT DISTINCT FROM $2 THEN '1' ELSE '0' END \
             || CASE WHEN answered_at IS NOT DISTINCT FROM $3 THEN '1' ELSE '0' END AS same \
             FROM t WHERE id = $1 AND owner = $4"
        );
    }

    #[test]
    fn import_columns_are_the_id_then_each_tables_own_fields_in_order() {
        fn names(columns: &[Column]) -> Vec<&'static str> {
            columns.iter().map(|(c, _)| *c).collect()
        }
        for (columns, fields) in [
            (&CHECKIN_COLUMNS[..], CheckIn::FIELDS),
            (&SESSION_COLUMNS[..], SessionRecord::FIELDS),
            (&ANSWER_COLUMNS[..], QuestionnaireAnswer::FIELDS),
        ] {
            assert_eq!(names(&columns[..1]), ["id"]);
            assert_eq!(names(&columns[1..]), fields);
        }
    }

    #[test]
    fn conflicts_name_the_fields_that_differ() {
        assert_eq!(
            conflict_message(RecordType::CheckIn, &["pain", "note"]),
            "a check-in with this id is already stored with a different pain, note; \
             the stored one was kept. To take the imported one instead, delete the stored \
             record and import again"
        );
    }
}
