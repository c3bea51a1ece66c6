//! Hosted mode keeps each person's journal to themselves and to the
//! clinicians they chose (issue 13 item 8).
//!
//! The fixture: two clinicians, three people and an admin. Ada shares
//! check-ins, sessions and questionnaires with clinician Cleo (no notes);
//! Bea shares check-ins and notes with Cleo; Cyd shares with no one. Each
//! person keeps a check-in, a session, a questionnaire answer, a safety
//! check and a reminder, each with words no one else may read.
//!
//! Then every route in `access::RULES` (which a test in access.rs holds to
//! the router and the OpenAPI document) is called by every identity and
//! anonymously, with every other person's ids where the route takes one.
//! Each answer must have the status the rules give, and no body may hold
//! an id or a note the caller may not see. The sweep runs three times: as
//! set up, after Ada revokes Cleo's share, and after everyone signs out.
//! Every record is then read back by its owner, unchanged. Before the
//! sweep, a signed-in person's browser sending a cross-site request (JSON or
//! a page form) changes nothing.

use crate::common::{app_from_state, request, state, App};
use crate::hosted::{join, send, share_with};
use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use backcalm_auth::Role;
use backcalm_store::Store;
use backcalm_testkit::postgres::with_fresh_postgres;
use backcalm_web::access::{Who, RULES};
use backcalm_web::HostedConfig;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// A person's records: their ids by kind, and the words only they (and a
/// clinician they share notes with) may read.
#[derive(Debug, Clone, Default)]
struct Records {
    checkin: String,
    session: String,
    answer: String,
    screen: String,
    reminder: String,
    checkin_note: String,
    session_note: String,
    reminder_label: String,
}

#[derive(Debug, Clone)]
struct Identity {
    name: &'static str,
    id: String,
    role: Role,
    cookie: Option<String>,
}

struct World {
    app: App,
    /// An anonymous browser's form token and its `backcalm_form` cookie.
    anonymous_form: (String, String),
    people: BTreeMap<&'static str, Records>,
    who: Vec<Identity>,
    /// `(person, clinician) -> scopes` in force.
    shares: BTreeMap<(&'static str, &'static str), Vec<&'static str>>,
    /// Share ids by person.
    share_ids: BTreeMap<&'static str, String>,
}

impl World {
    fn id(&self, name: &str) -> &str {
        &self
            .who
            .iter()
            .find(|i| i.name == name)
            .expect("known name")
            .id
    }
}

async fn keep_records(app: &App, cookie: &str, person: &str) -> Records {
    let ok = |r: &crate::common::Reply| {
        assert!(r.status.is_success(), "{person}: {} {}", r.status, r.body);
        r.json()
    };
    let checkin_note = format!("{person}'s private check-in words 7f3a");
    let c = ok(&send(
        app,
        Method::POST,
        "/api/v1/checkins",
        Some(cookie),
        Some(&json!({"pain": 6, "note": checkin_note, "activity": "gardening"}).to_string()),
    )
    .await);
    let session_note = format!("{person}'s private session words 9b2c");
    let s = ok(&send(
        app,
        Method::POST,
        "/api/v1/sessions",
        Some(cookie),
        Some(
            &json!({"practice": "natural-breath", "minutes": 2, "actual_s": 120, "note": session_note})
                .to_string(),
        ),
    )
    .await);
    let a = ok(&send(
        app,
        Method::POST,
        "/api/v1/instruments/peg-3/answers",
        Some(cookie),
        Some(&json!({"answers": {"pain": 5, "enjoyment": 3, "activity": 3}}).to_string()),
    )
    .await);
    let answers: serde_json::Map<String, Value> = backcalm_core::safety::questions()
        .iter()
        .map(|q| (q.id.to_string(), Value::Bool(false)))
        .collect();
    let sc = ok(&send(
        app,
        Method::POST,
        "/api/v1/screen",
        Some(cookie),
        Some(&json!({ "answers": answers }).to_string()),
    )
    .await);
    let reminder = uuid::Uuid::new_v4().to_string();
    let reminder_label = format!("{person}'s private reminder 4d1e");
    ok(&send(
        app,
        Method::POST,
        "/api/v1/reminders",
        Some(cookie),
        Some(&json!({"id": reminder, "time": "8:30", "label": reminder_label}).to_string()),
    )
    .await);
    let id = |v: &Value| v["id"].as_str().expect("an id").to_string();
    Records {
        checkin: id(&c),
        session: id(&s),
        answer: id(&a),
        screen: id(&sc),
        reminder,
        checkin_note,
        session_note,
        reminder_label,
    }
}

