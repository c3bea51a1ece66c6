//! The crisis path: "Need help now?" on every page, the person's own numbers
//! in the footer and on `/help-now`, crisis lines after a check-in that calls
//! for them (page and API) and with every PHQ-2 of 3 or more, none when
//! nothing calls for them; and a screen stored under the first version's
//! question ids still reading as it was asked.

use crate::common::{app, input_value, App, Reply, HOST};
use axum::http::{header, Method, StatusCode};
use backcalm_core::safety::Action;
use backcalm_store::ScreenRecord;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use uuid::Uuid;

const OWN_NUMBERS: &str = r#"{"country":"other","crisis":{"lines":[
    {"place":"Australia","emergency":"000","urgent_advice":null,"crisis":"Lifeline 13 11 14"}]}}"#;

fn origin() -> String {
    format!("http://{HOST}")
}

/// Sends the check-in form as a browser without JavaScript does.
async fn check_in_form(app: &App, fields: &[(&str, &str)]) -> Reply {
    let form = app.get("/checkin").await.body;
    let csrf = input_value(&form, "csrf");
    let id = input_value(&form, "id");
    let mut pairs = vec![("csrf", csrf.as_str()), ("id", id.as_str())];
    pairs.extend_from_slice(fields);
    app.post_form("/checkin", &pairs, Some(&origin())).await
}

#[tokio::test]
async fn every_page_links_to_help_and_names_the_persons_own_numbers() {
    let app = app().await;
    let pages = [
        "/",
        "/checkin",
        "/history",
        "/screen",
        "/settings",
        "/learn",
        "/help-now",
    ];
    for path in pages {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        assert!(
            page.body
                .contains("<a class=\"help-now\" href=\"/help-now\""),
            "{path} has the header link"
        );
        assert!(
            page.body
                .contains("In an emergency call 999 in the UK, 911 in the US, 112 in the EU."),
            "{path}: the default numbers"
        );
    }
    // The 404 page has the link too.
    assert!(app
        .get("/no-such-page")
        .await
        .body
        .contains("href=\"/help-now\""));

    let r = app.json(Method::PUT, "/api/v1/settings", OWN_NUMBERS).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for path in pages {
        let body = app.get(path).await.body;
        assert!(
            body.contains("In an emergency call 000 in Australia."),
            "{path}: the person's own numbers"
        );
        assert!(!body.contains("999"), "{path}: no hard-coded number");
    }
    let help = app.get("/help-now").await.body;
    assert!(help.contains("href=\"tel:000\""), "{help}");
    assert!(
        help.contains("href=\"tel:131114\">Lifeline 13 11 14</a>"),
        "{help}"
    );
    assert!(
        help.contains("<h2 id=\"place-1\">In Australia</h2>"),
        "{help}"
    );
}

#[tokio::test]
async fn the_help_page_has_every_default_number_with_the_eu_caveat() {
    let app = app().await;
    let page = app.get("/help-now").await;
    assert_eq!(page.status, StatusCode::OK);
    let help = &page.body;
    assert!(help.contains("<h1 id=\"help-title\">Need help now?</h1>"));
    assert!(help.contains("aria-current=\"page\">Need help now?</a>"));
    for tel in ["999", "111", "116123", "911", "988", "112"] {
        assert!(help.contains(&format!("href=\"tel:{tel}\"")), "tel:{tel}");
    }
    assert!(help.contains("116 123 emotional support line (check it is answered in your country)"));
    assert!(
        !help.contains("id=\"support\""),
        "no message without a check-in"
    );
    // An unknown or unreadable check-in id still shows the numbers, without a message.
    for q in [
        "?checkin=nonsense",
        "?checkin=00000000-0000-4000-8000-000000000000",
    ] {
        let p = app.get(&format!("/help-now{q}")).await;
        assert_eq!(p.status, StatusCode::OK, "{q}");
        assert!(
            p.body.contains("href=\"tel:999\"") && !p.body.contains("id=\"support\""),
            "{q}"
        );
    }
}

