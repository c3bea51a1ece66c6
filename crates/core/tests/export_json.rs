//! The JSON export: its exact shape, its schema, and how import treats bad
//! records and files that are not exports.

mod export_fixture;

use backcalm_core::export::json::{
    from_json, to_json, CHECKIN_FIELDS, FORMAT, QUESTIONNAIRE_FIELDS, SESSION_FIELDS, VERSION,
};
use backcalm_core::export::{ImportError, RecordType};
use export_fixture::sample;
use serde_json::{json, Value};

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("export is not JSON: {e}\n{text}"))
}

#[test]
fn document_has_format_version_and_records_in_api_shape() {
    let doc = parse(&to_json(&sample()));
    assert_eq!(doc["format"], "backcalm-export");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["exported_at"], "2026-04-01T08:00:00Z");
    let c = &doc["checkins"][0];
    assert_eq!(c["id"], "00000000-0000-4000-8000-000000000001");
    // Full precision and the person's own offset.
    assert_eq!(c["recorded_at"], "2026-03-29T14:00:00.123456789+02:00");
    assert_eq!(c["tz"], "Europe/Berlin");
    assert_eq!(c["pain"], 6);
    assert_eq!(c["feel"], json!(["radiating", "sharp"]));
    assert_eq!(c["where"], json!(["lower-back-left", "calf-left"]));
    assert_eq!(c["note"], "stiff, sore;\nbetter after a walk — ça va 😀");
    assert_eq!(doc["checkins"][1]["stress"], Value::Null);
    assert_eq!(c["flare"], true);
    assert_eq!(doc["checkins"][1]["flare"], false);
    let s = &doc["sessions"][0];
    assert_eq!(s["started_at"], "2026-03-29T07:15:30.5+05:45");
    assert_eq!(s["actual_s"], 241);
    assert_eq!(s["completed"], false);
    let q = &doc["questionnaires"][0];
    assert_eq!(q["instrument"], "peg-3");
    assert_eq!(
        q["answers"],
        json!({"activity": 2, "enjoyment": 4, "pain": 5})
    );
    assert_eq!(q["score"], 11.0 / 3.0);
    assert_eq!(doc["questionnaires"][1]["score"], 3.0);
}

#[test]
fn export_reads_back_identically() {
    let export = sample();
    let report = from_json(&to_json(&export)).expect("own export imports");
    assert_eq!(report.rejected, vec![]);
    assert_eq!(report.exported_at, Some(export.exported_at));
    assert_eq!(report.checkins, export.checkins);
    assert_eq!(report.sessions, export.sessions);
    assert_eq!(report.questionnaires, export.questionnaires);
}

#[test]
fn bad_records_are_rejected_with_index_and_reason_and_the_rest_kept() {
    let mut doc = parse(&to_json(&sample()));
    doc["checkins"][0]["pain"] = json!(11);
    doc["checkins"]
        .as_array_mut()
        .expect("list")
        .push(json!("not a record"));
    doc["sessions"][0]["tz"] = json!("Mars/Base");
    doc["questionnaires"][0]["answers"]["pain"] = json!("five");
    doc["questionnaires"][1]["score"] = json!(5);
    let report = from_json(&doc.to_string()).expect("still an export");
    assert_eq!(report.checkins.len(), 1, "the good check-in is kept");
    assert_eq!(report.checkins[0].pain.get(), 0);
    let got: Vec<(usize, RecordType, &str)> = report
        .rejected
        .iter()
        .map(|r| (r.line_or_index, r.record_type, r.reason.as_str()))
        .collect();
    assert_eq!(got.len(), 5, "{got:#?}");
    assert_eq!(got[0].0, 0);
    assert_eq!(got[0].1, RecordType::CheckIn);
    assert!(
        got[0].2.starts_with("pain: 11 is not on the 0-10 scale"),
        "{}",
        got[0].2
    );
    assert_eq!((got[1].0, got[1].1), (2, RecordType::CheckIn));
    assert!(got[1].2.contains("not an object"), "{}", got[1].2);
    assert_eq!((got[2].0, got[2].1), (0, RecordType::Session));
    assert!(
        got[2].2.starts_with("tz: unknown time zone \"Mars/Base\""),
        "{}",
        got[2].2
    );
    assert_eq!((got[3].0, got[3].1), (0, RecordType::Questionnaire));
    assert!(
        got[3].2.contains("`pain` must be a whole number"),
        "{}",
        got[3].2
    );
    assert_eq!((got[4].0, got[4].1), (1, RecordType::Questionnaire));
    assert!(
        got[4]
            .2
            .starts_with("score: 5 does not match the answers, which score 3"),
        "{}",
        got[4].2
    );
}

