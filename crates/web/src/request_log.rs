//! The request log: one line per request, through tower-http's trace layer
//! and `tracing` (the binary decides where it goes and how: `backcalm serve`
//! writes text or JSON to stderr). A line holds the method, the route that
//! answered as its template (`/api/v1/checkins/{id}`: no record ids;
//! `(no route)` when none matched), the status, the time taken and the
//! request id (the `x-request-id` a proxy sent, or a new UUID, which the
//! answer carries back). Never the query (it can carry the form token or a
//! person's chosen places), cookies, other headers or bodies: no journal
//! content and no secrets.

use axum::body::Body;
use axum::extract::{MatchedPath, Request as AnyRequest};
use axum::http::{Request, Response};
use axum::middleware::Next;
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

/// The route that answered a request, as its template.
#[derive(Debug, Clone)]
struct Route(String);

/// Puts the matched route's template on the answer, for [`answered`] (the
/// trace layer is outside the router, where the match is not known yet).
pub async fn remember_route(
    matched: Option<MatchedPath>,
    req: AnyRequest,
    next: Next,
) -> Response<Body> {
    let mut res = next.run(req).await;
    if let Some(m) = matched {
        res.extensions_mut().insert(Route(m.as_str().to_string()));
    }
    res
}

/// The request's method and id; its route is filled in once answered.
fn span(req: &Request<Body>) -> Span {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        method = %req.method(),
        route = tracing::field::Empty,
        request_id = %id
    )
}

fn answered(res: &Response<Body>, latency: Duration, span: &Span) {
    // No route: a 404 or 405 from the fallbacks, or an answer made before
    // routing (a refused host, an oversized request).
    let route = res
        .extensions()
        .get::<Route>()
        .map_or("(no route)", |Route(r)| r.as_str());
    span.record("route", route);
    let ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
    tracing::info!(status = res.status().as_u16(), ms, "answered");
}
