//! backcalm's web app: the JSON API under `/api/v1` and server-rendered pages
//! that work without JavaScript.
//!
//! Architecture Invariant: handlers read no clock and draw no random numbers;
//! "now" and fresh ids come from [`AppState`], which the binary fills with the
//! real clock and tests fill with fixed ones. Validation is core's
//! ([`backcalm_core::CheckInDraft::validate`]), so the API, the form and the
//! CLI accept exactly the same records.

pub mod access;
mod admission;
mod api;
mod assets;
mod charts;
mod choice;
mod cross_origin;
mod health;
mod host;
mod hosted;
mod json;
mod limits;
mod openapi;
mod pages;
mod param;
mod parse_errors;
mod personal;
mod problem;
mod push;
mod pwa;
mod range;
mod request_log;
mod server;
mod state;

pub use cross_origin::CSP;
pub use host::PublicOrigin;
pub use hosted::{HostedConfig, SESSION_COOKIE};
pub use json::BODY_LIMIT;
pub use problem::{Problem, PROBLEM_JSON};
pub use push::{
    tick as push_tick, Endpoints as PushEndpoints, PushConfig, PushError, TickReport, PUSH_SERVICES,
};
pub use server::{serve_with, shutdown_signal, ServeConfig, HEAD_BUFFER};
pub use state::{AppState, Clock, IdSource};

use axum::extract::DefaultBodyLimit;
use axum::http::{Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::{middleware, Extension, Router};
use std::net::SocketAddr;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}; choose another address or port (e.g. --bind 127.0.0.1:0)")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The server stopped with an I/O error.
    #[error("the web server stopped: {0}")]
    Serve(std::io::Error),
}

/// The whole app: pages, static files and the JSON API, with security headers on every answer.
pub fn router(state: AppState) -> Router {
    let app = Router::new()
        // Pages name the person's own numbers in their footer, and say whether reminders are set.
        .merge(
            pages::routes()
                .route_layer(middleware::from_fn_with_state(
                    state.clone(),
                    pages::help::with_numbers,
                ))
                .route_layer(middleware::from_fn_with_state(
                    state.clone(),
                    pages::with_reminders,
                )),
        )
        .merge(assets::routes())
        .merge(api::routes())
        .merge(pwa::routes())
        .merge(health::routes())
        // Who may call each route (hosted mode), inside the form token's check
        // below, so a forged form is refused before anything else is decided.
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            access::enforce,
        ))
        // After every merge, so that it guards every route (a wrong method still gets 405).
        .route_layer(middleware::from_fn_with_state(
            state.form_tokens(),
            admission::forms_carry_token,
        ))
        // Tells the request log which route answered (its template, not the path).
        .route_layer(middleware::from_fn(request_log::remember_route))
        .fallback(not_found)
        // Registered last so that it covers every route above.
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(admission::known_host))
        .layer(middleware::from_fn(limits::refuse_oversized))
        .layer(middleware::from_fn(cross_origin::security_headers))
        .layer(compression())
        // Outermost but for the request id and the public origin, so that
        // the line has the final status and the whole time taken.
        .layer(request_log::layer())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid));
    // Outermost, so that the host and origin checks read it from every request.
    let app = match state.public_origin() {
        Some(origin) => app.layer(Extension(origin.clone())),
        None => app,
    };
    app.with_state(state)
}

/// gzip or brotli, as the browser accepts, for text answers; never for
/// audio, whose byte ranges must be ranges of the file itself, nor for
/// event streams, images or answers too small to gain.
fn compression() -> CompressionLayer<impl Predicate> {
    let predicate = DefaultPredicate::new().and(NotForContentType::const_new("audio/"));
    CompressionLayer::new().compress_when(predicate)
}

pub(crate) fn is_api(uri: &Uri) -> bool {
    uri.path() == "/api" || uri.path().starts_with("/api/")
}

async fn not_found(uri: Uri) -> Response {
    if is_api(&uri) {
        Problem::not_found(format!(
            "there is no API route {}; the API lives under /api/v1",
            uri.path()
        ))
        .into_response()
    } else {
        pages::not_found_page(uri.path())
    }
}

async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    if is_api(&uri) {
        Problem::method_not_allowed(format!(
            "{} is not allowed on {}; the Allow header lists what is",
            method,
            uri.path()
        ))
        .into_response()
    } else {
        pages::method_not_allowed_page(&method)
    }
}

/// Binds `bind`, calls `ready` with the address actually bound (port 0 picks
/// a free one), and serves until Ctrl-C or SIGTERM, finishing open requests,
/// with the default [`ServeConfig`].
pub async fn serve(
    state: AppState,
    bind: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), WebError> {
    serve_with(
        state,
        ServeConfig::default(),
        bind,
        ready,
        server::shutdown_signal(),
    )
    .await
}
