//! Who may call which route: one table ([`RULES`]) and one middleware
//! ([`enforce`]) that applies it to every request in hosted mode, and the
//! [`Journal`] extractor that gives a handler the signed-in person's journal.
//!
//! Every account (patient, clinician, admin) keeps a journal of its own, so
//! [`Who::Person`] means "anyone signed in"; [`Who::Clinician`] and
//! [`Who::Admin`] are for routes only those roles may call (a wrong role is
//! 403). A record of someone else is never a 403: each journal route runs on
//! the person's own store, which finds no other person's record (404).
//!
//! In local mode nothing here asks who is calling; the routes marked
//! `hosted_only` (signing in and out) answer 404 there.
//! `tests/web/access.rs` fails when a route the source registers, or one
//! the OpenAPI document lists, has no rule, and when docs/ROUTES.md is not
//! the table as [`routes_markdown`] writes it.

use crate::hosted::SESSION_COOKIE;
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use backcalm_auth::{Role, Token, TokenHash};
use backcalm_store::Account;
use std::fmt::Write as _;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Anyone, signed in or not: nothing personal is in the answer.
    Anyone,
    /// Any signed-in account, acting on its own journal.
    Person,
    /// A signed-in clinician.
    Clinician,
    /// A signed-in admin.
    Admin,
}

/// One route's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// `GET`, `POST`, `PUT`, `DELETE` (a `HEAD` is its `GET`).
    pub method: &'static str,
    /// The route's pattern as the router writes it, e.g. `/api/v1/checkins/{id}`.
    pub path: &'static str,
    /// Who may call it in hosted mode.
    pub who: Who,
    /// Served only in hosted mode (404 in local mode).
    pub hosted_only: bool,
}

const fn r(method: &'static str, path: &'static str, who: Who) -> Rule {
    Rule {
        method,
        path,
        who,
        hosted_only: false,
    }
}

const fn hosted(method: &'static str, path: &'static str, who: Who) -> Rule {
    Rule {
        method,
        path,
        who,
        hosted_only: true,
    }
}

use Who::{Anyone, Clinician, Person};

