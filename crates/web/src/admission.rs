//! Which requests are let in at all, decided before any route sees them (see
//! `router()`), for an app that runs on the person's own computer; the
//! header-only rules about other sites are `crate::cross_origin`:
//!
//! - [`known_host`]: answers only requests addressed to this computer by an
//!   IP address or `localhost`. Without it, a page on `evil.example` whose
//!   DNS name is switched to 127.0.0.1 ("DNS rebinding") would count as the
//!   same origin as backcalm and could read the journal.
//! - [`forms_carry_token`]: every request that changes something through a
//!   page route (POST, PUT, PATCH, DELETE outside `/api/`) must come from this
//!   site and carry the form token, or nothing is done and a 403 page says why.
//!   The JSON API has its own rule, `cross_origin::same_origin_api`.
//!
//! Which token ([`FormTokens`]): in local mode, one for the life of the
//! process. In hosted mode, each browser's own, derived from its session
//! cookie (or, signed out, from a `backcalm_form` cookie set with the first
//! page that shows a form), so that a token read from one person's page is
//! worthless with another's cookie, and every server behind a proxy computes
//! the same token without remembering any.
//!
//! # Writing a form
//!
//! Put the token in every form that posts (askama, with `csrf` filled from
//! `AppState::csrf()`, which is the token of the request being answered):
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

use crate::cross_origin::is_cross_site;
use crate::host::{HostProblem, PublicOrigin};
use crate::json::BODY_LIMIT;
use askama::Template;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use backcalm_auth::Token;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
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

pub(crate) fn refusal(status: StatusCode, title: &str, message: &str) -> Response {
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

/// Answers only requests with one valid `Host` that names this computer
/// (see [`crate::host`]): 400 when it is missing, repeated or malformed,
/// 403 for another name (DNS rebinding).
pub async fn known_host(req: Request, next: Next) -> Response {
    let public = req.extensions().get::<PublicOrigin>();
    let problem = match crate::host::check(req.headers(), req.uri(), req.version(), public) {
        Ok(()) => return next.run(req).await,
        Err(p) => p,
    };
    let api = is_api(req.uri().path());
    let (answers_to, open_it) = match public {
        Some(origin) => (
            format!("{origin} and this computer's own address"),
            format!("Open backcalm at {origin}."),
        ),
        None => (
            "this computer's own address".to_string(),
            "Open backcalm at http://127.0.0.1 or http://localhost with the port it printed when it started.".to_string(),
        ),
    };
    match problem {
        HostProblem::Malformed(why) if api => {
            crate::problem::Problem::bad_request(why).into_response()
        }
        HostProblem::Malformed(why) => refusal(
            StatusCode::BAD_REQUEST,
            "This request is not addressed properly",
            &format!("{why}. {open_it}"),
        ),
        HostProblem::Foreign => {
            let message = format!("backcalm answers only to {answers_to}. {open_it}");
            if api {
                return crate::problem::Problem::forbidden(message).into_response();
            }
            refusal(
                StatusCode::FORBIDDEN,
                "This address is not backcalm's",
                &message,
            )
        }
    }
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
    String::from_utf8_lossy(&percent_decode_bytes(s.as_bytes())).into_owned()
}

/// The bytes `+` and `%XX` stand for; anything malformed is kept as written.
fn percent_decode_bytes(bytes: &[u8]) -> Vec<u8> {
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
    out
}

/// The name of the first field of a form body whose name or value, as sent
/// or once percent-decoded, is not UTF-8 text.
fn undecodable_field(body: &[u8]) -> Option<String> {
    body.split(|b| *b == b'&').find_map(|pair| {
        let mut parts = pair.splitn(2, |b| *b == b'=');
        let key = percent_decode_bytes(parts.next().unwrap_or_default());
        let value = percent_decode_bytes(parts.next().unwrap_or_default());
        match String::from_utf8(key) {
            Err(_) => Some("(a field whose name is not text)".to_string()),
            Ok(k) if std::str::from_utf8(&value).is_err() => Some(k),
            Ok(_) => None,
        }
    })
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

/// The cookie that carries a signed-out browser's form token in hosted mode.
pub const FORM_COOKIE: &str = "backcalm_form";

/// Where the guard finds the form token a request must carry.
#[derive(Clone)]
pub enum FormTokens {
    /// Local mode: one token for the life of the process, for the one
    /// person at this computer.
    Process(Arc<str>),
    /// Hosted mode: each browser its own, derived from its session cookie
    /// or, signed out, from a [`FORM_COOKIE`] this guard sets. Derived, not
    /// remembered, so any server behind the same proxy accepts a form
    /// another one showed, and one person's page holds nothing that works
    /// for another. `secure` marks the cookie `Secure` (https public URL).
    PerBrowser { secure: bool },
}

impl fmt::Debug for FormTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormTokens::Process(_) => f.write_str("FormTokens::Process([redacted])"),
            FormTokens::PerBrowser { secure } => {
                write!(f, "FormTokens::PerBrowser {{ secure: {secure} }}")
            }
        }
    }
}

