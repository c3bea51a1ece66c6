//! The JSON body extractor of the API: axum's `Json` with problem answers.
//!
//! axum's own rejection is plain text and calls wrong types 422; here any
//! body that cannot be read as the draft is a 400 problem carrying serde's
//! message, so a client sees which field and why, and nothing is ever a 500.
//!
//! The body is read as JSON Schema reads it, as the OpenAPI document
//! promises: a number with a zero fraction (`5.0`) is an integer, and a body
//! is an object (serde would otherwise take an array as a struct's fields in
//! order).

use crate::problem::Problem;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::{Number, Value};

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
        let mut value = match Json::<Value>::from_request(req, state).await {
            Ok(Json(v)) => v,
            Err(r) => return Err(rejection_problem(&r)),
        };
        if !value.is_object() {
            return Err(Problem::bad_request(format!(
                "the body is {}; send a JSON object, {{\"field\": value, …}}",
                kind_of(&value)
            )));
        }
        whole_numbers_as_integers(&mut value);
        serde_path_to_error::deserialize(value)
            .map(ApiJson)
            .map_err(|e| {
                let field = e.path().to_string();
                let p = Problem::bad_request(format!("the JSON does not fit: {e}"));
                if field.is_empty() || field == "." {
                    p
                } else {
                    p.with_field(field)
                }
            })
    }
}

/// What a JSON value is, in words.
fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Writes every number with a zero fraction that fits an `i64` (`5.0`,
/// `1e2`) as that integer, everywhere in `v`: JSON Schema counts them as
/// integers, serde would refuse them for an integer field.
fn whole_numbers_as_integers(v: &mut Value) {
    match v {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64() {
                // i64::MAX as f64 rounds up to 2^63, which does not fit: keep below it.
                if f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64 {
                    *n = Number::from(f as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
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
    use super::{field_of, whole_numbers_as_integers};
    use serde_json::json;

    #[test]
    fn whole_numbers_become_integers_and_fractions_stay() {
        let mut v = json!({"pain": 5.0, "x": [1e2, 2.5, -0.0], "big": 1e300, "n": {"m": 3}});
        whole_numbers_as_integers(&mut v);
        assert_eq!(
            v,
            json!({"pain": 5, "x": [100, 2.5, 0], "big": 1e300, "n": {"m": 3}})
        );
        assert!(v["pain"].is_i64());
    }

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