async fn world(store: Store) -> World {
    let app = app_from_state(
        state(store.clone()).with_accounts(HostedConfig::default()),
        store,
    );
    let mut who = Vec::new();
    let mut cookies = BTreeMap::new();
    for (name, role) in [
        ("cleo", Role::Clinician),
        ("cato", Role::Clinician),
        ("ada", Role::Patient),
        ("bea", Role::Patient),
        ("cyd", Role::Patient),
        ("root", Role::Admin),
    ] {
        let (id, cookie) = join(&app, role, &format!("{name} Example"), name).await;
        cookies.insert(name, cookie.clone());
        who.push(Identity {
            name,
            id: id.to_string(),
            role,
            cookie: Some(cookie),
        });
    }
    who.push(Identity {
        name: "anonymous",
        id: String::new(),
        role: Role::Patient,
        cookie: None,
    });
    let mut people = BTreeMap::new();
    for p in ["ada", "bea", "cyd"] {
        people.insert(p, keep_records(&app, &cookies[p], p).await);
    }
    let mut shares = BTreeMap::new();
    let mut share_ids = BTreeMap::new();
    for (p, scopes) in [
        ("ada", vec!["checkins", "sessions", "questionnaires"]),
        ("bea", vec!["checkins", "notes"]),
    ] {
        let id = share_with(&app, &cookies["cleo"], &cookies[p], &scopes).await;
        shares.insert((p, "cleo"), scopes);
        share_ids.insert(p, id);
    }
    let anonymous_form = crate::hosted::form_token(&app, "/signin", None).await;
    World {
        app,
        anonymous_form,
        people,
        who,
        shares,
        share_ids,
    }
}

/// The form token of pages answered to the browser holding the session
/// cookie `cookie` (`backcalm_session=…`), live or ended: hosted.rs checks
/// that pages show exactly this.
fn session_form_token(cookie: &str) -> String {
    let token = cookie
        .strip_prefix("backcalm_session=")
        .and_then(backcalm_auth::Token::parse)
        .expect("a session cookie");
    token.form_token()
}

/// What `viewer` may read of `person`'s: (ids, notes).
fn may_see(w: &World, viewer: &Identity, person: &str) -> (bool, bool, bool, bool) {
    // (check-ins, sessions, questionnaires, notes)
    if viewer.name == person {
        return (true, true, true, true);
    }
    match w.shares.get(&(person, viewer.name)) {
        Some(s) if viewer.cookie.is_some() => (
            s.contains(&"checkins"),
            s.contains(&"sessions"),
            s.contains(&"questionnaires"),
            s.contains(&"notes"),
        ),
        _ => (false, false, false, false),
    }
}

/// The strings no answer to `viewer` may hold.
fn forbidden(w: &World, viewer: &Identity) -> Vec<String> {
    let mut out = Vec::new();
    for (person, r) in &w.people {
        let (checkins, sessions, questionnaires, notes) = may_see(w, viewer, person);
        if *person == viewer.name {
            continue;
        }
        // A person's account id: only to a clinician they share with, and to admins.
        let shared = w.shares.contains_key(&(person, viewer.name)) && viewer.cookie.is_some();
        if !shared && viewer.role != Role::Admin || viewer.cookie.is_none() {
            out.push(w.id(person).to_string());
        }
        if !checkins {
            out.push(r.checkin.clone());
        }
        if !sessions {
            out.push(r.session.clone());
        }
        if !questionnaires {
            out.push(r.answer.clone());
        }
        if !(checkins && notes) {
            out.push(r.checkin_note.clone());
        }
        if !(sessions && notes) {
            out.push(r.session_note.clone());
        }
        // Reminders are never shared; red-flag screens only with the
        // `screens` scope, which no one in this fixture shares.
        out.push(r.screen.clone());
        out.push(r.reminder.clone());
        out.push(r.reminder_label.clone());
    }
    out
}

