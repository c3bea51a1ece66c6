//! Every create, sent again with the same id: the same record (200 with the
//! stored one) when every field the client sent is equal, whatever the server
//! fills in differently now; a 409 when one of them differs. The clock is
//! moved by hand: back to back (a few hundred nanoseconds) and 2 s later.

use crate::common::{app_with_clock, input_value, App, HandClock, HOST};
use axum::http::StatusCode;
use backcalm_core::safety::questions;
use serde_json::{json, Value};

/// The clock starts mid-second with nanoseconds, as a real one does.
const START: &str = "2026-11-26T10:00:00.123456789Z";
const ID: &str = "7d0e4f6a-4b7e-4a53-9d55-2a6c1f0b9e11";

fn all_no() -> serde_json::Map<String, Value> {
    questions()
        .iter()
        .map(|q| (q.id.to_string(), Value::Bool(false)))
        .collect()
}

/// Sends `body` three times (first, back to back, 2 s later), then `changed`;
/// checks the statuses, that the repeats answer the stored record, and that
/// `list` holds one record. Returns the stored record.
async fn repeats(
    app: &App,
    clock: &HandClock,
    uri: &str,
    body: Value,
    changed: Value,
    list: &str,
) -> Value {
    let first = app.post(uri, &body.to_string()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{uri}: {}", first.body);
    let stored = first.json();

    clock.advance_ns(317);
    let again = app.post(uri, &body.to_string()).await;
    assert_eq!(
        again.status,
        StatusCode::OK,
        "{uri} back to back: {}",
        again.body
    );
    assert_eq!(
        again.json(),
        stored,
        "{uri}: a repeat answers the stored record"
    );

    clock.advance_ns(2_000_004_321);
    let later = app.post(uri, &body.to_string()).await;
    assert_eq!(
        later.status,
        StatusCode::OK,
        "{uri} 2 s later: {}",
        later.body
    );
    assert_eq!(later.json(), stored, "{uri}: the first call's time is kept");

    let other = app.post(uri, &changed.to_string()).await;
    assert_eq!(
        other.status,
        StatusCode::CONFLICT,
        "{uri} changed: {}",
        other.body
    );
    let p = other.json();
    assert_eq!(p["field"], "id", "{p}");
    assert!(p["detail"].as_str().is_some_and(|d| d.contains(ID)), "{p}");

    let all = app.get(list).await.json();
    let n = all.as_array().map(Vec::len);
    assert_eq!(n, Some(1), "{list}: {all}");
    stored
}

#[tokio::test]
async fn a_checkin_sent_again_is_the_same_record() {
    let clock = HandClock::at(START);
    let app = app_with_clock(&clock).await;
    let body = json!({"id": ID, "pain": 5, "where": ["lower-back"], "note": "after a walk"});
    let changed = json!({"id": ID, "pain": 6, "where": ["lower-back"], "note": "after a walk"});
    let stored = repeats(
        &app,
        &clock,
        "/api/v1/checkins",
        body,
        changed,
        "/api/v1/checkins",
    )
    .await;
    // "Now" to the second, in the server's zone: filled in, kept from the first call.
    assert_eq!(stored["recorded_at"], "2026-11-26T10:00:00+00:00");
    assert_eq!(stored["tz"], "Europe/London");
}

#[tokio::test]
async fn a_checkin_with_its_own_time_repeats_at_microsecond_precision() {
    let clock = HandClock::at(START);
    let app = app_with_clock(&clock).await;
    let at = "2026-11-26T09:30:00.987654321+01:00";
    let body = json!({"id": ID, "pain": 3, "recorded_at": at, "tz": "europe/paris"});
    let changed = json!({"id": ID, "pain": 3, "recorded_at": "2026-11-26T09:30:01+01:00", "tz": "Europe/Paris"});
    let stored = repeats(
        &app,
        &clock,
        "/api/v1/checkins",
        body,
        changed,
        "/api/v1/checkins",
    )
    .await;
    assert_eq!(stored["recorded_at"], "2026-11-26T09:30:00.987654+01:00");
    assert_eq!(
        stored["tz"], "Europe/Paris",
        "the zone is spelled as IANA does"
    );
}

#[tokio::test]
async fn a_session_sent_again_is_the_same_record() {
    let clock = HandClock::at(START);
    let app = app_with_clock(&clock).await;
    let body = json!({"id": ID, "practice": "natural-breath", "minutes": 2, "pain_before": 6});
    let changed = json!({"id": ID, "practice": "natural-breath", "minutes": 2, "pain_before": 5});
    let stored = repeats(
        &app,
        &clock,
        "/api/v1/sessions",
        body,
        changed,
        "/api/v1/sessions",
    )
    .await;
    assert_eq!(stored["started_at"], "2026-11-26T09:58:00+00:00");
    assert_eq!(stored["actual_s"], 120);
}

#[tokio::test]
async fn a_screen_sent_again_is_the_same_record() {
    let clock = HandClock::at(START);
    let app = app_with_clock(&clock).await;
    let body = json!({"id": ID, "answers": all_no()});
    let mut yes = all_no();
    yes.insert(questions()[0].id.to_string(), Value::Bool(true));
    let changed = json!({"id": ID, "answers": yes});
    let stored = repeats(
        &app,
        &clock,
        "/api/v1/screen",
        body,
        changed,
        "/api/v1/screens",
    )
    .await;
    // "Now", at the precision every record keeps: microseconds.
    assert_eq!(stored["taken_at"], "2026-11-26T10:00:00.123456+00:00");
}

#[tokio::test]
async fn a_screen_with_its_own_time_repeats() {
    let clock = HandClock::at(START);
    let app = app_with_clock(&clock).await;
    let at = "2026-11-26T09:00:00.5555555Z";
    let body = json!({"id": ID, "answers": all_no(), "taken_at": at});
    let changed = json!({"id": ID, "answers": all_no(), "taken_at": "2026-11-26T09:00:00Z"});
    let stored = repeats(
        &app,
        &clock,
        "/api/v1/screen",
        body,
        changed,
        "/api/v1/screens",
    )
    .await;
    assert_eq!(stored["taken_at"], "2026-11-26T09:00:00.555555+00:00");
}

#[tokio::test]
async fn questionnaire_answers_sent_again_are_the_same_record() {
    let clock = HandClock::at(START);
    let app = app_with_clock(&clock).await;
    let body = json!({"id": ID, "answers": {"pain": 5, "enjoyment": 3, "activity": 3}});
    let changed = json!({"id": ID, "answers": {"pain": 6, "enjoyment": 3, "activity": 3}});
    let uri = "/api/v1/instruments/peg-3/answers";
    let stored = repeats(&app, &clock, uri, body, changed, "/api/v1/answers").await;
    assert_eq!(stored["answered_at"], "2026-11-26T10:00:00.123456+00:00");
}

#[tokio::test]
async fn a_reminder_sent_again_is_the_same_record() {
    let clock = HandClock::at(START);
    let app = app_with_clock(&clock).await;
    let body = json!({"id": ID, "time": "08:30"});
    let changed = json!({"id": ID, "time": "09:30"});
    let stored = repeats(
        &app,
        &clock,
        "/api/v1/reminders",
        body,
        changed,
        "/api/v1/reminders",
    )
    .await;
    assert_eq!(stored["tz"], "Europe/London");
    // A label sent where the first call left it to the server is a field that differs.
    let labelled = json!({"id": ID, "time": "08:30", "label": "Breathe"});
    let r = app.post("/api/v1/reminders", &labelled.to_string()).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
}

/// The check-in form as a browser without JavaScript sends it.
fn form_fields<'a>(page: &'a str, pain: &'a str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf", input_value(page, "csrf")),
        ("id", input_value(page, "id")),
        ("recorded_at", input_value(page, "recorded_at")),
        ("pain", pain.to_string()),
        ("note", "stiff".to_string()),
    ]
}

