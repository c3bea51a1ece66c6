//! Defences of an app that runs on the person's own computer, applied to
//! every request before any route sees it (see `router()`):
//!
//! - [`known_host`]: answers only requests addressed to this computer by an
//!   IP address or `localhost`. Without it, a page on `evil.example` whose
//!   DNS name is switched to 127.0.0.1 ("DNS rebinding") would count as the
//!   same origin as backcalm and could read the journal.
//! - [`forms_carry_token`]: every request that changes something through a
//!   page route (POST, PUT, PATCH, DELETE outside `/api/`) must come from this
//!   site and carry the form token, or nothing is done and a 403 page says why.
//!   The JSON API has its own rule, `guard::same_origin_api`.
//!
//! # Writing a form
//!
//! Put the token in every form that posts (askama, with `csrf` filled from
//! `AppState::csrf()`):
//!
//! ```html
//! <form method="post" action="/your/route">
//!   <input type="hidden" name="csrf" value="{{ csrf }}">
//! ```
//!
//! That is all: the check happens here, before the handler runs, for every
//! page route, including ones added later. A `multipart/form-data` form
//! (whose body is not read here) puts it in the action's query instead
//! (`action="/import?csrf={{ csrf }}"`), and a page script that posts with
//! `fetch` sends it as the `X-CSRF-Token` header.

use crate::guard::is_cross_site;
use crate::json::BODY_LIMIT;
use askama::Template;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use std::fmt;
use std::sync::Arc;

/// The form field, query parameter and (as `X-CSRF-Token`) header that carries the token.
pub const CSRF_FIELD: &str = "csrf";

/// The header a page script sends the token in.
const CSRF_HEADER: HeaderName = HeaderName::from_static("x-csrf-token");

/// The one-message page (the same template the pages use for errors).
#[derive(Template)]
#[template(path = "message.html")]
struct Refusal<'a> {
    current: &'static str,
    title: &'a str,
    message: &'a str,
    next: Option<(&'a str, &'a str)>,
}

fn refusal(status: StatusCode, title: &str, message: &str) -> Response {
    let page = Refusal {
        current: "",
        title,
        message,
        next: Some(("/", "Go to the start page")),
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, message.to_string()).into_response(),
    }
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Whether `Host` names this computer: an IP address (v4 or bracketed v6),
/// `localhost`, or a name under `.localhost`, with any port. No `Host` at
/// all (HTTP/1.0, tests) is let through: browsers always send one.
pub fn is_known_host(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST) else {
        return true;
    };
    let Ok(host) = host.to_str() else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        // [::1]:8080
        Some(rest) => {
            return rest
                .split_once(']')
                .is_some_and(|(ip, _)| ip.parse::<std::net::Ipv6Addr>().is_ok())
        }
        None => host.rsplit_once(':').map_or(host, |(n, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                n
            } else {
                host
            }
        }),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name.parse::<std::net::Ipv4Addr>().is_ok()
        || name == "localhost"
        || name.ends_with(".localhost")
}

/// Refuses requests addressed to a host name other than this computer's (DNS rebinding).
pub async fn known_host(req: Request, next: Next) -> Response {
    if is_known_host(req.headers()) {
        return next.run(req).await;
    }
    let message = "backcalm answers only to this computer's own address. Open it at http://127.0.0.1 or http://localhost with the port it printed when it started.";
    if is_api(req.uri().path()) {
        return crate::problem::Problem::forbidden(message).into_response();
    }
    refusal(
        StatusCode::FORBIDDEN,
        "This address is not backcalm's",
        message,
    )
}

/// Compares without stopping at the first difference, so timing says nothing about the token.
pub fn same_token(given: &str, expected: &str) -> bool {
    given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// The token in a query string or form body, if there is one.
fn token_in(pairs: &str) -> Option<String> {
    url_pairs(pairs).find_map(|(k, v)| (k == CSRF_FIELD).then_some(v))
}

/// `a=1&b=2` as decoded pairs.
fn url_pairs(s: &str) -> impl Iterator<Item = (String, String)> + '_ {
    s.split('&').filter(|p| !p.is_empty()).map(|p| {
        let (k, v) = p.split_once('=').unwrap_or((p, ""));
        (percent_decode(k), percent_decode(v))
    })
}

/// Decodes `+` and `%XX`; anything malformed is kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn changes_something(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

fn is_urlencoded(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| {
            t.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// The form token the guard compares with (the one `AppState::csrf()` gives the pages).
#[derive(Clone)]
pub struct FormToken(Arc<str>);

impl FormToken {
    /// Guards with `token`.
    pub fn new(token: &str) -> Self {
        FormToken(Arc::from(token))
    }
}

impl fmt::Debug for FormToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FormToken([redacted])")
    }
}

