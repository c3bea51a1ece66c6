//! Hosted mode's sign-in pages: `/signin`, an invitation's `/invite/{token}`
//! (choose a username and a password), a reset link's `/reset/{token}` (a
//! new password) and the header's "Sign out" (`/signout`). They call the
//! same functions as the JSON API (`api/auth.rs`); the form token is checked
//! before they run, as for every page form (`admission.rs`).

use super::page_form::PageForm;
use super::{message_page, render};
use crate::access::Signed;
use crate::api::auth::{
    client_address, redeem, set_session_cookies, sign_in, signed_out, SignInError,
};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, Extensions, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use backcalm_auth::Token;
use backcalm_store::LinkPurpose;
use uuid::Uuid;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/signin", get(show).post(submit))
        .route("/invite/{token}", get(invite).post(accept))
        .route("/reset/{token}", get(reset).post(set_password))
        .route("/signout", post(sign_out))
}

#[derive(Template, Default)]
#[template(path = "signin.html")]
struct SignInPage {
    current: &'static str,
    title: &'static str,
    lead: &'static str,
    action: String,
    csrf: String,
    next: String,
    ask_username: bool,
    username: String,
    username_hint: &'static str,
    password_label: &'static str,
    password_hint: &'static str,
    password_autocomplete: &'static str,
    submit: &'static str,
    error: String,
    error_field: &'static str,
}

const USERNAME_HINT: &str =
    "3 to 64 characters: letters a-z, digits, dots, dashes and underscores.";
const PASSWORD_HINT: &str =
    "At least 10 characters, not easy to guess. A few unrelated words make a good one.";

fn sign_in_page(state: &AppState, next: &str) -> SignInPage {
    SignInPage {
        title: "Sign in",
        action: "/signin".into(),
        csrf: state.csrf(),
        next: next.to_string(),
        ask_username: true,
        password_label: "Password",
        password_autocomplete: "current-password",
        submit: "Sign in",
        ..SignInPage::default()
    }
}

fn invite_page(state: &AppState, token: &str) -> SignInPage {
    SignInPage {
        title: "Set up your account",
        lead: "Choose the username and password you will sign in with.",
        action: format!("/invite/{token}"),
        csrf: state.csrf(),
        ask_username: true,
        username_hint: USERNAME_HINT,
        password_label: "New password",
        password_hint: PASSWORD_HINT,
        password_autocomplete: "new-password",
        submit: "Set up and sign in",
        ..SignInPage::default()
    }
}

fn reset_page(state: &AppState, token: &str) -> SignInPage {
    SignInPage {
        title: "Choose a new password",
        lead: "Choosing a new password signs you out everywhere else.",
        action: format!("/reset/{token}"),
        csrf: state.csrf(),
        password_label: "New password",
        password_hint: PASSWORD_HINT,
        password_autocomplete: "new-password",
        submit: "Save and sign in",
        ..SignInPage::default()
    }
}

#[derive(serde::Deserialize)]
struct Next {
    next: Option<String>,
}

/// Only a path on this site, so a link cannot send someone elsewhere after signing in.
fn local_path(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_string(),
        _ => "/".to_string(),
    }
}

fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

async fn show(
    State(state): State<AppState>,
    q: Result<Query<Next>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let next = q.ok().and_then(|Query(n)| n.next);
    let next = local_path(next.as_deref());
    render(StatusCode::OK, &sign_in_page(&state, &next))
}

