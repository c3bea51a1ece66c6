//! FHIR R4 export: a `collection` Bundle for a clinic's systems.
//!
//! The person is a pseudonymous Patient (no name, no birth date: only an
//! identifier the person or clinic chose). Each check-in becomes a pain
//! Observation (LOINC 72514-3) with its body-map regions and pain qualities
//! as components (and a self-reported flare-up as a `flare` component), plus stress and sleep Observations in backcalm's own code
//! system (CLINICAL.md: no LOINC code fits). Each questionnaire answer set
//! becomes a QuestionnaireResponse against backcalm's own Questionnaire
//! (included in the bundle) and a total-score Observation derived from it.
//!
//! Free text (notes, activity) is left out: it can name people and places, and
//! the Patient is pseudonymous. Sessions are not exported here; the JSON and
//! CSV exports carry them. Resource ids are name-based UUIDs derived from the
//! record ids, so exporting the same data twice gives the same ids.

use super::{instant_text, Export, QuestionnaireAnswer};
use crate::instrument::shipped_instruments;
use crate::instrument::{Instrument, Method};
use crate::journal::{CheckIn, Rating};
use jiff::Timestamp;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use uuid::Uuid;

/// The identifier system of the Patient's pseudonym.
pub const PSEUDONYM_SYSTEM: &str = "https://backcalm.example/pseudonym";
/// backcalm's code system for observations without a LOINC code.
pub const OBSERVATION_CODES: &str = "https://backcalm.example/fhir/CodeSystem/observation";
/// backcalm's code system for body-map regions (`lower-back-left`, …).
pub const BODY_REGIONS: &str = "https://backcalm.example/fhir/CodeSystem/body-region";
/// backcalm's code system for what pain feels like (`sharp`, …).
pub const PAIN_QUALITIES: &str = "https://backcalm.example/fhir/CodeSystem/pain-quality";
/// Canonical URLs of backcalm's Questionnaires are this plus the instrument id.
pub const QUESTIONNAIRE_BASE: &str = "https://backcalm.example/fhir/Questionnaire/";
/// LOINC's system URI.
pub const LOINC: &str = "http://loinc.org";
/// LOINC: pain severity 0-10 verbal numeric rating, reported.
pub const PAIN_LOINC: &str = "72514-3";
/// The display LOINC gives [`PAIN_LOINC`].
pub const PAIN_DISPLAY: &str = "Pain severity - 0-10 verbal numeric rating [Score] - Reported";

const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
const UCUM: &str = "http://unitsofmeasure.org";
const SECURITY_LABELS: &str = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

/// Namespace of the name-based resource ids (fixed forever: changing it changes every id).
const ID_NAMESPACE: Uuid = Uuid::from_u128(0xc029_f495_b231_4158_9fed_bad2_ff7a_5f8b);

/// LOINC displays for the codes the shipped instruments use, where we know the exact text.
fn loinc_display(code: &str) -> Option<&'static str> {
    match code {
        PAIN_LOINC => Some(PAIN_DISPLAY),
        "55758-7" => Some("Patient Health Questionnaire 2 item (PHQ-2) total score [Reported]"),
        _ => None,
    }
}

/// The canonical URL of backcalm's Questionnaire for an instrument.
pub fn questionnaire_url(instrument: &str) -> String {
    format!("{QUESTIONNAIRE_BASE}{instrument}")
}

fn urn(id: Uuid) -> String {
    format!("urn:uuid:{id}")
}

fn derived(base: &Uuid, what: &str) -> Uuid {
    Uuid::new_v5(base, what.as_bytes())
}

fn entry(id: Uuid, mut resource: Value) -> Value {
    resource["id"] = json!(id.to_string());
    json!({ "fullUrl": urn(id), "resource": resource })
}

