//! The JSON body extractor of the API: axum's `Json` with problem answers.
//!
//! axum's own rejection is plain text and calls wrong types 422; here any
//! body that cannot be read as the draft is a 400 problem carrying serde's
//! message, so a client sees which field and why, and nothing is ever a 500.

use crate::problem::Problem;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::Json;
use serde::de::DeserializeOwned;

/// The largest request body accepted, in bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

/// A JSON request body, rejected with a [`Problem`].
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(r) => Err(rejection_problem(&r)),
        }
    }
}

fn rejection_problem(r: &JsonRejection) -> Problem {
    match r {
        JsonRejection::MissingJsonContentType(_) => Problem::unsupported_media_type(
            "send the body as JSON with the header Content-Type: application/json",
        ),
        JsonRejection::JsonSyntaxError(_) => {
            Problem::bad_request(format!("the body is not valid JSON: {}", serde_part(r)))
        }
        JsonRejection::JsonDataError(_) => {
            let msg = serde_part(r);
            let p = Problem::bad_request(format!("the JSON does not fit: {msg}"));
            match field_of(&msg) {
                Some(f) => p.with_field(f),
                None => p,
            }
        }
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => Problem::too_large(format!(
            "the body is larger than {} KiB; send less at once",
            BODY_LIMIT / 1024
        )),
        other => Problem::bad_request(format!("the body could not be read: {}", other.body_text())),
    }
}

/// serde's own words, without axum's generic prefix.
fn serde_part(r: &JsonRejection) -> String {
    let text = r.body_text();
    match text.split_once(": ") {
        Some((_, rest)) => rest.to_string(),
        None => text,
    }
}

/// The path serde_path_to_error puts first, e.g. `pain` in `pain: invalid type: ...`.
fn field_of(msg: &str) -> Option<String> {
    let (head, _) = msg.split_once(": ")?;
    let is_path = !head.is_empty()
        && head != "."
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '-'));
    is_path.then(|| head.to_string())
}

#[cfg(test)]
mod tests {
    use super::field_of;

    #[test]
    fn field_is_the_leading_path_only() {
        assert_eq!(
            field_of("pain: invalid type: string \"x\", expected i64").as_deref(),
            Some("pain")
        );
        assert_eq!(
            field_of("feel[0]: invalid type: integer").as_deref(),
            Some("feel[0]")
        );
        assert_eq!(
            field_of("unknown field `x`, expected one of `id`: more"),
            None
        );
        assert_eq!(field_of("no colon here"), None);
    }
}
