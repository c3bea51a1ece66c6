//! The fields of a form posted to a page.
//!
//! The form token and the sender's site are checked once, for every page
//! route, by the middleware in `security.rs` before any handler runs (it also
//! answers 413 and a field that is not UTF-8); a handler only reads the
//! fields. A body that still cannot be read as a form (another content
//! type) is answered here with a page saying so.

use super::message_page;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;

/// A page form's fields in the order sent (a name may repeat, one per ticked box).
#[derive(Debug)]
pub(super) struct PageForm(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequest<S> for PageForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        match Form::<Vec<(String, String)>>::from_request(req, state).await {
            Ok(Form(pairs)) => Ok(PageForm(pairs)),
            Err(r) => {
                let (title, message) = if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    (
                        "That was too much text",
                        "The form was larger than backcalm accepts. Shorten what you wrote and try again.",
                    )
                } else {
                    (
                        "The form could not be read",
                        "Nothing was changed. Open the page again and send it from there.",
                    )
                };
                Err(message_page(
                    r.status(),
                    title,
                    message,
                    Some(("/", "Go to the start page")),
                ))
            }
        }
    }
}