/// Builds the Bundle. `patient_pseudonym` becomes the Patient's only
/// identifier (left out when blank); `generated` is the Bundle's timestamp.
pub fn to_fhir_bundle(export: &Export, patient_pseudonym: &str, generated: Timestamp) -> Value {
    let pseudonym = patient_pseudonym.trim();
    let patient_id = derived(&ID_NAMESPACE, &format!("patient/{pseudonym}"));
    let subject = json!({ "reference": urn(patient_id) });
    let mut entries = vec![entry(patient_id, patient(pseudonym))];

    // A broken shipped library only costs item texts and codes, never the export.
    let known = shipped_instruments().unwrap_or(&[]);
    let find = |id: &str| known.iter().find(|i| i.id == id);
    let used: BTreeSet<&str> = export
        .questionnaires
        .iter()
        .map(|q| q.instrument.as_str())
        .collect();
    for inst in used.into_iter().filter_map(find) {
        let id = derived(&ID_NAMESPACE, &format!("questionnaire/{}", inst.id));
        entries.push(entry(id, questionnaire(inst)));
    }
    for c in &export.checkins {
        entries.extend(checkin_observations(c, &subject));
    }
    for q in &export.questionnaires {
        let inst = find(&q.instrument);
        entries.push(entry(q.id, questionnaire_response(q, inst, &subject)));
        entries.push(entry(
            derived(&q.id, "score"),
            score_observation(q, inst, &subject),
        ));
    }
    json!({
        "resourceType": "Bundle",
        "id": derived(&ID_NAMESPACE, &format!("bundle/{pseudonym}/{generated}")).to_string(),
        "type": "collection",
        "timestamp": generated.to_string(),
        "entry": entries,
    })
}

fn patient(pseudonym: &str) -> Value {
    let mut p = json!({
        "resourceType": "Patient",
        "meta": { "security": [{
            "system": SECURITY_LABELS,
            "code": "PSEUDED",
            "display": "pseudonymized",
        }]},
    });
    // FHIR forbids empty strings, so a blank pseudonym is no identifier at all.
    if !pseudonym.is_empty() {
        p["identifier"] = json!([{ "system": PSEUDONYM_SYSTEM, "value": pseudonym }]);
    }
    p
}

fn survey() -> Value {
    json!([{ "coding": [{
        "system": OBSERVATION_CATEGORY,
        "code": "survey",
        "display": "Survey",
    }]}])
}

fn own_code(code: &str, display: &str) -> Value {
    json!({
        "coding": [{ "system": OBSERVATION_CODES, "code": code, "display": display }],
        "text": display,
    })
}

/// A final survey Observation of the person with one value.
fn observation(code: Value, subject: &Value, effective: String, value: (&str, Value)) -> Value {
    let mut o = json!({
        "resourceType": "Observation",
        "status": "final",
        "category": survey(),
        "code": code,
        "subject": subject,
        "effectiveDateTime": effective,
    });
    o[value.0] = value.1;
    o
}

fn rating_value(r: Rating) -> (&'static str, Value) {
    ("valueInteger", json!(r.get()))
}

fn checkin_observations(c: &CheckIn, subject: &Value) -> Vec<Value> {
    let at = instant_text(c.recorded_at, &c.tz);
    let pain_code = json!({
        "coding": [{ "system": LOINC, "code": PAIN_LOINC, "display": PAIN_DISPLAY }],
        "text": "Pain severity 0-10",
    });
    let mut pain = observation(pain_code, subject, at.clone(), rating_value(c.pain));
    let mut components: Vec<Value> = c
        .regions
        .iter()
        .map(|r| {
            let words = r.words();
            json!({
                "code": own_code("body-site", "body site"),
                "valueCodeableConcept": {
                    "coding": [{ "system": BODY_REGIONS, "code": r.to_string(), "display": words }],
                    "text": words,
                },
            })
        })
        .collect();
    components.extend(c.feel.iter().map(|f| {
        json!({
            "code": own_code("pain-quality", "pain quality"),
            "valueCodeableConcept": {
                "coding": [{ "system": PAIN_QUALITIES, "code": f.id(), "display": f.label() }],
                "text": f.label(),
            },
        })
    }));
    if c.flare {
        components.push(json!({
            "code": own_code("flare", "Flare-up (self-reported)"),
            "valueBoolean": true,
        }));
    }
    // FHIR forbids empty lists.
    if !components.is_empty() {
        pain["component"] = json!(components);
    }
    let mut out = vec![entry(derived(&c.id, "pain"), pain)];
    if let Some(s) = c.stress {
        let code = own_code("stress", "Stress 0-10 (self-rated)");
        out.push(entry(
            derived(&c.id, "stress"),
            observation(code, subject, at.clone(), rating_value(s)),
        ));
    }
    if let Some(s) = c.sleep {
        let code = own_code(
            "sleep-quality",
            "Sleep quality last night 0-10 (self-rated)",
        );
        out.push(entry(
            derived(&c.id, "sleep"),
            observation(code, subject, at, rating_value(s)),
        ));
    }
    out
}

