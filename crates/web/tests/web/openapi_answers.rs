//! The OpenAPI document against what the API really sends and accepts:
//! every answer has a typed schema and fits it with no field left out or
//! undocumented, request bodies are closed to unknown fields, and each rule
//! the document and the server once disagreed on now holds on both sides.

use crate::common::{app, App};
use axum::http::StatusCode;
use serde_json::{json, Value};

async fn document(app: &App) -> Value {
    app.get("/api/v1/openapi.json").await.json()
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => {
            let name = r.trim_start_matches("#/components/schemas/");
            resolve(doc, &doc["components"]["schemas"][name])
        }
        None => schema,
    }
}

fn type_fits(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => false,
    }
}

/// Where `v` does not fit `schema`, strictly: an object may hold only the
/// properties its schema names, unless the schema gives `additionalProperties`.
fn misfits(doc: &Value, schema: &Value, v: &Value, at: &str) -> Vec<String> {
    let s = resolve(doc, schema);
    if let Some(options) = s["oneOf"].as_array() {
        return if options.iter().any(|o| misfits(doc, o, v, at).is_empty()) {
            vec![]
        } else {
            vec![format!("{at}: fits no oneOf option: {v}")]
        };
    }
    let mut out = Vec::new();
    let types: Vec<&str> = match &s["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if !types.is_empty() && !types.iter().any(|t| type_fits(t, v)) {
        return vec![format!("{at}: {v} is not {types:?}")];
    }
    if let Some(choices) = s["enum"].as_array() {
        if !choices.contains(v) {
            out.push(format!("{at}: {v} is not one of {choices:?}"));
        }
    }
    match v {
        Value::Object(fields) => {
            let props = s["properties"].as_object();
            for (k, fv) in fields {
                match props.and_then(|p| p.get(k)) {
                    Some(ps) => out.extend(misfits(doc, ps, fv, &format!("{at}.{k}"))),
                    None if s["additionalProperties"].is_object() => out.extend(misfits(
                        doc,
                        &s["additionalProperties"],
                        fv,
                        &format!("{at}.{k}"),
                    )),
                    None if s.get("additionalProperties").is_some() => {}
                    None if props.is_some() => out.push(format!("{at}.{k} is not documented")),
                    None => {}
                }
            }
            for r in s["required"].as_array().into_iter().flatten() {
                if let Some(r) = r.as_str() {
                    if !fields.contains_key(r) {
                        out.push(format!("{at}.{r} is required but absent"));
                    }
                }
            }
        }
        Value::Array(items) if s.get("items").is_some() => {
            for (n, item) in items.iter().enumerate() {
                out.extend(misfits(doc, &s["items"], item, &format!("{at}[{n}]")));
            }
        }
        _ => {}
    }
    out
}

/// The schema of `method path`'s answer with `status`.
fn answer_schema<'a>(doc: &'a Value, path: &str, method: &str, status: &str) -> &'a Value {
    let content = &doc["paths"][path][method]["responses"][status]["content"];
    let (_, c) = content
        .as_object()
        .and_then(|m| m.iter().next())
        .unwrap_or_else(|| panic!("{method} {path} {status} has no content"));
    &c["schema"]
}

#[tokio::test]
async fn every_json_answer_has_a_typed_schema() {
    let app = app().await;
    let doc = document(&app).await;
    let mut untyped = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            for (status, res) in op["responses"].as_object().into_iter().flatten() {
                for (ctype, c) in res["content"].as_object().into_iter().flatten() {
                    let s = resolve(&doc, &c["schema"]);
                    let typed = s.get("type").is_some()
                        || s.get("oneOf").is_some()
                        || s["allOf"].as_array().is_some_and(|parts| {
                            parts.iter().all(|p| {
                                let p = resolve(&doc, p);
                                p.get("type").is_some() || p.get("oneOf").is_some()
                            })
                        });
                    if ctype.contains("json") && !typed {
                        untyped.push(format!("{method} {path} {status}: {s}"));
                    }
                }
            }
        }
    }
    assert!(untyped.is_empty(), "untyped answers: {untyped:#?}");
}

