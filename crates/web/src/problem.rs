//! RFC 9457 problem details: every error the JSON API returns.
//!
//! A problem says what was wrong and what to do, names the field when there
//! is one, and never carries internals (database messages go to stderr).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use backcalm_core::FieldError;
use backcalm_store::StoreError;
use serde::Serialize;

/// The media type of a problem body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error answer of the JSON API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the class of problem.
    #[serde(rename = "type")]
    #[schema(example = "urn:backcalm:problem:validation")]
    pub kind: &'static str,
    /// A short summary of the class.
    pub title: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong this time, and what to do.
    pub detail: String,
    /// The offending field or parameter, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl Problem {
    fn new(
        status: StatusCode,
        kind: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        Problem {
            kind,
            title,
            status: status.as_u16(),
            detail: detail.into(),
            field: None,
        }
    }

    /// Names the field or parameter at fault.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// 400: the request could not be read (malformed JSON, wrong types, bad parameter syntax).
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "urn:backcalm:problem:bad-request",
            "The request could not be read",
            detail,
        )
    }

    /// 422: the request was read but a value is not acceptable.
    pub fn invalid(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "urn:backcalm:problem:validation",
            "A value is not valid",
            detail,
        )
        .with_field(field)
    }

    /// 404: no such route or record.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::NOT_FOUND,
            "urn:backcalm:problem:not-found",
            "Not found",
            detail,
        )
    }

    /// 405: the route exists but not with this method.
    pub fn method_not_allowed(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "urn:backcalm:problem:method-not-allowed",
            "Method not allowed",
            detail,
        )
    }

    /// 409: the id is taken by a different record.
    pub fn conflict(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::CONFLICT,
            "urn:backcalm:problem:conflict",
            "Conflicts with a stored record",
            detail,
        )
    }

    /// 403: a request from another site.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::FORBIDDEN,
            "urn:backcalm:problem:forbidden",
            "Forbidden",
            detail,
        )
    }

    /// 401: nobody is signed in, or the sign-in failed (one answer for every reason).
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "urn:backcalm:problem:unauthorized",
            "Not signed in",
            detail,
        )
    }

    /// 429: too many failed sign-ins; `Retry-After` says how long to wait.
    pub fn too_many(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "urn:backcalm:problem:too-many",
            "Too many attempts",
            detail,
        )
    }

    /// 413: the body is over the limit.
    pub fn too_large(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "urn:backcalm:problem:too-large",
            "Request body too large",
            detail,
        )
    }

    /// 408: the body came too slowly.
    pub fn timeout(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            "urn:backcalm:problem:timeout",
            "Request timeout",
            detail,
        )
    }

    /// 414: the URL is too long.
    pub fn uri_too_long(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::URI_TOO_LONG,
            "urn:backcalm:problem:uri-too-long",
            "URI too long",
            detail,
        )
    }

    /// 431: the headers are too large.
    pub fn headers_too_large(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "urn:backcalm:problem:headers-too-large",
            "Request header fields too large",
            detail,
        )
    }

    /// 415: the body is not JSON.
    pub fn unsupported_media_type(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "urn:backcalm:problem:unsupported-media-type",
            "Unsupported media type",
            detail,
        )
    }

    /// 500: something failed on our side; the details are logged, not sent.
    pub fn internal() -> Self {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "urn:backcalm:problem:internal",
            "Internal error",
            "something went wrong on the server; your data was not changed by this request. Try again, and if it keeps happening, look at the server's log",
        )
    }

    /// The HTTP status.
    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl From<FieldError> for Problem {
    fn from(e: FieldError) -> Self {
        Problem::invalid(e.field, e.message)
    }
}

impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict { id } => Problem::conflict(format!(
                "record {id} is already stored with other values in fields this request sends, so nothing was stored; a retry must send the same values, PUT changes the stored record, and a different record needs a new id"
            ))
            .with_field("id"),
            StoreError::Contended { id } => {
                Problem::conflict(format!("record {id} was being changed by another request at the same moment; try again"))
                    .with_field("id")
            }
            other => {
                // The person gets a generic message; the operator gets the cause.
                tracing::error!("storage error: {other}");
                Problem::internal()
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let body = serde_json::to_vec(&self).unwrap_or_else(|_| b"{}".to_vec());
        let mut res = (status, body).into_response();
        res.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        res
    }
}