#[tokio::test]
async fn the_check_in_form_leads_to_crisis_lines_only_when_called_for() {
    let app = app().await;
    for (fields, reason) in [
        (
            vec![("pain", "10"), ("stress", "10")],
            "You rated your pain and your stress at 10",
        ),
        (
            vec![("pain", "4"), ("note", "Some days I want to end it.")],
            "Some of the words you wrote",
        ),
        (
            vec![("pain", "2"), ("activity", "thinking about suicide")],
            "Some of the words you wrote",
        ),
    ] {
        let r = check_in_form(&app, &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{fields:?}: {}", r.body);
        let to = r.header(header::LOCATION).to_string();
        assert!(
            to.starts_with("/help-now?checkin=") && to.ends_with("#support"),
            "{to}"
        );
        let page = app.get(to.trim_end_matches("#support")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("id=\"support\""), "{}", page.body);
        assert!(page.body.contains("Your check-in is saved"));
        assert!(page.body.contains(reason), "{fields:?}");
        assert!(page
            .body
            .contains("Samaritans 116 123 (free, 24/7) in the UK"));
        assert!(page.body.contains("href=\"tel:116123\""));
    }
    assert_eq!(
        app.get("/api/v1/checkins")
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(3),
        "saved, never blocked"
    );
    for fields in [
        vec![("pain", "10"), ("stress", "9")],
        vec![
            ("pain", "6"),
            ("note", "Took painkillers; this pain is killing me"),
        ],
    ] {
        let r = check_in_form(&app, &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.header(header::LOCATION), "/history", "{fields:?}");
    }
}

#[tokio::test]
async fn an_edit_that_calls_for_crisis_lines_leads_to_them() {
    let app = app().await;
    let id = app.post("/api/v1/checkins", r#"{"pain":5}"#).await.json()["id"]
        .as_str()
        .expect("id")
        .to_string();
    let url = format!("/history/checkins/{id}/edit");
    let csrf = input_value(&app.get(&url).await.body, "csrf");
    let r = app
        .post_form(
            &url,
            &[
                ("csrf", &csrf),
                ("pain", "5"),
                ("note", "I wish I were dead"),
            ],
            Some(&origin()),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.header(header::LOCATION),
        format!("/help-now?checkin={id}#support")
    );
}

#[tokio::test]
async fn the_api_answers_a_check_in_with_support_when_called_for() {
    let app = app().await;
    for (body, reasons) in [
        (
            r#"{"pain":10,"stress":10}"#,
            json!(["highest-pain-and-stress"]),
        ),
        (
            r#"{"pain":3,"note":"Feeling SUICIDAL"}"#,
            json!(["words-of-self-harm"]),
        ),
        (
            r#"{"pain":10,"stress":10,"note":"better off dead"}"#,
            json!(["highest-pain-and-stress", "words-of-self-harm"]),
        ),
    ] {
        let r = app.post("/api/v1/checkins", body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let s = &r.json()["support"];
        assert_eq!(s["reasons"], reasons, "{body}");
        assert_eq!(s["heading"], "You do not have to face this alone");
        let m = s["message"].as_str().expect("message");
        assert!(
            m.contains("988 Suicide & Crisis Lifeline (call or text) in the US"),
            "{m}"
        );
        assert!(m.contains("call emergency services (999 in the UK"), "{m}");
        assert_eq!(s["numbers"]["lines"][0]["emergency"], "999");
    }
    for body in [
        r#"{"pain":10,"stress":9}"#,
        r#"{"pain":9,"stress":10}"#,
        r#"{"pain":10}"#,
        r#"{"pain":4,"note":"Took painkillers; killing time before the physio"}"#,
    ] {
        let r = app.post("/api/v1/checkins", body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(r.json()["support"], Value::Null, "{body}");
    }
    // Sent again (idempotent) and replaced: the answer says it again.
    let body = r#"{"id":"7d0f0b8e-4a57-4b8c-9f51-3f7e8e0c1a11","pain":10,"stress":10}"#;
    assert_eq!(
        app.post("/api/v1/checkins", body).await.status,
        StatusCode::CREATED
    );
    let again = app.post("/api/v1/checkins", body).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(
        again.json()["support"]["reasons"],
        json!(["highest-pain-and-stress"])
    );
    let uri = "/api/v1/checkins/7d0f0b8e-4a57-4b8c-9f51-3f7e8e0c1a11";
    let calmer = app.json(Method::PUT, uri, r#"{"pain":6,"stress":5}"#).await;
    assert_eq!(calmer.status, StatusCode::OK, "{}", calmer.body);
    assert_eq!(calmer.json()["support"], Value::Null);
    let words = app
        .json(
            Method::PUT,
            uri,
            r#"{"pain":6,"note":"I want to kill myself"}"#,
        )
        .await;
    assert_eq!(
        words.json()["support"]["reasons"],
        json!(["words-of-self-harm"])
    );
    // The person's own numbers.
    app.json(Method::PUT, "/api/v1/settings", OWN_NUMBERS).await;
    let s = app
        .post("/api/v1/checkins", r#"{"pain":10,"stress":10}"#)
        .await
        .json();
    let m = s["support"]["message"].as_str().expect("message");
    assert!(
        m.contains("Lifeline 13 11 14 in Australia") && m.contains("(000 in Australia)"),
        "{m}"
    );
}

async fn answer_phq2(app: &App, interest: &str, down: &str) -> Reply {
    let form = app.get("/questionnaires/phq-2").await.body;
    let csrf = input_value(&form, "csrf");
    let id = input_value(&form, "id");
    let r = app
        .post_form(
            "/questionnaires/phq-2",
            &[
                ("csrf", &csrf),
                ("id", &id),
                ("a.interest", interest),
                ("a.down", down),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.get(r.header(header::LOCATION)).await
}

#[tokio::test]
async fn every_phq2_of_3_or_more_shows_crisis_lines_and_2_does_not() {
    let app = app().await;
    let three = answer_phq2(&app, "2", "1").await.body;
    assert!(three.contains("id=\"doctor\""), "{three}");
    assert!(three.contains("href=\"tel:116123\">Samaritans 116 123 (free, 24/7)</a>"));
    assert!(three.contains("href=\"tel:988\""));
    let two = answer_phq2(&app, "1", "1").await.body;
    assert!(!two.contains("id=\"doctor\"") && !two.contains("href=\"tel:988\""));
    let api = app.get("/api/v1/answers").await.json();
    let advice: Vec<bool> = api
        .as_array()
        .expect("answers")
        .iter()
        .map(|a| a["advice"].is_string())
        .collect();
    assert_eq!(advice, [true, false]);
}

#[tokio::test]
async fn a_screen_stored_under_the_first_version_still_reads_as_it_was_asked() {
    let app = app().await;
    // The first version's 16 ids, as a journal written before this one holds them.
    let first = [
        "saddle-numbness",
        "bladder-change",
        "bowel-change",
        "both-legs",
        "sexual-function-change",
        "serious-accident-or-chest-pain",
        "fever-or-unwell",
        "immune-or-injected-drugs",
        "minor-fall-fragile-bones",
        "one-leg-worsening",
        "cancer-history",
        "weight-loss",
        "night-pain",
        "lump-or-shape-change",
        "age-at-onset",
        "no-improvement-month",
    ];
    let answers: BTreeMap<String, bool> = first
        .iter()
        .map(|id| (id.to_string(), matches!(*id, "both-legs" | "night-pain")))
        .collect();
    let id = Uuid::from_u128(0xabc);
    app.store
        .insert_screen(&ScreenRecord::stored(
            id,
            "2026-06-01T09:00:00Z".parse().expect("instant"),
            backcalm_core::TzName::new("Europe/London").expect("zone"),
            answers,
            Action::Emergency,
        ))
        .await
        .expect("stored");
    let page = app.get("/screen").await.body;
    assert!(
        page.contains("data-action=\"emergency\""),
        "the stored action stands"
    );
    assert!(page.contains("<li>Pain worse at night or lying down, not eased by rest?</li>"));
    assert!(
        page.contains("<li>Weakness, numbness or pain in both legs, or legs getting weaker?</li>"),
        "the words the person answered then: {page}"
    );
    assert!(page.contains("taken with an earlier version of the questions"));
    let s = app.get(&format!("/api/v1/screens/{id}")).await.json();
    assert_eq!(s["reasons"], json!(["night-pain", "both-legs"]));
    assert_eq!(s["earlier_version"], true);
    assert_eq!(s["action"], "emergency");
    assert_eq!(s["answers"]["both-legs"], true);
    // Answering with a retired id today is refused with what to answer instead.
    let r = app
        .post("/api/v1/screen", r#"{"answers":{"both-legs":true}}"#)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["field"], "answers.both-legs");
    assert!(r.body.contains("both-legs-new-or-worsening"), "{}", r.body);
}
