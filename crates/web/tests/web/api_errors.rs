//! Every class of API error is a problem+json answer with the right status,
//! and none is ever a 500 unless storage really failed.

use crate::common::{app, request, Reply};
use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use serde_json::json;

fn assert_problem(r: &Reply, status: StatusCode) -> serde_json::Value {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.header(header::CONTENT_TYPE), "application/problem+json");
    let p = r.json();
    assert_eq!(p["status"], status.as_u16());
    assert!(p["type"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(p["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(p["detail"].as_str().is_some_and(|t| !t.is_empty()));
    p
}

#[tokio::test]
async fn validation_errors_are_422_naming_the_field() {
    let app = app().await;
    let p = assert_problem(
        &app.post("/api/v1/checkins", "{}").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(p["field"], "pain");
    assert!(p["detail"].as_str().unwrap_or("").contains("required"));

    let p = assert_problem(
        &app.post("/api/v1/checkins", r#"{"pain": 11}"#).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(p["field"], "pain");
    assert!(
        p["detail"].as_str().unwrap_or("").contains("0 to 10"),
        "{p}"
    );

    for (body, field) in [
        (json!({"pain": 2, "where": ["tail"]}), "where"),
        (json!({"pain": 2, "feel": ["itchy"]}), "feel"),
        (json!({"pain": 2, "tz": "Mars/Base"}), "tz"),
        (
            json!({"pain": 2, "recorded_at": "2027-01-01T00:00:00Z"}),
            "recorded_at",
        ),
        (json!({"pain": 2, "id": "not-a-uuid"}), "id"),
    ] {
        let p = assert_problem(
            &app.post("/api/v1/checkins", &body.to_string()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
        assert_eq!(p["field"], field, "{body}");
    }
    assert_eq!(
        app.get("/api/v1/checkins").await.json(),
        json!([]),
        "nothing refused was stored"
    );
}

#[tokio::test]
async fn unreadable_bodies_are_400_with_serdes_words() {
    let app = app().await;
    let p = assert_problem(
        &app.post("/api/v1/checkins", "{\"pain\": 4,").await,
        StatusCode::BAD_REQUEST,
    );
    assert!(
        p["detail"]
            .as_str()
            .unwrap_or("")
            .contains("not valid JSON"),
        "{p}"
    );

    let p = assert_problem(
        &app.post("/api/v1/checkins", r#"{"pain": "six"}"#).await,
        StatusCode::BAD_REQUEST,
    );
    assert_eq!(p["field"], "pain");
    assert!(
        p["detail"].as_str().unwrap_or("").contains("invalid type"),
        "{p}"
    );

    let p = assert_problem(
        &app.post("/api/v1/checkins", r#"{"pain": 4, "mood": "ok"}"#)
            .await,
        StatusCode::BAD_REQUEST,
    );
    assert!(p["detail"].as_str().unwrap_or("").contains("mood"), "{p}");

    let p = assert_problem(
        &app.post(
            "/api/v1/sessions",
            r#"{"practice": "pmr", "minutes": 5, "completed": "yes"}"#,
        )
        .await,
        StatusCode::BAD_REQUEST,
    );
    assert_eq!(p["field"], "completed");

    assert_problem(
        &app.post("/api/v1/checkins", "[1, 2]").await,
        StatusCode::BAD_REQUEST,
    );
    assert_problem(
        &app.get("/api/v1/checkins?from=yesterday").await,
        StatusCode::BAD_REQUEST,
    );
    assert_problem(
        &app.get("/api/v1/checkins?from=2026-11-02&to=2026-11-01")
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_problem(
        &app.get("/api/v1/checkins?sort=desc").await,
        StatusCode::BAD_REQUEST,
    );
    let p = assert_problem(
        &app.get("/api/v1/checkins/12345").await,
        StatusCode::BAD_REQUEST,
    );
    assert_eq!(p["field"], "id");
}

#[tokio::test]
async fn a_body_over_64_kib_is_413() {
    let app = app().await;
    let note = "a".repeat(70 * 1024);
    let body = json!({"pain": 3, "note": note}).to_string();
    let p = assert_problem(
        &app.post("/api/v1/checkins", &body).await,
        StatusCode::PAYLOAD_TOO_LARGE,
    );
    assert!(p["detail"].as_str().unwrap_or("").contains("64 KiB"), "{p}");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    let app = app().await;
    let req = request(Method::POST, "/api/v1/checkins")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(r#"{"pain": 3}"#))
        .expect("request");
    assert_problem(&app.send(req).await, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn unknown_api_routes_are_json_404_and_wrong_methods_405() {
    let app = app().await;
    for path in ["/api/v1/nope", "/api/v2/checkins", "/api"] {
        assert_problem(&app.get(path).await, StatusCode::NOT_FOUND);
    }
    let r = app.json(Method::PATCH, "/api/v1/checkins", "{}").await;
    assert_problem(&r, StatusCode::METHOD_NOT_ALLOWED);
    let allow = r.header(header::ALLOW);
    assert!(
        allow.contains("GET") && allow.contains("POST"),
        "Allow: {allow}"
    );
    assert_problem(
        &app.post("/api/v1/practices", "{}").await,
        StatusCode::METHOD_NOT_ALLOWED,
    );
}

#[tokio::test]
async fn requests_from_another_site_are_refused() {
    let app = app().await;
    let req = request(Method::POST, "/api/v1/checkins")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from(r#"{"pain": 3}"#))
        .expect("request");
    assert_problem(&app.send(req).await, StatusCode::FORBIDDEN);
    let req = request(Method::GET, "/api/v1/checkins")
        .header(header::ORIGIN, "http://127.0.0.1:9999")
        .body(Body::empty())
        .expect("request");
    assert_problem(&app.send(req).await, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/api/v1/checkins").await.json(),
        json!([]),
        "nothing was stored"
    );

    let req = request(Method::POST, "/api/v1/checkins")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ORIGIN, format!("http://{}", crate::common::HOST))
        .body(Body::from(r#"{"pain": 3}"#))
        .expect("request");
    assert_eq!(
        app.send(req).await.status,
        StatusCode::CREATED,
        "our own pages may call the API"
    );
}

#[tokio::test]
async fn a_storage_failure_is_a_generic_500() {
    let app = app().await;
    app.store.close().await;
    let r = app.post("/api/v1/checkins", r#"{"pain": 3}"#).await;
    let p = assert_problem(&r, StatusCode::INTERNAL_SERVER_ERROR);
    let detail = p["detail"].as_str().unwrap_or("").to_lowercase();
    assert!(
        !detail.contains("sqlx") && !detail.contains("pool") && !detail.contains("sqlite"),
        "{detail}"
    );
    assert_problem(
        &app.get("/api/v1/sessions").await,
        StatusCode::INTERNAL_SERVER_ERROR,
    );
}