/// Every route and who may call it.
pub const RULES: &[Rule] = &[
    // Nothing personal: content, the document, static files, health.
    r("GET", "/healthz", Anyone),
    r("GET", "/readyz", Anyone),
    r("GET", "/static/{*path}", Anyone),
    r("GET", "/manifest.webmanifest", Anyone),
    r("GET", "/sw.js", Anyone),
    r("GET", "/api/v1/openapi.json", Anyone),
    r("GET", "/api/v1/practices", Anyone),
    r("GET", "/api/v1/practices/{id}", Anyone),
    r("GET", "/api/v1/practices/{id}/audio", Anyone),
    r("GET", "/api/v1/lessons", Anyone),
    r("GET", "/api/v1/lessons/{id}", Anyone),
    r("GET", "/api/v1/instruments", Anyone),
    r("GET", "/api/v1/instruments/{id}", Anyone),
    r("GET", "/practices", Anyone),
    r("GET", "/learn", Anyone),
    r("GET", "/learn/{id}", Anyone),
    r("GET", "/offline", Anyone),
    r("GET", "/report.css", Anyone),
    r("GET", "/questionnaires", Anyone),
    // Crisis lines must be reachable signed out; signed in, the person's own numbers.
    r("GET", "/help-now", Anyone),
    // Signing in and out.
    hosted("POST", "/api/v1/auth/accept", Anyone),
    hosted("POST", "/api/v1/auth/login", Anyone),
    hosted("POST", "/api/v1/auth/logout", Person),
    hosted("POST", "/api/v1/auth/logout-everywhere", Person),
    hosted("GET", "/api/v1/me", Person),
    hosted("GET", "/signin", Anyone),
    hosted("POST", "/signin", Anyone),
    hosted("GET", "/invite/{token}", Anyone),
    hosted("POST", "/invite/{token}", Anyone),
    hosted("GET", "/reset/{token}", Anyone),
    hosted("POST", "/reset/{token}", Anyone),
    hosted("POST", "/signout", Person),
    // Sharing with a clinician, and the audit trail of reads by others.
    hosted("POST", "/api/v1/share-codes", Clinician),
    hosted("GET", "/api/v1/shares", Person),
    hosted("POST", "/api/v1/shares", Person),
    hosted("DELETE", "/api/v1/shares/{id}", Person),
    hosted("GET", "/api/v1/audit", Person),
    hosted("GET", "/api/v1/patients", Clinician),
    hosted("GET", "/api/v1/patients/{id}/checkins", Clinician),
    hosted("GET", "/api/v1/patients/{id}/sessions", Clinician),
    hosted("GET", "/api/v1/patients/{id}/answers", Clinician),
    hosted("GET", "/api/v1/patients/{id}/insights", Clinician),
    hosted("GET", "/api/v1/patients/{id}/report", Clinician),
    hosted("GET", "/sharing", Person),
    hosted("POST", "/sharing", Person),
    hosted("POST", "/sharing/{id}/revoke", Person),
    hosted("GET", "/patients", Clinician),
    hosted("POST", "/patients/share-code", Clinician),
    hosted("GET", "/patients/{id}/report", Clinician),
    hosted("GET", "/audit", Person),
    // Reminders by Web Push to this person's devices.
    hosted("GET", "/api/v1/push/key", Person),
    hosted("GET", "/api/v1/push/subscriptions", Person),
    hosted("POST", "/api/v1/push/subscriptions", Person),
    hosted("DELETE", "/api/v1/push/subscriptions/{id}", Person),
    // The person's journal, through the API.
    r("GET", "/api/v1/checkins", Person),
    r("POST", "/api/v1/checkins", Person),
    r("GET", "/api/v1/checkins/{id}", Person),
    r("PUT", "/api/v1/checkins/{id}", Person),
    r("DELETE", "/api/v1/checkins/{id}", Person),
    r("GET", "/api/v1/sessions", Person),
    r("POST", "/api/v1/sessions", Person),
    r("GET", "/api/v1/sessions/{id}", Person),
    r("PUT", "/api/v1/sessions/{id}", Person),
    r("DELETE", "/api/v1/sessions/{id}", Person),
    r("GET", "/api/v1/insights", Person),
    r("GET", "/api/v1/program", Person),
    r("GET", "/api/v1/screen", Person),
    r("POST", "/api/v1/screen", Person),
    r("GET", "/api/v1/screens", Person),
    r("GET", "/api/v1/screens/{id}", Person),
    r("DELETE", "/api/v1/screens/{id}", Person),
    r("POST", "/api/v1/instruments/{id}/answers", Person),
    r("GET", "/api/v1/answers", Person),
    r("GET", "/api/v1/answers/{id}", Person),
    r("DELETE", "/api/v1/answers/{id}", Person),
    r("GET", "/api/v1/reminders", Person),
    r("POST", "/api/v1/reminders", Person),
    r("GET", "/api/v1/reminders/{id}", Person),
    r("DELETE", "/api/v1/reminders/{id}", Person),
    r("GET", "/api/v1/reminders.ics", Person),
    r("GET", "/api/v1/settings", Person),
    r("PUT", "/api/v1/settings", Person),
    r("GET", "/api/v1/export/fhir", Person),
    r("GET", "/api/v1/export/json", Person),
    r("POST", "/api/v1/import", Person),
    // The person's journal, through the pages (practice pages use its defaults).
    r("GET", "/", Person),
    r("GET", "/practices/{id}", Person),
    r("GET", "/practices/{id}/play", Person),
    r("GET", "/checkin", Person),
    r("POST", "/checkin", Person),
    r("GET", "/history", Person),
    r("GET", "/history/checkins/{id}/edit", Person),
    r("POST", "/history/checkins/{id}/edit", Person),
    r("GET", "/history/checkins/{id}/delete", Person),
    r("POST", "/history/checkins/{id}/delete", Person),
    r("GET", "/history/sessions/{id}/edit", Person),
    r("POST", "/history/sessions/{id}/edit", Person),
    r("GET", "/history/sessions/{id}/delete", Person),
    r("POST", "/history/sessions/{id}/delete", Person),
    r("GET", "/insights", Person),
    r("GET", "/program", Person),
    r("GET", "/screen", Person),
    r("POST", "/screen", Person),
    r("GET", "/questionnaires/{id}", Person),
    r("POST", "/questionnaires/{id}", Person),
    r("POST", "/questionnaires/answers/{id}/delete", Person),
    r("GET", "/report", Person),
    r("GET", "/report.pdf", Person),
    r("GET", "/settings", Person),
    r("POST", "/settings", Person),
    r("POST", "/settings/reminders", Person),
    r("POST", "/settings/reminders/{id}/delete", Person),
    r("GET", "/settings/delete", Person),
    r("POST", "/settings/delete", Person),
];

