//! The request log: one line per request, through tower-http's trace layer
//! and `tracing` (the binary decides where it goes; `backcalm serve` writes
//! it to stderr). A line holds the method, the path, the status and the time
//! taken, never the query (it can carry the form token or a person's chosen
//! places), headers or bodies: no journal content and no secrets.

use axum::body::Body;
use axum::http::{Request, Response};
use std::time::Duration;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{DefaultOnBodyChunk, DefaultOnEos, TraceLayer};
use tracing::Span;

type MakeSpan = fn(&Request<Body>) -> Span;
type OnResponse = fn(&Response<Body>, Duration, &Span);

/// The trace layer, as `router()` puts it around everything else.
pub type RequestLog = TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    MakeSpan,
    (),
    OnResponse,
    DefaultOnBodyChunk,
    DefaultOnEos,
    (),
>;

/// Logs each answer once: nothing when the request arrives, nothing more for
/// a server error (its status is on the line; the handler logs the cause).
pub fn layer() -> RequestLog {
    TraceLayer::new_for_http()
        .make_span_with(span as MakeSpan)
        .on_request(())
        .on_response(answered as OnResponse)
        .on_failure(())
}

/// The request's method and path (without the query).
fn span(req: &Request<Body>) -> Span {
    tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
}

fn answered(res: &Response<Body>, latency: Duration, _span: &Span) {
    let ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
    tracing::info!(status = res.status().as_u16(), ms, "answered");
}