/// A FHIR `name` (a machine identifier): `peg-3` → `Peg3`.
fn machine_name(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn questionnaire(inst: &Instrument) -> Value {
    let items: Vec<Value> = inst
        .items
        .iter()
        .map(|item| {
            let mut v = json!({
                "linkId": item.id,
                "text": item.text,
                "type": "integer",
                "required": true,
            });
            if let Some(scale) = inst.scale_of(item) {
                v["extension"] = json!([
                    { "url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": scale.min },
                    { "url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": scale.max },
                ]);
            }
            if let Some(code) = &item.loinc {
                v["code"] = json!([{ "system": LOINC, "code": code }]);
            }
            v
        })
        .collect();
    let mut q = json!({
        "resourceType": "Questionnaire",
        "url": questionnaire_url(&inst.id),
        "name": machine_name(&inst.id),
        "title": inst.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": inst.intro,
        "copyright": format!("{}. {}", inst.citation, inst.licence.text),
        "item": items,
    });
    if let Some(code) = &inst.loinc {
        q["code"] = json!([{ "system": LOINC, "code": code }]);
    }
    q
}

fn questionnaire_response(
    q: &QuestionnaireAnswer,
    inst: Option<&Instrument>,
    subject: &Value,
) -> Value {
    // The instrument's order and wording where it is known; any other answer after.
    let mut items: Vec<Value> = Vec::new();
    let mut listed: BTreeSet<&str> = BTreeSet::new();
    for item in inst.map(|i| i.items.as_slice()).unwrap_or(&[]) {
        if let Some(v) = q.answers.get(&item.id) {
            listed.insert(&item.id);
            items.push(json!({
                "linkId": item.id,
                "text": item.text,
                "answer": [{ "valueInteger": v }],
            }));
        }
    }
    for (id, v) in &q.answers {
        if !listed.contains(id.as_str()) {
            items.push(json!({ "linkId": id, "answer": [{ "valueInteger": v }] }));
        }
    }
    let mut r = json!({
        "resourceType": "QuestionnaireResponse",
        "questionnaire": questionnaire_url(&q.instrument),
        "status": "completed",
        "subject": subject,
        "authored": q.answered_at_rfc3339(),
    });
    if !items.is_empty() {
        r["item"] = json!(items);
    }
    r
}

fn score_observation(q: &QuestionnaireAnswer, inst: Option<&Instrument>, subject: &Value) -> Value {
    // "PEG-3 score" (a mean), "PHQ-2 total score" (a sum).
    let what = match inst.map(|i| i.scoring.method) {
        Some(Method::Sum) => "total score",
        _ => "score",
    };
    let text = format!("{} {what}", q.instrument.to_uppercase());
    let code = match inst.and_then(|i| i.scoring.loinc.as_deref()) {
        Some(loinc) => {
            let mut coding = json!({ "system": LOINC, "code": loinc });
            if let Some(display) = loinc_display(loinc) {
                coding["display"] = json!(display);
            }
            json!({ "coding": [coding], "text": text })
        }
        None => own_code(&format!("{}-score", q.instrument), &text),
    };
    // A sum is a whole number; a mean (PEG-3) keeps its fraction.
    let value = match inst.map(|i| i.scoring.method) {
        Some(Method::Sum) if q.score.fract() == 0.0 => ("valueInteger", json!(q.score as i64)),
        _ => (
            "valueQuantity",
            json!({ "value": q.score, "unit": "score", "system": UCUM, "code": "{score}" }),
        ),
    };
    let mut o = observation(code, subject, q.answered_at_rfc3339(), value);
    o["derivedFrom"] = json!([{ "reference": urn(q.id) }]);
    o
}
