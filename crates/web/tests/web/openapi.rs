//! `GET /api/v1/openapi.json` documents exactly the API the router serves:
//! every `/api/` route in the code (read by `route_scan`) is in the document
//! with the same methods, every documented operation reaches a handler (not
//! the router's 404 or 405 fallback), and the schemas written for core's
//! types have the fields the API really sends and accepts.

use crate::common::{app, request, App, Reply};
use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use backcalm_core::{CheckInDraft, SessionDraft};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

async fn document(app: &App) -> Value {
    let r = app.get("/api/v1/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header(header::CONTENT_TYPE), "application/json");
    r.json()
}

const OPERATIONS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

/// (path, METHOD) of every documented operation.
fn documented(doc: &Value) -> BTreeMap<String, BTreeSet<String>> {
    let paths = doc["paths"].as_object().expect("paths");
    paths
        .iter()
        .map(|(p, item)| {
            let methods = OPERATIONS
                .iter()
                .filter(|m| item.get(**m).is_some())
                .map(|m| m.to_ascii_uppercase())
                .collect();
            (p.clone(), methods)
        })
        .collect()
}

/// (path, METHOD) of every `/api/` route in the code.
fn served() -> BTreeMap<String, BTreeSet<String>> {
    let (routes, problems) = crate::route_scan::routes();
    assert!(
        problems.is_empty(),
        "routes the test cannot read:\n{}",
        problems.join("\n")
    );
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in routes.into_iter().filter(|r| r.path.starts_with("/api/")) {
        out.entry(r.path).or_default().extend(r.methods);
    }
    out
}

#[tokio::test]
async fn every_served_api_route_is_documented_and_nothing_else() {
    let app = app().await;
    let doc = document(&app).await;
    assert!(doc["openapi"].as_str().unwrap_or("").starts_with("3.1"));
    let (served, documented) = (served(), documented(&doc));
    assert!(served.len() >= 8, "the scan found the API: {served:?}");
    let missing: Vec<String> = served
        .iter()
        .flat_map(|(p, ms)| ms.iter().map(move |m| (p, m)))
        .filter(|(p, m)| !documented.get(*p).is_some_and(|d| d.contains(*m)))
        .map(|(p, m)| format!("{m} {p}"))
        .collect();
    assert!(
        missing.is_empty(),
        "served but not in the OpenAPI document (annotate the handler with #[utoipa::path] and list it in openapi.rs): {missing:?}"
    );
    let extra: Vec<String> = documented
        .iter()
        .flat_map(|(p, ms)| ms.iter().map(move |m| (p, m)))
        .filter(|(p, m)| !served.get(*p).is_some_and(|s| s.contains(*m)))
        .map(|(p, m)| format!("{m} {p}"))
        .collect();
    assert!(extra.is_empty(), "documented but not served: {extra:?}");
}

/// A value for a path parameter that reaches the handler.
fn sample(path: &str, param: &str) -> String {
    if path.starts_with("/api/v1/practices/") && param == "id" {
        // A short practice, so the audio route renders quickly.
        "natural-breath".into()
    } else if param == "id" {
        "00000000-0000-0000-0000-000000000001".into()
    } else {
        "sample".into()
    }
}

/// Whether the answer is the router's own "no such route" or "wrong method".
fn is_fallback(r: &Reply) -> bool {
    r.status == StatusCode::METHOD_NOT_ALLOWED
        || (r.status == StatusCode::NOT_FOUND && r.body.contains("there is no API route"))
}

async fn send(app: &App, method: &str, uri: &str) -> Reply {
    let method = Method::from_bytes(method.as_bytes()).expect("method");
    let mut req = request(method, uri);
    if uri.contains("/audio") {
        // Only the headers matter here; one byte keeps the answer small.
        req = req.header(header::RANGE, "bytes=0-0");
    }
    app.send(
        req.header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{}"))
            .expect("request"),
    )
    .await
}

#[tokio::test]
async fn every_documented_operation_reaches_a_handler_and_no_other_method_does() {
    let app = app().await;
    let doc = document(&app).await;
    for (path, methods) in documented(&doc) {
        let uri = crate::route_scan::concrete(&path, |p| sample(&path, p));
        for m in OPERATIONS.map(str::to_ascii_uppercase) {
            let r = send(&app, &m, &uri).await;
            if methods.contains(&m) {
                assert!(
                    !is_fallback(&r),
                    "{m} {uri} is documented but the router has no such route: {} {}",
                    r.status,
                    r.body
                );
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{m} {uri} is served but not documented"
                );
            }
        }
    }
}

