//! Requests too large to read, refused before anything reads them: a body
//! announced over [`BODY_LIMIT`] (413, at once, rather than after reading
//! 64 KiB of it), a URL over [`MAX_URI`] (414), headers over [`MAX_HEADERS`]
//! lines or [`MAX_HEADER_BYTES`] (431). The router answers these itself, so
//! they carry the security headers and say what to do; hyper's own limits
//! are set above these (see `server.rs`).

use crate::admission::refusal;
use crate::json::BODY_LIMIT;
use crate::problem::Problem;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The longest path and query accepted, in bytes.
pub const MAX_URI: usize = 8 * 1024;
/// The most header lines accepted.
pub const MAX_HEADERS: usize = 100;
/// The most header bytes accepted (names and values).
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Refuses what is too large before a handler reads it.
pub async fn refuse_oversized(req: Request, next: Next) -> Response {
    let api = crate::is_api(req.uri());
    let uri_len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    let header_bytes: usize = req
        .headers()
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len())
        .sum();
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let (status, detail) = if uri_len > MAX_URI {
        (
            StatusCode::URI_TOO_LONG,
            format!("the URL is {uri_len} bytes long; backcalm reads at most {MAX_URI}"),
        )
    } else if req.headers().len() > MAX_HEADERS || header_bytes > MAX_HEADER_BYTES {
        (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!(
                "the request has {} header lines and {header_bytes} bytes of headers; backcalm reads at most {MAX_HEADERS} lines and {MAX_HEADER_BYTES} bytes",
                req.headers().len()
            ),
        )
    } else if announced.is_some_and(|n| n > body_limit(&req) as u64) {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the body is larger than {} KiB; send less at once",
                body_limit(&req) / 1024
            ),
        )
    } else {
        return next.run(req).await;
    };
    if api {
        return match status {
            StatusCode::URI_TOO_LONG => Problem::uri_too_long(detail),
            StatusCode::PAYLOAD_TOO_LARGE => Problem::too_large(detail),
            _ => Problem::headers_too_large(detail),
        }
        .into_response();
    }
    refusal(
        status,
        "That request was too large",
        &format!("{}.", capitalised(&detail)),
    )
}

/// The largest body `req` may have: [`BODY_LIMIT`], or an export's size
/// for the import route.
fn body_limit(req: &Request) -> usize {
    if req.method() == axum::http::Method::POST
        && req.uri().path() == crate::api::export::IMPORT_PATH
    {
        crate::api::export::IMPORT_LIMIT
    } else {
        BODY_LIMIT
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
