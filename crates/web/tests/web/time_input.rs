//! Times and zones at the web's edges (JSON bodies and forms) are read by
//! core's one strict reader: each refusal is a 422 naming the field and
//! saying what to write instead; zone names are kept as IANA spells them.

use crate::common::{app, input_value, HOST};
use axum::http::StatusCode;
use serde_json::json;

/// Each refused time and a part of what the answer must say.
const BAD_TIMES: [(&str, &str); 9] = [
    (
        "2026-11-26T08:00:00+25:00",
        "offsets run from -23:59 to +23:59",
    ),
    ("2026-11-26T08:00:00+00:00:30", "whole minutes"),
    ("20261126T080000Z", "basic format"),
    ("2026-11-26T08:00:00Z[Mars/Olympus]", "after the offset"),
    (
        "0000-01-01T00:00:00Z",
        "year 0000; use a year from 0001 to 9999",
    ),
    ("2016-12-31T23:59:60Z", "leap second"),
    ("9999-12-31T23:59:59Z", "up to 9999-12-30T22:00:00Z"),
    ("2026-11-26T08:00:00", "no offset"),
    ("2026-02-30T08:00:00Z", "that month has 28 days"),
];

#[tokio::test]
async fn loose_times_are_refused_on_every_create_with_what_to_write() {
    let app = app().await;
    let all_no: serde_json::Map<String, serde_json::Value> = backcalm_core::safety::questions()
        .iter()
        .map(|q| (q.id.to_string(), json!(false)))
        .collect();
    for (at, says) in BAD_TIMES {
        for (uri, field, mut body) in [
            ("/api/v1/checkins", "recorded_at", json!({"pain": 3})),
            (
                "/api/v1/sessions",
                "started_at",
                json!({"practice": "natural-breath", "minutes": 2}),
            ),
            ("/api/v1/screen", "taken_at", json!({"answers": all_no})),
            (
                "/api/v1/instruments/peg-3/answers",
                "answered_at",
                json!({"answers": {"pain": 5, "enjoyment": 3, "activity": 3}}),
            ),
        ] {
            body[field] = json!(at);
            let r = app.post(uri, &body.to_string()).await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{uri} {at}: {}",
                r.body
            );
            let p = r.json();
            assert_eq!(p["field"], field, "{uri} {at}: {p}");
            let detail = p["detail"].as_str().unwrap_or_default();
            assert!(detail.contains(says), "{uri} {at}: {detail}");
            assert!(
                detail.contains(&format!("{at:?}")),
                "the detail quotes the time: {detail}"
            );
        }
    }
    let stored = app.get("/api/v1/checkins").await.json();
    assert_eq!(stored.as_array().map(Vec::len), Some(0), "{stored}");
}

#[tokio::test]
async fn zone_names_are_kept_as_iana_spells_them_or_refused() {
    let app = app().await;
    let r = app
        .post(
            "/api/v1/checkins",
            &json!({"pain": 3, "tz": "america/new_york"}).to_string(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["tz"], "America/New_York");
    let r = app
        .post(
            "/api/v1/reminders",
            &json!({"time": "08:30", "tz": "utc"}).to_string(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["tz"], "UTC");

    for zone in [
        "localtime",
        "posixrules",
        "Factory",
        "right/UTC",
        "Mars/Olympus",
    ] {
        for (uri, body) in [
            ("/api/v1/checkins", json!({"pain": 3, "tz": zone})),
            (
                "/api/v1/sessions",
                json!({"practice": "natural-breath", "minutes": 2, "tz": zone}),
            ),
            ("/api/v1/reminders", json!({"time": "09:30", "tz": zone})),
        ] {
            let r = app.post(uri, &body.to_string()).await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{uri} {zone}: {}",
                r.body
            );
            let p = r.json();
            assert_eq!(p["field"], "tz", "{p}");
            let detail = p["detail"].as_str().unwrap_or_default();
            assert!(
                detail.contains("use an IANA name such as Europe/London"),
                "{detail}"
            );
        }
    }
}

#[tokio::test]
async fn the_checkin_forms_time_is_read_strictly_too() {
    let app = app().await;
    let page = app.get("/checkin").await.body;
    let csrf = input_value(&page, "csrf");
    let id = input_value(&page, "id");
    let fields = [
        ("csrf", csrf.as_str()),
        ("id", id.as_str()),
        ("recorded_at", "20261126T080000Z"),
        ("pain", "4"),
    ];
    let r = app
        .post_form("/checkin", &fields, Some(&format!("http://{HOST}")))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("basic format"), "{}", r.body);
    assert_eq!(
        app.get("/api/v1/checkins")
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}