#[tokio::test]
async fn every_operation_declares_its_path_parameters_and_problem_answers() {
    let app = app().await;
    let doc = document(&app).await;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let in_path: BTreeSet<String> = path
            .split('{')
            .skip(1)
            .filter_map(|s| {
                s.split_once('}')
                    .map(|(n, _)| n.trim_start_matches('*').to_string())
            })
            .collect();
        for m in OPERATIONS {
            let Some(op) = item.get(m) else { continue };
            let id = op["operationId"].as_str().unwrap_or("?");
            let declared: BTreeSet<String> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path")
                .filter_map(|p| p["name"].as_str().map(str::to_string))
                .collect();
            assert_eq!(declared, in_path, "{id}: path parameters");
            let responses = op["responses"].as_object().expect("responses");
            assert!(
                responses
                    .keys()
                    .any(|k| k.starts_with('2') || k.starts_with('3')),
                "{id}: a success answer"
            );
            for (code, res) in responses {
                if code.starts_with('4') || code.starts_with('5') {
                    assert_eq!(
                        res["content"]["application/problem+json"]["schema"]["$ref"],
                        "#/components/schemas/Problem",
                        "{id} {code}: a problem body"
                    );
                }
            }
            for code in ["403", "500"] {
                assert!(responses.contains_key(code), "{id} {code}");
            }
        }
    }
}

/// The property names of a component schema, with those of the schemas it
/// is `allOf` (a flattened record).
fn properties(doc: &Value, name: &str) -> BTreeSet<String> {
    let s = &doc["components"]["schemas"][name];
    let mut out = BTreeSet::new();
    collect_properties(doc, s, &mut out);
    assert!(!out.is_empty(), "{name} has properties: {s}");
    out
}

fn collect_properties(doc: &Value, s: &Value, out: &mut BTreeSet<String>) {
    if let Some(r) = s["$ref"].as_str() {
        let name = r.trim_start_matches("#/components/schemas/");
        return collect_properties(doc, &doc["components"]["schemas"][name], out);
    }
    if let Some(props) = s["properties"].as_object() {
        out.extend(props.keys().cloned());
    }
    for part in s["allOf"].as_array().into_iter().flatten() {
        collect_properties(doc, part, out);
    }
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().expect("an object").keys().cloned().collect()
}

#[tokio::test]
async fn the_draft_schemas_have_exactly_the_fields_core_accepts() {
    let app = app().await;
    let doc = document(&app).await;
    // Drafts serialize every field (absent ones as null), and refuse unknown ones.
    let checkin = serde_json::to_value(CheckInDraft::default()).expect("json");
    assert_eq!(properties(&doc, "CheckInDraft"), keys(&checkin));
    let session = serde_json::to_value(SessionDraft::default()).expect("json");
    assert_eq!(properties(&doc, "SessionDraft"), keys(&session));
    assert_eq!(
        doc["components"]["schemas"]["CheckInDraft"]["required"],
        serde_json::json!(["pain"])
    );
}