/// The id to put in `rule`'s path for a record of `owner`'s, if the route
/// names one of a person's records.
fn record_id(path: &str, r: &Records, w: &World, owner: &str) -> Option<String> {
    let kinds = [
        ("/checkins/{id}", &r.checkin),
        ("/sessions/{id}", &r.session),
        ("/screens/{id}", &r.screen),
        ("/answers/{id}", &r.answer),
        ("/reminders/{id}", &r.reminder),
    ];
    if let Some((_, id)) = kinds.iter().find(|(k, _)| path.contains(k)) {
        return Some((*id).clone());
    }
    if path.contains("/shares/{id}") || path.starts_with("/sharing/{id}") {
        return w.share_ids.get(owner).cloned();
    }
    None
}

/// A value for a path parameter that names content, not a person's record.
fn content_id(path: &str) -> String {
    if path.starts_with("/static/") {
        "app.css".into()
    } else if path.contains("practices") {
        "natural-breath".into()
    } else if path.contains("lessons") || path.starts_with("/learn") {
        "what-is-mindfulness".into()
    } else if path.contains("instruments") || path.starts_with("/questionnaires") {
        "peg-3".into()
    } else {
        // A token of a link: one that was never made.
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".into()
    }
}

/// Routes that end the caller's session: the logout phase does these.
fn ends_session(path: &str) -> bool {
    matches!(
        path,
        "/api/v1/auth/logout" | "/api/v1/auth/logout-everywhere" | "/signout"
    )
}

async fn call(
    w: &World,
    viewer: &Identity,
    method: &str,
    uri: &str,
    api: bool,
) -> crate::common::Reply {
    let method = Method::from_bytes(method.as_bytes()).expect("method");
    if api {
        let body = (method != Method::GET && method != Method::DELETE).then_some("{}");
        send(&w.app, method, uri, viewer.cookie.as_deref(), body).await
    } else {
        // A page form carries the token of the browser that sends it, so
        // what is refused is refused by the rules, not by the form guard.
        let (csrf, cookie) = match &viewer.cookie {
            Some(c) => (session_form_token(c), c.clone()),
            None => w.anonymous_form.clone(),
        };
        let mut req = request(method.clone(), uri).header(header::COOKIE, cookie);
        let body = if method == Method::POST {
            req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            Body::from(format!("csrf={csrf}"))
        } else {
            Body::empty()
        };
        w.app.send(req.body(body).expect("request")).await
    }
}