async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    ext: Extensions,
    PageForm(pairs): PageForm,
) -> Response {
    let next = local_path(Some(field(&pairs, "next")));
    let username = field(&pairs, "username");
    let address = client_address(&state, &headers, &ext);
    match sign_in(&state, username, field(&pairs, "password"), &address).await {
        Ok((account, token)) => signed_in(&state, &token, account.id, &next),
        Err(SignInError::Refused) => {
            let mut page = sign_in_page(&state, &next);
            page.username = username.to_string();
            page.error = "The username and password do not match an account that can sign in. Check both, or ask for a password reset link.".into();
            page.error_field = "password";
            render(StatusCode::UNAUTHORIZED, &page)
        }
        Err(SignInError::Wait(secs)) => {
            let mut page = sign_in_page(&state, &next);
            page.username = username.to_string();
            page.error = format!(
                "Too many failed sign-ins. Try again in {} minute(s).",
                secs.div_ceil(60)
            );
            page.error_field = "password";
            let mut res = render(StatusCode::TOO_MANY_REQUESTS, &page);
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            res
        }
        Err(SignInError::Store(_)) => super::server_error_page(),
    }
}

async fn invite(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    if !link_open(&state, &token, LinkPurpose::Invite).await {
        return link_gone();
    }
    render(StatusCode::OK, &invite_page(&state, &token))
}

async fn accept(
    State(state): State<AppState>,
    Path(token): Path<String>,
    PageForm(pairs): PageForm,
) -> Response {
    let username = field(&pairs, "username");
    let password = field(&pairs, "password");
    match redeem(
        &state,
        &token,
        Some(username),
        password,
        LinkPurpose::Invite,
    )
    .await
    {
        Ok((account, session)) => signed_in(&state, &session, account.id, "/"),
        Err(p) => {
            let mut page = invite_page(&state, &token);
            page.username = username.to_string();
            refused(&mut page, p)
        }
    }
}

async fn reset(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    if !link_open(&state, &token, LinkPurpose::Reset).await {
        return link_gone();
    }
    render(StatusCode::OK, &reset_page(&state, &token))
}

async fn set_password(
    State(state): State<AppState>,
    Path(token): Path<String>,
    PageForm(pairs): PageForm,
) -> Response {
    let password = field(&pairs, "password");
    match redeem(&state, &token, None, password, LinkPurpose::Reset).await {
        Ok((account, session)) => signed_in(&state, &session, account.id, "/"),
        Err(p) => {
            let mut page = reset_page(&state, &token);
            refused(&mut page, p)
        }
    }
}

async fn sign_out(State(state): State<AppState>, Signed(s): Signed) -> Response {
    if let Some(h) = state.hosted() {
        if let Err(e) = h.accounts.end_login(&s.token).await {
            return super::storage_failed(e);
        }
    }
    signed_out(Redirect::to("/signin").into_response())
}

/// Whether a one-time link of `purpose` can still be used.
async fn link_open(state: &AppState, token: &str, purpose: LinkPurpose) -> bool {
    let (Some(h), Some(t)) = (state.hosted(), Token::parse(token)) else {
        return false;
    };
    matches!(
        h.accounts.open_link(&t.hash(), state.now()).await,
        Ok(Some((_, p))) if p == purpose
    )
}

fn link_gone() -> Response {
    message_page(
        StatusCode::NOT_FOUND,
        "This link is not valid any more",
        "It may have been used already, or it expired. Ask whoever sent it for a new one.",
        Some(("/signin", "Go to sign in")),
    )
}

/// The form again with the refusal on its field; a dead link is its own page.
fn refused(page: &mut SignInPage, p: crate::problem::Problem) -> Response {
    let field: &'static str = match p.field.as_deref() {
        Some("username") => "username",
        Some("password") => "password",
        Some("token") => return link_gone(),
        _ => return super::server_error_page(),
    };
    page.error = capitalised(&p.detail);
    page.error_field = field;
    render(StatusCode::UNPROCESSABLE_ENTITY, page)
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect::<String>() + ".",
        None => String::new(),
    }
}

/// Signed in: the cookie, and on to `next`.
fn signed_in(state: &AppState, token: &Token, account: Uuid, next: &str) -> Response {
    let mut res = Redirect::to(next).into_response();
    set_session_cookies(&mut res, state, token, account);
    res
}