#[tokio::test]
async fn the_record_schemas_have_exactly_the_fields_the_api_sends() {
    let app = app().await;
    let doc = document(&app).await;
    let c = app
        .post(
            "/api/v1/checkins",
            r#"{"pain":4,"stress":3,"sleep":6,"feel":["sharp"],"where":["lower-back-left"],"activity":"walk","note":"ok"}"#,
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{}", c.body);
    // A create answers the check-in and its `support`; a read, the check-in alone.
    assert_eq!(properties(&doc, "CheckInWritten"), keys(&c.json()));
    let id = c.json()["id"].as_str().expect("id").to_string();
    let read = app.get(&format!("/api/v1/checkins/{id}")).await;
    assert_eq!(properties(&doc, "CheckIn"), keys(&read.json()));
    let mut support = app
        .post("/api/v1/checkins", r#"{"pain":10,"stress":10}"#)
        .await
        .json()["support"]
        .take();
    assert_eq!(properties(&doc, "Support"), keys(&support));
    let line = support["numbers"]["lines"][0].take();
    assert_eq!(properties(&doc, "CrisisLine"), keys(&line));
    let s = app
        .post(
            "/api/v1/sessions",
            r#"{"practice":"body-scan","minutes":10,"pain_before":5,"pain_after":3,"regions":["neck"],"note":"calm"}"#,
        )
        .await;
    assert_eq!(s.status, StatusCode::CREATED, "{}", s.body);
    assert_eq!(properties(&doc, "Session"), keys(&s.json()));
    let problem = app.post("/api/v1/checkins", r#"{"pain":11}"#).await;
    assert_eq!(properties(&doc, "Problem"), keys(&problem.json()));
}

#[tokio::test]
async fn the_practice_schemas_have_exactly_the_fields_the_api_sends() {
    let app = app().await;
    let doc = document(&app).await;
    let list = app.get("/api/v1/practices").await.json();
    let mut seen = BTreeSet::new();
    for entry in list.as_array().expect("array") {
        seen.extend(keys(entry));
    }
    assert_eq!(properties(&doc, "PracticeSummary"), seen);
    let required: BTreeSet<String> = doc["components"]["schemas"]["PracticeSummary"]["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    for entry in list.as_array().expect("array") {
        assert!(required.is_subset(&keys(entry)), "{entry}");
    }

    let paced = app
        .get("/api/v1/practices/paced-breathing?minutes=3")
        .await
        .json();
    assert_eq!(properties(&doc, "Timeline"), keys(&paced));
    assert_eq!(properties(&doc, "StepSpan"), keys(&paced["steps"][0]));
    assert_eq!(properties(&doc, "Pace"), keys(&paced["pace"]));
    // Each kind of cue has the fields of its variant.
    let variants = doc["components"]["schemas"]["Cue"]["oneOf"]
        .as_array()
        .expect("oneOf");
    let mut kinds_seen = BTreeSet::new();
    for timeline in [
        paced,
        app.get("/api/v1/practices/meditation-timer?minutes=2")
            .await
            .json(),
    ] {
        for cue in timeline["cues"].as_array().expect("cues") {
            let kind = cue["kind"].as_str().expect("kind");
            let variant = variants
                .iter()
                .find(|v| v["properties"]["kind"]["enum"][0] == kind)
                .unwrap_or_else(|| panic!("no Cue variant for {kind}"));
            assert_eq!(keys(&variant["properties"]), keys(cue), "{kind}");
            kinds_seen.insert(kind.to_string());
        }
    }
    assert_eq!(
        kinds_seen.len(),
        variants.len(),
        "every variant seen: {kinds_seen:?}"
    );
}

#[tokio::test]
async fn the_id_lists_come_from_core() {
    let app = app().await;
    let doc = document(&app).await;
    let ids = |name: &str| -> Vec<String> {
        doc["components"]["schemas"][name]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{name} is an enum"))
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    let kinds: Vec<String> = backcalm_core::Kind::ALL
        .iter()
        .map(|k| k.id().to_string())
        .collect();
    assert_eq!(ids("Kind"), kinds);
    assert!(ids("Feel").contains(&"dull-ache".to_string()));
    assert!(ids("Region").contains(&"lower-back-left".to_string()));
    assert_eq!(ids("Phase"), ["in", "hold-in", "out", "hold-out"]);
}

#[tokio::test]
async fn another_site_cannot_read_the_document() {
    let app = app().await;
    let r = app
        .send(
            request(Method::GET, "/api/v1/openapi.json")
                .header(header::ORIGIN, "https://evil.example")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_journal_lists_are_summed_up_in_words() {
    let doc = document(&app().await).await;
    let summary = |path: &str| doc["paths"][path]["get"]["summary"].clone();
    assert_eq!(
        summary("/api/v1/checkins"),
        "Check-ins, oldest first, optionally only some days"
    );
    assert_eq!(
        summary("/api/v1/sessions"),
        "Sessions, oldest first, optionally only some days"
    );
}
