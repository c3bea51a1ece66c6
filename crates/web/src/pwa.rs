//! Installable and offline: the web app manifest and the service worker.
//!
//! The service worker is served from `/sw.js` (not `/static/`) so that its
//! scope is the whole site. Its code lives in `static/sw.js`; this module
//! puts two constants in front of it: the list of URLs to keep for offline
//! use (the app shell, every static file, and every practice with its
//! default timeline and player) and a version that changes whenever any of
//! them could, so that a new binary replaces the old offline copy.
//!
//! The worker also sends the offline outbox when the browser fires a
//! Background Sync, with the tab closed. It runs the very same code as the
//! pages (`static/outbox.js`), wrapped here as a classic script in the
//! constant `Outbox`: a module service worker would not install at all in
//! browsers that lack them, and offline use matters more than sync.

use crate::assets;
use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use backcalm_core::Practice;
use serde_json::json;

/// The light background of the calm palette (`--bg` in app.css).
const BACKGROUND: &str = "#f5f3ee";
/// The colour of the header bar (`--surface` in app.css).
const THEME: &str = "#fffdf9";

/// The pages and documents of the app shell, kept for offline use (the
/// crisis numbers of `/help-now` too: they matter most when nothing else works).
const SHELL: [&str; 8] = [
    "/",
    "/help-now",
    "/practices",
    "/checkin",
    "/history",
    "/offline",
    "/manifest.webmanifest",
    "/api/v1/practices",
];

/// The static file that is the service worker's own code; it is not precached.
const WORKER_SOURCE: &str = "sw.js";

/// The outbox module that the worker runs too (for Background Sync).
const OUTBOX_SOURCE: &str = "outbox.js";

/// `/manifest.webmanifest` and `/sw.js`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/manifest.webmanifest", get(manifest))
        .route("/sw.js", get(service_worker))
}

/// Where a practice's player lives.
pub fn player_path(practice_id: &str) -> String {
    format!("/practices/{practice_id}/play")
}

/// The URLs a practice needs to play with the network off: its page, its
/// player and its timeline at the default length (what the player asks for first).
fn practice_urls(p: &Practice) -> [String; 3] {
    [
        format!("/practices/{}", p.id),
        player_path(&p.id),
        format!("/api/v1/practices/{}?minutes={}", p.id, p.default_minutes),
    ]
}

/// Every URL the service worker stores when it installs, in a stable order.
pub fn precache_urls(state: &AppState) -> Vec<String> {
    let mut urls: Vec<String> = SHELL.iter().map(|s| (*s).to_string()).collect();
    for p in state.library.practices() {
        urls.extend(practice_urls(p));
    }
    urls.extend(
        assets::paths()
            .into_iter()
            .filter(|p| p != WORKER_SOURCE)
            .map(|p| format!("/static/{p}")),
    );
    urls
}

/// FNV-1a, 64 bits: a fingerprint of what the offline copy holds, not a security measure.
fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        // A separator, so that ["ab", "c"] and ["a", "bc"] differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The offline copy's version: the program's version, every static file and
/// the precache list (which names each practice and its default length).
pub fn cache_version(urls: &[String]) -> String {
    let files = assets::paths();
    let mut parts: Vec<&[u8]> = vec![env!("CARGO_PKG_VERSION").as_bytes()];
    for path in &files {
        parts.push(path.as_bytes());
        parts.push(assets::file(path).unwrap_or_default());
    }
    for url in urls {
        parts.push(url.as_bytes());
    }
    format!("{:016x}", fingerprint(parts))
}

/// The service worker's code with its version and URL list in front.
pub fn worker_script(state: &AppState) -> String {
    let urls = precache_urls(state);
    let version = cache_version(&urls);
    let body = assets::file(WORKER_SOURCE)
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    // serde_json writes a JavaScript-safe array literal (JSON is a subset of JS here: no U+2028 in URLs).
    let list = serde_json::to_string(&urls).unwrap_or_else(|_| "[]".into());
    let outbox = assets::file(OUTBOX_SOURCE)
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    let outbox = classic_script(&outbox);
    format!(
        "const VERSION = \"{version}\";\nconst PRECACHE = {list};\n\n\
         // static/outbox.js, as a classic script (see src/pwa.rs).\n\
         const Outbox = (() => {{\n{outbox}\nreturn {{ flush, pending, SYNC_TAG }};\n}})();\n\n{body}"
    )
}

/// A module's code with the `export` keyword taken off its top-level
/// declarations, so that it runs inside a function of a classic script.
/// outbox.js exports only declarations (no `export {…}` lists, no imports);
/// a test checks that no other export or import is left.
fn classic_script(module: &str) -> String {
    module
        .lines()
        .map(|line| line.strip_prefix("export ").unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

async fn service_worker(State(state): State<AppState>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            // The browser checks for a new worker on every visit.
            (header::CACHE_CONTROL, "no-cache"),
        ],
        worker_script(&state),
    )
        .into_response()
}

/// The manifest as JSON.
pub fn manifest_json() -> serde_json::Value {
    json!({
        "id": "/",
        "name": "backcalm",
        "short_name": "backcalm",
        "description": "Mindfulness practices and a pain journal for persistent back pain. Your data stays on your device.",
        "lang": "en",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND,
        "theme_color": THEME,
        "icons": [
            { "src": "/static/icons/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any" },
            { "src": "/static/icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any" },
            { "src": "/static/icons/maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable" },
            { "src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any" }
        ],
        "shortcuts": [
            { "name": "Check in", "url": "/checkin" },
            { "name": "Practices", "url": "/practices" }
        ]
    })
}

async fn manifest() -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/manifest+json"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        manifest_json().to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::{classic_script, fingerprint, OUTBOX_SOURCE};
    use crate::assets;

    #[test]
    fn the_outbox_module_becomes_a_classic_script() {
        let module = String::from_utf8_lossy(assets::file(OUTBOX_SOURCE).unwrap()).into_owned();
        assert!(module.contains("\nexport function flush()"));
        let classic = classic_script(&module);
        assert!(classic.contains("\nfunction flush()"));
        assert!(classic.contains("\nconst SYNC_TAG = "));
        for line in classic.lines() {
            let code = line.trim_start();
            assert!(
                !code.starts_with("export") && !code.starts_with("import"),
                "a module statement is left in the worker's copy: {line}"
            );
        }
        assert_eq!(classic.lines().count(), module.lines().count());
    }

    #[test]
    fn fingerprint_separates_parts_and_is_stable() {
        let a = fingerprint([b"ab".as_slice(), b"c".as_slice()]);
        let b = fingerprint([b"a".as_slice(), b"bc".as_slice()]);
        assert_ne!(a, b);
        assert_eq!(a, fingerprint([b"ab".as_slice(), b"c".as_slice()]));
    }
}
