//! Hosted mode (`serve --accounts`): accepting an invitation, signing in and
//! out, the session cookie, the sign-in limit, and each person's journal
//! kept from everyone else, on SQLite and on PostgreSQL.

use crate::common::{app_from_state, request, state, state_with_clock, App, HandClock, Reply};
use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use backcalm_auth::{Role, Token};
use backcalm_store::{LinkPurpose, Store};
use backcalm_testkit::postgres::with_fresh_postgres;
use backcalm_web::access::{Who, RULES};
use backcalm_web::{HostedConfig, PublicOrigin};
use serde_json::json;
use uuid::Uuid;

pub(crate) const PASSWORD: &str = "plum orbit canyon lantern 47";

/// The app in hosted mode over `store`, behind `public` if given.
pub(crate) fn hosted(store: Store, public: Option<&str>) -> App {
    let mut s = state(store.clone()).with_accounts(HostedConfig::default());
    if let Some(p) = public {
        s = s.with_public_origin(PublicOrigin::parse(p).expect("valid"));
    }
    app_from_state(s, store)
}

pub(crate) async fn sqlite() -> Store {
    Store::open("sqlite::memory:").await.expect("open")
}

/// An account with an open invitation; its id and the link's token.
pub(crate) async fn invite(store: &Store, role: Role, name: &str) -> (Uuid, String) {
    let now: jiff::Timestamp = crate::common::NOW.parse().expect("now");
    let id = Uuid::new_v4();
    store
        .create_account(id, role, name, now)
        .await
        .expect("account");
    let token = Token::generate().expect("random");
    let week = now
        .checked_add(jiff::SignedDuration::from_hours(7 * 24))
        .expect("in range");
    store
        .create_link(id, &token.hash(), LinkPurpose::Invite, now, week)
        .await
        .expect("link");
    (id, token.reveal().to_string())
}

/// Sends with the session cookie (if any) and a JSON body (if any).
pub(crate) async fn send(
    app: &App,
    method: Method,
    uri: &str,
    cookie: Option<&str>,
    body: Option<&str>,
) -> Reply {
    let mut req = request(method, uri);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let body = match body {
        Some(b) => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    app.send(req.body(body).expect("request")).await
}

/// The form token a browser is shown on `page`, and the cookie to send the
/// form with: the session cookie when signed in, else the `backcalm_form`
/// cookie the page set (hosted mode's tokens are each browser's own).
pub(crate) async fn form_token(app: &App, page: &str, session: Option<&str>) -> (String, String) {
    let r = send(app, Method::GET, page, session, None).await;
    assert_eq!(r.status, StatusCode::OK, "{page}: {}", r.body);
    let csrf = crate::common::input_value(&r.body, "csrf");
    let cookie = match session {
        Some(s) => s.to_string(),
        None => {
            let set = r.header(header::SET_COOKIE);
            assert!(
                set.starts_with("backcalm_form=")
                    && set.ends_with("; HttpOnly; SameSite=Strict; Path=/"),
                "{set}"
            );
            cookie(&r)
        }
    };
    (csrf, cookie)
}

/// Posts a form as the browser holding `cookie` does.
pub(crate) async fn post_form(app: &App, uri: &str, pairs: &[(&str, &str)], cookie: &str) -> Reply {
    app.send(
        request(Method::POST, uri)
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(crate::common::form_body(pairs)))
            .expect("request"),
    )
    .await
}

/// `backcalm_session=TOKEN` from an answer's `Set-Cookie`.
pub(crate) fn cookie(r: &Reply) -> String {
    r.header(header::SET_COOKIE)
        .split(';')
        .next()
        .expect("a cookie")
        .to_string()
}

