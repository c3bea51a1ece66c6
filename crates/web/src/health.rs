//! `GET /healthz` and `GET /readyz`, for service managers and load
//! balancers. Neither says anything about anyone's journal.

use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(alive))
        .route("/readyz", get(ready))
}

/// The process is up and answering.
async fn alive() -> Response {
    plain(StatusCode::OK, "alive\n")
}

/// The journal's database answers a query. Its schema is current because
/// the store brought it up to date when it opened, before serving began.
async fn ready(State(state): State<AppState>) -> Response {
    match state.store.settings().await {
        Ok(_) => plain(StatusCode::OK, "ready\n"),
        Err(e) => {
            // The reason goes to the operator's log, not to whoever probes.
            tracing::warn!("readyz: the database does not answer: {e}");
            plain(
                StatusCode::SERVICE_UNAVAILABLE,
                "not ready: the database does not answer\n",
            )
        }
    }
}

fn plain(status: StatusCode, body: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}
