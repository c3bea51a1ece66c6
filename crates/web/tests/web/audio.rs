//! `GET /api/v1/practices/{id}/audio`: the screen-off MP3, its size, its
//! byte ranges, its cache headers, and the problems bad options get.

use crate::common::{app, request, App};
use axum::body::{to_bytes, Body, Bytes};
use axum::http::{header, HeaderMap, Method, StatusCode};
use backcalm_audio::Espeak;
use tower::ServiceExt;

/// A response with its body as bytes.
struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Raw {
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    fn problem(&self) -> serde_json::Value {
        assert_eq!(
            self.header(header::CONTENT_TYPE),
            "application/problem+json"
        );
        serde_json::from_slice(&self.body).expect("a problem is JSON")
    }
}

async fn fetch(app: &App, method: Method, uri: &str, headers: &[(&str, &str)]) -> Raw {
    let mut req = request(method, uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = app
        .router
        .clone()
        .oneshot(req.body(Body::empty()).expect("request"))
        .await
        .expect("the router never fails");
    let status = res.status();
    let headers = res.headers().clone();
    let body = to_bytes(res.into_body(), 64 * 1024 * 1024)
        .await
        .expect("read the body");
    Raw {
        status,
        headers,
        body,
    }
}

async fn get(app: &App, uri: &str, headers: &[(&str, &str)]) -> Raw {
    fetch(app, Method::GET, uri, headers).await
}

/// MPEG-2 Layer III bitrates by header index, in kbps.
const KBPS: [usize; 15] = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

/// Walks every frame (each must start with a frame sync): the playing time in seconds.
fn mp3_seconds(mp3: &[u8]) -> f64 {
    let mut at = 0;
    let mut frames = 0usize;
    while at < mp3.len() {
        let h = &mp3[at..at + 4];
        assert_eq!(h[0], 0xFF, "frame sync at byte {at}");
        assert_eq!(h[1] & 0xFE, 0xF2, "MPEG-2 Layer III at byte {at}");
        assert_eq!((h[2] >> 2) & 3, 1, "24 kHz at byte {at}");
        let kbps = KBPS[usize::from(h[2] >> 4)];
        assert_eq!(kbps, 48, "constant 48 kbps at byte {at}");
        at += 72 * kbps * 1000 / 24_000 + usize::from((h[2] >> 1) & 1);
        frames += 1;
    }
    assert_eq!(at, mp3.len(), "the last frame ends the file");
    frames as f64 * 576.0 / 24_000.0
}

const SHORT: &str = "/api/v1/practices/meditation-timer/audio?minutes=1&voice=off";

#[tokio::test]
async fn a_twenty_minute_body_scan_is_one_mp3_of_at_most_8_mb() {
    let app = app().await;
    let r = get(&app, "/api/v1/practices/body-scan/audio?minutes=20", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body.get(..200));
    assert_eq!(r.header(header::CONTENT_TYPE), "audio/mpeg");
    assert_eq!(r.header(header::ACCEPT_RANGES), "bytes");
    assert_eq!(
        r.header(header::CONTENT_DISPOSITION),
        "inline; filename=\"body-scan-20-min.mp3\""
    );
    let voiced = Espeak::find().is_some();
    assert_eq!(
        r.header(header::HeaderName::from_static("backcalm-voice")),
        if voiced { "espeak-ng" } else { "none" }
    );
    let size = r.body.len();
    assert!(size <= 8 * 1024 * 1024, "{size} bytes is over 8 MB");
    // 48 kbps is 6000 bytes a second.
    assert!((7_190_000..7_220_000).contains(&size), "{size} bytes");
    assert_eq!(&r.body[..2], &[0xFF, 0xF3], "starts with an MP3 frame");
    let seconds = mp3_seconds(&r.body);
    assert!((1200.0..1200.2).contains(&seconds), "{seconds} s");
    // Speech makes frames differ from the bells-only file.
    let bells = get(
        &app,
        "/api/v1/practices/body-scan/audio?minutes=20&voice=off",
        &[],
    )
    .await;
    assert_eq!(
        bells.header(header::HeaderName::from_static("backcalm-voice")),
        "none"
    );
    assert_eq!(bells.body.len(), size, "constant rate: same length");
    assert_eq!(bells.body != r.body, voiced);
}

#[tokio::test]
async fn the_file_can_be_cached_and_revalidated() {
    let app = app().await;
    let first = get(&app, SHORT, &[]).await;
    assert_eq!(first.status, StatusCode::OK);
    let etag = first.header(header::ETAG).to_string();
    assert!(etag.starts_with("\"mp3-") && etag.ends_with('"'), "{etag}");
    let cc = first.header(header::CACHE_CONTROL);
    assert!(cc.contains("max-age=") && !cc.contains("no-store"), "{cc}");
    // The same options give the same file; the order of parameters does not matter.
    let again = get(
        &app,
        "/api/v1/practices/meditation-timer/audio?voice=off&minutes=1",
        &[],
    )
    .await;
    assert_eq!(again.header(header::ETAG), etag);
    assert_eq!(again.body, first.body);
    let unchanged = get(&app, SHORT, &[("if-none-match", &etag)]).await;
    assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED);
    assert!(unchanged.body.is_empty());
    assert_eq!(unchanged.header(header::ETAG), etag);
    let other = get(&app, SHORT, &[("if-none-match", "\"mp3-0\"")]).await;
    assert_eq!(other.status, StatusCode::OK);
    // Another length is another file.
    let two = get(
        &app,
        "/api/v1/practices/meditation-timer/audio?minutes=2&voice=off",
        &[],
    )
    .await;
    assert_ne!(two.header(header::ETAG), etag);
    assert!(two.body.len() > first.body.len());
}

