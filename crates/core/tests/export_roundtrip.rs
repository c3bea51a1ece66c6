//! Property tests: any journal survives JSON and CSV exactly (ids, instants
//! to the nanosecond, zones, awkward text), and no input makes import panic.
//! The journals come from `backcalm_testkit::journal`, which the store's
//! portability tests draw from too.

use backcalm_core::export::csv::{from_csv, to_csv};
use backcalm_core::export::json::{from_json, to_json};
use backcalm_core::export::{Export, ImportReport};
use backcalm_core::journal::CheckIn;
use backcalm_testkit::journal::{instant, journal, read_back_csv, ZONES};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Value};

fn assert_same(report: &ImportReport, export: &Export) {
    assert_eq!(report.rejected, vec![]);
    assert_eq!(report.checkins, export.checkins);
    assert_eq!(report.sessions, export.sessions);
    assert_eq!(report.questionnaires, export.questionnaires);
    // Idempotent import at the store rests on ids surviving unchanged.
    let ids = |r: &[CheckIn]| r.iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(ids(&report.checkins), ids(&export.checkins));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn json_reproduces_the_journal_exactly(export in journal()) {
        let text = to_json(&export);
        let report = from_json(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_same(&report, &export);
        prop_assert_eq!(report.exported_at, Some(export.exported_at));
        // Reading the same file again gives the same records with the same ids.
        prop_assert_eq!(from_json(&text).expect("again"), report);
    }

    #[test]
    fn csv_reproduces_the_journal_exactly(export in journal()) {
        let report = read_back_csv(&export);
        assert_same(&report, &export);
        prop_assert_eq!(read_back_csv(&export), report);
    }

    #[test]
    fn json_then_csv_then_json_is_stable(export in journal()) {
        let via_json = from_json(&to_json(&export)).expect("json");
        let again = Export {
            exported_at: export.exported_at,
            checkins: via_json.checkins,
            sessions: via_json.sessions,
            questionnaires: via_json.questionnaires,
        };
        assert_same(&read_back_csv(&again), &export);
    }
}

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::from),
        select(&ZONES[..]).prop_map(Value::from),
        instant().prop_map(|t| Value::from(t.to_string())),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            proptest::collection::btree_map(
                select(
                    &[
                        "id",
                        "pain",
                        "tz",
                        "recorded_at",
                        "answers",
                        "score",
                        "where",
                        "feel",
                        "practice",
                        "x"
                    ][..]
                )
                .prop_map(str::to_string),
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>(), bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = from_json(&text);
        let lossy = String::from_utf8_lossy(&bytes);
        let _ = from_json(&lossy);
        for name in ["checkins.csv", "sessions.csv", "questionnaires.csv", "other.csv"] {
            let _ = from_csv(name, &text);
            let _ = from_csv(name, &lossy);
        }
    }

    #[test]
    fn arbitrary_records_in_a_real_document_never_panic(
        records in proptest::collection::vec(any_json(), 0..6),
        version in any_json(),
    ) {
        for list in ["checkins", "sessions", "questionnaires"] {
            let doc = json!({ "format": "backcalm-export", "version": 1, list: records });
            let report = from_json(&doc.to_string()).expect("a well-formed document");
            // Each record is either accepted or rejected, never lost.
            prop_assert_eq!(report.accepted() + report.rejected.len(), records.len());
        }
        let doc = json!({ "format": "backcalm-export", "version": version });
        let _ = from_json(&doc.to_string());
    }

    #[test]
    fn arbitrary_rows_under_a_real_header_never_panic(
        body in "[a-z0-9=;,\"\r\n :.+-]{0,200}",
        cut in any::<prop::sample::Index>(),
        export in journal(),
    ) {
        for (name, text) in to_csv(&export) {
            let header = text.split("\r\n").next().unwrap_or_default().to_string();
            let report = from_csv(&name, &format!("{header}\r\n{body}")).expect("header is right");
            prop_assert!(report.rejected.iter().all(|r| r.line_or_index >= 2));
            // A real file cut short anywhere (on a character boundary).
            let chars: Vec<char> = text.chars().collect();
            let at = cut.index(chars.len() + 1);
            let _ = from_csv(&name, &chars[..at].iter().collect::<String>());
        }
        let text = to_json(&export);
        let chars: Vec<char> = text.chars().collect();
        let _ = from_json(&chars[..cut.index(chars.len() + 1)].iter().collect::<String>());
    }
}