#[test]
fn required_fields_unknown_fields_and_duplicate_ids_are_named() {
    let mut doc = parse(&to_json(&sample()));
    let first = doc["checkins"][0].clone();
    doc["checkins"].as_array_mut().expect("list").push(first);
    doc["checkins"][1]
        .as_object_mut()
        .expect("object")
        .remove("tz");
    doc["sessions"][0]["mood"] = json!("fine");
    let report = from_json(&doc.to_string()).expect("still an export");
    let reasons: Vec<&str> = report.rejected.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons.len(), 3, "{reasons:#?}");
    assert!(
        reasons[0].starts_with("tz: is required in an import"),
        "{}",
        reasons[0]
    );
    assert!(
        reasons[1].starts_with(
            "id: 00000000-0000-4000-8000-000000000001 was already used by the check-in at index 0"
        ),
        "{}",
        reasons[1]
    );
    assert!(
        reasons[2].starts_with("mood: is not a field of a session"),
        "{}",
        reasons[2]
    );
    assert_eq!(report.checkins.len(), 1);
}

#[test]
fn a_rounded_score_is_accepted_and_replaced_by_the_exact_one() {
    let mut doc = parse(&to_json(&sample()));
    doc["questionnaires"][0]["score"] = json!(3.67);
    let report = from_json(&doc.to_string()).expect("export");
    assert_eq!(report.rejected, vec![]);
    assert_eq!(report.questionnaires[0].score, 11.0 / 3.0);
}

