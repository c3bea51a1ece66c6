//! The web app over PostgreSQL (clinic mode): the same API story as on SQLite.
//!
//! Needs `BACKCALM_TEST_DATABASE_URL`, a superuser URL such as
//! `postgres://postgres@127.0.0.1:5432/postgres` (`scripts/test` sets it);
//! each run creates and drops its own database.

use axum::http::{Method, StatusCode};
use backcalm_store::Store;
use backcalm_testkit::postgres::with_fresh_postgres;
use serde_json::json;

#[tokio::test]
async fn the_api_story_runs_on_postgres() {
    with_fresh_postgres(|url| async move {
        let store = Store::open(&url)
            .await
            .expect("open the PostgreSQL journal");
        story(crate::common::app_over(store.clone())).await;
        store.close().await;
    })
    .await;
}

async fn story(app: crate::common::App) {
    let body = json!({"id": "5b0c2d6e-8f7a-4c1b-9a3e-2f4d6b8c0e1a", "pain": 6, "feel": ["dull-ache"], "where": ["lower-back"]}).to_string();
    let created = app.post("/api/v1/checkins", &body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.json()["recorded_at"], "2026-11-26T10:00:00+00:00");
    assert_eq!(
        app.post("/api/v1/checkins", &body).await.status,
        StatusCode::OK,
        "a retry is not a new record"
    );
    let conflict = app
        .post(
            "/api/v1/checkins",
            &json!({"id": "5b0c2d6e-8f7a-4c1b-9a3e-2f4d6b8c0e1a", "pain": 1}).to_string(),
        )
        .await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);

    let list = app
        .get("/api/v1/checkins?from=2026-11-26&to=2026-11-26")
        .await
        .json();
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["pain"], 6);
    assert_eq!(list[0]["where"], json!(["lower-back"]));

    let put = app
        .json(
            Method::PUT,
            "/api/v1/checkins/5b0c2d6e-8f7a-4c1b-9a3e-2f4d6b8c0e1a",
            &json!({"pain": 3}).to_string(),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    assert_eq!(
        app.get("/api/v1/checkins/5b0c2d6e-8f7a-4c1b-9a3e-2f4d6b8c0e1a")
            .await
            .json()["pain"],
        3
    );

    let s = app
        .post(
            "/api/v1/sessions",
            &json!({"practice": "pmr", "minutes": 8, "pain_before": 5, "pain_after": 4})
                .to_string(),
        )
        .await;
    assert_eq!(s.status, StatusCode::CREATED, "{}", s.body);
    assert_eq!(s.json()["started_at"], "2026-11-26T09:52:00+00:00");

    let h = app.get("/history").await;
    assert_eq!(h.status, StatusCode::OK);
    assert!(h.body.contains("Gentle muscle relaxation") || h.body.contains("pmr"));
    assert!(h.body.contains("5 → 4"));

    assert_eq!(
        app.delete("/api/v1/checkins/5b0c2d6e-8f7a-4c1b-9a3e-2f4d6b8c0e1a")
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(app.get("/api/v1/checkins").await.json(), json!([]));
}
