//! The edges of the real server, from the outside over raw TCP: read
//! timeouts, the Host rule, the Origin's scheme, oversized requests, form
//! bodies that are not UTF-8, notes with control characters, exact static
//! paths, and the security headers on every answer the server writes.

use crate::common::input_value;
use backcalm_web::{serve_with, ServeConfig};
use std::net::SocketAddr;
use std::time::Duration;
// Timeouts are measured on the runtime's clock, the one the server's timers use.
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::time::Instant;

/// A running server over a fresh journal; stops when dropped.
struct Server {
    addr: SocketAddr,
    _stop: oneshot::Sender<()>,
    _app: crate::common::App,
}

async fn start(config: ServeConfig) -> Server {
    let app = crate::common::app().await;
    let state = crate::common::state(app.store.clone());
    let (ready_tx, ready_rx) = oneshot::channel();
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let bind = SocketAddr::from(([127, 0, 0, 1], 0));
        let stop = async {
            let _ = stop_rx.await;
        };
        serve_with(
            state,
            config,
            bind,
            |a| {
                let _ = ready_tx.send(a);
            },
            stop,
        )
        .await
    });
    Server {
        addr: ready_rx.await.expect("bound"),
        _stop: stop_tx,
        _app: app,
    }
}

fn quick() -> ServeConfig {
    ServeConfig {
        header_timeout: Duration::from_millis(400),
        body_grace: Duration::from_millis(400),
        body_min_bytes_per_s: 1000,
        shutdown_deadline: Duration::from_secs(2),
    }
}

/// Sends `raw` and reads until the server closes the connection (at most 5 s).
///
/// Reads while it writes: a server that refuses a request part-way (431, 414)
/// answers and closes before the rest is sent, and on a busy machine the
/// close can reset the connection. Reading at once keeps the answer that
/// arrived before the reset; the refused rest may fail to send.
async fn exchange(addr: SocketAddr, raw: &[u8]) -> String {
    let conn = TcpStream::connect(addr).await.expect("connect");
    let (mut reader, mut writer) = conn.into_split();
    let raw_owned = raw.to_vec();
    let sending = tokio::spawn(async move {
        // A refusal may close the connection before all of it is sent.
        let _ = writer.write_all(&raw_owned).await;
        writer
    });
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), async {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match reader.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server kept the connection open: {raw:?}");
    drop(sending.await);
    String::from_utf8_lossy(&answer).into_owned()
}

/// The status code of a raw answer.
fn status(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {answer:?}"))
}

/// Every answer the server writes carries these, errors included.
fn assert_hardened(answer: &str) {
    let lower = answer.to_ascii_lowercase();
    for h in [
        "content-security-policy: default-src 'self'",
        "x-content-type-options: nosniff",
        "x-frame-options: deny",
        "cross-origin-opener-policy: same-origin",
        "cross-origin-resource-policy: same-origin",
        "referrer-policy: no-referrer",
    ] {
        assert!(lower.contains(h), "{h} missing in {answer}");
    }
}

fn get(path: &str, host_lines: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\n{host_lines}Connection: close\r\n\r\n").into_bytes()
}