#[tokio::test]
async fn ranges_give_exactly_the_bytes_asked_for() {
    let app = app().await;
    let whole = get(&app, SHORT, &[]).await;
    assert_eq!(whole.status, StatusCode::OK);
    let full = whole.body.clone();
    let len = full.len();
    assert_eq!(
        whole.header(header::CONTENT_LENGTH),
        len.to_string(),
        "length of the whole"
    );
    let cases = [
        ("bytes=0-99", 0, 100),
        ("bytes=100-", 100, len),
        ("bytes=-500", len - 500, len),
        ("bytes=1000-1000", 1000, 1001),
        (
            &*format!("bytes={}-{}", len - 10, len + 1000),
            len - 10,
            len,
        ),
    ];
    for (range, from, to) in cases {
        let r = get(&app, SHORT, &[("range", range)]).await;
        assert_eq!(r.status, StatusCode::PARTIAL_CONTENT, "{range}");
        assert_eq!(
            r.header(header::CONTENT_RANGE),
            format!("bytes {}-{}/{len}", from, to - 1),
            "{range}"
        );
        assert_eq!(r.header(header::CONTENT_LENGTH), (to - from).to_string());
        assert_eq!(r.header(header::CONTENT_TYPE), "audio/mpeg");
        assert_eq!(r.body, full.slice(from..to), "{range}");
    }
    // Several ranges, or an If-Range for another file: the whole file.
    for headers in [
        vec![("range", "bytes=0-1,5-6")],
        vec![("range", "bytes=0-99"), ("if-range", "\"mp3-0\"")],
    ] {
        let r = get(&app, SHORT, &headers).await;
        assert_eq!(r.status, StatusCode::OK, "{headers:?}");
        assert_eq!(r.body, full);
    }
    let etag = whole.header(header::ETAG).to_string();
    let r = get(&app, SHORT, &[("range", "bytes=0-9"), ("if-range", &etag)]).await;
    assert_eq!(r.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(r.body, full.slice(0..10));
}

#[tokio::test]
async fn a_range_outside_the_file_is_416_with_its_length() {
    let app = app().await;
    let len = get(&app, SHORT, &[]).await.body.len();
    for range in [format!("bytes={len}-"), "bytes=-0".to_string()] {
        let r = get(&app, SHORT, &[("range", &range)]).await;
        assert_eq!(r.status, StatusCode::RANGE_NOT_SATISFIABLE, "{range}");
        assert_eq!(r.header(header::CONTENT_RANGE), format!("bytes */{len}"));
        let p = r.problem();
        assert_eq!(p["status"], 416);
        assert!(
            p["detail"]
                .as_str()
                .unwrap_or("")
                .contains(&len.to_string()),
            "{p}"
        );
    }
}

#[tokio::test]
async fn head_gives_the_headers_without_the_file() {
    let app = app().await;
    let len = get(&app, SHORT, &[]).await.body.len();
    let r = fetch(&app, Method::HEAD, SHORT, &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.is_empty());
    assert_eq!(r.header(header::CONTENT_LENGTH), len.to_string());
    assert_eq!(r.header(header::CONTENT_TYPE), "audio/mpeg");
}

#[tokio::test]
async fn bad_options_are_problems_that_name_the_parameter_never_500() {
    let app = app().await;
    let cases = [
        ("meditation-timer/audio?minutes=abc", 400, Some("minutes")),
        ("meditation-timer/audio?minutes=999", 422, Some("minutes")),
        ("meditation-timer/audio?minutes=open", 422, Some("minutes")),
        ("meditation-timer/audio?voice=loud", 422, Some("voice")),
        ("meditation-timer/audio?volume=11", 400, Some("volume")),
        (
            "meditation-timer/audio?interval=0.01",
            422,
            Some("interval"),
        ),
        ("body-scan/audio?pace=4:6", 422, Some("pace")),
        ("body-scan/audio?painful=tail", 422, Some("painful")),
        ("no-such-practice/audio", 404, Some("id")),
    ];
    for (path, status, field) in cases {
        let r = get(&app, &format!("/api/v1/practices/{path}"), &[]).await;
        assert_eq!(r.status.as_u16(), status, "{path}");
        let p = r.problem();
        assert_eq!(p["field"].as_str(), field, "{path}: {p}");
        assert!(!p["detail"].as_str().unwrap_or("").is_empty(), "{path}");
    }
    let r = get(&app, "/api/v1/practices/timer/audio?volume=11", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = get(
        &app,
        "/api/v1/practices/meditation-timer/audio?volume=11",
        &[],
    )
    .await;
    let detail = r.problem()["detail"].as_str().unwrap_or("").to_string();
    assert!(
        detail.contains("voice"),
        "the list of options names voice: {detail}"
    );
}

#[tokio::test]
async fn another_site_cannot_fetch_it() {
    let app = app().await;
    for h in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let r = get(&app, SHORT, &[h]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{h:?}");
        assert_eq!(r.problem()["status"], 403);
    }
}

#[tokio::test]
async fn text_is_compressed_for_browsers_that_accept_it_but_audio_never_is() {
    let app = app().await;
    let plain = get(&app, SHORT, &[]).await;
    for encoding in ["gzip", "br", "gzip, deflate, br, zstd"] {
        let r = get(&app, SHORT, &[("accept-encoding", encoding)]).await;
        assert_eq!(r.header(header::CONTENT_ENCODING), "", "{encoding}");
        assert_eq!(r.body, plain.body, "{encoding}");
        let part = get(
            &app,
            SHORT,
            &[("accept-encoding", encoding), ("range", "bytes=10-19")],
        )
        .await;
        assert_eq!(part.status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(part.header(header::CONTENT_ENCODING), "");
        assert_eq!(part.body, plain.body.slice(10..20));
    }
    let page = get(&app, "/practices", &[("accept-encoding", "gzip")]).await;
    assert_eq!(page.header(header::CONTENT_ENCODING), "gzip");
    let uncompressed = get(&app, "/practices", &[]).await;
    assert_eq!(uncompressed.header(header::CONTENT_ENCODING), "");
    assert!(
        page.body.len() * 2 < uncompressed.body.len(),
        "{} compressed, {} not",
        page.body.len(),
        uncompressed.body.len()
    );
    let css = get(&app, "/static/app.css", &[("accept-encoding", "br")]).await;
    assert_eq!(css.header(header::CONTENT_ENCODING), "br");
    assert!(css
        .header(header::VARY)
        .to_ascii_lowercase()
        .contains("accept-encoding"));
}

#[tokio::test]
async fn the_practice_page_links_to_the_file_of_the_version_shown() {
    let app = app().await;
    let page = app
        .get("/practices/guided-imagery?minutes=5&scene=forest")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let start = page
        .body
        .find("href=\"/api/v1/practices/guided-imagery/audio?")
        .expect("a link to the audio file")
        + "href=\"".len();
    let end = start + page.body[start..].find('"').expect("closing quote");
    let href = page.body[start..end].replace("&amp;", "&");
    assert_eq!(
        href,
        "/api/v1/practices/guided-imagery/audio?minutes=5&scene=forest"
    );
    assert!(page.body[end..].starts_with("\">Download for screen-off listening</a>"));
    let file = get(&app, &format!("{href}&voice=off"), &[]).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.header(header::CONTENT_TYPE), "audio/mpeg");
    // An open-ended timer has no file to offer.
    let open = app.get("/practices/meditation-timer?minutes=open").await;
    assert!(
        !open.body.contains("/audio?"),
        "no link for an open-ended session"
    );
}
