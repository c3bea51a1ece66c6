//! backcalm's JSON import (`export::json::from_json`) on any bytes.
//!
//! Never panics; and whatever it accepts is a journal that survives its own
//! JSON and CSV exports exactly (the round trip the store's import relies on).
#![no_main]

use backcalm_core::export::csv::{from_csv, to_csv};
use backcalm_core::export::json::{from_json, to_json};
use backcalm_core::export::{Export, ImportReport};
use jiff::Timestamp;
use libfuzzer_sys::fuzz_target;

fn same_records(a: &ImportReport, b: &ImportReport) {
    assert_eq!(a.checkins, b.checkins);
    assert_eq!(a.sessions, b.sessions);
    assert_eq!(a.questionnaires, b.questionnaires);
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(report) = from_json(text) else {
        return;
    };
    let export = Export {
        exported_at: report.exported_at.unwrap_or(Timestamp::UNIX_EPOCH),
        checkins: report.checkins.clone(),
        sessions: report.sessions.clone(),
        questionnaires: report.questionnaires.clone(),
    };
    let again = from_json(&to_json(&export)).expect("our own export reads back");
    assert_eq!(again.rejected, vec![], "our own export is accepted whole");
    same_records(&report, &again);

    let mut via_csv = ImportReport::default();
    for (name, csv) in to_csv(&export) {
        let r = from_csv(&name, &csv).expect("our own CSV reads back");
        assert_eq!(r.rejected, vec![], "{name}: our own CSV is accepted whole");
        via_csv.checkins.extend(r.checkins);
        via_csv.sessions.extend(r.sessions);
        via_csv.questionnaires.extend(r.questionnaires);
    }
    same_records(&report, &via_csv);
});
