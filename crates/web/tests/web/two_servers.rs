//! Two servers over one PostgreSQL database (issue 14 item 1): each has
//! its own pool and its own state, as two `backcalm serve --accounts`
//! processes behind a load balancer would, and nothing a person relies on
//! lives in either one's memory. A session made through one goes on through
//! the other, a form shown by one is accepted by the other, a revoke through
//! one holds on the other at once, and failed sign-ins through both count
//! together.

use crate::hosted::{form_token, hosted, join, post_form, send, share_code, PASSWORD};
use axum::http::{Method, StatusCode};
use backcalm_auth::Role;
use backcalm_store::Store;
use backcalm_testkit::postgres::with_fresh_postgres;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_over_one_database_share_sessions_shares_and_the_sign_in_limit() {
    with_fresh_postgres(|url| async move {
        let one = hosted(Store::open(&url).await.expect("open"), None);
        let two = hosted(Store::open(&url).await.expect("open"), None);

        // Signed in through one, going on through the other.
        let (ada_id, ada) = join(&one, Role::Patient, "Ada Lovelace", "ada").await;
        let r = send(
            &two,
            Method::POST,
            "/api/v1/checkins",
            Some(&ada),
            Some(&json!({"pain": 5, "note": "through the second server"}).to_string()),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let mine = send(&one, Method::GET, "/api/v1/checkins", Some(&ada), None).await;
        assert_eq!(
            mine.json().as_array().map(Vec::len),
            Some(1),
            "{}",
            mine.body
        );

        // A share made through one; revoked through two; refused on one at once.
        let (_, cleo) = join(&two, Role::Clinician, "Cleo Clinician", "cleo").await;
        let code = share_code(&one, &cleo).await;
        let shared = send(
            &two,
            Method::POST,
            "/api/v1/shares",
            Some(&ada),
            Some(&json!({"code": code, "scopes": ["checkins"]}).to_string()),
        )
        .await;
        assert_eq!(shared.status, StatusCode::CREATED, "{}", shared.body);
        let share_id = shared.json()["id"].as_str().expect("id").to_string();
        let hers = format!("/api/v1/patients/{ada_id}/checkins");
        assert_eq!(
            send(&one, Method::GET, &hers, Some(&cleo), None)
                .await
                .status,
            StatusCode::OK
        );
        let r = send(
            &two,
            Method::DELETE,
            &format!("/api/v1/shares/{share_id}"),
            Some(&ada),
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        assert_eq!(
            send(&one, Method::GET, &hers, Some(&cleo), None)
                .await
                .status,
            StatusCode::NOT_FOUND,
            "the revoke made through the other server holds on the very next request"
        );

        // A page's form shown by one is accepted by two: its token is
        // derived from the browser's cookie, not remembered by a server.
        let (csrf, _) = form_token(&one, "/checkin", Some(&ada)).await;
        let r = post_form(&two, "/checkin", &[("csrf", &csrf), ("pain", "3")], &ada).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let mine = send(&one, Method::GET, "/api/v1/checkins", Some(&ada), None).await;
        assert_eq!(
            mine.json().as_array().map(Vec::len),
            Some(2),
            "{}",
            mine.body
        );
        // Signed out too: the sign-in form from one, sent to two, is read
        // (a wrong password, so 401), not refused as forged (403).
        let (csrf, browser) = form_token(&one, "/signin", None).await;
        let pairs = [
            ("csrf", csrf.as_str()),
            ("username", "nobody"),
            ("password", "wrong guess"),
        ];
        let r = post_form(&two, "/signin", &pairs, &browser).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);

        // Four failed sign-ins through one, the fifth through two: the limit
        // holds on both, even for the right password.
        let login = |password: &str| json!({"username": "ada", "password": password}).to_string();
        for (n, app) in [&one, &one, &two, &one, &two].into_iter().enumerate() {
            let r = send(
                app,
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(&login("wrong guess")),
            )
            .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "failure {}", n + 1);
        }
        for app in [&one, &two] {
            let r = send(
                app,
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(&login(PASSWORD)),
            )
            .await;
            assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
            assert!(!r.header(axum::http::header::RETRY_AFTER).is_empty());
        }

        // Signing out through two ends the session on one.
        let r = send(&two, Method::POST, "/api/v1/auth/logout", Some(&ada), None).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        assert_eq!(
            send(&one, Method::GET, "/api/v1/me", Some(&ada), None)
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        one.store.close().await;
        two.store.close().await;
    })
    .await;
}