/// The rule for a method on a route pattern.
pub fn rule(method: &Method, path: &str) -> Option<&'static Rule> {
    let method = if method == Method::HEAD {
        "GET"
    } else {
        method.as_str()
    };
    RULES.iter().find(|r| r.method == method && r.path == path)
}

/// docs/ROUTES.md: every route × who may call it, from [`RULES`].
pub fn routes_markdown() -> String {
    let mut out = String::from(
        "# Routes and who may call them\n\n\
         Generated from `crates/web/src/access.rs` (`RULES`); \
         `cargo test -p backcalm-web access` fails when this file differs and prints the new one.\n\n\
         In local mode (`backcalm serve`) there is no sign-in: every route is open to the person \
         at the computer, and the routes marked *hosted only* answer 404. In hosted mode \
         (`backcalm serve --accounts`) each route is open to the roles marked ✓. Every account \
         keeps a journal of its own, so \"person\" routes are open to patients, clinicians and \
         admins alike, each acting on their own records; another person's record id answers 404. \
         A signed-out caller of a person route gets 401 from the API and a redirect to /signin \
         from a page.\n\n\
         | Method | Route | anonymous | patient | clinician | admin | |\n\
         |---|---|---|---|---|---|---|\n",
    );
    let mut rules: Vec<&Rule> = RULES.iter().collect();
    rules.sort_by_key(|r| (r.path, r.method));
    for r in rules {
        let may = |role: Option<Role>| if allows(r.who, role) { "✓" } else { "" };
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} | {} |",
            r.method,
            r.path,
            may(None),
            may(Some(Role::Patient)),
            may(Some(Role::Clinician)),
            may(Some(Role::Admin)),
            if r.hosted_only { "hosted only" } else { "" }
        );
    }
    out
}

/// Whether `who` lets an account of `role` (or anyone signed out) in.
fn allows(who: Who, role: Option<Role>) -> bool {
    match (who, role) {
        (Who::Anyone, _) => true,
        (_, None) => false,
        (Who::Person, Some(_)) => true,
        (Who::Clinician, Some(r)) => r == Role::Clinician,
        (Who::Admin, Some(r)) => r == Role::Admin,
    }
}

/// The signed-in account of a request (hosted mode), and its session.
#[derive(Debug, Clone)]
pub(crate) struct SignedIn {
    pub(crate) account: Account,
    pub(crate) token: TokenHash,
}

/// The header that names the signed-in account on every answer to it.
pub const ACCOUNT_HEADER: HeaderName = HeaderName::from_static("x-backcalm-account");

/// What the page header shows someone signed in: the links of their role
/// and the "Sign out" form.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    /// The form token for the "Sign out" form.
    pub(crate) token: String,
    /// Whether to link the clinician's patient list.
    pub(crate) clinician: bool,
    /// Whether to link everyone's audit trail.
    pub(crate) admin: bool,
}

tokio::task_local! {
    /// Set when someone is signed in, while a page is answered.
    static SIGNED_IN_HEADER: Option<Header>;
}

/// For `templates/base.html`: what to show of the signed-in account, if any.
pub(crate) fn signed_in_header() -> Option<Header> {
    SIGNED_IN_HEADER.try_with(Clone::clone).ok().flatten()
}

/// Applies [`RULES`] to every request in hosted mode (see the module's doc).
pub(crate) async fn enforce(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let path = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string());
    let Some(path) = path else {
        return next.run(req).await;
    };
    let found = rule(req.method(), &path);
    let Some(hosted) = state.hosted() else {
        if found.is_some_and(|r| r.hosted_only) {
            return not_here(req.uri());
        }
        return next.run(req).await;
    };
    let Some(found) = found else {
        if RULES.iter().any(|r| r.path == path) {
            // A method the route does not have: the router answers 405.
            return next.run(req).await;
        }
        tracing::error!("route {path} has no rule in access.rs; refused");
        return Problem::internal().into_response();
    };
    let reads_session = found.who != Who::Anyone || !reads_nothing_personal(&path);
    let signed_in = if reads_session {
        match session(&state, hosted, req.headers()).await {
            Ok(s) => s,
            Err(e) => return Problem::from(e).into_response(),
        }
    } else {
        None
    };
    let role = signed_in.as_ref().map(|s| s.account.role);
    if !allows(found.who, role) {
        return match role {
            None => sign_in_first(req.uri()),
            Some(_) => wrong_role(req.uri()),
        };
    }
    let header = signed_in.as_ref().map(|s| Header {
        token: state.csrf(),
        clinician: s.account.role == Role::Clinician,
        admin: s.account.role == Role::Admin,
    });
    let account = signed_in.as_ref().map(|s| s.account.id);
    if let Some(s) = signed_in {
        req.extensions_mut().insert(s);
    }
    let mut res = SIGNED_IN_HEADER.scope(header, next.run(req)).await;
    // Whose answer this is, for the service worker: a saved page of one
    // account is never shown to the next (static/sw.js).
    if let Some(id) = account {
        if let Ok(v) = HeaderValue::from_str(&id.to_string()) {
            res.headers_mut().insert(ACCOUNT_HEADER, v);
        }
    }
    res
}