#[test]
fn files_that_are_not_exports_are_refused_whole_with_a_clear_message() {
    let cases: Vec<(&str, &str)> = vec![
        ("{", "not valid JSON (line 1, column 1"),
        ("[1, 2]", "not a backcalm export"),
        (
            r#"{"format": "something-else", "version": 1}"#,
            "its `format` is \"something-else\"",
        ),
        (r#"{"version": 1}"#, "it has no `format` field"),
        (
            r#"{"format": "backcalm-export", "version": 2}"#,
            "has version 2, but this backcalm reads version 1; update backcalm",
        ),
        (r#"{"format": "backcalm-export"}"#, "`version` is missing"),
        (
            r#"{"format": "backcalm-export", "version": 1, "checkins": {}}"#,
            "`checkins` must be a list",
        ),
        (
            r#"{"format": "backcalm-export", "version": 1, "extra": []}"#,
            "`extra` is not a field",
        ),
        (
            r#"{"format": "backcalm-export", "version": 1, "exported_at": "soon"}"#,
            "exported_at",
        ),
    ];
    for (text, expected) in cases {
        let err = from_json(text).expect_err(text).to_string();
        assert!(err.contains(expected), "{text}: {err}");
    }
    assert!(matches!(
        from_json(r#"{"format": "backcalm-export", "version": "1"}"#),
        Err(ImportError::UnsupportedVersion { .. })
    ));
}

#[test]
fn a_minimal_document_and_a_byte_order_mark_are_fine() {
    let report = from_json("\u{feff}{\"format\": \"backcalm-export\", \"version\": 1}")
        .expect("minimal export");
    assert_eq!(report.accepted(), 0);
    assert_eq!(report.rejected, vec![]);
    assert_eq!((FORMAT, VERSION), ("backcalm-export", 1));
}

fn schema() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/backcalm-export.schema.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse(&text)
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
    k.sort();
    k
}

fn sorted(fields: &[&str]) -> Vec<String> {
    let mut k: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
    k.sort();
    k
}

/// The committed schema describes exactly what is written: the same fields,
/// all required, nothing else allowed, and the same region and feel ids.
#[test]
fn schema_matches_what_is_written() {
    let schema = schema();
    let doc = parse(&to_json(&sample()));
    assert_eq!(schema["properties"]["format"]["const"], FORMAT);
    assert_eq!(schema["properties"]["version"]["const"], VERSION);
    assert_eq!(keys(&schema["properties"]), keys(&doc));
    for (def, list, fields) in [
        ("checkin", "checkins", &CHECKIN_FIELDS[..]),
        ("session", "sessions", &SESSION_FIELDS[..]),
        ("questionnaire", "questionnaires", &QUESTIONNAIRE_FIELDS[..]),
    ] {
        let d = &schema["$defs"][def];
        assert_eq!(keys(&d["properties"]), sorted(fields), "{def}");
        assert_eq!(keys(&doc[list][0]), sorted(fields), "{def}");
        assert_eq!(d["additionalProperties"], false, "{def}");
        assert_eq!(
            schema["properties"][list]["items"]["$ref"],
            format!("#/$defs/{def}")
        );
    }
    let regions: Vec<String> = backcalm_core::Region::all()
        .iter()
        .map(|r| r.to_string())
        .collect();
    let in_schema: Vec<String> = schema["$defs"]["region"]["enum"]
        .as_array()
        .expect("region enum")
        .iter()
        .map(|v| v.as_str().expect("text").to_string())
        .collect();
    assert_eq!(in_schema, regions);
    let feels: Vec<&str> = backcalm_core::journal::Feel::ALL
        .iter()
        .map(|f| f.id())
        .collect();
    assert_eq!(schema["$defs"]["feel"]["enum"], json!(feels));
}

/// Kathmandu kept local mean time (+05:41:16) until 1920; RFC 3339 offsets are
/// whole minutes, so such an instant is written in UTC rather than moved.
#[test]
fn an_offset_with_seconds_is_written_in_utc_so_the_instant_is_kept() {
    let mut export = sample();
    export.checkins = vec![export_fixture::checkin(
        backcalm_core::journal::CheckInDraft {
            id: Some("00000000-0000-4000-8000-000000000099".into()),
            recorded_at: Some("1919-12-31T18:18:43.5Z".into()),
            tz: Some("Asia/Kathmandu".into()),
            pain: Some(2),
            ..Default::default()
        },
    )];
    let doc = parse(&to_json(&export));
    assert_eq!(doc["checkins"][0]["recorded_at"], "1919-12-31T18:18:43.5Z");
    let report = from_json(&doc.to_string()).expect("export");
    assert_eq!(report.checkins, export.checkins);
}

#[test]
fn an_export_from_before_the_flare_field_still_imports() {
    let mut doc = parse(&to_json(&sample()));
    for c in doc["checkins"].as_array_mut().expect("check-ins") {
        c.as_object_mut().expect("object").remove("flare");
    }
    let report = from_json(&doc.to_string()).expect("imports");
    assert_eq!(report.rejected, vec![]);
    assert_eq!(report.checkins.len(), 2);
    assert!(
        report.checkins.iter().all(|c| !c.flare),
        "no field: not a flare"
    );
    doc["checkins"][0]["flare"] = json!("yes");
    let report = from_json(&doc.to_string()).expect("reads");
    assert_eq!(report.rejected.len(), 1);
    assert!(
        report.rejected[0].reason.starts_with("flare:"),
        "{:?}",
        report.rejected
    );
}
