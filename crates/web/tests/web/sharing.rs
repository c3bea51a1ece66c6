//! Sharing with a clinician (issue 13 items 5 and 6): a clinician's code, a
//! person's share within scopes, notes removed, revoking with effect on the
//! next request, and the audit trail each person reads, on SQLite and on
//! PostgreSQL.

use crate::common::{app_from_state, state_with_clock, HandClock};
use crate::hosted::{hosted, join, send, share_code, share_with, sqlite};
use axum::http::{header, Method, StatusCode};
use backcalm_auth::Role;
use backcalm_core::safety::questions;
use backcalm_store::Store;
use backcalm_testkit::postgres::with_fresh_postgres;
use backcalm_web::HostedConfig;
use serde_json::json;

async fn story(store: Store) {
    // A clock the test moves, so that the trail's newest-first order shows.
    let clock = HandClock::at(crate::common::NOW);
    let app = app_from_state(
        state_with_clock(store.clone(), clock.clock()).with_accounts(HostedConfig::default()),
        store,
    );
    let (cleo_id, cleo) = join(&app, Role::Clinician, "Cleo Clinician", "cleo").await;
    let (ada_id, ada) = join(&app, Role::Patient, "Ada Lovelace", "ada").await;
    let (bob_id, bob) = join(&app, Role::Patient, "Bob Babbage", "bob").await;
    let (_, root) = join(&app, Role::Admin, "Root Admin", "root").await;

    // Anonymous: 401 everywhere; a person may not make codes or list patients.
    for (m, uri) in [
        (Method::POST, "/api/v1/share-codes"),
        (Method::GET, "/api/v1/shares"),
        (Method::GET, "/api/v1/patients"),
        (Method::GET, "/api/v1/audit"),
    ] {
        let r = send(&app, m, uri, None, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{uri}");
    }
    let r = send(&app, Method::POST, "/api/v1/share-codes", Some(&ada), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = send(&app, Method::GET, "/api/v1/patients", Some(&ada), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let ada_checkins = format!("/api/v1/patients/{ada_id}/checkins");
    let r = send(&app, Method::GET, &ada_checkins, Some(&bob), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Ada's journal: a check-in with a note and an activity, and a session with a note.
    let r = send(
        &app,
        Method::POST,
        "/api/v1/checkins",
        Some(&ada),
        Some(
            &json!({"pain": 6, "note": "#clinician ada's own words", "activity": "gardening"})
                .to_string(),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = send(
        &app,
        Method::POST,
        "/api/v1/sessions",
        Some(&ada),
        Some(&json!({"practice": "natural-breath", "minutes": 2, "actual_s": 120, "note": "ada's session words"}).to_string()),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // The clinician's code: grouped, valid 7 days.
    let made = send(&app, Method::POST, "/api/v1/share-codes", Some(&cleo), None).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let code = made.json()["code"].as_str().expect("a code").to_string();
    assert_eq!(code.len(), 14, "{code}");
    assert_eq!(code.matches('-').count(), 2, "{code}");
    assert_eq!(made.json()["expires_at"], "2026-12-03T10:00:00Z");

    // An unknown scope names scopes; a wrong code names code.
    let r = send(
        &app,
        Method::POST,
        "/api/v1/shares",
        Some(&ada),
        Some(&json!({"code": code, "scopes": ["checkins", "diary"]}).to_string()),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("scopes"), "{}", r.body);
    let r = send(
        &app,
        Method::POST,
        "/api/v1/shares",
        Some(&ada),
        Some(&json!({"code": "AAAA-AAAA-AAAA", "scopes": ["checkins"]}).to_string()),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("\"code\""), "{}", r.body);
    assert!(r.body.contains("not valid any more"), "{}", r.body);

    // Ada shares check-ins, without notes.
    let shared = send(
        &app,
        Method::POST,
        "/api/v1/shares",
        Some(&ada),
        Some(&json!({"code": code, "scopes": ["checkins"]}).to_string()),
    )
    .await;
    assert_eq!(shared.status, StatusCode::CREATED, "{}", shared.body);
    let share = shared.json();
    assert_eq!(
        share["clinician"],
        json!({"id": cleo_id, "name": "Cleo Clinician"})
    );
    assert_eq!(share["scopes"], json!(["checkins"]));
    assert_eq!(share["created_at"], "2026-11-26T10:00:00Z");
    let share_id = share["id"].as_str().expect("an id").to_string();
    // The code is used up.
    let r = send(
        &app,
        Method::POST,
        "/api/v1/shares",
        Some(&bob),
        Some(&json!({"code": code, "scopes": ["checkins"]}).to_string()),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let mine = send(&app, Method::GET, "/api/v1/shares", Some(&ada), None).await;
    assert_eq!(mine.json(), json!([share]));
    let none = send(&app, Method::GET, "/api/v1/shares", Some(&bob), None).await;
    assert_eq!(none.json(), json!([]));

    // The clinician's list: Ada only; what is not shared is null.
    let list = send(&app, Method::GET, "/api/v1/patients", Some(&cleo), None).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let rows = list.json();
    assert_eq!(rows.as_array().map(Vec::len), Some(1), "{rows}");
    assert_eq!(rows[0]["id"], json!(ada_id));
    assert_eq!(rows[0]["name"], "Ada Lovelace");
    assert_eq!(rows[0]["scopes"], json!(["checkins"]));
    assert_eq!(rows[0]["last_checkin_at"], "2026-11-26T10:00:00Z");
    assert_eq!(rows[0]["pain_7d_mean"], json!(6.0));
    assert_eq!(rows[0]["days_practised_7"], json!(null));
    assert_eq!(rows[0]["pain_trend"], json!(null));

    // Check-ins without their note and activity; sessions not shared: 403.
    clock.advance_ns(60_000_000_000);
    let seen = send(&app, Method::GET, &ada_checkins, Some(&cleo), None).await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
    let seen = seen.json();
    assert_eq!(seen[0]["pain"], 6);
    let one = seen[0].as_object().expect("a check-in");
    assert!(!one.contains_key("note"), "{seen}");
    assert!(!one.contains_key("activity"), "{seen}");
    assert!(!seen.to_string().contains("s own words"));
    let sessions = format!("/api/v1/patients/{ada_id}/sessions");
    let r = send(&app, Method::GET, &sessions, Some(&cleo), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(!r.body.contains("ada's session words"));
    // The report: the check-ins, without the note.
    let report = format!("/api/v1/patients/{ada_id}/report");
    clock.advance_ns(60_000_000_000);
    let r = send(&app, Method::GET, &report, Some(&cleo), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.header(header::CONTENT_TYPE).starts_with("text/html"));
    assert!(r.body.contains("<html"), "{}", r.body);
    assert!(!r.body.contains("s own words"), "{}", r.body);
    clock.advance_ns(60_000_000_000);
    let r = send(
        &app,
        Method::GET,
        &format!("{report}?format=pdf"),
        Some(&cleo),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header(header::CONTENT_TYPE), "application/pdf");
    assert!(r.body.starts_with("%PDF"));
    let r = send(
        &app,
        Method::GET,
        &format!("{report}?format=doc"),
        Some(&cleo),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let r = send(
        &app,
        Method::GET,
        &format!("/api/v1/patients/{ada_id}/answers"),
        Some(&cleo),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Bob shares nothing: 404, as for an unknown id or a malformed one.
    for uri in [
        format!("/api/v1/patients/{bob_id}/checkins"),
        format!("/api/v1/patients/{}/checkins", uuid::Uuid::new_v4()),
        "/api/v1/patients/not-an-id/checkins".to_string(),
    ] {
        let r = send(&app, Method::GET, &uri, Some(&cleo), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}: {}", r.body);
    }

    // The trail: Ada sees Cleo's reads (the list and the check-ins), newest first; Bob sees none.
    let trail = send(&app, Method::GET, "/api/v1/audit", Some(&ada), None).await;
    assert_eq!(trail.status, StatusCode::OK, "{}", trail.body);
    let trail = trail.json();
    let actions: Vec<&str> = trail
        .as_array()
        .expect("a list")
        .iter()
        .map(|e| e["action"].as_str().expect("an action"))
        .collect();
    assert_eq!(
        actions,
        [
            "GET /api/v1/patients/{id}/report",
            "GET /api/v1/patients/{id}/report",
            "GET /api/v1/patients/{id}/checkins",
            "GET /api/v1/patients"
        ],
        "{trail}"
    );
    assert_eq!(
        trail[2]["actor"],
        json!({"id": cleo_id, "name": "Cleo Clinician"})
    );
    assert_eq!(trail[2]["person"]["id"], json!(ada_id));
    assert_eq!(trail[0]["at"], "2026-11-26T10:03:00Z");
    assert_eq!(trail[2]["at"], "2026-11-26T10:01:00Z");
    assert_eq!(trail[3]["at"], "2026-11-26T10:00:00Z");
    assert!(trail[2]["address"].is_string(), "{trail}");
    let bobs = send(&app, Method::GET, "/api/v1/audit", Some(&bob), None).await;
    assert_eq!(bobs.json(), json!([]));
    let r = send(
        &app,
        Method::GET,
        &format!("/api/v1/audit?person={ada_id}"),
        Some(&bob),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The admin sees everything, or one person's.
    let all = send(&app, Method::GET, "/api/v1/audit", Some(&root), None).await;
    assert_eq!(all.json().as_array().map(Vec::len), Some(4), "{}", all.body);
    let one = send(
        &app,
        Method::GET,
        &format!("/api/v1/audit?person={bob_id}"),
        Some(&root),
        None,
    )
    .await;
    assert_eq!(one.json(), json!([]));

    // Another's share id, or an unknown one: 404, and the share stays.
    let theirs = format!("/api/v1/shares/{share_id}");
    let r = send(&app, Method::DELETE, &theirs, Some(&bob), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = send(&app, Method::GET, &ada_checkins, Some(&cleo), None).await;
    assert_eq!(r.status, StatusCode::OK);
    // Revoked: the very next request is a 404, and the list is empty.
    let r = send(&app, Method::DELETE, &theirs, Some(&ada), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = send(&app, Method::GET, &ada_checkins, Some(&cleo), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let list = send(&app, Method::GET, "/api/v1/patients", Some(&cleo), None).await;
    assert_eq!(list.json(), json!([]));
    let r = send(&app, Method::DELETE, &theirs, Some(&ada), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let mine = send(&app, Method::GET, "/api/v1/shares", Some(&ada), None).await;
    assert_eq!(mine.json(), json!([]));
}

/// With `notes` and `sessions` shared, the clinician sees the notes and the sessions.
async fn notes_story(store: Store) {
    let app = hosted(store, None);
    let (_, cleo) = join(&app, Role::Clinician, "Cleo Clinician", "cleo").await;
    let (ada_id, ada) = join(&app, Role::Patient, "Ada Lovelace", "ada").await;
    send(
        &app,
        Method::POST,
        "/api/v1/checkins",
        Some(&ada),
        Some(
            &json!({"pain": 4, "note": "#clinician ada's own words", "activity": "gardening"})
                .to_string(),
        ),
    )
    .await;
    let r = send(&app, Method::POST, "/api/v1/sessions", Some(&ada), Some(&json!({"practice": "natural-breath", "minutes": 2, "actual_s": 120, "note": "ada's session words"}).to_string())).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // Typed loosely: lower case, no dashes.
    let code = share_code(&app, &cleo)
        .await
        .to_lowercase()
        .replace('-', "");
    let r = send(
        &app,
        Method::POST,
        "/api/v1/shares",
        Some(&ada),
        Some(&json!({"code": code, "scopes": ["notes", "sessions", "checkins"]}).to_string()),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["scopes"], json!(["checkins", "sessions", "notes"]));
    let c = send(
        &app,
        Method::GET,
        &format!("/api/v1/patients/{ada_id}/checkins"),
        Some(&cleo),
        None,
    )
    .await
    .json();
    assert_eq!(c[0]["note"], "#clinician ada's own words");
    assert_eq!(c[0]["activity"], "gardening");
    let s = send(
        &app,
        Method::GET,
        &format!("/api/v1/patients/{ada_id}/sessions"),
        Some(&cleo),
        None,
    )
    .await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.body);
    assert_eq!(s.json()[0]["note"], "ada's session words");
    let i = send(
        &app,
        Method::GET,
        &format!("/api/v1/patients/{ada_id}/insights"),
        Some(&cleo),
        None,
    )
    .await;
    assert_eq!(i.status, StatusCode::OK, "{}", i.body);
    assert_eq!(i.json()["days_practised_7"], 1);
    let rows = send(&app, Method::GET, "/api/v1/patients", Some(&cleo), None)
        .await
        .json();
    assert_eq!(rows[0]["days_practised_7"], 1);
    assert_eq!(rows[0]["pain_7d_mean"], json!(4.0));
    let report = send(
        &app,
        Method::GET,
        &format!("/api/v1/patients/{ada_id}/report"),
        Some(&cleo),
        None,
    )
    .await;
    // The report prints only notes marked for the clinician; this one is not.
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert!(
        report.body.contains("Notes for the clinician"),
        "{}",
        report.body
    );
}

#[tokio::test]
async fn sharing_with_a_clinician_and_the_audit_trail_on_sqlite() {
    story(sqlite().await).await;
}

#[tokio::test]
async fn sharing_with_a_clinician_and_the_audit_trail_on_postgres() {
    with_fresh_postgres(|url| async move {
        let store = Store::open(&url)
            .await
            .expect("open the PostgreSQL journal");
        story(store.clone()).await;
        store.close().await;
    })
    .await;
}

#[tokio::test]
async fn shared_notes_and_sessions_reach_the_clinician_on_sqlite() {
    notes_story(sqlite().await).await;
}

#[tokio::test]
async fn shared_notes_and_sessions_reach_the_clinician_on_postgres() {
    with_fresh_postgres(|url| async move {
        let store = Store::open(&url)
            .await
            .expect("open the PostgreSQL journal");
        notes_story(store.clone()).await;
        store.close().await;
    })
    .await;
}

#[tokio::test]
async fn local_mode_has_no_sharing_routes() {
    let app = crate::common::app_over(sqlite().await);
    for uri in ["/api/v1/shares", "/api/v1/patients", "/api/v1/audit"] {
        assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
}

/// A person's "who can see my journal" page revokes; a clinician's page lists patients.
async fn pages_story(store: Store) {
    let app = hosted(store, None);
    let (_, cleo) = join(&app, Role::Clinician, "Cleo Clinician", "cleo").await;
    let (ada_id, ada) = join(&app, Role::Patient, "Ada Lovelace", "ada").await;
    let empty = send(&app, Method::GET, "/sharing", Some(&ada), None).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(
        empty.body.contains("your journal is yours alone"),
        "{}",
        empty.body
    );
    let code = share_code(&app, &cleo).await;
    // Ada shares through the page's form: what to fix is said next to its
    // field and what she typed and ticked is kept; then it is done.
    let csrf = crate::common::input_value(&empty.body, "csrf");
    let share_form = |body: String| {
        crate::common::request(Method::POST, "/sharing")
            .header(header::COOKIE, &ada)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body))
            .expect("request")
    };
    let r = app
        .send(share_form(format!("csrf={csrf}&code={code}")))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Tick at least one part"), "{}", r.body);
    assert!(
        r.body.contains(&format!("value=\"{code}\"")),
        "the code is kept"
    );
    let r = app
        .send(share_form(format!(
            "csrf={csrf}&code=AAAA-AAAA-AAAA&scopes=checkins&scopes=sessions"
        )))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"code-error\""), "{}", r.body);
    assert!(
        r.body.contains("ask your clinician for a new one."),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("id=\"scope-sessions\" name=\"scopes\" value=\"sessions\" checked"),
        "the ticks are kept: {}",
        r.body
    );
    let r = app
        .send(share_form(format!(
            "csrf={csrf}&code={code}&scopes=checkins&scopes=sessions"
        )))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.header(header::LOCATION), "/sharing");
    let shares = send(&app, Method::GET, "/api/v1/shares", Some(&ada), None).await;
    assert_eq!(shares.json()[0]["scopes"], json!(["checkins", "sessions"]));
    let share_id = shares.json()[0]["id"].as_str().expect("id").to_string();
    // Ada checks in today; Zoe shares her check-ins but has made none.
    let r = send(
        &app,
        Method::POST,
        "/api/v1/checkins",
        Some(&ada),
        Some(&json!({"pain": 4}).to_string()),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let (_, zoe) = join(&app, Role::Patient, "Zoe Zed", "zoe").await;
    share_with(&app, &cleo, &zoe, &["checkins"]).await;
    // Zoe and Max each take a red-flag screen that says to see a doctor
    // today; only Max shares his screens.
    let (max_id, max) = join(&app, Role::Patient, "Max Mustermann", "max").await;
    share_with(&app, &cleo, &max, &["checkins", "screens"]).await;
    let fever: serde_json::Map<String, serde_json::Value> = questions()
        .iter()
        .map(|q| (q.id.to_string(), json!(q.id == "fever-or-unwell")))
        .collect();
    for who in [&zoe, &max] {
        let r = send(
            &app,
            Method::POST,
            "/api/v1/screen",
            Some(who),
            Some(&json!({ "answers": fever }).to_string()),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let api = send(&app, Method::GET, "/api/v1/patients", Some(&cleo), None).await;
    let rows = api.json();
    let row = |name: &str| {
        rows.as_array()
            .expect("a list")
            .iter()
            .find(|r| r["name"] == name)
            .cloned()
            .expect("listed")
    };
    assert_eq!(row("Max Mustermann")["last_screen_action"], json!("urgent"));
    assert!(row("Max Mustermann")["last_screen_at"].is_string());
    assert_eq!(row("Zoe Zed")["last_screen_action"], json!(null));
    assert_eq!(row("Zoe Zed")["last_screen_at"], json!(null));
    // The report shows the screen only where it is shared.
    let report = |id: String| {
        let cleo = cleo.clone();
        let app = &app;
        async move {
            send(
                app,
                Method::GET,
                &format!("/api/v1/patients/{id}/report"),
                Some(&cleo),
                None,
            )
            .await
        }
    };
    let r = report(max_id.to_string()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("See a doctor today"), "{}", r.body);
    assert!(
        r.body.contains("fever or feeling very unwell"),
        "{}",
        r.body
    );
    let zoe_id = row("Zoe Zed")["id"].as_str().expect("id").to_string();
    let r = report(zoe_id).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(!r.body.contains("fever"), "{}", r.body);
    assert!(
        r.body
            .contains("No red-flag screen result is in this report."),
        "{}",
        r.body
    );

    // The clinician's page lists them, Max first (his screen calls for a
    // doctor today), then Zoe (no check-in for a week), then Ada; a
    // patient may not open it; signed out, sign in first.
    let list = send(&app, Method::GET, "/patients", Some(&cleo), None).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let max_at = list.body.find("Max Mustermann").expect("Max listed");
    assert!(
        list.body.contains(
            "<strong>red-flag screen: see a doctor today; no check-in for a week</strong>"
        ),
        "{}",
        list.body
    );
    assert!(list.body.contains("See a doctor today ("), "{}", list.body);
    assert!(max_at < list.body.find("Zoe Zed").expect("Zoe listed"));
    // Each name opens that person's report as a page of the app, built
    // from what they share: Max's has his screen; Zoe's says none is in it.
    let page = send(
        &app,
        Method::GET,
        &format!("/patients/{max_id}/report"),
        Some(&cleo),
        None,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("<strong>Max Mustermann’s report</strong>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("See a doctor today"), "{}", page.body);
    assert!(
        page.body.contains(&format!(
            "href=\"/api/v1/patients/{max_id}/report?format=pdf&amp;from="
        )),
        "{}",
        page.body
    );
    let zoe_page = format!(
        "/patients/{}/report?range=4w",
        row("Zoe Zed")["id"].as_str().expect("id")
    );
    let page = send(&app, Method::GET, &zoe_page, Some(&cleo), None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("No red-flag screen result is in this report."),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("fever or feeling very unwell"),
        "{}",
        page.body
    );
    let nobody = send(
        &app,
        Method::GET,
        &format!("/patients/{}/report", uuid::Uuid::new_v4()),
        Some(&cleo),
        None,
    )
    .await;
    assert_eq!(nobody.status, StatusCode::NOT_FOUND, "{}", nobody.body);
    let r = send(
        &app,
        Method::GET,
        &format!("/patients/{max_id}/report"),
        Some(&max),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    // By name, on request: Ada, Max, Zoe.
    let named = send(&app, Method::GET, "/patients?sort=name", Some(&cleo), None).await;
    assert_eq!(named.status, StatusCode::OK, "{}", named.body);
    let at = |n: &str| named.body.find(n).expect("listed");
    assert!(at("Ada Lovelace") < at("Max Mustermann") && at("Max Mustermann") < at("Zoe Zed"));
    let odd = send(&app, Method::GET, "/patients?sort=age", Some(&cleo), None).await;
    assert_eq!(odd.status, StatusCode::BAD_REQUEST, "{}", odd.body);
    assert!(list.body.contains("Ada Lovelace"), "{}", list.body);
    assert!(list.body.contains("checkins, sessions"), "{}", list.body);
    let zoe_at = list.body.find("Zoe Zed").expect("Zoe listed");
    let ada_at = list.body.find("Ada Lovelace").expect("Ada listed");
    assert!(zoe_at < ada_at, "{}", list.body);
    assert_eq!(
        list.body
            .matches("<strong>no check-in for a week</strong>")
            .count(),
        1,
        "{}",
        list.body
    );
    assert!(
        list.body
            .contains(&format!("href=\"/patients/{ada_id}/report\"")),
        "{}",
        list.body
    );
    let r = send(&app, Method::GET, "/patients", Some(&ada), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = send(&app, Method::GET, "/patients", None, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Ada's page: Cleo, what she sees, and that she looked.
    let page = send(&app, Method::GET, "/sharing", Some(&ada), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Stop sharing with Cleo Clinician"),
        "{}",
        page.body
    );
    assert!(page.body.contains("GET /patients"), "{}", page.body);
    let csrf = crate::common::input_value(&page.body, "csrf");
    let revoke = format!("/sharing/{share_id}/revoke");
    let form = |cookie: &str, csrf: &str| {
        crate::common::request(Method::POST, &revoke)
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(format!("csrf={csrf}")))
            .expect("request")
    };
    // A token from Ada's page is worth nothing with Cleo's cookie; with her
    // own, Cleo still cannot revoke Ada's share.
    let r = app.send(form(&cleo, &csrf)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let cleo_csrf = crate::common::input_value(&list.body, "csrf");
    assert_ne!(cleo_csrf, csrf);
    let r = app.send(form(&cleo, &cleo_csrf)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = app.send(form(&ada, &csrf)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.header(header::LOCATION), "/sharing");
    let r = send(
        &app,
        Method::GET,
        &format!("/api/v1/patients/{ada_id}/checkins"),
        Some(&cleo),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let after = send(&app, Method::GET, "/sharing", Some(&ada), None).await;
    assert!(after.body.contains("your journal is yours alone"));

    // Cleo makes a new code on her page, and Ada shares again with it; a
    // person may not make one, and the form needs its token.
    let make = |cookie: &str, csrf: &str| {
        crate::common::request(Method::POST, "/patients/share-code")
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(format!("csrf={csrf}")))
            .expect("request")
    };
    let r = app.send(make(&cleo, "wrong")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app.send(make(&ada, &csrf)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app.send(make(&cleo, &cleo_csrf)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let code = r
        .body
        .split("class=\"share-code\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the code is shown")
        .to_string();
    assert_eq!(code.len(), 14, "{code}");
    let r = send(
        &app,
        Method::POST,
        "/api/v1/shares",
        Some(&ada),
        Some(&json!({"code": code, "scopes": ["checkins"]}).to_string()),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let list = send(&app, Method::GET, "/patients", Some(&cleo), None).await;
    assert!(list.body.contains("Ada Lovelace"), "{}", list.body);

    // The audit page: Ada reads Cleo's looks at her data; an admin reads
    // everyone's, or one person's; no one else may ask for another's.
    let mine = send(&app, Method::GET, "/audit", Some(&ada), None).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    assert!(
        mine.body.contains("<td>Cleo Clinician</td>"),
        "{}",
        mine.body
    );
    assert!(!mine.body.contains("Whose data"), "{}", mine.body);
    let other = format!("/audit?person={max_id}");
    let r = send(&app, Method::GET, &other, Some(&ada), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert!(!r.body.contains("Max Mustermann"), "{}", r.body);
    let (_, root) = join(&app, Role::Admin, "Root Admin", "root").await;
    let all = send(&app, Method::GET, "/audit", Some(&root), None).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert!(
        all.body.contains("href=\"/audit\" aria-current=\"page\""),
        "{}",
        all.body
    );
    assert!(all.body.contains("<td>Ada Lovelace</td>"), "{}", all.body);
    assert!(all.body.contains("<td>Max Mustermann</td>"), "{}", all.body);
    let one = send(&app, Method::GET, &other, Some(&root), None).await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.body);
    assert!(one.body.contains("<td>Max Mustermann</td>"), "{}", one.body);
    assert!(!one.body.contains("<td>Ada Lovelace</td>"), "{}", one.body);
    assert!(
        one.body.contains(&format!("value=\"{max_id}\" selected")),
        "{}",
        one.body
    );
}

#[tokio::test]
async fn the_sharing_pages_on_sqlite() {
    pages_story(sqlite().await).await;
}

#[tokio::test]
async fn the_sharing_pages_on_postgres() {
    with_fresh_postgres(|url| async move {
        let store = Store::open(&url)
            .await
            .expect("open the PostgreSQL journal");
        pages_story(store.clone()).await;
        store.close().await;
    })
    .await;
}
