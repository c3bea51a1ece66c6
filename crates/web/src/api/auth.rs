//! Signing in and out (hosted mode only; `crate::access` answers 404 for
//! these in local mode): accepting an invitation, signing in with a
//! username and password, signing out here or everywhere, and who is signed
//! in. The sign-in pages (`pages/signin.rs`) call the same functions.

use crate::access::Signed;
use crate::json::ApiJson;
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::ConnectInfo;
use axum::extract::State;
use axum::http::{header, Extensions, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use backcalm_auth::password::{check_new, verify_nothing};
use backcalm_auth::{PasswordHash, Token, Username};
use backcalm_store::{Account, LinkPurpose, RedeemError};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use uuid::Uuid;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/auth/accept", post(accept))
        .route("/api/v1/auth/login", post(login))
        .route("/api/v1/auth/logout", post(logout))
        .route("/api/v1/auth/logout-everywhere", post(logout_everywhere))
        .route("/api/v1/me", get(me))
}

/// `POST /api/v1/auth/accept`'s body.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AcceptBody {
    /// The invitation link's token.
    #[schema(min_length = 1, max_length = 100)]
    token: String,
    /// 3 to 64 characters: a-z, digits, `.`, `-`, `_`; starting with a letter or digit.
    #[schema(min_length = 1, max_length = 100)]
    username: String,
    /// At least 10 characters, and not easy to guess.
    #[schema(min_length = 1, max_length = 256)]
    password: String,
}

/// `POST /api/v1/auth/login`'s body.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LoginBody {
    #[schema(min_length = 1, max_length = 100)]
    username: String,
    #[schema(min_length = 1, max_length = 256)]
    password: String,
}

/// Who is signed in.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct Me {
    id: uuid::Uuid,
    /// `patient`, `clinician` or `admin`.
    #[schema(pattern = "^(patient|clinician|admin)$")]
    role: String,
    name: String,
    username: Option<String>,
}

