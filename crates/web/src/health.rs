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

/// The journal's database answers, and its schema is the one this server
/// knows. The store brought it up to date when it opened, before serving
/// began; a newer release sharing the database may have migrated it since,
/// and then this server steps out of the load balancer until it is upgraded.
async fn ready(State(state): State<AppState>) -> Response {
    match state.store.applied_schema().await {
        Ok(applied) => match schema_problem(applied, state.store.schema().now) {
            None => plain(StatusCode::OK, "ready\n"),
            Some(problem) => plain(StatusCode::SERVICE_UNAVAILABLE, problem),
        },
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

/// Why a database whose newest migration is `applied` is not right for a
/// server that knows migrations up to `known`; `None` when it is.
fn schema_problem(applied: i64, known: i64) -> Option<&'static str> {
    match applied.cmp(&known) {
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Greater => Some(
            "not ready: a newer backcalm has migrated the database; upgrade this server\n",
        ),
        std::cmp::Ordering::Less => Some(
            "not ready: the database's schema is older than this server's; run `backcalm migrate`\n",
        ),
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

#[cfg(test)]
mod tests {
    use super::schema_problem;

    #[test]
    fn ready_only_on_the_schema_this_server_knows() {
        assert_eq!(schema_problem(3, 3), None);
        assert!(schema_problem(4, 3)
            .expect("newer")
            .contains("a newer backcalm has migrated the database"));
        assert!(schema_problem(2, 3)
            .expect("older")
            .contains("run `backcalm migrate`"));
    }
}
