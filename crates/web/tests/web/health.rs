//! `/healthz` and `/readyz`: alive, ready while the database answers, and
//! 503 once it does not; never anything about a journal.

use axum::http::{header, StatusCode};

#[tokio::test]
async fn health_and_readiness_follow_the_database() {
    let app = crate::common::app().await;
    let alive = app.get("/healthz").await;
    assert_eq!(alive.status, StatusCode::OK);
    assert_eq!(alive.body, "alive\n");
    assert_eq!(alive.header(header::CACHE_CONTROL), "no-store");
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.body, "ready\n");

    app.store.close().await;
    let ready = app.get("/readyz").await;
    assert_eq!(
        ready.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        ready.body
    );
    assert_eq!(ready.body, "not ready: the database does not answer\n");
    // The process itself is still alive.
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
}