/// One sweep: every route, every identity. Returns how many calls it checked.
async fn sweep(w: &World, phase: &str) -> usize {
    let mut checked = 0;
    for viewer in &w.who {
        let secrets = forbidden(w, viewer);
        for rule in RULES.iter().filter(|r| !ends_session(r.path)) {
            let api = rule.path.starts_with("/api/");
            // The uris to try: a route with a person's record id is tried
            // with every other person's; a patient route with every person.
            let mut uris: Vec<(String, Option<&str>)> = Vec::new();
            if is_patient_route(rule.path) {
                for person in w.people.keys() {
                    let uri = rule.path.replace("{id}", w.id(person));
                    uris.push((uri, Some(*person)));
                }
            } else if rule.path.contains('{') {
                let mut any_record = false;
                for (owner, r) in &w.people {
                    if *owner == viewer.name {
                        continue;
                    }
                    if let Some(id) = record_id(rule.path, r, w, owner) {
                        any_record = true;
                        uris.push((rule.path.replace("{id}", &id), Some(*owner)));
                    }
                }
                if !any_record && record_id(rule.path, &Records::default(), w, "ada").is_none() {
                    let uri = crate::route_scan::concrete(rule.path, |_| content_id(rule.path));
                    uris.push((uri, None));
                }
            } else {
                uris.push((rule.path.to_string(), None));
            }
            for (uri, owner) in uris {
                let r = call(w, viewer, rule.method, &uri, api).await;
                let at = format!(
                    "{phase}: {} {} {uri} -> {}",
                    viewer.name, rule.method, r.status
                );
                assert!(!r.status.is_server_error(), "{at}: {}", r.body);
                // An id the caller sent may be named back in a refusal: it tells
                // them nothing they did not know.
                for s in secrets.iter().filter(|s| !uri.contains(s.as_str())) {
                    assert!(!r.body.contains(s.as_str()), "{at}: the answer holds {s:?}");
                }
                let form_post = !api && rule.method == "POST";
                expect_status(
                    w, viewer, rule.who, rule.path, owner, api, form_post, &r, &at,
                );
                checked += 1;
            }
        }
    }
    checked
}

#[allow(clippy::too_many_arguments)]
fn expect_status(
    w: &World,
    viewer: &Identity,
    who: Who,
    path: &str,
    owner: Option<&str>,
    api: bool,
    form_post: bool,
    r: &crate::common::Reply,
    at: &str,
) {
    if who == Who::Anyone {
        return;
    }
    if viewer.cookie.is_none() {
        if api {
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{at}");
        } else {
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{at}");
            assert!(r.header(header::LOCATION).starts_with("/signin"), "{at}");
        }
        return;
    }
    if who == Who::Clinician && viewer.role != Role::Clinician {
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{at}");
        return;
    }
    match owner {
        // A clinician asking about a person: 404 unless that person shares
        // with them; within a share, what is outside its scopes is 403.
        Some(person) if is_patient_route(path) => match w.shares.get(&(person, viewer.name)) {
            None => assert_eq!(r.status, StatusCode::NOT_FOUND, "{at}"),
            Some(scopes) => {
                let needs = ["checkins", "sessions", "answers"]
                    .into_iter()
                    .find(|k| path.ends_with(k))
                    .map(|k| if k == "answers" { "questionnaires" } else { k });
                match needs {
                    Some(scope) if scopes.contains(&scope) => {
                        assert_eq!(r.status, StatusCode::OK, "{at}")
                    }
                    Some(_) => assert_eq!(r.status, StatusCode::FORBIDDEN, "{at}"),
                    None => assert!(
                        r.status == StatusCode::OK || r.status == StatusCode::FORBIDDEN,
                        "{at}"
                    ),
                }
            }
        },
        // A page's delete button for another person's record: deleting what
        // is not there is done (a double submit lands the same way), so it
        // may go back to its page; the record is untouched either way, which
        // `all_records_kept` checks at the end.
        Some(_) if form_post && path.ends_with("/delete") => assert!(
            r.status == StatusCode::NOT_FOUND || r.status == StatusCode::SEE_OTHER,
            "{at}: {}",
            r.body
        ),
        // Another person's record, by any other route: 404, never 403.
        Some(_) => assert_eq!(r.status, StatusCode::NOT_FOUND, "{at}: {}", r.body),
        None => assert!(
            r.status != StatusCode::UNAUTHORIZED && r.status != StatusCode::FORBIDDEN,
            "{at}: {}",
            r.body
        ),
    }
}

/// Every record is still there, as its owner kept it.
async fn all_records_kept(w: &World, cookies: &BTreeMap<&str, String>) {
    for (person, r) in &w.people {
        let c = Some(cookies[person].as_str());
        for (uri, words) in [
            (
                format!("/api/v1/checkins/{}", r.checkin),
                Some(&r.checkin_note),
            ),
            (
                format!("/api/v1/sessions/{}", r.session),
                Some(&r.session_note),
            ),
            (format!("/api/v1/answers/{}", r.answer), None),
            (format!("/api/v1/screens/{}", r.screen), None),
            (
                format!("/api/v1/reminders/{}", r.reminder),
                Some(&r.reminder_label),
            ),
        ] {
            let got = send(&w.app, Method::GET, &uri, c, None).await;
            assert_eq!(got.status, StatusCode::OK, "{person}: {uri}: {}", got.body);
            if let Some(words) = words {
                assert!(
                    got.body.contains(words.as_str()),
                    "{person}: {uri}: {}",
                    got.body
                );
            }
        }
    }
}