async fn post_fields(app: &App, fields: &[(&'static str, String)]) -> crate::common::Reply {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form("/checkin", &pairs, Some(&format!("http://{HOST}")))
        .await
}

#[tokio::test]
async fn the_checkin_form_sent_twice_is_one_checkin_at_the_time_it_was_opened() {
    let clock = HandClock::at(START);
    let app = app_with_clock(&clock).await;
    let page = app.get("/checkin").await.body;
    assert_eq!(
        input_value(&page, "recorded_at"),
        "2026-11-26T10:00:00+00:00"
    );
    let fields = form_fields(&page, "4");

    clock.advance_ns(90_000_000_000);
    let r = post_fields(&app, &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    clock.advance_ns(401);
    assert_eq!(
        post_fields(&app, &fields).await.status,
        StatusCode::SEE_OTHER
    );
    clock.advance_ns(2_000_000_000);
    assert_eq!(
        post_fields(&app, &fields).await.status,
        StatusCode::SEE_OTHER
    );

    let all = app.get("/api/v1/checkins").await.json();
    assert_eq!(all.as_array().map(Vec::len), Some(1), "{all}");
    assert_eq!(
        all[0]["recorded_at"], "2026-11-26T10:00:00+00:00",
        "the time the form was opened"
    );
    assert_eq!(all[0]["id"], input_value(&page, "id"));
}

#[tokio::test]
async fn the_checkin_form_sent_again_with_other_answers_saves_nothing_new() {
    let clock = HandClock::at(START);
    let app = app_with_clock(&clock).await;
    let page = app.get("/checkin").await.body;
    let id = input_value(&page, "id");
    assert_eq!(
        post_fields(&app, &form_fields(&page, "4")).await.status,
        StatusCode::SEE_OTHER
    );

    clock.advance_ns(2_000_000_000);
    let r = post_fields(&app, &form_fields(&page, "7")).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body.contains(
            "already saved from this form with other answers, so nothing was saved this time"
        ),
        "{}",
        r.body
    );
    assert!(r.body.contains(&format!(
        "<a href=\"/history/checkins/{id}/edit\">Edit the saved check-in</a>"
    )));
    assert!(
        !r.body.contains("new check-in"),
        "no way to a second copy: {}",
        r.body
    );
    assert_eq!(input_value(&r.body, "id"), id, "the form keeps its id");
    // Sending the refused form once more is refused again: still one check-in.
    let again = post_fields(&app, &form_fields(&r.body, "7")).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let all = app.get("/api/v1/checkins").await.json();
    assert_eq!(all.as_array().map(Vec::len), Some(1), "{all}");
    assert_eq!(all[0]["pain"], 4);
}

#[tokio::test]
async fn the_screen_form_sent_twice_is_one_screen() {
    let clock = HandClock::at(START);
    let app = app_with_clock(&clock).await;
    let page = app.get("/screen").await.body;
    assert_eq!(input_value(&page, "taken_at"), "2026-11-26T10:00:00+00:00");
    let mut fields = vec![
        ("csrf", input_value(&page, "csrf")),
        ("id", input_value(&page, "id")),
        ("taken_at", input_value(&page, "taken_at")),
    ];
    let names: Vec<String> = questions().iter().map(|q| format!("q.{}", q.id)).collect();
    for n in &names {
        fields.push((n.as_str(), "no".to_string()));
    }
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let origin = format!("http://{HOST}");
    for step in [0, 317, 2_000_000_000] {
        clock.advance_ns(step);
        let r = app.post_form("/screen", &pairs, Some(&origin)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let all = app.get("/api/v1/screens").await.json();
    assert_eq!(all.as_array().map(Vec::len), Some(1), "{all}");
    assert_eq!(
        all[0]["taken_at"], "2026-11-26T10:00:00+00:00",
        "the time the form was shown"
    );

    // A form whose time was tampered with is refused with what to do, and nothing is stored.
    let mut bad = pairs.clone();
    bad[2] = ("taken_at", "2026-11-26T10:00:00Z[Mars/Olympus]");
    bad[1] = ("id", "4a1c7c52-0d6e-4f0a-9a55-0c3b8a3f2d10");
    let r = app.post_form("/screen", &bad, Some(&origin)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("after the offset"), "{}", r.body);
    assert!(r.body.contains("Open the safety check again"), "{}", r.body);
    let all = app.get("/api/v1/screens").await.json();
    assert_eq!(all.as_array().map(Vec::len), Some(1), "{all}");
}

#[tokio::test]
async fn the_questionnaire_form_sent_twice_is_one_answer() {
    let clock = HandClock::at(START);
    let app = app_with_clock(&clock).await;
    let page = app.get("/questionnaires/peg-3").await.body;
    let fields = [
        ("csrf", input_value(&page, "csrf")),
        ("id", input_value(&page, "id")),
        ("answered_at", input_value(&page, "answered_at")),
        ("a.pain", "5".to_string()),
        ("a.enjoyment", "3".to_string()),
        ("a.activity", "3".to_string()),
    ];
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let origin = format!("http://{HOST}");
    for step in [0, 317, 2_000_000_000] {
        clock.advance_ns(step);
        let r = app
            .post_form("/questionnaires/peg-3", &pairs, Some(&origin))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let all = app.get("/api/v1/answers").await.json();
    assert_eq!(all.as_array().map(Vec::len), Some(1), "{all}");
    assert_eq!(
        all[0]["answered_at"], "2026-11-26T10:00:00+00:00",
        "the time the form was shown"
    );
}

#[tokio::test]
async fn the_reminder_form_sent_twice_is_one_reminder() {
    let clock = HandClock::at(START);
    let app = app_with_clock(&clock).await;
    let page = app.get("/settings").await.body;
    let csrf = input_value(&page, "csrf");
    let id = input_value(&page, "id");
    let origin = format!("http://{HOST}");
    let send = |time: &'static str| {
        let pairs = [
            ("csrf", csrf.clone()),
            ("id", id.clone()),
            ("time", time.to_string()),
            ("label", String::new()),
        ];
        let app = &app;
        let origin = origin.clone();
        async move {
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form("/settings/reminders", &pairs, Some(&origin))
                .await
        }
    };
    for step in [0, 317, 2_000_000_000] {
        clock.advance_ns(step);
        let r = send("08:30").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let r = send("09:15").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body
            .contains("already sent for the reminder at 08:30, so nothing was added"),
        "{}",
        r.body
    );
    let all = app.get("/api/v1/reminders").await.json();
    assert_eq!(all.as_array().map(Vec::len), Some(1), "{all}");
    assert_eq!(all[0]["time"], "08:30");
}
