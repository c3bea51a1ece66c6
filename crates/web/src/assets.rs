//! The static files (`crates/web/static/`), compiled into the binary.
//!
//! Served at `/static/<path>` with a content type from the extension and an
//! hour of caching: files change only with the binary, and the service worker
//! keeps its own versioned copy for offline use. Text files go out as brotli
//! at its best quality, compressed once (`packed.rs`), when the browser takes
//! brotli; otherwise the app's compression layer compresses them as it does
//! every answer.

mod packed;

use crate::state::AppState;
use axum::body::Body;
use axum::extract::Path;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use include_dir::{include_dir, Dir};

static STATIC: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/static");

/// `/static/*path`.
pub fn routes() -> Router<AppState> {
    Router::new().route("/static/{*path}", get(asset))
}

/// The bytes of a static file, if it exists (also used by the service worker's file list).
pub fn file(path: &str) -> Option<&'static [u8]> {
    STATIC.get_file(path).map(|f| f.contents())
}

/// Every static file's path, sorted.
pub fn paths() -> Vec<String> {
    fn walk(dir: &Dir<'_>, out: &mut Vec<String>) {
        for f in dir.files() {
            out.push(f.path().to_string_lossy().into_owned());
        }
        for d in dir.dirs() {
            walk(d, out);
        }
    }
    let mut out = Vec::new();
    walk(&STATIC, &mut out);
    out.sort();
    out
}

/// The content type for a file name.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

async fn asset(Path(path): Path<String>, headers: HeaderMap) -> Response {
    // A file's path exactly: `app.css/` or `player//main.js` name no file.
    let exact = !path.is_empty() && path.split('/').all(|part| !part.is_empty());
    let Some(f) = STATIC.get_file(&path).filter(|_| exact) else {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    };
    let kind = content_type(&path);
    let common = [
        (header::CONTENT_TYPE, kind),
        (header::CACHE_CONTROL, "public, max-age=3600"),
    ];
    if packed::worth_packing(kind) && packed::accepts_brotli(&headers) {
        if let Some(bytes) = packed::brotli(f).await {
            return (
                common,
                [
                    (header::CONTENT_ENCODING, "br"),
                    (header::VARY, "accept-encoding"),
                ],
                Body::from(bytes),
            )
                .into_response();
        }
    }
    (common, f.contents()).into_response()
}
