//! Installable and offline: the manifest, its icons, the service worker's
//! headers and precache list, and that every URL it precaches answers 200
//! (one failure would make the whole offline install fail).

use crate::common::{app, App};
use axum::http::{header, StatusCode};
use serde_json::Value;

/// The width and height in a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let n =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    (n(16), n(20))
}

/// GET as raw bytes (the common helper reads bodies as text).
async fn get_bytes(app: &App, uri: &str) -> (StatusCode, String, Vec<u8>) {
    use axum::body::{to_bytes, Body};
    use tower::ServiceExt;
    let req = crate::common::request(axum::http::Method::GET, uri)
        .body(Body::empty())
        .expect("request");
    let res = app.router.clone().oneshot(req).await.expect("router");
    let status = res.status();
    let ctype = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = to_bytes(res.into_body(), 8 * 1024 * 1024)
        .await
        .expect("body");
    (status, ctype, bytes.to_vec())
}

/// The version and URL list at the top of /sw.js.
fn precache(script: &str) -> (String, Vec<String>) {
    let first = script.lines().next().expect("a first line");
    let version = first
        .strip_prefix("const VERSION = \"")
        .and_then(|r| r.strip_suffix("\";"))
        .unwrap_or_else(|| panic!("the version comes first: {first}"))
        .to_string();
    let second = script.lines().nth(1).expect("a second line");
    let list = second
        .strip_prefix("const PRECACHE = ")
        .and_then(|r| r.strip_suffix(';'))
        .unwrap_or_else(|| panic!("then the list: {second}"));
    let urls: Vec<String> = serde_json::from_str(list).expect("the list is JSON");
    (version, urls)
}

#[tokio::test]
async fn the_manifest_makes_the_app_installable_with_real_icons() {
    let app = app().await;
    let r = app.get("/manifest.webmanifest").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header(header::CONTENT_TYPE), "application/manifest+json");
    let m: Value = r.json();
    assert_eq!(m["name"], "backcalm");
    assert_eq!(m["short_name"], "backcalm");
    assert_eq!(m["start_url"], "/");
    assert_eq!(m["scope"], "/");
    assert_eq!(m["display"], "standalone");
    assert_eq!(
        m["background_color"], "#f5f3ee",
        "the calm palette's background"
    );
    assert_eq!(m["theme_color"], "#fffdf9", "the header's colour");

    let icons = m["icons"].as_array().expect("icons");
    let mut seen = Vec::new();
    for icon in icons {
        let src = icon["src"].as_str().expect("src");
        let (status, ctype, bytes) = get_bytes(&app, src).await;
        assert_eq!(status, StatusCode::OK, "{src}");
        assert_eq!(ctype, icon["type"].as_str().expect("type"), "{src}");
        if ctype == "image/png" {
            let (w, h) = png_size(&bytes);
            assert_eq!(
                icon["sizes"].as_str(),
                Some(format!("{w}x{h}").as_str()),
                "{src} is as large as it says"
            );
        }
        seen.push((
            icon["sizes"].as_str().unwrap_or("").to_string(),
            icon["purpose"].as_str().unwrap_or("any").to_string(),
            ctype,
        ));
    }
    for wanted in [
        ("192x192", "any", "image/png"),
        ("512x512", "any", "image/png"),
        ("512x512", "maskable", "image/png"),
        ("any", "any", "image/svg+xml"),
    ] {
        assert!(
            seen.iter()
                .any(|(s, p, t)| s == wanted.0 && p == wanted.1 && t == wanted.2),
            "{wanted:?} in {seen:?}"
        );
    }
}

#[tokio::test]
async fn every_page_links_the_manifest_and_loads_the_worker_from_a_module() {
    let app = app().await;
    for path in ["/", "/checkin", "/history", "/practices"] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(r
            .body
            .contains("<link rel=\"manifest\" href=\"/manifest.webmanifest\">"));
        assert!(r.body.contains("<meta name=\"theme-color\""));
        assert!(r
            .body
            .contains("<script type=\"module\" src=\"/static/journal/app.js\"></script>"));
        assert!(!r.body.contains("<script>"), "no inline script on {path}");
    }
    let (status, ctype, _) = get_bytes(&app, "/static/journal/app.js").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ctype, "text/javascript; charset=utf-8");
}

