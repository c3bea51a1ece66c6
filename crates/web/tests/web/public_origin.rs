//! Behind a reverse proxy that terminates TLS: the name people use
//! (`serve --public-url`) is answered and counts as this site; no other name
//! or site does, and this computer's own address still works.

use crate::common::{app_from_state, form_body, input_value, request, state, App, Reply};
use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use backcalm_store::Store;
use backcalm_web::PublicOrigin;
use serde_json::json;

const PUBLIC: &str = "backcalm.example.org";

async fn proxied_app() -> App {
    let store = Store::open("sqlite::memory:").await.expect("open");
    let origin = PublicOrigin::parse("https://backcalm.example.org").expect("valid");
    app_from_state(state(store.clone()).with_public_origin(origin), store)
}

/// A request as the proxy passes it on: the public name in `Host`.
async fn send(
    app: &App,
    method: Method,
    uri: &str,
    host: &str,
    headers: &[(&str, &str)],
    body: Option<(&str, String)>,
) -> Reply {
    let mut req = request(method, uri);
    req.headers_mut()
        .expect("builder")
        .insert(header::HOST, host.parse().expect("host"));
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let req = match body {
        Some((kind, text)) => req
            .header(header::CONTENT_TYPE, kind)
            .body(Body::from(text)),
        None => req.body(Body::empty()),
    };
    app.send(req.expect("request")).await
}

#[tokio::test]
async fn the_public_name_is_answered_and_its_origin_is_this_site() {
    let app = proxied_app().await;
    for host in [PUBLIC, "backcalm.example.org:443", "127.0.0.1:7878"] {
        let r = send(&app, Method::GET, "/checkin", host, &[], None).await;
        assert_eq!(r.status, StatusCode::OK, "{host}: {}", r.body);
    }
    // The API, from the app's own pages at the public address.
    let posted = send(
        &app,
        Method::POST,
        "/api/v1/checkins",
        PUBLIC,
        &[("origin", "https://backcalm.example.org")],
        Some(("application/json", r#"{"pain":3}"#.to_string())),
    )
    .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.body);
    // A page form, with its token, from the public address.
    let page = send(&app, Method::GET, "/checkin", PUBLIC, &[], None).await;
    let token = input_value(&page.body, "csrf");
    let form = send(
        &app,
        Method::POST,
        "/checkin",
        PUBLIC,
        &[("origin", "https://backcalm.example.org")],
        Some((
            "application/x-www-form-urlencoded",
            form_body(&[("csrf", &token), ("pain", "4")]),
        )),
    )
    .await;
    assert!(
        [StatusCode::OK, StatusCode::SEE_OTHER].contains(&form.status),
        "{}: {}",
        form.status,
        form.body
    );
    let saved = send(&app, Method::GET, "/api/v1/checkins", PUBLIC, &[], None).await;
    let pains: Vec<i64> = saved
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["pain"].as_i64().expect("pain"))
        .collect();
    assert_eq!(pains, [3, 4]);
}

#[tokio::test]
async fn other_names_and_sites_are_still_refused() {
    let app = proxied_app().await;
    for host in ["evil.example", "backcalm.example.org:8443", "example.org"] {
        let r = send(&app, Method::GET, "/", host, &[], None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{host}");
        assert!(
            r.body
                .contains("Open backcalm at https://backcalm.example.org."),
            "says where to go: {}",
            r.body
        );
    }
    for origin in [
        "https://evil.example",
        "http://backcalm.example.org",
        "https://backcalm.example.org:8443",
        "null",
    ] {
        let r = send(
            &app,
            Method::POST,
            "/api/v1/checkins",
            PUBLIC,
            &[("origin", origin)],
            Some(("application/json", r#"{"pain":9}"#.to_string())),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{origin}: {}", r.body);
    }
    let all = send(&app, Method::GET, "/api/v1/checkins", PUBLIC, &[], None).await;
    assert_eq!(all.json(), json!([]), "nothing from another site was saved");
}
