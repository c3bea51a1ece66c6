//! The defences of a local app: headers on every kind of answer, requests
//! from other sites and other host names refused, the form token demanded
//! by every page route that changes something, and bodies capped at 64 KiB.

use crate::common::{app, form_body, input_value, request, App, Reply};
use axum::body::Body;
use axum::http::{header, HeaderName, Method, StatusCode};
use backcalm_web::{BODY_LIMIT, CSP};
use serde_json::json;

/// The headers every answer carries, whatever it is.
fn assert_hardened(r: &Reply, what: &str) {
    assert_eq!(r.header(header::CONTENT_SECURITY_POLICY), CSP, "{what}");
    assert_eq!(
        r.header(header::X_CONTENT_TYPE_OPTIONS),
        "nosniff",
        "{what}"
    );
    // Never sent to another site; a page may allow its own origin to see it.
    let referrer = r.header(header::REFERRER_POLICY);
    assert!(
        ["no-referrer", "same-origin"].contains(&referrer),
        "{what}: {referrer}"
    );
    assert_eq!(r.header(header::X_FRAME_OPTIONS), "DENY", "{what}");
    let pp = r.header(HeaderName::from_static("permissions-policy"));
    for denied in ["camera=()", "microphone=()", "geolocation=()"] {
        assert!(pp.contains(denied), "{what}: {pp}");
    }
}

#[test]
fn the_policy_allows_no_inline_code_no_framing_and_nothing_from_elsewhere() {
    let directives: Vec<&str> = CSP.split(';').map(str::trim).collect();
    for d in [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ] {
        assert!(directives.contains(&d), "{d} in {CSP}");
    }
    assert!(!CSP.contains("unsafe"), "{CSP}");
    assert!(!CSP.contains("http"), "no other origin: {CSP}");
}

#[tokio::test]
async fn pages_api_answers_static_files_and_errors_all_carry_the_headers() {
    let app = app().await;
    for uri in [
        "/",
        "/practices",
        "/checkin",
        "/nowhere",
        "/api/v1/practices",
        "/api/v1/checkins/not-an-id",
        "/api/v1/nowhere",
        "/api/v1/openapi.json",
        "/static/app.css",
        "/static/icon.svg",
        "/static/no-such-file.js",
    ] {
        let r = app.get(uri).await;
        assert_hardened(&r, uri);
    }
    // Journal answers stay out of every cache; static files may be kept.
    assert_eq!(
        app.get("/api/v1/checkins")
            .await
            .header(header::CACHE_CONTROL),
        "no-store"
    );
    assert_eq!(
        app.get("/history").await.header(header::CACHE_CONTROL),
        "no-store"
    );
    assert!(app
        .get("/static/app.css")
        .await
        .header(header::CACHE_CONTROL)
        .starts_with("public"));
}

/// GET with the usual Host unless `headers` names another.
async fn get_with(app: &App, uri: &str, headers: &[(&str, &str)]) -> Reply {
    let mut req = axum::http::Request::builder().method(Method::GET).uri(uri);
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req = req.header(header::HOST, crate::common::HOST);
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    app.send(req.body(Body::empty()).expect("request")).await
}

fn assert_problem(r: &Reply, status: StatusCode) {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.header(header::CONTENT_TYPE), "application/problem+json");
    assert_eq!(r.json()["status"], status.as_u16());
}