#[tokio::test]
async fn the_worker_is_served_from_the_root_uncached_with_its_list() {
    let app = app().await;
    let r = app.get("/sw.js").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.header(header::CONTENT_TYPE),
        "text/javascript; charset=utf-8"
    );
    assert_eq!(r.header(header::CACHE_CONTROL), "no-cache");
    assert!(r.body.contains("self.addEventListener('fetch'"));
    let (version, urls) = precache(&r.body);
    assert_eq!(version.len(), 16);
    assert!(version.bytes().all(|b| b.is_ascii_hexdigit()), "{version}");
    assert_eq!(
        precache(&app.get("/sw.js").await.body).0,
        version,
        "the same binary, the same version"
    );

    for shell in [
        "/",
        "/practices",
        "/checkin",
        "/history",
        "/offline",
        "/manifest.webmanifest",
        "/api/v1/practices",
        "/static/app.css",
        "/static/outbox.js",
        "/static/journal/app.js",
        "/static/journal/checkin.js",
        "/static/icons/icon-192.png",
    ] {
        assert!(urls.iter().any(|u| u == shell), "{shell} is precached");
    }
    assert!(
        !urls.iter().any(|u| u == "/static/sw.js" || u == "/sw.js"),
        "the worker does not cache itself"
    );
    let mut sorted = urls.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), urls.len(), "no URL twice");

    // Every practice plays offline: its page, its player and its default timeline.
    let practices = app.get("/api/v1/practices").await.json();
    let list = practices.as_array().expect("a list");
    assert!(list.len() >= 6, "the shipped library");
    for p in list {
        let id = p["id"].as_str().expect("id");
        let minutes = p["default_minutes"].as_u64().expect("default minutes");
        for url in [
            format!("/practices/{id}"),
            format!("/practices/{id}/play"),
            format!("/api/v1/practices/{id}?minutes={minutes}"),
        ] {
            assert!(urls.contains(&url), "{url} is precached");
        }
    }
}

#[tokio::test]
async fn every_precached_url_answers_200() {
    let app = app().await;
    let (_, urls) = precache(&app.get("/sw.js").await.body);
    for url in &urls {
        let (status, _, body) = get_bytes(&app, url).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "{url}: {}",
            String::from_utf8_lossy(&body)
        );
    }
}

#[tokio::test]
async fn the_offline_page_says_what_still_works() {
    let app = app().await;
    let r = app.get("/offline").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("You’re offline"));
    assert!(r.body.contains("href=\"/checkin\""));
    assert!(
        r.body.contains("<body>"),
        "the worker marks saved copies at <body>"
    );
}

/// The raw bytes of `/static/{path}` asked with `Accept-Encoding: {encoding}`.
async fn static_file(
    app: &App,
    path: &str,
    encoding: &str,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let req = axum::http::Request::builder()
        .uri(format!("/static/{path}"))
        .header(header::HOST, crate::common::HOST)
        .header(header::ACCEPT_ENCODING, encoding)
        .body(axum::body::Body::empty())
        .expect("a request");
    let res = tower::ServiceExt::oneshot(app.router.clone(), req)
        .await
        .expect("an answer");
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20).await.expect("a body");
    (parts.status, parts.headers, bytes.to_vec())
}

#[tokio::test]
async fn static_text_goes_out_as_brotli_at_its_best_and_unpacks_to_the_file() {
    let app = app().await;
    let file = include_bytes!("../../static/player/engine.js");
    let (status, headers, packed) =
        static_file(&app, "player/engine.js", "gzip, deflate, br").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    let mut back = Vec::new();
    brotli::BrotliDecompress(&mut &packed[..], &mut back).expect("valid brotli");
    assert_eq!(back, file);
    // Quality 4, what on-the-fly compression uses, is larger.
    let quick = brotli::enc::BrotliEncoderParams {
        quality: 4,
        ..Default::default()
    };
    let mut fast = Vec::new();
    brotli::BrotliCompress(&mut &file[..], &mut fast, &quick).expect("compressed");
    assert!(
        packed.len() < fast.len(),
        "{} vs {}",
        packed.len(),
        fast.len()
    );
    // The second answer is the same bytes, from the cache.
    assert_eq!(static_file(&app, "player/engine.js", "br").await.2, packed);

    let (_, headers, zipped) = static_file(&app, "player/engine.js", "gzip").await;
    assert_eq!(
        headers[header::CONTENT_ENCODING],
        "gzip",
        "the layer still serves gzip"
    );
    assert!(zipped.len() < file.len());
    let (_, headers, plain) = static_file(&app, "player/engine.js", "br;q=0").await;
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
    assert_eq!(plain, file);
    let (_, headers, png) = static_file(&app, "icons/icon-192.png", "br").await;
    assert!(
        headers.get(header::CONTENT_ENCODING).is_none(),
        "PNG is left as it is"
    );
    assert_eq!(png, include_bytes!("../../static/icons/icon-192.png"));
}