/// Signed in, a request another site makes the browser send changes
/// nothing: the JSON API and the page forms both refuse it.
async fn cross_site_is_refused(w: &World) {
    let ada = w.who.iter().find(|i| i.name == "ada").expect("ada");
    let cookie = ada.cookie.as_deref().expect("signed in");
    let before = send(&w.app, Method::GET, "/api/v1/checkins", Some(cookie), None).await;
    let api = request(Method::POST, "/api/v1/checkins")
        .header(header::COOKIE, cookie)
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"pain": 9, "note": "forged"}).to_string()))
        .expect("request");
    assert_eq!(w.app.send(api).await.status, StatusCode::FORBIDDEN);
    let form = request(Method::POST, "/checkin")
        .header(header::COOKIE, cookie)
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "csrf={}&pain=9&note=forged",
            session_form_token(cookie)
        )))
        .expect("request");
    assert_eq!(w.app.send(form).await.status, StatusCode::FORBIDDEN);
    let after = send(&w.app, Method::GET, "/api/v1/checkins", Some(cookie), None).await;
    assert_eq!(before.body, after.body, "nothing was stored");
    assert!(!after.body.contains("forged"));
}

async fn sign_in(w: &World, name: &str) -> String {
    let r = send(
        &w.app,
        Method::POST,
        "/api/v1/auth/login",
        None,
        Some(&json!({"username": name, "password": crate::hosted::PASSWORD}).to_string()),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{name}: {}", r.body);
    crate::hosted::cookie(&r)
}

async fn story(store: Store) {
    let mut w = world(store).await;
    // What a share does let through, so the sweep's "nothing else" means something.
    let cleo = w
        .who
        .iter()
        .find(|i| i.name == "cleo")
        .expect("cleo")
        .clone();
    let read = |person: &str, what: &str| format!("/api/v1/patients/{}/{what}", w.id(person));
    let r = send(
        &w.app,
        Method::GET,
        &read("ada", "checkins"),
        cleo.cookie.as_deref(),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(&w.people["ada"].checkin), "{}", r.body);
    assert!(
        !r.body.contains(&w.people["ada"].checkin_note),
        "{}",
        r.body
    );
    let r = send(
        &w.app,
        Method::GET,
        &read("bea", "checkins"),
        cleo.cookie.as_deref(),
        None,
    )
    .await;
    assert!(r.body.contains(&w.people["bea"].checkin_note), "{}", r.body);
    cross_site_is_refused(&w).await;
    let first = sweep(&w, "as shared").await;
    assert!(first > 7 * 100, "{first} calls");

    // Ada revokes Cleo: from the next request on, Cleo sees nothing of hers.
    let ada = w.who.iter().find(|i| i.name == "ada").expect("ada").clone();
    let revoke = format!("/api/v1/shares/{}", w.share_ids["ada"]);
    let r = send(&w.app, Method::DELETE, &revoke, ada.cookie.as_deref(), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    w.shares.remove(&("ada", "cleo"));
    let cleo_on_ada = format!("/api/v1/patients/{}/checkins", w.id("ada"));
    let cleo = w
        .who
        .iter()
        .find(|i| i.name == "cleo")
        .expect("cleo")
        .clone();
    let r = send(
        &w.app,
        Method::GET,
        &cleo_on_ada,
        cleo.cookie.as_deref(),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    sweep(&w, "after Ada revoked").await;

    // Everyone signs out; their old cookies are nobody's.
    let mut cookies = BTreeMap::new();
    for i in w.who.iter_mut().filter(|i| i.cookie.is_some()) {
        let r = send(
            &w.app,
            Method::POST,
            "/api/v1/auth/logout",
            i.cookie.as_deref(),
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}: {}", i.name, r.body);
        cookies.insert(i.name, i.cookie.take().expect("had one"));
    }
    // Signed out, each identity is anonymous and may see nothing of anyone's.
    let stale: Vec<Identity> = w
        .who
        .iter()
        .map(|i| Identity {
            cookie: None,
            ..i.clone()
        })
        .collect();
    for (i, old) in stale.iter().zip(w.who.iter()) {
        if let Some(c) = cookies.get(old.name) {
            let r = send(&w.app, Method::GET, "/api/v1/checkins", Some(c), None).await;
            assert_eq!(
                r.status,
                StatusCode::UNAUTHORIZED,
                "{}'s old cookie",
                i.name
            );
        }
    }
    // The sweep with the old cookies: every one of them is anonymous now.
    let old_cookies: Vec<Identity> = w
        .who
        .iter()
        .map(|i| Identity {
            cookie: cookies.get(i.name).cloned(),
            ..i.clone()
        })
        .collect();
    // Every id and word of every person's, their own included, is a
    // secret from a cookie that ended.
    let everything: Vec<String> = w
        .people
        .iter()
        .flat_map(|(person, r)| {
            [
                w.id(person).to_string(),
                r.checkin.clone(),
                r.session.clone(),
                r.answer.clone(),
                r.checkin_note.clone(),
                r.session_note.clone(),
                r.screen.clone(),
                r.reminder.clone(),
                r.reminder_label.clone(),
            ]
        })
        .collect();
    for old in old_cookies.iter().filter(|i| i.cookie.is_some()) {
        for rule in RULES
            .iter()
            .filter(|r| r.who != Who::Anyone && !ends_session(r.path))
        {
            // Real ids: every person's, every person's records (the old
            // cookie's owner's among them).
            let mut uris = Vec::new();
            if is_patient_route(rule.path) {
                uris.extend(w.people.keys().map(|p| rule.path.replace("{id}", w.id(p))));
            } else if rule.path.contains('{') {
                for (owner, r) in &w.people {
                    if let Some(id) = record_id(rule.path, r, &w, owner) {
                        uris.push(rule.path.replace("{id}", &id));
                    }
                }
            }
            if uris.is_empty() {
                uris.push(crate::route_scan::concrete(rule.path, |_| {
                    content_id(rule.path)
                }));
            }
            for uri in uris {
                let api = rule.path.starts_with("/api/");
                let r = call(&w, old, rule.method, &uri, api).await;
                let at = format!("{}'s old cookie: {} {uri}", old.name, rule.method);
                let expected = if api {
                    StatusCode::UNAUTHORIZED
                } else {
                    StatusCode::SEE_OTHER
                };
                assert_eq!(r.status, expected, "{at}: {}", r.body);
                for s in everything.iter().filter(|s| !uri.contains(s.as_str())) {
                    assert!(!r.body.contains(s.as_str()), "{at}: the answer holds {s:?}");
                }
            }
        }
    }

    // Signed in again: every record is as its owner left it.
    let mut fresh = BTreeMap::new();
    for p in ["ada", "bea", "cyd"] {
        fresh.insert(p, sign_in(&w, p).await);
    }
    all_records_kept(&w, &fresh).await;
}

#[tokio::test]
async fn no_one_reads_what_is_not_theirs_on_sqlite() {
    story(Store::open("sqlite::memory:").await.expect("open")).await;
}

#[tokio::test]
async fn no_one_reads_what_is_not_theirs_on_postgres() {
    with_fresh_postgres(|url| async move {
        story(Store::open(&url).await.expect("open")).await;
    })
    .await;
}

/// A clinician's route about one person: the API's and the report page.
fn is_patient_route(path: &str) -> bool {
    path.starts_with("/api/v1/patients/{id}") || path.starts_with("/patients/{id}")
}
