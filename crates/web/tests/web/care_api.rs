//! The JSON API for insights, the safety screen, questionnaires, the
//! program, lessons, reminders and settings. Values are checked, not shapes.

use crate::care_seed::{seed_checkins, seed_sessions};
use crate::common::app;
use axum::http::{header, Method, StatusCode};
use backcalm_core::safety::{questions, Action};
use backcalm_web::PROBLEM_JSON;
use serde_json::{json, Value};

fn all_no() -> serde_json::Map<String, Value> {
    questions()
        .iter()
        .map(|q| (q.id.to_string(), Value::Bool(false)))
        .collect()
}

fn close(a: &Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-9)
}

fn assert_problem(r: &crate::common::Reply, status: StatusCode, field: Option<&str>) {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.header(header::CONTENT_TYPE), PROBLEM_JSON, "{}", r.body);
    let p = r.json();
    assert_eq!(p["status"], status.as_u16());
    assert!(
        p["detail"].as_str().is_some_and(|d| d.len() > 20),
        "a problem says what to do: {p}"
    );
    if let Some(f) = field {
        assert_eq!(p["field"], f, "{p}");
    }
}

#[tokio::test]
async fn insights_of_a_seeded_journal_have_the_hand_computed_values() {
    let app = app().await;
    seed_checkins(&app).await;
    seed_sessions(&app).await;
    let r = app.get("/api/v1/insights").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let i = r.json();
    assert_eq!(i["today"], "2026-11-26");
    assert_eq!(i["tz"], "Europe/London");

    let b = &i["baseline"];
    assert!(close(&b["pain"], 6.0) && close(&b["current"], 4.0), "{b}");
    assert!(close(&b["percent_change"], -100.0 / 3.0), "{b}");
    assert_eq!(b["label"], "meaningful");
    assert_eq!(
        (b["baseline_from"].as_str(), b["baseline_to"].as_str()),
        (Some("2026-11-12"), Some("2026-11-18"))
    );

    let days = i["days"].as_array().expect("days");
    assert_eq!(days.len(), 14);
    assert_eq!(days[0]["date"], "2026-11-12");
    assert!(
        days[0]["rolling7"].is_null() && days[1]["rolling7"].is_null(),
        "under 3 days"
    );
    assert!(close(&days[2]["rolling7"], 6.0));
    assert!(
        close(&days[7]["rolling7"], 40.0 / 7.0),
        "19 Nov: six 6s and a 4"
    );
    assert!(close(&days[13]["rolling7"], 4.0));
    assert!(close(&days[13]["pain_mean"], 4.0));

    let t = i["techniques"].as_array().expect("techniques");
    assert_eq!(t.len(), 2, "{t:?}");
    assert_eq!(
        (t[0]["kind"].as_str(), t[0]["n"].as_u64()),
        (Some("breathing"), Some(2))
    );
    assert!(t[0]["pain"].is_null(), "2 sessions is not enough");
    assert_eq!(
        (t[1]["kind"].as_str(), t[1]["n"].as_u64()),
        (Some("body-scan"), Some(6))
    );
    assert!(close(&t[1]["pain"]["mean"], -7.0 / 6.0), "{}", t[1]);
    assert!(close(&t[1]["stress"]["mean"], -13.0 / 6.0), "{}", t[1]);
    let (lo, hi) = (
        t[1]["pain"]["ci_low"].as_f64(),
        t[1]["pain"]["ci_high"].as_f64(),
    );
    assert!(lo.is_some_and(|l| l < -7.0 / 6.0) && hi.is_some_and(|h| h > -7.0 / 6.0));

    assert_eq!(i["streak_days"], 6, "20 to 25 Nov; today not yet");
    assert_eq!(i["days_practised_7"], 6);
    assert_eq!(i["days_practised_30"], 8);
    let weeks = i["weeks"].as_array().expect("weeks");
    let got: Vec<(&str, f64, bool)> = weeks
        .iter()
        .map(|w| {
            (
                w["week_start"].as_str().unwrap_or(""),
                w["minutes"].as_f64().unwrap_or(-1.0),
                w["goal_met"].as_bool().unwrap_or(true),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![("2026-11-16", 19.0, false), ("2026-11-23", 15.0, false)]
    );
    assert_eq!(weeks[0]["goal_minutes"], 30, "the default goal");
    assert!(i["associations"]["sleep"]["rho"].is_number());
    assert_eq!(
        i["associations"]["sleep"]["caution"],
        "association, not cause"
    );

    // The same clock and journal give the same JSON, byte for byte.
    assert_eq!(app.get("/api/v1/insights").await.body, r.body);
}

#[tokio::test]
async fn insights_follow_the_weekly_goal_in_settings() {
    let app = app().await;
    seed_sessions(&app).await;
    let r = app
        .json(
            Method::PUT,
            "/api/v1/settings",
            r#"{"weekly_goal_minutes": 15}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let weeks = app.get("/api/v1/insights").await.json()["weeks"].clone();
    assert_eq!(weeks[0]["goal_met"], true);
    assert_eq!(weeks[1]["goal_met"], true, "15 of 15 minutes");
    assert_eq!(weeks[1]["goal_minutes"], 15);
}

#[tokio::test]
async fn an_empty_journal_has_needs_not_numbers() {
    let app = app().await;
    let i = app.get("/api/v1/insights").await.json();
    assert!(i["baseline"].is_null());
    assert_eq!(i["days"], json!([]));
    assert_eq!(i["techniques"], json!([]));
    assert_eq!(i["needs"][0]["message"], "Log 10 more days to see a trend.");
}

#[tokio::test]
async fn the_screen_lists_its_questions_and_actions() {
    let app = app().await;
    let doc = app.get("/api/v1/screen").await.json();
    let qs = doc["questions"].as_array().expect("questions");
    assert_eq!(qs.len(), 20);
    assert_eq!(qs[0]["id"], "saddle-numbness");
    assert_eq!(qs[0]["action"], "emergency");
    assert_eq!(qs[19]["action"], "soon");
    assert!(
        doc["framing"]
            .as_str()
            .is_some_and(|f| f.starts_with("Answer about how things are now.")),
        "{doc}"
    );
    let retired = doc["retired"].as_array().expect("retired");
    let both_legs = retired
        .iter()
        .find(|q| q["id"] == "both-legs")
        .expect("the first version's both-legs question");
    assert_eq!(
        both_legs["text"],
        "Weakness, numbness or pain in both legs, or legs getting weaker?"
    );
    assert_eq!(
        both_legs["replaced_by"],
        json!(["both-legs-new-or-worsening"])
    );
    let actions: Vec<&str> = doc["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert_eq!(actions, vec!["emergency", "urgent", "soon", "none"]);
    assert!(doc["disclaimer"]
        .as_str()
        .is_some_and(|d| d.contains("not medical advice")));
    assert!(doc["latest"].is_null());
}

#[tokio::test]
async fn each_red_flag_alone_leads_to_its_own_action() {
    let app = app().await;
    for q in questions() {
        let mut answers = all_no();
        answers.insert(q.id.to_string(), Value::Bool(true));
        let r = app
            .post("/api/v1/screen", &json!({ "answers": answers }).to_string())
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", q.id, r.body);
        let s = r.json();
        let want = match q.action {
            Action::Emergency => "emergency",
            Action::Urgent => "urgent",
            Action::Soon => "soon",
            Action::None => "none",
        };
        assert_eq!(s["action"], want, "{}", q.id);
        assert_eq!(s["reasons"], json!([q.id]), "{}", q.id);
        assert_eq!(s["answers"][q.id], true);
        let message = s["message"].as_str().unwrap_or("");
        match q.action {
            Action::Emergency => {
                assert!(
                    message.starts_with(
                        "Call emergency services now (999 in the UK, 911 in the US, 112 in the EU)"
                    ),
                    "{message}"
                )
            }
            Action::Urgent => assert!(message.starts_with("See a doctor today."), "{message}"),
            _ => assert!(message.starts_with("See a doctor soon"), "{message}"),
        }
    }
    let stored = app.get("/api/v1/screens").await.json();
    assert_eq!(
        stored.as_array().map(Vec::len),
        Some(20),
        "every screen is stored"
    );
}

#[tokio::test]
async fn all_no_is_never_called_fine_and_the_highest_action_wins() {
    let app = app().await;
    let r = app
        .post(
            "/api/v1/screen",
            &json!({ "answers": all_no() }).to_string(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let s = r.json();
    assert_eq!(s["action"], "none");
    assert_eq!(s["label"], "Nothing urgent found");
    let m = s["message"].as_str().unwrap_or("");
    assert!(
        m.starts_with("Nothing in your answers calls for urgent care."),
        "{m}"
    );
    assert!(!m.to_lowercase().contains("you are fine"));
    assert_eq!(s["taken_at"], "2026-11-26T10:00:00+00:00");

    let mut answers = all_no();
    answers.insert("weight-loss-6-months".into(), Value::Bool(true));
    answers.insert("fever-or-unwell".into(), Value::Bool(true));
    let s = app
        .post("/api/v1/screen", &json!({ "answers": answers }).to_string())
        .await
        .json();
    assert_eq!(s["action"], "urgent");
    assert_eq!(
        s["reasons"],
        json!(["fever-or-unwell", "weight-loss-6-months"])
    );
    assert_eq!(s["earlier_version"], false);
    assert_eq!(
        app.get("/api/v1/screen").await.json()["latest"]["id"],
        s["id"]
    );
}

#[tokio::test]
async fn screen_mistakes_are_problems_not_500s() {
    let app = app().await;
    let mut missing = all_no();
    missing.remove("night-pain");
    let r = app
        .post("/api/v1/screen", &json!({ "answers": missing }).to_string())
        .await;
    assert_problem(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("answers.night-pain"),
    );
    let mut unknown = all_no();
    unknown.insert("headache".into(), Value::Bool(true));
    let r = app
        .post("/api/v1/screen", &json!({ "answers": unknown }).to_string())
        .await;
    assert_problem(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("answers.headache"),
    );
    let r = app
        .post("/api/v1/screen", r#"{"answers": {"night-pain": "yes"}}"#)
        .await;
    assert_problem(&r, StatusCode::BAD_REQUEST, None);
    let r = app.post("/api/v1/screen", "{").await;
    assert_problem(&r, StatusCode::BAD_REQUEST, None);
    let future = json!({ "answers": all_no(), "taken_at": "2026-11-27T10:00:00Z" });
    let r = app.post("/api/v1/screen", &future.to_string()).await;
    assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY, Some("taken_at"));
    let r = app.get("/api/v1/screens/not-an-id").await;
    assert_problem(&r, StatusCode::BAD_REQUEST, Some("id"));
    assert_eq!(
        app.get("/api/v1/screens").await.json(),
        json!([]),
        "nothing stored"
    );
}

#[tokio::test]
async fn a_screen_retried_with_its_id_is_stored_once_and_can_be_deleted() {
    let app = app().await;
    let id = "0b6f5a2e-1111-4c1b-9a3e-2f4d6b8c0e1a";
    let body = json!({ "id": id, "answers": all_no(), "tz": "America/New_York" }).to_string();
    let first = app.post("/api/v1/screen", &body).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(first.json()["taken_at"], "2026-11-26T05:00:00-05:00");
    let again = app.post("/api/v1/screen", &body).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json(), first.json());
    assert_eq!(
        app.get(&format!("/api/v1/screens/{id}")).await.json(),
        first.json()
    );
    assert_eq!(
        app.delete(&format!("/api/v1/screens/{id}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_problem(
        &app.delete(&format!("/api/v1/screens/{id}")).await,
        StatusCode::NOT_FOUND,
        Some("id"),
    );
    assert_eq!(app.get("/api/v1/screens").await.json(), json!([]));
}

#[tokio::test]
async fn the_screen_names_the_persons_own_numbers() {
    let app = app().await;
    let settings = json!({"country": "other", "crisis": {"lines": [
        {"place": "Australia", "emergency": "000", "urgent_advice": null, "crisis": "Lifeline 13 11 14"}
    ]}});
    let r = app
        .json(Method::PUT, "/api/v1/settings", &settings.to_string())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut answers = all_no();
    answers.insert("bladder-change".into(), Value::Bool(true));
    let s = app
        .post("/api/v1/screen", &json!({ "answers": answers }).to_string())
        .await
        .json();
    assert!(
        s["message"]
            .as_str()
            .is_some_and(|m| m.contains("(000 in Australia)")),
        "{s}"
    );
}

#[tokio::test]
async fn instruments_are_listed_with_items_and_scales() {
    let app = app().await;
    let list = app.get("/api/v1/instruments").await.json();
    let ids: Vec<&str> = list
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert_eq!(ids, vec!["gad-2", "peg-3", "phq-2"]);
    let peg = &list[1];
    assert!(peg["id"].as_str().is_some_and(|id| id.contains("peg")));
    assert_eq!(peg["every_days"], 7);
    let items: Vec<&str> = peg["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert_eq!(items, vec!["pain", "enjoyment", "activity"]);
    assert_eq!(peg["scales"][0]["max"], 10);
    assert_eq!(peg["score_range"], json!([0.0, 10.0]));
    assert_eq!(
        app.get("/api/v1/instruments/phq-2").await.json()["score_range"],
        json!([0.0, 6.0])
    );
    assert_problem(
        &app.get("/api/v1/instruments/phq-9").await,
        StatusCode::NOT_FOUND,
        Some("id"),
    );
}

#[tokio::test]
async fn a_peg_is_scored_stored_listed_and_deleted() {
    let app = app().await;
    let body = json!({"answers": {"pain": 5, "enjoyment": 3, "activity": 3}});
    let r = app
        .post("/api/v1/instruments/peg-3/answers", &body.to_string())
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let a = r.json();
    assert!(close(&a["score"], 11.0 / 3.0), "{a}");
    assert_eq!(a["display_score"], "3.67");
    assert_eq!(a["instrument"], "peg-3");
    assert_eq!(a["answered_at"], "2026-11-26T10:00:00+00:00");
    assert_eq!(a["positive"], false);
    assert!(a["advice"].is_null());

    let mood = json!({"answers": {"interest": 1, "down": 1}});
    let m = app
        .post("/api/v1/instruments/phq-2/answers", &mood.to_string())
        .await
        .json();
    assert_eq!(m["score"], 2.0);
    assert_eq!(m["positive"], false);

    let pegs = app.get("/api/v1/answers?instrument=peg-3").await.json();
    assert_eq!(pegs.as_array().map(Vec::len), Some(1));
    assert_eq!(pegs[0]["id"], a["id"]);
    assert_eq!(
        app.get("/api/v1/answers")
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    assert_eq!(
        app.get("/api/v1/answers?from=2026-11-27").await.json(),
        json!([])
    );
    let id = a["id"].as_str().expect("id");
    assert_eq!(app.get(&format!("/api/v1/answers/{id}")).await.json(), a);
    assert_eq!(
        app.delete(&format!("/api/v1/answers/{id}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_problem(
        &app.get(&format!("/api/v1/answers/{id}")).await,
        StatusCode::NOT_FOUND,
        Some("id"),
    );
    assert_eq!(
        app.get("/api/v1/answers?instrument=peg-3").await.json(),
        json!([])
    );
}

#[tokio::test]
async fn a_positive_phq2_advises_a_doctor_with_crisis_numbers() {
    let app = app().await;
    let body = json!({"answers": {"interest": 2, "down": 1}});
    let a = app
        .post("/api/v1/instruments/phq-2/answers", &body.to_string())
        .await
        .json();
    assert_eq!(a["score"], 3.0);
    assert_eq!(a["positive"], true);
    assert!(
        a["band"]
            .as_str()
            .is_some_and(|b| b.contains("positive screen")),
        "{a}"
    );
    let advice = a["advice"].as_str().unwrap_or("");
    // The band suggests the doctor; the advice says where to turn now, once.
    assert!(
        a["band"]
            .as_str()
            .is_some_and(|b| b.to_lowercase().contains("talking to a doctor")),
        "{a}"
    );
    assert!(
        advice.starts_with("If you are struggling right now, or have thoughts of harming yourself"),
        "{advice}"
    );
    assert!(
        advice.contains("In an emergency call 999 in the UK"),
        "{advice}"
    );
    assert!(
        advice.contains("Samaritans 116 123") && advice.contains("988"),
        "{advice}"
    );
    let gad = json!({"answers": {"nervous": 3, "worrying": 3}});
    let g = app
        .post("/api/v1/instruments/gad-2/answers", &gad.to_string())
        .await;
    assert_eq!(g.status, StatusCode::CREATED, "{}", g.body);
    assert_eq!(g.json()["positive"], true);
}

#[tokio::test]
async fn questionnaire_mistakes_are_problems() {
    let app = app().await;
    let r = app
        .post(
            "/api/v1/instruments/peg-3/answers",
            r#"{"answers": {"pain": 5}}"#,
        )
        .await;
    assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY, Some("answers"));
    let r = app
        .post(
            "/api/v1/instruments/peg-3/answers",
            r#"{"answers": {"pain": 11, "enjoyment": 1, "activity": 1}}"#,
        )
        .await;
    assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY, Some("answers"));
    let r = app
        .post(
            "/api/v1/instruments/peg-3/answers",
            r#"{"answers": {"pain": -1, "enjoyment": 1, "activity": 1}}"#,
        )
        .await;
    assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY, Some("answers"));
    let r = app
        .post("/api/v1/instruments/nope/answers", r#"{"answers": {}}"#)
        .await;
    assert_problem(&r, StatusCode::NOT_FOUND, Some("id"));
    let r = app.get("/api/v1/answers?instrument=nope").await;
    assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY, Some("instrument"));
    let r = app.get("/api/v1/answers?colour=blue").await;
    assert_problem(&r, StatusCode::BAD_REQUEST, Some("colour"));
}

#[tokio::test]
async fn the_program_before_and_after_practice() {
    let app = app().await;
    let p = app.get("/api/v1/program").await.json();
    let weeks = p["weeks"].as_array().expect("weeks");
    assert_eq!(weeks.len(), 8);
    assert_eq!(weeks[0]["week"], 1);
    assert_eq!(weeks[0]["kind"], "breathing");
    assert_eq!(weeks[0]["lesson"], "what-is-mindfulness");
    assert_eq!(weeks[0]["daily_minutes"], 2);
    assert!(p["current_week"].is_null(), "not started");
    assert!(p["start"].is_null());
    assert_eq!(p["today"]["practice"], "natural-breath");
    assert_eq!(p["today"]["minutes"], 2);

    seed_sessions(&app).await;
    let p = app.get("/api/v1/program").await.json();
    // Started 17 Nov; the first 7-day block had 6 days of practice, so week 2, day 3.
    assert_eq!(p["start"], "2026-11-17");
    assert_eq!(p["current_week"], 2);
    assert_eq!(p["today"]["current_week"], 2);
    assert_eq!(p["today"]["week_day"], 3);
    assert_eq!(p["today"]["peg_due"], true);

    let peg = json!({"answers": {"pain": 4, "enjoyment": 3, "activity": 3}});
    app.post("/api/v1/instruments/peg-3/answers", &peg.to_string())
        .await;
    assert_eq!(
        app.get("/api/v1/program").await.json()["today"]["peg_due"],
        false
    );
}

#[tokio::test]
async fn lessons_are_listed_and_read() {
    let app = app().await;
    let list = app.get("/api/v1/lessons").await.json();
    let list = list.as_array().expect("a list");
    assert_eq!(list.len(), 10);
    assert_eq!(list[0]["id"], "what-is-mindfulness");
    assert_eq!(list[0]["week"], 1);
    assert!(list[0]["sources"].as_array().is_some_and(|s| !s.is_empty()));
    assert!(
        list[0].get("body_markdown").is_none(),
        "lists leave the body out"
    );
    let one = app.get("/api/v1/lessons/what-is-mindfulness").await.json();
    assert_eq!(one["title"], "What mindfulness is");
    assert!(one["body_markdown"]
        .as_str()
        .is_some_and(|b| b.starts_with("Mindfulness is a way of paying attention.")));
    assert_problem(
        &app.get("/api/v1/lessons/nope").await,
        StatusCode::NOT_FOUND,
        Some("id"),
    );
}

#[tokio::test]
async fn reminders_keep_to_one_a_day_unless_allowed_and_export_as_ics() {
    let app = app().await;
    assert_eq!(app.get("/api/v1/reminders").await.json(), json!([]));
    let id = "7a1c2d6e-8f7a-4c1b-9a3e-2f4d6b8c0e1a";
    let body = json!({"id": id, "time": "8:30", "label": "Breathe, slowly"}).to_string();
    let r = app.post("/api/v1/reminders", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(
        r.json(),
        json!({"id": id, "time": "08:30", "tz": "Europe/London", "label": "Breathe, slowly"})
    );
    assert_eq!(
        app.post("/api/v1/reminders", &body).await.status,
        StatusCode::OK,
        "a retry"
    );

    let second = json!({"time": "21:00"}).to_string();
    let r = app.post("/api/v1/reminders", &second).await;
    assert_problem(&r, StatusCode::CONFLICT, Some("time"));
    assert!(r.json()["detail"]
        .as_str()
        .is_some_and(|d| d.contains("one a day")));

    app.json(
        Method::PUT,
        "/api/v1/settings",
        r#"{"reminders_per_day": 2}"#,
    )
    .await;
    let r = app.post("/api/v1/reminders", &second).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["label"], "A few quiet minutes for your back");
    let third = app.post("/api/v1/reminders", r#"{"time": "12:00"}"#).await;
    assert_problem(&third, StatusCode::CONFLICT, Some("time"));
    let dup = app.post("/api/v1/reminders", r#"{"time": "21:00"}"#).await;
    assert_problem(&dup, StatusCode::CONFLICT, Some("time"));

    let list = app.get("/api/v1/reminders").await.json();
    assert_eq!(list.as_array().map(Vec::len), Some(2));
    assert_eq!(list[0]["time"], "08:30");

    let cal = app.get("/api/v1/reminders.ics").await;
    assert_eq!(cal.status, StatusCode::OK);
    assert_eq!(
        cal.header(header::CONTENT_TYPE),
        "text/calendar; charset=utf-8"
    );
    assert!(cal.body.starts_with("BEGIN:VCALENDAR\r\n"), "{}", cal.body);
    assert!(cal.body.contains(&format!("UID:{id}@backcalm")));
    assert!(cal.body.contains("SUMMARY:Breathe\\, slowly"));
    assert!(cal.body.contains("RRULE:FREQ=DAILY"));
    assert!(cal.body.contains("TZID=Europe/London"));

    assert_eq!(
        app.delete(&format!("/api/v1/reminders/{id}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_problem(
        &app.delete(&format!("/api/v1/reminders/{id}")).await,
        StatusCode::NOT_FOUND,
        Some("id"),
    );
    assert!(!app.get("/api/v1/reminders.ics").await.body.contains(id));

    assert_problem(
        &app.post("/api/v1/reminders", r#"{"time": "25:00"}"#).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("time"),
    );
    let long = json!({"time": "10:00", "label": "x".repeat(81)}).to_string();
    assert_problem(
        &app.post("/api/v1/reminders", &long).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("label"),
    );
    assert_problem(
        &app.post(
            "/api/v1/reminders",
            r#"{"time": "10:00", "tz": "Mars/Base"}"#,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("tz"),
    );
}

#[tokio::test]
async fn settings_read_defaults_and_replace_whole() {
    let app = app().await;
    let s = app.get("/api/v1/settings").await.json();
    assert_eq!(
        s,
        json!({
            "weekly_goal_minutes": 30, "show_streak": false, "country": null,
            "crisis": {"lines": []}, "announce_phases": true, "reminders_per_day": 1,
            "program_start": null
        })
    );
    let put = json!({"weekly_goal_minutes": null, "show_streak": true, "country": "uk", "program_start": "2026-11-02"});
    let r = app
        .json(Method::PUT, "/api/v1/settings", &put.to_string())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let s = app.get("/api/v1/settings").await.json();
    assert_eq!(s["show_streak"], true);
    assert_eq!(s["country"], "uk");
    assert!(s["weekly_goal_minutes"].is_null());
    assert_eq!(s["program_start"], "2026-11-02");
    assert_eq!(
        app.get("/api/v1/program").await.json()["start"],
        "2026-11-02"
    );

    let bad = app
        .json(
            Method::PUT,
            "/api/v1/settings",
            r#"{"reminders_per_day": 9}"#,
        )
        .await;
    assert_problem(
        &bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("reminders_per_day"),
    );
    let bad = app
        .json(
            Method::PUT,
            "/api/v1/settings",
            r#"{"weekly_goal_minutes": 0}"#,
        )
        .await;
    assert_problem(
        &bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("weekly_goal_minutes"),
    );
    let typo = app
        .json(Method::PUT, "/api/v1/settings", r#"{"show_streaks": true}"#)
        .await;
    assert_problem(&typo, StatusCode::BAD_REQUEST, None);
    let other = app
        .json(Method::PUT, "/api/v1/settings", r#"{"country": "other"}"#)
        .await;
    assert_problem(
        &other,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("crisis.lines"),
    );
    assert_eq!(
        app.get("/api/v1/settings").await.json(),
        s,
        "refused changes change nothing"
    );
}

#[tokio::test]
async fn other_sites_cannot_call_the_new_routes() {
    let app = app().await;
    let req = crate::common::request(Method::POST, "/api/v1/screen")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from(
            json!({"answers": all_no()}).to_string(),
        ))
        .expect("request");
    assert_problem(&app.send(req).await, StatusCode::FORBIDDEN, None);
    assert_eq!(app.get("/api/v1/screens").await.json(), json!([]));
}
