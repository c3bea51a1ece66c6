//! Check-ins and sessions through the JSON API: create, idempotent retries,
//! list by day, read, replace, delete.

use crate::common::app;
use axum::http::{Method, StatusCode};
use serde_json::json;

const ID: &str = "5b0c2d6e-8f7a-4c1b-9a3e-2f4d6b8c0e1a";

#[tokio::test]
async fn a_checkin_posted_reads_back_the_same_with_the_persons_offset() {
    let app = app().await;
    let body = json!({
        "pain": 6, "stress": 4, "sleep": 3,
        "feel": ["sharp", "radiating"], "where": ["lower-back-left", "calf-left"],
        "activity": "drove to work", "note": "stiff after the drive"
    });
    let r = app.post("/api/v1/checkins", &body.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let c = r.json();
    assert_eq!(c["pain"], 6);
    assert_eq!(c["stress"], 4);
    assert_eq!(c["sleep"], 3);
    assert_eq!(c["recorded_at"], "2026-11-26T10:00:00+00:00");
    assert_eq!(c["tz"], "Europe/London");
    assert_eq!(c["feel"], json!(["radiating", "sharp"]));
    assert_eq!(c["where"], json!(["lower-back-left", "calf-left"]));
    assert_eq!(c["activity"], "drove to work");
    assert_eq!(c["note"], "stiff after the drive");
    // Nothing in it calls for crisis lines; reads leave the field out.
    let mut c = c;
    assert_eq!(
        c.as_object_mut().and_then(|o| o.remove("support")),
        Some(serde_json::Value::Null)
    );
    let id = c["id"].as_str().expect("an id").to_string();

    let again = app.get(&format!("/api/v1/checkins/{id}")).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json(), c);

    let day = app
        .get("/api/v1/checkins?from=2026-11-26&to=2026-11-26")
        .await
        .json();
    assert_eq!(day, json!([c]));
    let later = app.get("/api/v1/checkins?from=2026-11-27").await.json();
    assert_eq!(later, json!([]));
}