#[tokio::test]
async fn the_api_refuses_other_sites_by_origin_or_by_what_the_browser_says() {
    let app = app().await;
    for h in [
        ("origin", "https://evil.example"),
        ("origin", "http://127.0.0.1:9999"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let r = get_with(&app, "/api/v1/checkins", &[h]).await;
        assert_problem(&r, StatusCode::FORBIDDEN);
        assert_hardened(&r, "403");
    }
    // A write from another site changes nothing.
    let r = app
        .send(
            request(Method::POST, "/api/v1/checkins")
                .header(header::CONTENT_TYPE, "application/json")
                .header("sec-fetch-site", "cross-site")
                .body(Body::from(r#"{"pain":3}"#))
                .expect("request"),
        )
        .await;
    assert_problem(&r, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/checkins").await.json(), json!([]));
    // This site, and tools that send no Origin, are served.
    for h in [
        ("origin", "http://127.0.0.1:8080"),
        ("sec-fetch-site", "same-origin"),
        ("sec-fetch-site", "none"),
    ] {
        let r = get_with(&app, "/api/v1/checkins", &[h]).await;
        assert_eq!(r.status, StatusCode::OK, "{h:?}");
    }
}

#[tokio::test]
async fn links_from_other_sites_still_open_pages() {
    let app = app().await;
    let r = get_with(&app, "/practices", &[("sec-fetch-site", "cross-site")]).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn other_host_names_are_refused_against_dns_rebinding() {
    let app = app().await;
    for uri in ["/", "/history", "/static/app.css"] {
        let r = get_with(&app, uri, &[("host", "evil.example:8080")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{uri}");
        assert!(r.body.contains("127.0.0.1"), "says where to go: {}", r.body);
        assert_hardened(&r, uri);
    }
    let r = get_with(&app, "/api/v1/checkins", &[("host", "evil.example:8080")]).await;
    assert_problem(&r, StatusCode::FORBIDDEN);
    for host in [
        "localhost:7878",
        "127.0.0.1:7878",
        "[::1]:7878",
        "192.168.1.5:7878",
    ] {
        let r = get_with(&app, "/api/v1/practices", &[("host", host)]).await;
        assert_eq!(r.status, StatusCode::OK, "{host}");
    }
}

/// The token the pages put in their forms.
async fn token(app: &App) -> String {
    input_value(&app.get("/checkin").await.body, "csrf")
}

async fn post(
    app: &App,
    uri: &str,
    content_type: &str,
    body: String,
    headers: &[(&str, &str)],
) -> Reply {
    let mut req = request(Method::POST, uri).header(header::CONTENT_TYPE, content_type);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    app.send(req.body(Body::from(body)).expect("request")).await
}

#[tokio::test]
async fn every_page_route_that_changes_something_demands_the_token() {
    let app = app().await;
    let (routes, problems) = crate::route_scan::routes();
    assert!(problems.is_empty(), "{problems:?}");
    let changing: Vec<(String, String)> = routes
        .iter()
        .filter(|r| !r.path.starts_with("/api/"))
        .flat_map(|r| {
            r.methods
                .iter()
                .filter(|m| *m != "GET")
                .map(|m| (m.clone(), r.path.clone()))
        })
        .collect();
    assert!(
        changing.iter().any(|(_, p)| p == "/checkin"),
        "the scan found the check-in form: {changing:?}"
    );
    let csrf = token(&app).await;
    for (method, path) in changing {
        let uri =
            crate::route_scan::concrete(&path, |_| "00000000-0000-0000-0000-000000000001".into());
        let method = Method::from_bytes(method.as_bytes()).expect("method");
        let bodies = [
            form_body(&[("pain", "3")]),
            form_body(&[("csrf", "forged"), ("pain", "3")]),
        ];
        for body in bodies {
            let r = app
                .send(
                    request(method.clone(), &uri)
                        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .body(Body::from(body.clone()))
                        .expect("request"),
                )
                .await;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "{method} {uri} with {body}"
            );
            assert!(r.body.contains("could not be accepted"), "{method} {uri}");
        }
        // With the token but from another site: refused too.
        let r = app
            .send(
                request(method.clone(), &uri)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::ORIGIN, "https://evil.example")
                    .body(Body::from(form_body(&[("csrf", &csrf)])))
                    .expect("request"),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{method} {uri} cross-site");
    }
    assert_eq!(
        app.get("/api/v1/checkins").await.json(),
        json!([]),
        "nothing was saved"
    );
}

#[tokio::test]
async fn a_form_with_the_token_arrives_whole() {
    let app = app().await;
    let csrf = token(&app).await;
    let note = "Ça va, 50% better & calm";
    let body = form_body(&[("csrf", &csrf), ("pain", "3"), ("note", note)]);
    // As Chromium sends it under Referrer-Policy: no-referrer: Origin null, but same-origin.
    let browser = [("origin", "null"), ("sec-fetch-site", "same-origin")];
    let form = "application/x-www-form-urlencoded";
    let r = post(&app, "/checkin", form, body, &browser).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = app.get("/api/v1/checkins").await.json();
    let first = &list.as_array().expect("array")[0];
    assert_eq!(first["pain"], 3);
    assert_eq!(
        first["note"], note,
        "the body reached the handler unchanged"
    );
}

#[tokio::test]
async fn a_page_form_that_is_not_a_form_is_refused_with_a_page() {
    let app = app().await;
    let csrf = token(&app).await;
    // The token in the query lets it past the guard; the handler cannot read the body.
    for uri in ["/checkin", "/settings", "/screen"] {
        let r = post(
            &app,
            &format!("{uri}?csrf={csrf}"),
            "multipart/form-data; boundary=x",
            "--x--".into(),
            &[],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{uri}");
        assert!(r.body.contains("The form could not be read"), "{uri}");
        assert!(r.body.contains("Nothing was changed."), "{uri}");
    }
    assert_eq!(app.get("/api/v1/checkins").await.json(), json!([]));
    assert_eq!(app.get("/api/v1/screens").await.json(), json!([]));
}

#[tokio::test]
async fn bodies_over_64_kib_are_refused() {
    let app = app().await;
    assert_eq!(BODY_LIMIT, 64 * 1024);
    let note = "a".repeat(BODY_LIMIT + 1);
    let r = app
        .post(
            "/api/v1/checkins",
            &json!({"pain": 3, "note": note}).to_string(),
        )
        .await;
    assert_problem(&r, StatusCode::PAYLOAD_TOO_LARGE);
    let csrf = token(&app).await;
    let body = form_body(&[("csrf", &csrf), ("pain", "3"), ("note", &note)]);
    let r = post(
        &app,
        "/checkin",
        "application/x-www-form-urlencoded",
        body,
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        r.body.contains("too much"),
        "{}",
        r.body.get(..300).unwrap_or("")
    );
    assert_eq!(app.get("/api/v1/checkins").await.json(), json!([]));
    // Just under the limit is fine.
    let fits = "a".repeat(2000);
    let r = app
        .post(
            "/api/v1/checkins",
            &json!({"pain": 3, "note": fits}).to_string(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}
