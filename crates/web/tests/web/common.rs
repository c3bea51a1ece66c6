//! Shared test setup: the app over a fresh SQLite journal, a fixed clock
//! (2026-11-26T10:00:00Z, Europe/London) and counting ids.

use axum::body::{to_bytes, Body};
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use backcalm_core::{Library, TzName};
use backcalm_store::Store;
use backcalm_web::{router, AppState, Clock, IdSource};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tempfile::TempDir;
use tower::ServiceExt;
use uuid::Uuid;

/// The instant every request sees.
pub const NOW: &str = "2026-11-26T10:00:00Z";
/// The Host every request is sent to.
pub const HOST: &str = "127.0.0.1:8080";

/// The app, the journal behind it, and the folder that holds the journal.
pub struct App {
    pub router: Router,
    pub store: Store,
    _dir: Option<TempDir>,
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    /// The body as JSON; fails the test when it is not.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// A header as text ("" when absent).
    pub fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// State with the fixed clock, London as the default zone and ids 1, 2, 3, …
pub fn state(store: Store) -> AppState {
    state_with_clock(store, Arc::new(|| NOW.parse().expect("NOW is an instant")))
}

/// [`state`] with another clock.
pub fn state_with_clock(store: Store, clock: Clock) -> AppState {
    let next = Arc::new(AtomicU64::new(1));
    let ids: IdSource =
        Arc::new(move || Uuid::from_u128(u128::from(next.fetch_add(1, Ordering::SeqCst))));
    let library = Library::embedded().expect("the shipped content loads");
    AppState::new(
        store,
        library,
        TzName::new("Europe/London").expect("known zone"),
        clock,
        ids,
    )
}

/// A fresh app over a new SQLite file in a temporary folder.
pub async fn app() -> App {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open_sqlite_file(&dir.path().join("journal.db"))
        .await
        .expect("open the journal");
    App {
        router: router(state(store.clone())),
        store,
        _dir: Some(dir),
    }
}

/// A clock the test moves by hand, down to the nanosecond.
#[derive(Clone)]
pub struct HandClock(Arc<Mutex<jiff::Timestamp>>);

impl HandClock {
    /// Starts at `at` (RFC 3339).
    pub fn at(at: &str) -> Self {
        HandClock(Arc::new(Mutex::new(at.parse().expect("an instant"))))
    }

    /// Moves it on by `nanos`.
    pub fn advance_ns(&self, nanos: i64) {
        let mut now = self.0.lock().expect("clock");
        *now = now
            .checked_add(jiff::SignedDuration::from_nanos(nanos))
            .expect("in range");
    }

    /// The app's view of it.
    pub fn clock(&self) -> Clock {
        let c = self.0.clone();
        Arc::new(move || *c.lock().expect("clock"))
    }
}

/// A fresh app over a new SQLite file whose clock is `clock`.
pub async fn app_with_clock(clock: &HandClock) -> App {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open_sqlite_file(&dir.path().join("journal.db"))
        .await
        .expect("open the journal");
    App {
        router: router(state_with_clock(store.clone(), clock.clock())),
        store,
        _dir: Some(dir),
    }
}

/// The app over a state the test built (with its store).
pub fn app_from_state(state: AppState, store: Store) -> App {
    App {
        router: router(state),
        store,
        _dir: None,
    }
}

/// The app over a store opened elsewhere (PostgreSQL).
pub fn app_over(store: Store) -> App {
    App {
        router: router(state(store.clone())),
        store,
        _dir: None,
    }
}

impl App {
    /// Sends one request through the router.
    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("the router never fails");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = to_bytes(res.into_body(), 4 * 1024 * 1024)
            .await
            .expect("read the body");
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// GET with the usual Host.
    pub async fn get(&self, uri: &str) -> Reply {
        self.send(
            request(Method::GET, uri)
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    /// A JSON body with the given method.
    pub async fn json(&self, method: Method, uri: &str, body: &str) -> Reply {
        let req = request(method, uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send(req).await
    }

    /// POST a JSON body.
    pub async fn post(&self, uri: &str, body: &str) -> Reply {
        self.json(Method::POST, uri, body).await
    }

    /// DELETE.
    pub async fn delete(&self, uri: &str) -> Reply {
        self.send(
            request(Method::DELETE, uri)
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    /// POST a form, as a browser on this host does.
    pub async fn post_form(
        &self,
        uri: &str,
        pairs: &[(&str, &str)],
        origin: Option<&str>,
    ) -> Reply {
        let body = form_body(pairs);
        let mut req = request(Method::POST, uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(o) = origin {
            req = req.header(header::ORIGIN, o);
        }
        self.send(req.body(Body::from(body)).expect("request"))
            .await
    }
}

/// A request builder with the Host header set.
pub fn request(method: Method, uri: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, HOST)
}

/// `application/x-www-form-urlencoded` encoding, written out for the few characters tests use.
pub fn form_body(pairs: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                b' ' => "+".to_string(),
                other => format!("%{other:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of `<input ... name="NAME" value="VALUE">` in a page.
pub fn input_value(html: &str, name: &str) -> String {
    let needle = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no input named {name}"))
        + needle.len();
    let end = html[start..].find('"').expect("closing quote") + start;
    html[start..end].to_string()
}
