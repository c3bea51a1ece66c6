//! backcalm's CSV import (`export::csv::from_csv`) on any bytes.
//!
//! The first byte picks the file name (the three export files, or another
//! name); the rest is the file. Never panics; every rejected row points at a
//! line of the file; whatever is accepted survives its own CSV export exactly.
#![no_main]

use backcalm_core::export::csv::{from_csv, to_csv};
use backcalm_core::export::Export;
use jiff::Timestamp;
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = [
    "checkins.csv",
    "sessions.csv",
    "questionnaires.csv",
    "export/other.csv",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    let Ok(report) = from_csv(name, text) else {
        return;
    };
    // Lines end at LF, CRLF or a lone CR, as spreadsheet programs write them.
    let bytes = text.as_bytes();
    let breaks = (0..bytes.len())
        .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    let lines = breaks + 1;
    for r in &report.rejected {
        assert!(
            (2..=lines).contains(&r.line_or_index),
            "rejected row at line {} of a {lines}-line file: {}",
            r.line_or_index,
            r.reason
        );
    }
    let export = Export {
        exported_at: Timestamp::UNIX_EPOCH,
        checkins: report.checkins.clone(),
        sessions: report.sessions.clone(),
        questionnaires: report.questionnaires.clone(),
    };
    for (file, csv) in to_csv(&export) {
        let again = from_csv(&file, &csv).expect("our own CSV reads back");
        assert_eq!(
            again.rejected,
            vec![],
            "{file}: our own CSV is accepted whole"
        );
        match file.as_str() {
            "checkins.csv" => assert_eq!(again.checkins, report.checkins),
            "sessions.csv" => assert_eq!(again.sessions, report.sessions),
            _ => assert_eq!(again.questionnaires, report.questionnaires),
        }
    }
});