#[tokio::test]
async fn a_checkin_keeps_its_own_zone_and_local_day() {
    let app = app().await;
    // 04:30 UTC on the 26th is still the 25th in New York.
    let body = json!({"pain": 3, "recorded_at": "2026-11-26T04:30:00Z", "tz": "America/New_York"});
    let c = app.post("/api/v1/checkins", &body.to_string()).await.json();
    assert_eq!(c["recorded_at"], "2026-11-25T23:30:00-05:00");
    assert_eq!(
        app.get("/api/v1/checkins?from=2026-11-25&to=2026-11-25")
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(
        app.get("/api/v1/checkins?from=2026-11-26")
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}

#[tokio::test]
async fn posting_the_same_checkin_twice_stores_it_once() {
    let app = app().await;
    let body = json!({"id": ID, "pain": 5, "note": "retry me"}).to_string();
    let first = app.post("/api/v1/checkins", &body).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let second = app.post("/api/v1/checkins", &body).await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    assert_eq!(second.json(), first.json());
    assert_eq!(
        app.get("/api/v1/checkins")
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    let different = app
        .post(
            "/api/v1/checkins",
            &json!({"id": ID, "pain": 9}).to_string(),
        )
        .await;
    assert_eq!(different.status, StatusCode::CONFLICT);
    assert_eq!(different.json()["field"], "id");
    assert_eq!(
        app.get(&format!("/api/v1/checkins/{ID}")).await.json()["pain"],
        5
    );
}

#[tokio::test]
async fn a_checkin_can_be_replaced_and_deleted() {
    let app = app().await;
    let body = json!({"id": ID, "pain": 5, "recorded_at": "2026-11-25T21:15:00Z"}).to_string();
    assert_eq!(
        app.post("/api/v1/checkins", &body).await.status,
        StatusCode::CREATED
    );

    let put = app
        .json(
            Method::PUT,
            &format!("/api/v1/checkins/{ID}"),
            &json!({"pain": 2, "note": "better"}).to_string(),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    let got = app.get(&format!("/api/v1/checkins/{ID}")).await.json();
    assert_eq!(got["pain"], 2);
    assert_eq!(got["note"], "better");
    assert_eq!(
        got["recorded_at"], "2026-11-25T21:15:00+00:00",
        "an edit keeps the time"
    );

    let clash = app
        .json(
            Method::PUT,
            &format!("/api/v1/checkins/{ID}"),
            &json!({"id": "6b0c2d6e-8f7a-4c1b-9a3e-2f4d6b8c0e1a", "pain": 1}).to_string(),
        )
        .await;
    assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(clash.json()["field"], "id");

    let bad = app
        .json(
            Method::PUT,
            &format!("/api/v1/checkins/{ID}"),
            &json!({"pain": 12}).to_string(),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.get(&format!("/api/v1/checkins/{ID}")).await.json()["pain"],
        2,
        "a refused edit changes nothing"
    );

    assert_eq!(
        app.delete(&format!("/api/v1/checkins/{ID}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get(&format!("/api/v1/checkins/{ID}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.delete(&format!("/api/v1/checkins/{ID}")).await.status,
        StatusCode::NOT_FOUND
    );
    let missing = app
        .json(
            Method::PUT,
            &format!("/api/v1/checkins/{ID}"),
            &json!({"pain": 1}).to_string(),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_session_posted_reads_back_with_its_start_and_ratings() {
    let app = app().await;
    let body = json!({
        "practice": "natural-breath", "minutes": 2, "actual_s": 120,
        "pain_before": 5, "pain_after": 3, "stress_before": 6, "stress_after": 4,
        "regions": ["chest"], "note": "calmer"
    });
    let r = app.post("/api/v1/sessions", &body.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let s = r.json();
    assert_eq!(s["practice"], "natural-breath");
    assert_eq!(s["minutes"], 2);
    assert_eq!(s["actual_s"], 120);
    assert_eq!(s["completed"], true);
    // Started two minutes before "now".
    assert_eq!(s["started_at"], "2026-11-26T09:58:00+00:00");
    assert_eq!(s["tz"], "Europe/London");
    assert_eq!(
        (s["pain_before"].clone(), s["pain_after"].clone()),
        (json!(5), json!(3))
    );
    assert_eq!(
        (s["stress_before"].clone(), s["stress_after"].clone()),
        (json!(6), json!(4))
    );
    assert_eq!(s["regions"], json!(["chest"]));
    assert_eq!(s["variant"], serde_json::Value::Null);
    let id = s["id"].as_str().expect("id").to_string();

    assert_eq!(app.get(&format!("/api/v1/sessions/{id}")).await.json(), s);
    assert_eq!(
        app.get("/api/v1/sessions?from=2026-11-26&to=2026-11-26")
            .await
            .json(),
        json!([s])
    );
    assert_eq!(
        app.get("/api/v1/sessions?to=2026-11-25").await.json(),
        json!([])
    );

    let put = app
        .json(
            Method::PUT,
            &format!("/api/v1/sessions/{id}"),
            &json!({"practice": "natural-breath", "minutes": 2, "actual_s": 60, "pleasantness": 8})
                .to_string(),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    let got = app.get(&format!("/api/v1/sessions/{id}")).await.json();
    assert_eq!(got["actual_s"], 60);
    assert_eq!(got["completed"], false);
    assert_eq!(got["pleasantness"], 8);
    assert_eq!(
        got["started_at"], "2026-11-26T09:58:00+00:00",
        "an edit keeps the start"
    );

    assert_eq!(
        app.delete(&format!("/api/v1/sessions/{id}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get(&format!("/api/v1/sessions/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn sessions_are_idempotent_by_id_and_check_the_practice() {
    let app = app().await;
    let body = json!({"id": ID, "practice": "meditation-timer", "minutes": 10, "variant": "double-strike"}).to_string();
    assert_eq!(
        app.post("/api/v1/sessions", &body).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        app.post("/api/v1/sessions", &body).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/sessions")
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    let changed = json!({"id": ID, "practice": "meditation-timer", "minutes": 20}).to_string();
    assert_eq!(
        app.post("/api/v1/sessions", &changed).await.status,
        StatusCode::CONFLICT
    );

    let unknown = app
        .post(
            "/api/v1/sessions",
            &json!({"practice": "yoga", "minutes": 5}).to_string(),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.json()["field"], "practice");
    let no_minutes = app
        .post("/api/v1/sessions", &json!({"practice": "pmr"}).to_string())
        .await;
    assert_eq!(no_minutes.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_minutes.json()["field"], "minutes");
}