/// The token of the request being answered, for the pages' forms.
struct RequestToken {
    value: String,
    /// Whether a page showed it (only then is a new cookie worth setting).
    shown: Arc<AtomicBool>,
}

tokio::task_local! {
    static REQUEST_TOKEN: RequestToken;
}

/// The form token for the page being answered (see [`FormTokens`]); `None`
/// outside a request the guard let through.
pub(crate) fn request_token() -> Option<String> {
    REQUEST_TOKEN
        .try_with(|t| {
            t.shown.store(true, Ordering::Relaxed);
            t.value.clone()
        })
        .ok()
}

/// A cookie of the request's by name, if one has a token's shape.
pub(crate) fn token_cookie(headers: &HeaderMap, name: &str) -> Option<Token> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .and_then(|(_, value)| Token::parse(value.trim()))
}

impl FormTokens {
    /// The token this request's forms carry, and the cookie to set if the
    /// browser has none yet. `None` when one cannot be made (no randomness).
    fn for_request(&self, headers: &HeaderMap) -> Option<(String, Option<Token>)> {
        match self {
            FormTokens::Process(token) => Some((token.to_string(), None)),
            FormTokens::PerBrowser { .. } => {
                let held = token_cookie(headers, crate::hosted::SESSION_COOKIE)
                    .or_else(|| token_cookie(headers, FORM_COOKIE));
                match held {
                    Some(t) => Some((t.form_token(), None)),
                    None => {
                        let fresh = Token::generate().ok()?;
                        Some((fresh.form_token(), Some(fresh)))
                    }
                }
            }
        }
    }

    fn cookie(&self, token: &Token) -> Option<HeaderValue> {
        let secure = matches!(self, FormTokens::PerBrowser { secure: true });
        HeaderValue::from_str(&format!(
            "{FORM_COOKIE}={}; HttpOnly; SameSite=Strict; Path=/{}",
            token.reveal(),
            if secure { "; Secure" } else { "" }
        ))
        .ok()
    }
}