/// Lets a page request that changes something through only when it comes
/// from this site and carries the form token (see the module docs).
pub async fn forms_carry_token(
    State(FormToken(expected)): State<FormToken>,
    req: Request,
    next: Next,
) -> Response {
    if !changes_something(req.method()) || is_api(req.uri().path()) {
        return next.run(req).await;
    }
    let forged = || {
        refusal(
            StatusCode::FORBIDDEN,
            "This form could not be accepted",
            "The form was out of date or was sent from another site, so nothing was saved. Go back, reload the page, and send it again.",
        )
    };
    if is_cross_site(req.headers(), req.uri()) {
        return forged();
    }
    let given = req
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().query().and_then(token_in));
    if let Some(t) = given {
        return if same_token(&t, &expected) {
            next.run(req).await
        } else {
            forged()
        };
    }
    if !is_urlencoded(req.headers()) {
        return forged();
    }
    // Read the form to find the token, then hand the same bytes on to the handler.
    let (parts, body) = req.into_parts();
    let bytes =
        match to_bytes(body, BODY_LIMIT).await {
            Ok(b) => b,
            Err(_) => return refusal(
                StatusCode::PAYLOAD_TOO_LARGE,
                "That was too much text",
                "The form was larger than backcalm accepts. Shorten what you wrote and try again.",
            ),
        };
    let ok = std::str::from_utf8(&bytes)
        .ok()
        .and_then(token_in)
        .is_some_and(|t| same_token(&t, &expected));
    if !ok {
        return forged();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use axum::routing::post;
    use axum::Router;
    use tower::ServiceExt;

    /// A route that echoes the body it got, behind the guard.
    fn guarded() -> Router {
        let echo = || post(|body: String| async move { body });
        Router::new()
            .route("/form", echo())
            .route("/api/v1/x", echo())
            .route_layer(axum::middleware::from_fn_with_state(
                FormToken::new("tok"),
                forms_carry_token,
            ))
    }

    async fn send(
        uri: &str,
        ctype: &str,
        body: &str,
        extra: Option<(&str, &str)>,
    ) -> (u16, String) {
        let mut req = axum::http::Request::post(uri).header(header::CONTENT_TYPE, ctype);
        if let Some((k, v)) = extra {
            req = req.header(k, v);
        }
        let res = guarded()
            .oneshot(req.body(Body::from(body.to_string())).expect("request"))
            .await
            .expect("infallible");
        let status = res.status().as_u16();
        let bytes = to_bytes(res.into_body(), 1 << 20).await.expect("body");
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    const FORM: &str = "application/x-www-form-urlencoded";

    #[tokio::test]
    async fn the_token_may_be_in_the_form_the_query_or_a_header() {
        let body = "a=1&csrf=tok&note=50%25+calm";
        assert_eq!(
            send("/form", FORM, body, None).await,
            (200, body.to_string())
        );
        assert_eq!(
            send("/form?csrf=tok", FORM, "a=1", None).await,
            (200, "a=1".into())
        );
        let multipart = "multipart/form-data; boundary=x";
        assert_eq!(
            send("/form?csrf=tok", multipart, "--x--", None).await.0,
            200
        );
        let header = Some(("x-csrf-token", "tok"));
        assert_eq!(send("/form", "application/json", "{}", header).await.0, 200);
    }

    #[tokio::test]
    async fn no_token_a_wrong_one_or_another_site_is_403() {
        for (uri, ctype, body, extra) in [
            ("/form", FORM, "a=1", None),
            ("/form", FORM, "csrf=tok2", None),
            ("/form?csrf=nope", FORM, "csrf=tok", None),
            ("/form", "multipart/form-data; boundary=x", "csrf=tok", None),
            (
                "/form",
                FORM,
                "csrf=tok",
                Some(("origin", "https://evil.example")),
            ),
            (
                "/form",
                FORM,
                "csrf=tok",
                Some(("sec-fetch-site", "cross-site")),
            ),
            (
                "/form",
                "application/json",
                "{}",
                Some(("x-csrf-token", "bad")),
            ),
        ] {
            let (status, page) = send(uri, ctype, body, extra).await;
            assert_eq!(status, 403, "{uri} {body} {extra:?}");
            assert!(page.contains("could not be accepted"), "{page}");
        }
    }

    #[tokio::test]
    async fn the_api_and_reading_are_left_to_their_own_rules() {
        assert_eq!(
            send("/api/v1/x", "application/json", "{}", None).await.0,
            200
        );
        let res = guarded()
            .oneshot(
                axum::http::Request::get("/form")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
            .expect("infallible");
        assert_eq!(
            res.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "GET reaches the router"
        );
    }

    #[tokio::test]
    async fn a_form_over_the_limit_is_413() {
        let body = format!("csrf=tok&note={}", "a".repeat(BODY_LIMIT));
        let (status, page) = send("/form", FORM, &body, None).await;
        assert_eq!(status, 413);
        assert!(page.contains("too much text"), "{page}");
    }

    fn host(h: &str) -> HeaderMap {
        let mut m = HeaderMap::new();
        m.insert(header::HOST, HeaderValue::from_str(h).expect("ascii"));
        m
    }

    #[test]
    fn this_computer_by_address_or_localhost_is_known() {
        for h in [
            "127.0.0.1:7878",
            "127.0.0.1",
            "localhost:7878",
            "LOCALHOST",
            "app.localhost:1",
            "[::1]:7878",
            "192.168.1.20:7878",
            "localhost.:7878",
        ] {
            assert!(is_known_host(&host(h)), "{h}");
        }
        assert!(is_known_host(&HeaderMap::new()), "no Host at all");
    }

    #[test]
    fn other_names_are_not() {
        for h in [
            "evil.example:7878",
            "evil.example",
            "localhost.evil.example:7878",
            "127.0.0.1.nip.io:7878",
            "[::1",
            "[evil]:80",
            "localhost:port",
        ] {
            assert!(!is_known_host(&host(h)), "{h}");
        }
    }

    #[test]
    fn tokens_are_found_decoded_in_forms_and_queries() {
        assert_eq!(token_in("a=1&csrf=abc&b=2").as_deref(), Some("abc"));
        assert_eq!(token_in("csrf=a%2Bb+c").as_deref(), Some("a+b c"));
        assert_eq!(token_in("csrfx=1&xcsrf=2"), None);
        assert_eq!(token_in(""), None);
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%41%"), "A%");
    }

    #[test]
    fn token_must_match_exactly() {
        assert!(same_token("abc123", "abc123"));
        assert!(!same_token("abc124", "abc123"));
        assert!(!same_token("abc12", "abc123"));
        assert!(!same_token("", "abc123"));
    }
}