impl From<&Account> for Me {
    fn from(a: &Account) -> Me {
        Me {
            id: a.id,
            role: a.role.as_str().to_string(),
            name: a.name.clone(),
            username: a.username.clone(),
        }
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/accept",
    tag = "accounts",
    operation_id = "acceptInvitation",
    summary = "Accept an invitation",
    description = "Hosted mode only. Chooses the username and password of an invited account and signs it in: the answer sets the session cookie (HttpOnly; SameSite=Lax; Path=/; Secure behind https).",
    request_body(content = AcceptBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Signed in; the session cookie is set", body = Me),
        (status = 400, description = "The body is not JSON of this shape", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Local mode: there are no accounts", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The link is not valid any more (field token), the username is not allowed or taken (field username), or the password is too short or easy to guess (field password)", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn accept(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<AcceptBody>,
) -> Result<Response, Problem> {
    let (account, token) = redeem(
        &state,
        &body.token,
        Some(&body.username),
        &body.password,
        LinkPurpose::Invite,
    )
    .await?;
    Ok(signed_in(&state, StatusCode::CREATED, &account, &token))
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "accounts",
    operation_id = "login",
    summary = "Sign in",
    description = "Hosted mode only. A new session at every sign-in. A wrong username, a wrong password and a disabled account get the same 401. After 5 failures for one username or 20 from one address within 15 minutes, 429 with Retry-After.",
    request_body(content = LoginBody, content_type = "application/json"),
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = Me),
        (status = 400, description = "The body is not JSON of this shape", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 401, description = "The username and password do not match an account that can sign in", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Local mode: there are no accounts", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed sign-ins; Retry-After gives the seconds to wait", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ext: Extensions,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Response, Response> {
    let address = client_address(&state, &headers, &ext);
    match sign_in(&state, &body.username, &body.password, &address).await {
        Ok((account, token)) => Ok(signed_in(&state, StatusCode::OK, &account, &token)),
        Err(SignInError::Refused) => Err(wrong_credentials()),
        Err(SignInError::Wait(secs)) => Err(too_many(secs)),
        Err(SignInError::Store(p)) => Err(p.into_response()),
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "accounts",
    operation_id = "logout",
    summary = "Sign out",
    description = "Hosted mode only. Ends this session and clears the cookie.",
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Local mode: there are no accounts", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn logout(
    State(state): State<AppState>,
    Signed(s): Signed,
) -> Result<Response, Problem> {
    if let Some(h) = state.hosted() {
        h.accounts.end_login(&s.token).await?;
    }
    Ok(signed_out(StatusCode::NO_CONTENT.into_response()))
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/logout-everywhere",
    tag = "accounts",
    operation_id = "logoutEverywhere",
    summary = "Sign out everywhere",
    description = "Hosted mode only. Ends every session of this account, on every device.",
    responses(
        (status = 204, description = "Every session ended"),
        (status = 401, description = "Not signed in", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Local mode: there are no accounts", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn logout_everywhere(
    State(state): State<AppState>,
    Signed(s): Signed,
) -> Result<Response, Problem> {
    if let Some(h) = state.hosted() {
        h.accounts.end_logins(s.account.id).await?;
    }
    Ok(signed_out(StatusCode::NO_CONTENT.into_response()))
}

#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "accounts",
    operation_id = "me",
    summary = "Who is signed in",
    description = "Hosted mode only.",
    responses(
        (status = 200, description = "The signed-in account", body = Me),
        (status = 401, description = "Not signed in", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Local mode: there are no accounts", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn me(Signed(s): Signed) -> Response {
    let mut res = Json(Me::from(&s.account)).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Why a sign-in did not happen.
pub(crate) enum SignInError {
    /// Wrong username or password, or an account that cannot sign in: one answer.
    Refused,
    /// Too many failures; the seconds to wait.
    Wait(u64),
    /// The database failed.
    Store(Problem),
}

/// Checks a username and password and opens a session. Every way of
/// failing costs one password verification, so timing tells nothing.
pub(crate) async fn sign_in(
    state: &AppState,
    typed_username: &str,
    password: &str,
    address: &str,
) -> Result<(Account, Token), SignInError> {
    let Some(hosted) = state.hosted() else {
        return Err(SignInError::Refused);
    };
    let now = state.now();
    let key = typed_username.trim().to_lowercase();
    hosted
        .may_try(&key, address, now)
        .await
        .map_err(|e| SignInError::Store(e.into()))?
        .map_err(SignInError::Wait)?;
    let found = match Username::parse(typed_username) {
        Ok(u) => hosted
            .accounts
            .account_for_sign_in(&u)
            .await
            .map_err(|e| SignInError::Store(e.into()))?,
        Err(_) => None,
    };
    let password_owned = password.to_string();
    let verified = match found {
        Some((account, Some(hash))) if account.active() => {
            let (ok, hash) = blocking(move || (hash.verify(&password_owned), hash)).await;
            ok.then_some((account, hash))
        }
        _ => {
            blocking(move || verify_nothing(&password_owned)).await;
            None
        }
    };
    let Some((account, hash)) = verified else {
        hosted
            .failed(&key, address, now)
            .await
            .map_err(|e| SignInError::Store(e.into()))?;
        return Err(SignInError::Refused);
    };
    if hash.needs_rehash() {
        let password = password.to_string();
        let fresh = blocking(move || PasswordHash::generate(&password)).await;
        hosted
            .accounts
            .set_password_hash(account.id, &fresh)
            .await
            .map_err(|e| SignInError::Store(e.into()))?;
    }
    let token = open_session(state, &account)
        .await
        .map_err(SignInError::Store)?;
    Ok((account, token))
}

/// Uses a one-time link of `purpose`: checks the username (an invitation)
/// and the password, stores them and opens a session. A refusal names the field.
pub(crate) async fn redeem(
    state: &AppState,
    token_text: &str,
    typed_username: Option<&str>,
    password: &str,
    purpose: LinkPurpose,
) -> Result<(Account, Token), Problem> {
    let Some(hosted) = state.hosted() else {
        return Err(Problem::not_found("there are no accounts in local mode"));
    };
    let now = state.now();
    let not_valid = || Problem::invalid("token", RedeemError::NotValid.to_string());
    let token = Token::parse(token_text.trim()).ok_or_else(not_valid)?;
    let (account, found) = hosted
        .accounts
        .open_link(&token.hash(), now)
        .await?
        .ok_or_else(not_valid)?;
    if found != purpose {
        return Err(not_valid());
    }
    let username = match typed_username {
        Some(typed) => {
            Some(Username::parse(typed).map_err(|e| Problem::invalid("username", e.to_string()))?)
        }
        None => None,
    };
    let shown = username
        .as_ref()
        .map(|u| u.as_str().to_string())
        .or_else(|| account.username.clone())
        .unwrap_or_default();
    check_new(password, &[&shown, &account.name])
        .map_err(|e| Problem::invalid("password", e.to_string()))?;
    let password = password.to_string();
    let hash = blocking(move || PasswordHash::generate(&password)).await;
    let account = match hosted
        .accounts
        .redeem_link(&token.hash(), username.as_ref(), &hash, now)
        .await?
    {
        Ok(account) => account,
        Err(RedeemError::UsernameTaken) => {
            return Err(Problem::invalid(
                "username",
                RedeemError::UsernameTaken.to_string(),
            ))
        }
        Err(RedeemError::NotValid) => return Err(not_valid()),
    };
    let session = open_session(state, &account).await?;
    Ok((account, session))
}

/// A new session for `account`: a fresh token, of which only the hash is kept.
async fn open_session(state: &AppState, account: &Account) -> Result<Token, Problem> {
    let hosted = state
        .hosted()
        .ok_or_else(|| Problem::not_found("there are no accounts in local mode"))?;
    let token = Token::generate().map_err(|e| {
        tracing::error!("{e}");
        Problem::internal()
    })?;
    hosted
        .accounts
        .create_login(&token.hash(), account.id, state.now())
        .await?;
    Ok(token)
}

/// Runs CPU-heavy password work off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(f).await {
        Ok(t) => t,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// The answer to a sign-in: `status`, the account, and the session cookie.
fn signed_in(state: &AppState, status: StatusCode, account: &Account, token: &Token) -> Response {
    let mut res = (status, Json(Me::from(account))).into_response();
    set_session_cookies(&mut res, state, token, account.id);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The session cookie and, beside it, the account cookie: the signed-in
/// account's id, readable by the pages' script so the offline outbox keeps
/// each account's waiting records apart (static/outbox.js). The id is no
/// secret and opens nothing; the session token stays HttpOnly.
pub(crate) fn set_session_cookies(
    res: &mut Response,
    state: &AppState,
    token: &Token,
    account: Uuid,
) {
    let secure = state.public_origin().is_some_and(|o| o.is_https());
    let account = format!(
        "{}={account}; SameSite=Lax; Path=/{}",
        crate::hosted::ACCOUNT_COOKIE,
        if secure { "; Secure" } else { "" }
    );
    for cookie in [session_cookie(state, token), account] {
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
}

/// `Set-Cookie` for a new session: HttpOnly, SameSite=Lax, the whole site,
/// and Secure when browsers reach the server over https.
fn session_cookie(state: &AppState, token: &Token) -> String {
    let secure = state.public_origin().is_some_and(|o| o.is_https());
    format!(
        "{}={}; HttpOnly; SameSite=Lax; Path=/{}",
        crate::hosted::SESSION_COOKIE,
        token.reveal(),
        if secure { "; Secure" } else { "" }
    )
}

/// Adds the `Set-Cookie` that removes the session cookie, and asks the
/// browser to forget what this site kept on the device: the service
/// worker's saved pages (a person's home and insights pages) and the
/// offline outbox, so the next person on a shared browser finds nothing of
/// the last one's. Browsers honour `Clear-Site-Data` over HTTPS and on
/// localhost, which is how hosted mode is served (docs/HOSTED.md).
pub(crate) fn signed_out(mut res: Response) -> Response {
    let clear = format!(
        "{}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0",
        crate::hosted::SESSION_COOKIE
    );
    let clear_account = format!(
        "{}=; SameSite=Lax; Path=/; Max-Age=0",
        crate::hosted::ACCOUNT_COOKIE
    );
    for cookie in [clear, clear_account] {
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res.headers_mut().insert(
        HeaderName::from_static("clear-site-data"),
        HeaderValue::from_static(CLEAR_ON_SIGN_OUT),
    );
    res
}

/// What a sign-out clears from the device (cookies are cleared one by one
/// above, so a sign-out on one site of a shared host touches nothing else).
pub(crate) const CLEAR_ON_SIGN_OUT: &str = "\"cache\", \"storage\"";

/// The 401 for every failed sign-in.
fn wrong_credentials() -> Response {
    Problem::unauthorized(
        "the username and password do not match an account that can sign in; \
         check both, or ask for a password reset link",
    )
    .into_response()
}

/// 429 with `Retry-After`.
pub(crate) fn too_many(secs: u64) -> Response {
    let mut res = Problem::too_many(format!(
        "too many failed sign-ins; try again in {} minute(s)",
        secs.div_ceil(60)
    ))
    .into_response();
    if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

/// Where a request comes from, for the per-address limit: the peer, or
/// behind a proxy (a public URL is set) the address the proxy appended
/// last to `X-Forwarded-For`.
pub(crate) fn client_address(state: &AppState, headers: &HeaderMap, ext: &Extensions) -> String {
    if state.public_origin().is_some() {
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|v| !v.is_empty());
        if let Some(f) = forwarded {
            return f.to_string();
        }
    }
    ext.get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".to_string())
}
