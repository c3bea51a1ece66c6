//! The FHIR R4 export, checked value by value here and as a whole by an
//! independent validator: tests/reference/fhir/validate_bundle.py, which
//! parses every resource strictly with the `fhir.resources` Python package.

mod export_fixture;

use backcalm_core::export::fhir::{to_fhir_bundle, PAIN_DISPLAY, PSEUDONYM_SYSTEM};
use backcalm_core::export::Export;
use export_fixture::sample;
use jiff::Timestamp;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;

fn generated() -> Timestamp {
    "2026-04-01T08:00:00Z".parse().expect("valid instant")
}

fn bundle() -> Value {
    to_fhir_bundle(&sample(), "patient-7f3a", generated())
}

/// Runs the Python validator on `bundle`; returns its exit code and output.
fn validate(bundle: &Value) -> (i32, String) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("tests/reference/fhir/validate_bundle.py");
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    std::io::Write::write_all(&mut file, bundle.to_string().as_bytes()).expect("write bundle");
    let out = Command::new("python3")
        .arg(&script)
        .arg(file.path())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run python3 ({e}); install Python 3 and then `pip install fhir.resources`"
            )
        });
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let code = out.status.code().unwrap_or(-1);
    assert_ne!(
        code, 2,
        "the FHIR validator cannot run: {text}\nInstall it with `pip install fhir.resources`"
    );
    (code, text)
}

/// The entries whose resource has this type.
fn resources<'a>(b: &'a Value, kind: &str) -> Vec<&'a Value> {
    b["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

fn entry_url_of<'a>(b: &'a Value, resource: &Value) -> &'a str {
    b["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["resource"] == *resource)
        .and_then(|e| e["fullUrl"].as_str())
        .expect("entry with fullUrl")
}

#[test]
fn the_independent_validator_accepts_the_bundle() {
    let (code, text) = validate(&bundle());
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("Observation 6") && text.contains("QuestionnaireResponse 2"),
        "{text}"
    );
}

#[test]
fn the_validator_rejects_a_broken_bundle() {
    let mut b = bundle();
    // A string where FHIR wants an integer, and a reference to nothing.
    b["entry"][3]["resource"]["valueInteger"] = json!("six");
    b["entry"][4]["resource"]["subject"]["reference"] =
        json!("urn:uuid:00000000-0000-4000-8000-0000000000ff");
    let (code, text) = validate(&b);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("valueInteger"), "{text}");
    assert!(text.contains("does not resolve"), "{text}");
}

#[test]
fn an_empty_journal_is_still_a_valid_bundle() {
    let empty = Export {
        exported_at: generated(),
        checkins: vec![],
        sessions: vec![],
        questionnaires: vec![],
    };
    let b = to_fhir_bundle(&empty, "  ", generated());
    assert_eq!(resources(&b, "Patient").len(), 1);
    assert_eq!(b["entry"].as_array().map(Vec::len), Some(1));
    assert!(resources(&b, "Patient")[0].get("identifier").is_none());
    let (code, text) = validate(&b);
    assert_eq!(code, 0, "{text}");
}

#[test]
fn patient_is_pseudonymous() {
    let b = bundle();
    assert_eq!(b["resourceType"], "Bundle");
    assert_eq!(b["type"], "collection");
    assert_eq!(b["timestamp"], "2026-04-01T08:00:00Z");
    let p = resources(&b, "Patient");
    assert_eq!(p.len(), 1);
    assert_eq!(
        p[0]["identifier"],
        json!([{ "system": PSEUDONYM_SYSTEM, "value": "patient-7f3a" }])
    );
    assert_eq!(PSEUDONYM_SYSTEM, "https://backcalm.example/pseudonym");
    for absent in ["name", "birthDate", "gender", "address", "telecom"] {
        assert!(p[0].get(absent).is_none(), "{absent}");
    }
    assert_eq!(p[0]["meta"]["security"][0]["code"], "PSEUDED");
}