#[tokio::test]
async fn a_request_head_that_stops_short_is_dropped_after_the_header_timeout() {
    let s = start(quick()).await;
    let started = Instant::now();
    let answer = exchange(s.addr, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").await;
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(300), "{waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
    assert!(!answer.contains("200 OK"), "{answer}");
    // An idle connection is closed the same way.
    let started = Instant::now();
    let idle = exchange(s.addr, b"").await;
    assert!(idle.is_empty() || status(&idle) == 408, "{idle}");
    assert!(started.elapsed() < Duration::from_secs(3));
    // And so is a kept-alive connection once its request was answered.
    let started = Instant::now();
    let kept = exchange(
        s.addr,
        format!("GET /api/v1/practices HTTP/1.1\r\nHost: {}\r\n\r\n", s.addr).as_bytes(),
    )
    .await;
    assert_eq!(status(&kept), 200, "{kept}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn a_body_that_trickles_is_408_and_the_connection_closed() {
    let s = start(quick()).await;
    let host = s.addr;
    let started = Instant::now();
    let raw = format!(
        "POST /api/v1/checkins HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n{{\"pain\": 3"
    );
    let answer = exchange(s.addr, raw.as_bytes()).await;
    assert_eq!(status(&answer), 408, "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
    assert!(answer.contains("urn:backcalm:problem:timeout"), "{answer}");
    assert_hardened(&answer);
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn a_body_announced_over_the_limit_is_413_at_once() {
    let s = start(ServeConfig::default()).await;
    let raw = format!(
        "POST /api/v1/checkins HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\n{{}}",
        s.addr
    );
    let started = Instant::now();
    let answer = exchange(s.addr, raw.as_bytes()).await;
    assert_eq!(status(&answer), 413, "{answer}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_hardened(&answer);
}

#[tokio::test]
async fn the_host_must_be_one_valid_authority_naming_this_computer() {
    let s = start(ServeConfig::default()).await;
    let a = s.addr;
    let ok = exchange(a, &get("/api/v1/practices", &format!("Host: {a}\r\n"))).await;
    assert_eq!(status(&ok), 200, "{ok}");
    for (lines, want) in [
        (String::new(), 400),
        (format!("Host: {a}\r\nHost: {a}\r\n"), 400),
        ("Host: [::1]evil\r\n".to_string(), 400),
        ("Host: evil.example#.localhost\r\n".to_string(), 400),
        ("Host: user@localhost\r\n".to_string(), 400),
        ("Host: evil.example\r\n".to_string(), 403),
    ] {
        for path in ["/api/v1/practices", "/"] {
            let answer = exchange(a, &get(path, &lines)).await;
            assert_eq!(status(&answer), want, "{lines:?} {path}: {answer}");
            assert_hardened(&answer);
        }
    }
    // HTTP/1.0 has no Host requirement.
    let old = exchange(a, b"GET /api/v1/practices HTTP/1.0\r\n\r\n").await;
    assert_eq!(status(&old), 200, "{old}");
}

#[tokio::test]
async fn an_origin_must_match_in_scheme_host_and_port() {
    let s = start(ServeConfig::default()).await;
    let a = s.addr;
    let post = |origin: String| {
        format!(
            "POST /api/v1/checkins HTTP/1.1\r\nHost: {a}\r\nOrigin: {origin}\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{{\"pain\": 2}}"
        )
    };
    let https = exchange(a, post(format!("https://{a}")).as_bytes()).await;
    assert_eq!(status(&https), 403, "{https}");
    let other_port = exchange(
        a,
        post(format!("http://127.0.0.1:{}", a.port() + 1)).as_bytes(),
    )
    .await;
    assert_eq!(status(&other_port), 403, "{other_port}");
    let ours = exchange(a, post(format!("http://{a}")).as_bytes()).await;
    assert_eq!(status(&ours), 201, "{ours}");
}

#[tokio::test]
async fn oversized_urls_and_headers_get_the_servers_own_answer_with_headers() {
    let s = start(ServeConfig::default()).await;
    let a = s.addr;
    let long = format!("/api/v1/practices?x={}", "a".repeat(9000));
    let answer = exchange(a, &get(&long, &format!("Host: {a}\r\n"))).await;
    assert_eq!(status(&answer), 414, "{answer}");
    assert_hardened(&answer);
    let many: String = (0..120).map(|i| format!("X-H{i}: v\r\n")).collect();
    let answer = exchange(a, &get("/", &format!("Host: {a}\r\n{many}"))).await;
    assert_eq!(status(&answer), 431, "{answer}");
    assert_hardened(&answer);
    let big = format!("Host: {a}\r\nX-Big: {}\r\n", "b".repeat(20_000));
    let answer = exchange(a, &get("/", &big)).await;
    assert_eq!(status(&answer), 431, "{answer}");
    assert_hardened(&answer);
    let missing = exchange(a, &get("/nowhere", &format!("Host: {a}\r\n"))).await;
    assert_eq!(status(&missing), 404, "{missing}");
    assert_hardened(&missing);
}

#[tokio::test]
async fn requests_hyper_cannot_parse_get_its_answer_with_our_headers() {
    let s = start(ServeConfig::default()).await;
    let a = s.addr;
    let host = format!("Host: {a}\r\n");
    let cases: Vec<(Vec<u8>, u16)> = vec![
        (
            format!("GET / HTTP/1.1\r\n{host}No colon here\r\n\r\n").into_bytes(),
            400,
        ),
        (format!("GET / HTTP/9.9\r\n{host}\r\n").into_bytes(), 400),
        (b"GET /\x01 HTTP/1.1\r\n\r\n".to_vec(), 400),
        // Over hyper's own limits, so the router never sees them.
        (get(&format!("/{}", "u".repeat(70_000)), &host), 414),
        // Over twice hyper's buffer, so hyper answers however the bytes
        // arrive (up to one buffer more may be read before it checks).
        (
            get(
                "/",
                &format!(
                    "{host}X-Huge: {}\r\n",
                    "h".repeat(2 * backcalm_web::HEAD_BUFFER + 64 * 1024)
                ),
            ),
            431,
        ),
    ];
    for (raw, want) in cases {
        let answer = exchange(a, &raw).await;
        assert_eq!(status(&answer), want, "{answer}");
        assert_hardened(&answer);
        assert!(answer.ends_with("\r\n\r\n"), "one head, no body: {answer}");
        assert_eq!(answer.matches("\r\n\r\n").count(), 1, "{answer}");
    }
    // A good request and a broken one in one packet: the first answer is
    // the router's, the second hyper's, both with the headers.
    let both = [get_keep("/healthz-none", &host), b"BROKEN\r\n\r\n".to_vec()].concat();
    let answer = exchange(a, &both).await;
    let heads: Vec<&str> = answer.split("HTTP/1.1 ").skip(1).collect();
    assert_eq!(heads.len(), 2, "{answer}");
    assert!(heads[0].starts_with("404"), "{answer}");
    assert!(heads[1].starts_with("400"), "{answer}");
    for head in heads {
        assert_hardened(head);
    }
}

fn get_keep(path: &str, host_lines: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\n{host_lines}\r\n").into_bytes()
}

#[tokio::test]
async fn static_paths_are_exact() {
    let s = start(ServeConfig::default()).await;
    let a = s.addr;
    let css = exchange(a, &get("/static/app.css", &format!("Host: {a}\r\n"))).await;
    assert_eq!(status(&css), 200, "{}", &css[..200.min(css.len())]);
    for path in ["/static/app.css/", "/static//app.css", "/static/"] {
        let answer = exchange(a, &get(path, &format!("Host: {a}\r\n"))).await;
        assert_eq!(status(&answer), 404, "{path}: {answer}");
        assert!(!answer.contains("octet-stream"), "{answer}");
        assert_hardened(&answer);
    }
}

/// The check-in form's token, read from the page as a browser would.
async fn form_token(addr: SocketAddr) -> String {
    let page = exchange(addr, &get("/checkin", &format!("Host: {addr}\r\n"))).await;
    input_value(&page, "csrf")
}

fn form_post(addr: SocketAddr, body: &[u8]) -> Vec<u8> {
    let mut raw = format!(
        "POST /checkin HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    raw.extend_from_slice(body);
    raw
}

#[tokio::test]
async fn form_fields_that_are_not_utf8_are_400_naming_the_field() {
    let s = start(ServeConfig::default()).await;
    let a = s.addr;
    let token = form_token(a).await;
    let encoded = format!("csrf={token}&pain=3&note=caf%C3%28");
    let answer = exchange(a, &form_post(a, encoded.as_bytes())).await;
    assert_eq!(status(&answer), 400, "{answer}");
    assert!(answer.contains("note"), "{answer}");
    assert_hardened(&answer);
    let mut raw = format!("csrf={token}&pain=3&activity=walk").into_bytes();
    raw.push(0xff);
    let answer = exchange(a, &form_post(a, &raw)).await;
    assert_eq!(status(&answer), 400, "{answer}");
    assert!(answer.contains("activity"), "{answer}");
    // The same form with text is saved (a redirect to the next page).
    let fine = format!("csrf={token}&pain=3&note=caf%C3%A9");
    let answer = exchange(a, &form_post(a, fine.as_bytes())).await;
    assert!([200, 303].contains(&status(&answer)), "{answer}");
}

#[tokio::test]
async fn notes_with_control_characters_are_refused_by_the_api_and_the_form() {
    let s = start(ServeConfig::default()).await;
    let a = s.addr;
    let body = r#"{"pain": 3, "note": "a\u0000b \u001b[31mred"}"#;
    let raw = format!(
        "POST /api/v1/checkins HTTP/1.1\r\nHost: {a}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let answer = exchange(a, raw.as_bytes()).await;
    assert_eq!(status(&answer), 422, "{answer}");
    assert!(answer.contains(r#""field":"note""#), "{answer}");
    let token = form_token(a).await;
    let form = format!("csrf={token}&pain=3&note=bell%07");
    let answer = exchange(a, &form_post(a, form.as_bytes())).await;
    assert_eq!(status(&answer), 422, "{answer}");
    assert!(answer.contains("control character"), "{answer}");
}