/// Routes whose answers never depend on who asks, so no session is read.
fn reads_nothing_personal(path: &str) -> bool {
    path.starts_with("/api/")
        || path.starts_with("/static/")
        || matches!(
            path,
            "/healthz" | "/readyz" | "/sw.js" | "/manifest.webmanifest" | "/report.css"
        )
}

/// The session a request's cookie names, if it is live; an ended one is deleted.
async fn session(
    state: &AppState,
    hosted: &crate::hosted::Hosted,
    headers: &HeaderMap,
) -> Result<Option<SignedIn>, backcalm_store::StoreError> {
    let Some(token) = session_token(headers) else {
        return Ok(None);
    };
    let hash = token.hash();
    let Some(login) = hosted.accounts.login(&hash).await? else {
        return Ok(None);
    };
    let now = state.now();
    if hosted.expired(login.created_at, login.last_seen_at, now) || !login.account.active() {
        hosted.accounts.end_login(&hash).await?;
        return Ok(None);
    }
    let due = login
        .last_seen_at
        .checked_add(crate::hosted::TOUCH_EVERY)
        .is_ok_and(|t| t <= now);
    if due {
        hosted.accounts.touch_login(&hash, now).await?;
    }
    Ok(Some(SignedIn {
        account: login.account,
        token: hash,
    }))
}

/// The session token in the request's cookies, if one has a token's shape.
pub(crate) fn session_token(headers: &HeaderMap) -> Option<Token> {
    crate::admission::token_cookie(headers, SESSION_COOKIE)
}

/// 401 for the API; for a page, the sign-in page, coming back here after.
fn sign_in_first(uri: &Uri) -> Response {
    if crate::is_api(uri) {
        return unauthorized();
    }
    let back = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    Redirect::to(&format!("/signin?next={}", encode(back))).into_response()
}

/// The API's 401: one answer for every reason.
pub(crate) fn unauthorized() -> Response {
    let mut res = Problem::unauthorized("sign in first: POST /api/v1/auth/login").into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn wrong_role(uri: &Uri) -> Response {
    let message = "your account's role may not use this";
    if crate::is_api(uri) {
        Problem::forbidden(message).into_response()
    } else {
        crate::admission::refusal(StatusCode::FORBIDDEN, "Not for this account", message)
    }
}

fn not_here(uri: &Uri) -> Response {
    if crate::is_api(uri) {
        Problem::not_found(format!(
            "{} is served only in hosted mode (backcalm serve --accounts)",
            uri.path()
        ))
        .into_response()
    } else {
        crate::pages::not_found_page(uri.path())
    }
}

/// Percent-encodes a path and query for the `next` parameter.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// The person's journal: in local mode the one journal, in hosted mode the
/// signed-in account's own (`Store::for_person`). Journal handlers take
/// this instead of `State<AppState>`; the state it holds acts for that person.
pub(crate) struct Journal(pub(crate) AppState);

impl FromRequestParts<AppState> for Journal {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match journal_of(state, &parts.extensions) {
            Some(mine) => Ok(Journal(mine)),
            // `enforce` lets no one unsigned reach a person route; this is the second lock.
            None => Err(sign_in_first(&parts.uri)),
        }
    }
}

/// The state acting for the request's person; `None` in hosted mode when no one is signed in.
pub(crate) fn journal_of(state: &AppState, ext: &axum::http::Extensions) -> Option<AppState> {
    if state.hosted().is_none() {
        return Some(state.clone());
    }
    ext.get::<SignedIn>()
        .map(|s| state.for_person(s.account.id))
}

/// The signed-in account, for the routes that act on the account itself.
pub(crate) struct Signed(pub(crate) SignedIn);

impl FromRequestParts<AppState> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &AppState) -> Result<Self, Response> {
        match parts.extensions.get::<SignedIn>() {
            Some(s) => Ok(Signed(s.clone())),
            None => Err(sign_in_first(&parts.uri)),
        }
    }
}