/// Accepts an invitation as `username`; the session cookie.
pub(crate) async fn join(app: &App, role: Role, name: &str, username: &str) -> (Uuid, String) {
    let (id, token) = invite(&app.store, role, name).await;
    let r = send(
        app,
        Method::POST,
        "/api/v1/auth/accept",
        None,
        Some(&json!({"token": token, "username": username, "password": PASSWORD}).to_string()),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // Beside the session, the account cookie the offline outbox reads:
    // not HttpOnly, and only the id.
    let account = format!("backcalm_account={id}; SameSite=Lax; Path=/");
    assert!(
        r.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|v| v.to_str().is_ok_and(|c| c.starts_with(&account))),
        "{:?}",
        r.headers
    );
    (id, cookie(&r))
}

/// A clinician's new share code.
pub(crate) async fn share_code(app: &App, clinician: &str) -> String {
    let made = send(
        app,
        Method::POST,
        "/api/v1/share-codes",
        Some(clinician),
        None,
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    made.json()["code"].as_str().expect("a code").to_string()
}

/// `person` shares `scopes` with `clinician` by a new code; the share's id.
pub(crate) async fn share_with(
    app: &App,
    clinician: &str,
    person: &str,
    scopes: &[&str],
) -> String {
    let code = share_code(app, clinician).await;
    let r = send(
        app,
        Method::POST,
        "/api/v1/shares",
        Some(person),
        Some(&json!({"code": code, "scopes": scopes}).to_string()),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_str().expect("a share id").to_string()
}

async fn login(app: &App, username: &str, password: &str) -> Reply {
    send(
        app,
        Method::POST,
        "/api/v1/auth/login",
        None,
        Some(&json!({"username": username, "password": password}).to_string()),
    )
    .await
}

/// Accept, sign in, sign out, the limit, and two people's check-ins kept apart.
async fn story(app: App) {
    // Accepting: 201, the account, and a session cookie with exactly its flags.
    let (ada_id, ada_invite) = invite(&app.store, Role::Patient, "Ada Lovelace").await;
    let accepted = send(
        &app,
        Method::POST,
        "/api/v1/auth/accept",
        None,
        Some(&json!({"token": ada_invite, "username": " Ada ", "password": PASSWORD}).to_string()),
    )
    .await;
    assert_eq!(accepted.status, StatusCode::CREATED, "{}", accepted.body);
    assert_eq!(
        accepted.json(),
        json!({"id": ada_id, "role": "patient", "name": "Ada Lovelace", "username": "ada"})
    );
    let set = accepted.header(header::SET_COOKIE).to_string();
    let ada = cookie(&accepted);
    let token = ada
        .strip_prefix("backcalm_session=")
        .expect("the cookie's name");
    assert!(Token::parse(token).is_some(), "{set}");
    assert_eq!(set, format!("{ada}; HttpOnly; SameSite=Lax; Path=/"));
    // The link is used up.
    let again = send(
        &app,
        Method::POST,
        "/api/v1/auth/accept",
        None,
        Some(&json!({"token": ada_invite, "username": "ada2", "password": PASSWORD}).to_string()),
    )
    .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.json()["field"], "token");

    // me
    let me = send(&app, Method::GET, "/api/v1/me", Some(&ada), None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["username"], "ada");
    assert_eq!(
        send(&app, Method::GET, "/api/v1/me", None, None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    // A new token at every sign-in, and each is a session of its own.
    let first = login(&app, "ada", PASSWORD).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.json()["id"], json!(ada_id));
    let second = login(&app, "ADA", PASSWORD).await;
    assert_eq!(second.status, StatusCode::OK);
    let (phone, laptop) = (cookie(&first), cookie(&second));
    assert_ne!(phone, laptop);
    assert_ne!(phone, ada);

    // Wrong username, wrong password and a disabled account: the same 401.
    let (bob_id, _) = join(&app, Role::Patient, "Bob", "bob").await;
    let wrong_user = login(&app, "nobody", PASSWORD).await;
    let wrong_password = login(&app, "ada", "not the password at all").await;
    app.store
        .disable_account(bob_id, crate::common::NOW.parse().expect("now"))
        .await
        .expect("disabled");
    let disabled = login(&app, "bob", PASSWORD).await;
    for r in [&wrong_user, &wrong_password, &disabled] {
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.body, wrong_user.body);
        assert_eq!(r.header(header::SET_COOKIE), "");
    }

    // Two people's check-ins: neither reads, changes nor deletes the other's.
    let (_, cleo) = join(&app, Role::Clinician, "Cleo", "cleo").await;
    let id = "5b0c2d6e-8f7a-4c1b-9a3e-2f4d6b8c0e1a";
    let made = send(
        &app,
        Method::POST,
        "/api/v1/checkins",
        Some(&phone),
        Some(&json!({"id": id, "pain": 6, "note": "ada's own words"}).to_string()),
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let path = format!("/api/v1/checkins/{id}");
    assert_eq!(
        send(&app, Method::GET, &path, Some(&cleo), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let put = send(
        &app,
        Method::PUT,
        &path,
        Some(&cleo),
        Some(&json!({"pain": 1}).to_string()),
    )
    .await;
    assert_eq!(put.status, StatusCode::NOT_FOUND, "{}", put.body);
    assert_eq!(
        send(&app, Method::DELETE, &path, Some(&cleo), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let list = send(&app, Method::GET, "/api/v1/checkins", Some(&cleo), None).await;
    assert_eq!(list.json(), json!([]));
    let export = send(&app, Method::GET, "/api/v1/export/json", Some(&cleo), None).await;
    assert!(!export.body.contains("ada's own words"), "{}", export.body);
    let still = send(&app, Method::GET, &path, Some(&laptop), None).await;
    assert_eq!(still.status, StatusCode::OK);
    assert_eq!(still.json()["pain"], 6);
    assert_eq!(still.json()["note"], "ada's own words");
    // Nothing went to the journal no account has.
    let nobody = app
        .store
        .for_person(Uuid::nil())
        .export_all()
        .await
        .expect("export");
    assert!(nobody.checkins.is_empty());

    // Sign out: 204, then that session is gone and the others are not.
    let out = send(
        &app,
        Method::POST,
        "/api/v1/auth/logout",
        Some(&phone),
        None,
    )
    .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(out.header(header::SET_COOKIE).contains("Max-Age=0"));
    // The account cookie the outbox reads goes too.
    let cookies: Vec<&str> = out
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("backcalm_account=;") && c.contains("Max-Age=0")),
        "{cookies:?}"
    );
    // The device forgets the saved pages and the outbox.
    assert_eq!(
        out.header(header::HeaderName::from_static("clear-site-data")),
        "\"cache\", \"storage\""
    );
    assert_eq!(
        send(&app, Method::GET, "/api/v1/me", Some(&phone), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        send(&app, Method::GET, "/api/v1/me", Some(&laptop), None)
            .await
            .status,
        StatusCode::OK
    );
    // Sign out everywhere ends the others too.
    let everywhere = send(
        &app,
        Method::POST,
        "/api/v1/auth/logout-everywhere",
        Some(&ada),
        None,
    )
    .await;
    assert_eq!(everywhere.status, StatusCode::NO_CONTENT);
    for c in [&ada, &laptop] {
        assert_eq!(
            send(&app, Method::GET, "/api/v1/me", Some(c), None)
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }

    // Five failures for one username: the sixth try waits, even with the right password.
    for _ in 0..4 {
        assert_eq!(
            login(&app, "ada", "still not the password").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let limited = login(&app, "ada", PASSWORD).await;
    assert_eq!(
        limited.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        limited.body
    );
    assert_eq!(limited.header(header::RETRY_AFTER), "900");
    assert_eq!(login(&app, "cleo", PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn signing_in_and_out_and_keeping_journals_apart_on_sqlite() {
    story(hosted(sqlite().await, None)).await;
}

#[tokio::test]
async fn signing_in_and_out_and_keeping_journals_apart_on_postgres() {
    with_fresh_postgres(|url| async move {
        let store = Store::open(&url)
            .await
            .expect("open the PostgreSQL journal");
        story(hosted(store.clone(), None)).await;
        store.close().await;
    })
    .await;
}

#[tokio::test]
async fn the_cookie_is_secure_behind_https_and_not_behind_http() {
    for (public, secure) in [
        ("https://backcalm.example.org", true),
        ("http://backcalm.example.org", false),
    ] {
        let app = hosted(sqlite().await, Some(public));
        let (_, token) = invite(&app.store, Role::Patient, "Ada").await;
        let r = send(
            &app,
            Method::POST,
            "/api/v1/auth/accept",
            None,
            Some(&json!({"token": token, "username": "ada", "password": PASSWORD}).to_string()),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED);
        let expected = format!(
            "{}; HttpOnly; SameSite=Lax; Path=/{}",
            cookie(&r),
            if secure { "; Secure" } else { "" }
        );
        assert_eq!(r.header(header::SET_COOKIE), expected, "{public}");
    }
}

#[tokio::test]
async fn a_refused_invitation_names_the_field() {
    let app = hosted(sqlite().await, None);
    join(&app, Role::Patient, "Taken", "taken").await;
    let (_, token) = invite(&app.store, Role::Patient, "Sam Jones").await;
    for (username, password, field) in [
        ("sam", "short", "password"),
        ("sam", "password123", "password"),
        ("sam", "qwertyuiop", "password"),
        ("s", PASSWORD, "username"),
        ("sam jones", PASSWORD, "username"),
        ("taken", PASSWORD, "username"),
    ] {
        let r = send(
            &app,
            Method::POST,
            "/api/v1/auth/accept",
            None,
            Some(&json!({"token": token, "username": username, "password": password}).to_string()),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{username} {password}: {}",
            r.body
        );
        assert_eq!(r.header(header::CONTENT_TYPE), "application/problem+json");
        assert_eq!(r.json()["field"], field, "{username} {password}");
    }
    let bad_token = send(
        &app,
        Method::POST,
        "/api/v1/auth/accept",
        None,
        Some(&json!({"token": "nope", "username": "sam", "password": PASSWORD}).to_string()),
    )
    .await;
    assert_eq!(bad_token.json()["field"], "token");
}

#[tokio::test]
async fn signed_out_every_journal_route_answers_401_and_every_page_sends_to_sign_in() {
    let app = hosted(sqlite().await, None);
    let (csrf, browser) = form_token(&app, "/signin", None).await;
    let mut checked = 0;
    for rule in RULES.iter().filter(|r| r.who != Who::Anyone) {
        let uri = crate::route_scan::concrete(rule.path, |_| {
            "00000000-0000-0000-0000-000000000001".to_string()
        });
        let method = Method::from_bytes(rule.method.as_bytes()).expect("method");
        let r = if rule.path.starts_with("/api/") {
            send(&app, method, &uri, None, Some("{}")).await
        } else {
            // With the form token: the form token is checked first (403 without it).
            let form = request(method, &uri)
                .header(header::COOKIE, &browser)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!("csrf={csrf}")))
                .expect("request");
            app.send(form).await
        };
        if rule.path.starts_with("/api/") {
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{} {uri}", rule.method);
            assert_eq!(r.json()["status"], 401);
        } else {
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{} {uri}", rule.method);
            assert!(
                r.header(header::LOCATION).starts_with("/signin?next=/"),
                "{} {uri}: {}",
                rule.method,
                r.header(header::LOCATION)
            );
        }
        checked += 1;
    }
    assert!(checked > 60, "{checked}");
    // A made-up cookie is nobody.
    let fake = format!(
        "backcalm_session={}",
        Token::generate().expect("random").reveal()
    );
    let r = send(&app, Method::GET, "/api/v1/checkins", Some(&fake), None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // Public routes stay public.
    for uri in [
        "/api/v1/practices",
        "/api/v1/openapi.json",
        "/practices",
        "/learn",
        "/help-now",
        "/healthz",
        "/signin",
    ] {
        assert_eq!(app.get(uri).await.status, StatusCode::OK, "{uri}");
    }
}

#[tokio::test]
async fn local_mode_has_no_sign_in_routes() {
    let app = crate::common::app().await;
    for (method, uri) in [
        (Method::POST, "/api/v1/auth/accept"),
        (Method::POST, "/api/v1/auth/login"),
        (Method::POST, "/api/v1/auth/logout"),
        (Method::POST, "/api/v1/auth/logout-everywhere"),
        (Method::GET, "/api/v1/me"),
    ] {
        let r = send(&app, method, uri, None, Some("{}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(r.body.contains("hosted mode"), "{}", r.body);
    }
    assert_eq!(app.get("/signin").await.status, StatusCode::NOT_FOUND);
    // And the journal needs no one.
    assert_eq!(app.get("/api/v1/checkins").await.status, StatusCode::OK);
    assert!(!app.get("/").await.body.contains("Sign out"));
}

#[tokio::test]
async fn sessions_end_after_30_idle_days_or_90_in_all() {
    let clock = HandClock::at(crate::common::NOW);
    let store = sqlite().await;
    let app = app_from_state(
        state_with_clock(store.clone(), clock.clock()).with_accounts(HostedConfig::default()),
        store,
    );
    let (_, ada) = join(&app, Role::Patient, "Ada", "ada").await;
    let day = 24 * 3600 * 1_000_000_000_i64;
    // Used every 29 days, it lasts until day 90.
    for _ in 0..3 {
        clock.advance_ns(29 * day);
        let r = send(&app, Method::GET, "/api/v1/me", Some(&ada), None).await;
        assert_eq!(r.status, StatusCode::OK);
    }
    clock.advance_ns(3 * day);
    assert_eq!(
        send(&app, Method::GET, "/api/v1/me", Some(&ada), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // Unused for 30 days, it ends.
    let fresh = cookie(&login(&app, "ada", PASSWORD).await);
    clock.advance_ns(30 * day);
    assert_eq!(
        send(&app, Method::GET, "/api/v1/me", Some(&fresh), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let token =
        Token::parse(fresh.strip_prefix("backcalm_session=").expect("name")).expect("token");
    assert_eq!(
        app.store.login(&token.hash()).await.expect("read"),
        None,
        "an ended session is deleted"
    );
}

#[tokio::test]
async fn configured_session_limits_are_the_ones_that_end_sessions() {
    let clock = HandClock::at(crate::common::NOW);
    let store = sqlite().await;
    let config = HostedConfig {
        session_idle: jiff::SignedDuration::from_hours(2 * 24),
        session_absolute: jiff::SignedDuration::from_hours(5 * 24),
        ..HostedConfig::default()
    };
    let app = app_from_state(
        state_with_clock(store.clone(), clock.clock()).with_accounts(config),
        store,
    );
    let (_, ada) = join(&app, Role::Patient, "Ada", "ada").await;
    let me = |c: String| {
        let app = &app;
        async move {
            send(app, Method::GET, "/api/v1/me", Some(&c), None)
                .await
                .status
        }
    };
    let day = 24 * 3600 * 1_000_000_000_i64;
    // Used every day and a half, it lasts until day 5, not 90.
    for _ in 0..3 {
        clock.advance_ns(day + day / 2);
        assert_eq!(me(ada.clone()).await, StatusCode::OK);
    }
    clock.advance_ns(day);
    assert_eq!(me(ada.clone()).await, StatusCode::UNAUTHORIZED);
    // Unused for 2 days, not 30, it ends.
    let fresh = cookie(&login(&app, "ada", PASSWORD).await);
    clock.advance_ns(2 * day - 1_000_000_000);
    assert_eq!(me(fresh.clone()).await, StatusCode::OK);
    clock.advance_ns(2 * day);
    assert_eq!(me(fresh).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_pages_sign_in_set_up_reset_and_sign_out() {
    let app = hosted(sqlite().await, None);
    let (_, invite_token) = invite(&app.store, Role::Patient, "Ada").await;
    let page = app.get(&format!("/invite/{invite_token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("autocomplete=\"new-password\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("autocomplete=\"username\""));
    assert!(page.body.contains("<label for=\"password\">"));
    let (csrf, browser) = form_token(&app, &format!("/invite/{invite_token}"), None).await;
    // A weak password: the form again, the error tied to its field.
    let weak = post_form(
        &app,
        &format!("/invite/{invite_token}"),
        &[("csrf", &csrf), ("username", "ada"), ("password", "short")],
        &browser,
    )
    .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        weak.body
            .contains("aria-describedby=\"password-error password-hint\""),
        "{}",
        weak.body
    );
    assert!(weak.body.contains("id=\"password-error\""));
    // Without the cookie the token was made for, the token is refused.
    let elsewhere = app
        .post_form(
            &format!("/invite/{invite_token}"),
            &[("csrf", &csrf), ("username", "ada"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::FORBIDDEN);
    let made = post_form(
        &app,
        &format!("/invite/{invite_token}"),
        &[("csrf", &csrf), ("username", "ada"), ("password", PASSWORD)],
        &browser,
    )
    .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER);
    assert!(made
        .header(header::SET_COOKIE)
        .ends_with("; HttpOnly; SameSite=Lax; Path=/"));
    // The used link is a page saying so.
    assert_eq!(
        app.get(&format!("/invite/{invite_token}")).await.status,
        StatusCode::NOT_FOUND
    );

    // Signing in through the form, back to where the person was going.
    let form = app.get("/signin?next=/history").await;
    assert!(form.body.contains("autocomplete=\"current-password\""));
    assert_eq!(crate::common::input_value(&form.body, "next"), "/history");
    let wrong = post_form(
        &app,
        "/signin",
        &[
            ("csrf", &csrf),
            ("username", "ada"),
            ("password", "wrong password!"),
            ("next", "/history"),
        ],
        &browser,
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let signed = post_form(
        &app,
        "/signin",
        &[
            ("csrf", &csrf),
            ("username", "ada"),
            ("password", PASSWORD),
            ("next", "/history"),
        ],
        &browser,
    )
    .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    assert_eq!(signed.header(header::LOCATION), "/history");
    let session = cookie(&signed);
    // Somewhere else is never where it goes.
    let away = post_form(
        &app,
        "/signin",
        &[
            ("csrf", &csrf),
            ("username", "ada"),
            ("password", PASSWORD),
            ("next", "//evil.example"),
        ],
        &browser,
    )
    .await;
    assert_eq!(away.header(header::LOCATION), "/");

    // Signed in, the header has "Sign out", a form with the token.
    let home = send(&app, Method::GET, "/history", Some(&session), None).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("action=\"/signout\""), "{}", home.body);
    // Its token is the session's own: not the one shown signed out, and not
    // one another browser was shown.
    let (signed_csrf, _) = form_token(&app, "/history", Some(&session)).await;
    assert_ne!(signed_csrf, csrf);
    let held = Token::parse(session.strip_prefix("backcalm_session=").expect("name"));
    assert_eq!(signed_csrf, held.expect("a token").form_token());
    let (other_csrf, _) = form_token(&app, "/signin", None).await;
    for stale in [&csrf, &other_csrf] {
        let r = post_form(&app, "/signout", &[("csrf", stale)], &session).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    }
    let both = format!("{session}; {browser}");
    let r = post_form(&app, "/signout", &[("csrf", &csrf)], &both).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "the session's token wins");
    // Without the form token nothing happens.
    let forged = app
        .send(
            request(Method::POST, "/signout")
                .header(header::COOKIE, &session)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(""))
                .expect("request"),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let out = app
        .send(
            request(Method::POST, "/signout")
                .header(header::COOKIE, &session)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!("csrf={signed_csrf}")))
                .expect("request"),
        )
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        out.header(header::HeaderName::from_static("clear-site-data")),
        "\"cache\", \"storage\""
    );
    assert_eq!(
        send(&app, Method::GET, "/history", Some(&session), None)
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    // A reset link: a new password, and the old one no longer signs in.
    let ada = app
        .store
        .accounts()
        .await
        .expect("accounts")
        .into_iter()
        .find(|a| a.username.as_deref() == Some("ada"))
        .expect("ada");
    let token = Token::generate().expect("random");
    let now: jiff::Timestamp = crate::common::NOW.parse().expect("now");
    let later = now
        .checked_add(jiff::SignedDuration::from_hours(1))
        .expect("range");
    app.store
        .create_link(ada.id, &token.hash(), LinkPurpose::Reset, now, later)
        .await
        .expect("link");
    let page = app.get(&format!("/reset/{}", token.reveal())).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("name=\"username\""));
    let new_password = "violet harbour engine 1987 quietly";
    let saved = post_form(
        &app,
        &format!("/reset/{}", token.reveal()),
        &[("csrf", &csrf), ("password", new_password)],
        &browser,
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        login(&app, "ada", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login(&app, "ada", new_password).await.status,
        StatusCode::OK
    );
}

/// Behind the proxy, the sign-in limit counts by the client's address as
/// the proxy gives it (the last `X-Forwarded-For`): twenty failures from
/// one address, whatever the usernames, hold that address only.
#[tokio::test]
async fn twenty_failures_from_one_address_hold_that_address_and_no_other() {
    let app = hosted(sqlite().await, Some("https://backcalm.example.org"));
    join(&app, Role::Patient, "Ada", "ada").await;
    let from = |address: &str, username: &str, password: &str| {
        crate::common::request(Method::POST, "/api/v1/auth/login")
            .header(header::CONTENT_TYPE, "application/json")
            // A client's own claim first; the proxy appends the address it saw.
            .header("x-forwarded-for", format!("198.51.100.1, {address}"))
            .body(axum::body::Body::from(
                json!({"username": username, "password": password}).to_string(),
            ))
            .expect("request")
    };
    for i in 0..20 {
        let r = app
            .send(from(
                "203.0.113.9",
                &format!("guess{i}"),
                "not anyone's password",
            ))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "try {i}: {}", r.body);
    }
    let held = app.send(from("203.0.113.9", "ada", PASSWORD)).await;
    assert_eq!(held.status, StatusCode::TOO_MANY_REQUESTS, "{}", held.body);
    assert_eq!(held.header(header::RETRY_AFTER), "900");
    let elsewhere = app.send(from("203.0.113.10", "ada", PASSWORD)).await;
    assert_eq!(elsewhere.status, StatusCode::OK, "{}", elsewhere.body);
}

/// Every answer to a signed-in request names its account, for the service
/// worker's saved pages; an answer to no one names no one.
#[tokio::test]
async fn answers_name_the_signed_in_account_for_the_service_worker() {
    let app = hosted(sqlite().await, None);
    let (ada_id, ada) = join(&app, Role::Patient, "Ada", "ada").await;
    for path in ["/history", "/api/v1/checkins"] {
        let r = send(&app, Method::GET, path, Some(&ada), None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(
            r.header(backcalm_web::access::ACCOUNT_HEADER),
            ada_id.to_string(),
            "{path}"
        );
    }
    let r = send(&app, Method::GET, "/signin", None, None).await;
    assert!(r
        .headers
        .get(backcalm_web::access::ACCOUNT_HEADER)
        .is_none());
}