#[test]
fn a_check_in_becomes_a_loinc_pain_observation_with_body_sites() {
    let b = bundle();
    let patient = entry_url_of(&b, resources(&b, "Patient")[0]).to_string();
    let pains: Vec<&Value> = resources(&b, "Observation")
        .into_iter()
        .filter(|o| o["code"]["coding"][0]["code"] == "72514-3")
        .collect();
    assert_eq!(pains.len(), 2);
    let o = pains[0];
    assert_eq!(o["status"], "final");
    assert_eq!(
        o["category"][0]["coding"][0],
        json!({
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        })
    );
    assert_eq!(o["code"]["coding"][0]["system"], "http://loinc.org");
    assert_eq!(o["code"]["coding"][0]["display"], PAIN_DISPLAY);
    assert_eq!(
        PAIN_DISPLAY,
        "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
    );
    assert_eq!(o["subject"]["reference"], patient.as_str());
    assert_eq!(o["effectiveDateTime"], "2026-03-29T14:00:00.123456+02:00");
    assert_eq!(o["valueInteger"], 6);
    let sites: Vec<(&str, &str)> = o["component"]
        .as_array()
        .expect("components")
        .iter()
        .filter(|c| c["code"]["text"] == "body site")
        .map(|c| {
            (
                c["valueCodeableConcept"]["coding"][0]["code"]
                    .as_str()
                    .expect("code"),
                c["valueCodeableConcept"]["text"].as_str().expect("text"),
            )
        })
        .collect();
    assert_eq!(
        sites,
        [
            ("lower-back-left", "left side of the lower back"),
            ("calf-left", "left side of the calves"),
        ]
    );
    // The check-in without regions or feelings has no component list at all.
    assert_eq!(pains[1]["valueInteger"], 0);
    assert_eq!(pains[1]["effectiveDateTime"], "2026-03-28T23:30:00-07:00");
    assert!(pains[1].get("component").is_none());
    // Notes stay out of a pseudonymous bundle.
    assert!(!b.to_string().contains("gardening"));
}

#[test]
fn stress_and_sleep_use_the_project_code_system() {
    let b = bundle();
    let own: Vec<(&str, i64)> = resources(&b, "Observation")
        .into_iter()
        .filter(|o| {
            o["code"]["coding"][0]["system"]
                == "https://backcalm.example/fhir/CodeSystem/observation"
        })
        .map(|o| {
            (
                o["code"]["coding"][0]["code"].as_str().expect("code"),
                o["valueInteger"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert_eq!(
        own,
        [("stress", 4), ("sleep-quality", 3), ("peg-3-score", -1)]
    );
}

#[test]
fn questionnaires_become_responses_with_derived_totals() {
    let b = bundle();
    let responses = resources(&b, "QuestionnaireResponse");
    assert_eq!(responses.len(), 2);
    let peg = responses[0];
    assert_eq!(peg["status"], "completed");
    assert_eq!(
        peg["questionnaire"],
        "https://backcalm.example/fhir/Questionnaire/peg-3"
    );
    assert_eq!(peg["authored"], "2026-03-29T20:00:00+02:00");
    let items: Vec<(&str, i64)> = peg["item"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["linkId"].as_str().expect("linkId"),
                i["answer"][0]["valueInteger"].as_i64().expect("answer"),
            )
        })
        .collect();
    assert_eq!(items, [("pain", 5), ("enjoyment", 4), ("activity", 2)]);
    let peg_url = entry_url_of(&b, peg).to_string();
    let phq_url = entry_url_of(&b, responses[1]).to_string();
    assert_eq!(phq_url, "urn:uuid:00000000-0000-4000-8000-000000000022");

    let observations = resources(&b, "Observation");
    let derived_from = |url: &str| -> &Value {
        observations
            .iter()
            .find(|o| o["derivedFrom"][0]["reference"] == url)
            .copied()
            .unwrap_or_else(|| panic!("no total derived from {url}"))
    };
    let peg_total = derived_from(&peg_url);
    assert_eq!(peg_total["valueQuantity"]["value"], 11.0 / 3.0);
    assert_eq!(peg_total["valueQuantity"]["code"], "{score}");
    assert_eq!(peg_total["code"]["coding"][0]["code"], "peg-3-score");
    assert_eq!(peg_total["code"]["text"], "PEG-3 score");
    let phq_total = derived_from(&phq_url);
    assert_eq!(
        phq_total["code"]["coding"][0],
        json!({
            "system": "http://loinc.org",
            "code": "55758-7",
            "display": "Patient Health Questionnaire 2 item (PHQ-2) total score [Reported]",
        })
    );
    assert_eq!(phq_total["valueInteger"], 3);
    assert_eq!(phq_total["code"]["text"], "PHQ-2 total score");
    assert_eq!(phq_total["effectiveDateTime"], "2026-03-29T20:05:00+02:00");

    let questionnaires = resources(&b, "Questionnaire");
    let urls: Vec<&str> = questionnaires
        .iter()
        .map(|q| q["url"].as_str().expect("url"))
        .collect();
    assert_eq!(
        urls,
        [
            "https://backcalm.example/fhir/Questionnaire/peg-3",
            "https://backcalm.example/fhir/Questionnaire/phq-2",
        ]
    );
    assert_eq!(questionnaires[1]["code"][0]["code"], "55757-9");
    assert_eq!(questionnaires[1]["item"][0]["code"][0]["code"], "44250-9");
}

#[test]
fn the_same_data_gives_the_same_ids() {
    let a = bundle();
    let b = bundle();
    assert_eq!(a, b);
    let other = to_fhir_bundle(&sample(), "someone-else", generated());
    assert_ne!(
        a["entry"][0]["fullUrl"], other["entry"][0]["fullUrl"],
        "the Patient id follows the pseudonym"
    );
    assert_eq!(a["entry"][3]["fullUrl"], other["entry"][3]["fullUrl"]);
}