/// Answers `req` with the request's token in scope for the pages, and sets
/// the new form cookie if a page showed a token made for this request.
async fn let_through(
    tokens: &FormTokens,
    value: String,
    new_cookie: Option<Token>,
    req: Request,
    next: Next,
) -> Response {
    let shown = Arc::new(AtomicBool::new(false));
    let token = RequestToken {
        value,
        shown: Arc::clone(&shown),
    };
    let mut res = REQUEST_TOKEN.scope(token, next.run(req)).await;
    if let Some(fresh) = new_cookie.filter(|_| shown.load(Ordering::Relaxed)) {
        if let Some(v) = tokens.cookie(&fresh) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// Lets a page request that changes something through only when it comes
/// from this site and carries the form token (see the module docs), and
/// gives every request it lets through its token for the pages to show.
pub async fn forms_carry_token(
    State(tokens): State<FormTokens>,
    req: Request,
    next: Next,
) -> Response {
    if is_api(req.uri().path()) {
        // The JSON API shows no forms, and has its own rule about other sites.
        return next.run(req).await;
    }
    let Some((expected, new_cookie)) = tokens.for_request(req.headers()) else {
        return refusal(
            StatusCode::SERVICE_UNAVAILABLE,
            "backcalm could not start this page",
            "The server could not make the random number a form needs. Try again in a moment.",
        );
    };
    if !changes_something(req.method()) {
        return let_through(&tokens, expected, new_cookie, req, next).await;
    }
    let forged = || {
        refusal(
            StatusCode::FORBIDDEN,
            "This form could not be accepted",
            "The form was out of date or was sent from another site, so nothing was saved. Go back, reload the page, and send it again.",
        )
    };
    if is_cross_site(req.headers(), req.uri(), req.extensions().get()) {
        return forged();
    }
    let given = req
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().query().and_then(token_in));
    if !is_urlencoded(req.headers()) {
        return match given {
            Some(t) if same_token(&t, &expected) => {
                let_through(&tokens, expected, new_cookie, req, next).await
            }
            _ => forged(),
        };
    }
    // Read the form, whatever carries the token: a field that is not UTF-8
    // is refused here, before a handler could decode it into U+FFFD. Then
    // hand the same bytes on to the handler.
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
    if let Some(field) = undecodable_field(&bytes) {
        return refusal(
            StatusCode::BAD_REQUEST,
            "This form could not be read",
            &format!("The field \u{201c}{field}\u{201d} was not sent as UTF-8 text, so nothing was saved. Type it again and send the form once more."),
        );
    }
    let token = given.or_else(|| std::str::from_utf8(&bytes).ok().and_then(token_in));
    if !token.is_some_and(|t| same_token(&t, &expected)) {
        return forged();
    }
    let req = Request::from_parts(parts, Body::from(bytes));
    let_through(&tokens, expected, new_cookie, req, next).await
}

#[cfg(test)]
mod tests {
    use super::*;
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
                FormTokens::Process("tok".into()),
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
    fn fields_that_are_not_utf8_are_named() {
        assert_eq!(undecodable_field(b"csrf=t&note=caf%C3%A9+ok"), None);
        assert_eq!(
            undecodable_field(b"csrf=t&note=%FF").as_deref(),
            Some("note")
        );
        assert_eq!(
            undecodable_field(b"pain=3&note=a\xffb").as_deref(),
            Some("note")
        );
        assert_eq!(
            undecodable_field(b"%FE=1").as_deref(),
            Some("(a field whose name is not text)")
        );
    }

    #[tokio::test]
    async fn a_form_with_invalid_utf8_is_400_naming_the_field() {
        for body in ["csrf=tok&note=%C3%28", "csrf=tok&note=%FF%FE"] {
            let (status, page) = send("/form", FORM, body, None).await;
            assert_eq!(status, 400, "{body}");
            assert!(page.contains("note"), "{page}");
        }
        let req = axum::http::Request::post("/form")
            .header(header::CONTENT_TYPE, FORM)
            .body(Body::from(&b"csrf=tok&activity=\xff"[..]))
            .expect("request");
        let res = guarded().oneshot(req).await.expect("infallible");
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
        let page = to_bytes(res.into_body(), 1 << 20).await.expect("body");
        assert!(String::from_utf8_lossy(&page).contains("activity"));
    }

    /// A hosted-mode guard over a page that shows its token and one that does not.
    fn per_browser() -> Router {
        Router::new()
            .route(
                "/page",
                axum::routing::get(|| async { request_token().unwrap_or_default() }),
            )
            .route("/plain", axum::routing::get(|| async { "no form" }))
            .route("/form", post(|body: String| async move { body }))
            .route_layer(axum::middleware::from_fn_with_state(
                FormTokens::PerBrowser { secure: true },
                forms_carry_token,
            ))
    }

    async fn call(router: &Router, req: axum::http::Request<Body>) -> (u16, HeaderMap, String) {
        let res = router.clone().oneshot(req).await.expect("infallible");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let bytes = to_bytes(res.into_body(), 1 << 20).await.expect("body");
        (
            status,
            headers,
            String::from_utf8_lossy(&bytes).into_owned(),
        )
    }

    fn form_post(token: &str, cookie: Option<&str>) -> axum::http::Request<Body> {
        let mut req = axum::http::Request::post("/form").header(header::CONTENT_TYPE, FORM);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        req.body(Body::from(format!("csrf={token}")))
            .expect("request")
    }

    #[tokio::test]
    async fn hosted_tokens_are_each_browsers_own() {
        let app = per_browser();
        let get = |uri: &str, cookie: Option<&str>| {
            let mut req = axum::http::Request::get(uri);
            if let Some(c) = cookie {
                req = req.header(header::COOKIE, c);
            }
            req.body(Body::empty()).expect("request")
        };
        // A page without a form sets no cookie; a page with one does.
        let (_, headers, _) = call(&app, get("/plain", None)).await;
        assert!(headers.get(header::SET_COOKIE).is_none());
        let (status, headers, shown) = call(&app, get("/page", None)).await;
        assert_eq!(status, 200);
        let set = headers[header::SET_COOKIE].to_str().expect("text");
        assert!(
            set.starts_with("backcalm_form=")
                && set.ends_with("; HttpOnly; SameSite=Strict; Path=/; Secure"),
            "{set}"
        );
        let browser = set.split(';').next().expect("name=value");
        let held = Token::parse(&browser["backcalm_form=".len()..]).expect("a token");
        assert_eq!(shown, held.form_token());
        // The same browser is shown the same token, and no new cookie.
        let (_, headers, again) = call(&app, get("/page", Some(browser))).await;
        assert_eq!(again, shown);
        assert!(headers.get(header::SET_COOKIE).is_none());
        // Sent with its cookie it is let through; without it, or with
        // another browser's, it is refused.
        let (status, _, body) = call(&app, form_post(&shown, Some(browser))).await;
        assert_eq!((status, body), (200, format!("csrf={shown}")));
        assert_eq!(call(&app, form_post(&shown, None)).await.0, 403);
        let other = format!(
            "backcalm_form={}",
            Token::generate().expect("random").reveal()
        );
        assert_eq!(call(&app, form_post(&shown, Some(&other))).await.0, 403);
        // Signed in, the session cookie's token is the one, even beside a form cookie.
        let session = Token::generate().expect("random");
        let both = format!("{browser}; backcalm_session={}", session.reveal());
        let (_, _, signed_in) = call(&app, get("/page", Some(&both))).await;
        assert_eq!(signed_in, session.form_token());
        assert_eq!(call(&app, form_post(&shown, Some(&both))).await.0, 403);
        assert_eq!(call(&app, form_post(&signed_in, Some(&both))).await.0, 200);
    }

    #[test]
    fn token_must_match_exactly() {
        assert!(same_token("abc123", "abc123"));
        assert!(!same_token("abc124", "abc123"));
        assert!(!same_token("abc12", "abc123"));
        assert!(!same_token("", "abc123"));
    }
}