#[tokio::test]
async fn every_answer_fits_its_schema_exactly() {
    let app = app().await;
    crate::care_seed::seed_checkins(&app).await;
    crate::care_seed::seed_sessions(&app).await;
    let doc = document(&app).await;
    let questions = app.get("/api/v1/screen").await.json();
    let all_no: serde_json::Map<String, Value> = questions["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| (q["id"].as_str().expect("id").to_string(), json!(false)))
        .collect();
    let screen = app
        .post("/api/v1/screen", &json!({ "answers": all_no }).to_string())
        .await;
    let answer = app
        .post(
            "/api/v1/instruments/peg-3/answers",
            r#"{"answers": {"pain": 5, "enjoyment": 4, "activity": 6}}"#,
        )
        .await;
    let reminder = app.post("/api/v1/reminders", r#"{"time": "08:30"}"#).await;
    let mut checked = vec![
        ("/api/v1/instruments/{id}/answers", "post", answer),
        ("/api/v1/reminders", "post", reminder),
        ("/api/v1/screen", "post", screen),
    ];
    for (template, uri) in [
        ("/api/v1/screen", "/api/v1/screen"),
        ("/api/v1/screens", "/api/v1/screens"),
        ("/api/v1/lessons", "/api/v1/lessons"),
        ("/api/v1/reminders", "/api/v1/reminders"),
        ("/api/v1/settings", "/api/v1/settings"),
        ("/api/v1/insights", "/api/v1/insights"),
        ("/api/v1/program", "/api/v1/program"),
        ("/api/v1/instruments", "/api/v1/instruments"),
        ("/api/v1/instruments/{id}", "/api/v1/instruments/phq-2"),
        ("/api/v1/answers", "/api/v1/answers"),
        ("/api/v1/checkins", "/api/v1/checkins"),
        ("/api/v1/sessions", "/api/v1/sessions"),
        ("/api/v1/practices", "/api/v1/practices"),
        ("/api/v1/export/fhir", "/api/v1/export/fhir"),
        ("/api/v1/export/json", "/api/v1/export/json"),
    ] {
        let r = app.get(uri).await;
        checked.push((template, "get", r));
    }
    let lessons = app.get("/api/v1/lessons").await.json();
    let first = lessons[0]["id"].as_str().expect("a lesson").to_string();
    checked.push((
        "/api/v1/lessons/{id}",
        "get",
        app.get(&format!("/api/v1/lessons/{first}")).await,
    ));
    let mut wrong = Vec::new();
    for (path, method, r) in &checked {
        let status = r.status.as_u16().to_string();
        assert!(
            r.status.is_success(),
            "{method} {path}: {} {}",
            r.status,
            r.body
        );
        let schema = answer_schema(&doc, path, method, &status);
        wrong.extend(misfits(
            &doc,
            schema,
            &r.json(),
            &format!("{method} {path}"),
        ));
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(checked.len() >= 19);
}

#[tokio::test]
async fn request_bodies_refuse_unknown_fields_in_the_document_and_the_server() {
    let app = app().await;
    let doc = document(&app).await;
    for name in [
        "CheckInDraft",
        "SessionDraft",
        "Settings",
        "ScreenDraft",
        "AnswerDraft",
        "ReminderDraft",
    ] {
        assert_eq!(
            doc["components"]["schemas"][name]["additionalProperties"],
            json!(false),
            "{name}"
        );
    }
    let crisis = &doc["components"]["schemas"]["Settings"]["properties"]["crisis"];
    assert_eq!(crisis["additionalProperties"], json!(false));
    assert_eq!(
        crisis["properties"]["lines"]["items"]["additionalProperties"],
        json!(false)
    );
    for (uri, body) in [
        ("/api/v1/checkins", r#"{"pain": 2, "mood": 3}"#),
        (
            "/api/v1/sessions",
            r#"{"practice": "body-scan", "minutes": 5, "x": 1}"#,
        ),
    ] {
        let r = app.post(uri, body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}: {}", r.body);
    }
    let r = app
        .json(
            axum::http::Method::PUT,
            "/api/v1/settings",
            r#"{"crisis": {"lines": [], "x": 1}}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
}

#[tokio::test]
async fn the_rules_the_document_and_server_disagreed_on_now_agree() {
    let app = app().await;
    let doc = document(&app).await;
    // `feel: null` is declared nullable and means none.
    let feel = &doc["components"]["schemas"]["CheckInDraft"]["properties"]["feel"]["type"];
    assert!(
        feel.as_array().is_some_and(|t| t.contains(&json!("null"))),
        "{feel}"
    );
    let r = app
        .post(
            "/api/v1/checkins",
            r#"{"pain": 2, "feel": null, "where": null}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["feel"], json!([]));
    // 5.0 is an integer in JSON Schema, and here.
    let r = app
        .post("/api/v1/checkins", r#"{"pain": 5.0, "stress": 1e1}"#)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(
        (r.json()["pain"].clone(), r.json()["stress"].clone()),
        (json!(5), json!(10))
    );
    let r = app.post("/api/v1/checkins", r#"{"pain": 5.5}"#).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["field"], "pain");
    // A positional array is not a check-in.
    let r = app
        .post("/api/v1/checkins", r#"[null, null, null, 4]"#)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("send a JSON object"), "{}", r.body);
    // Empty dates are not dates.
    for uri in [
        "/api/v1/checkins?from=",
        "/api/v1/sessions?to=",
        "/api/v1/answers?from=",
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}: {}", r.body);
    }
    // minutes: 0 is an open-ended timer, and the document says so.
    let minutes = &doc["components"]["schemas"]["SessionDraft"]["properties"]["minutes"];
    assert_eq!(minutes["minimum"], json!(0), "{minutes}");
    let r = app
        .post(
            "/api/v1/sessions",
            r#"{"practice": "meditation-timer", "minutes": 0, "actual_s": 300}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}
