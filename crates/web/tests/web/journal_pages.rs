//! Editing and deleting journal records with plain forms (no JavaScript),
//! the drawn body map's markup, and the history's row actions.

use crate::common::{app, input_value, App, HOST};
use axum::http::{header, StatusCode};
use serde_json::json;

async fn checkin(app: &App) -> String {
    let body = json!({
        "pain": 6,
        "stress": 4,
        "feel": ["dull-ache"],
        "where": ["lower-back-left"],
        "note": "after the long drive",
        "recorded_at": "2026-11-25T08:00:00Z"
    });
    let r = app.post("/api/v1/checkins", &body.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_str().expect("id").to_string()
}

async fn session(app: &App) -> String {
    let body = json!({
        "practice": "body-scan",
        "minutes": 10,
        "actual_s": 600,
        "pain_before": 6,
        "pain_after": 4,
        "regions": ["neck"],
        "started_at": "2026-11-25T21:00:00Z"
    });
    let r = app.post("/api/v1/sessions", &body.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_str().expect("id").to_string()
}

fn origin() -> String {
    format!("http://{HOST}")
}

#[tokio::test]
async fn the_checkin_form_draws_the_body_map_over_the_plain_table() {
    let app = app().await;
    let r = app.get("/checkin").await;
    assert_eq!(r.status, StatusCode::OK);
    // Under "no-referrer" Chromium sends `Origin: null` with a form POST,
    // which the same-site check refuses; form pages keep referrers in-site instead.
    assert_eq!(r.header(header::REFERRER_POLICY), "same-origin");
    // The drawing, for the script: real buttons with names and pressed state.
    assert!(r.body.contains("<div class=\"bodymap\" hidden>"));
    for (region, name) in [
        ("lower-back-left", "Lower back, left side"),
        ("lower-back", "Lower back, middle"),
        ("mid-back-right", "Middle of the back, right side"),
        ("neck", "Neck"),
        ("calf-left", "Calf, left side"),
        ("calf-left", "Shin, left side"),
        ("foot-right", "Foot, right side"),
    ] {
        let needle = format!("data-region=\"{region}\"");
        let at = r.body.match_indices(&needle).map(|(i, _)| i).find(|&i| {
            let rest = &r.body[i..];
            let end = rest.find("</button>").unwrap_or(0);
            rest[..end].contains(&format!(">{name}</span>"))
        });
        assert!(at.is_some(), "a button for {name} ({region})");
    }
    assert!(r.body.contains("class=\"spot-button\""));
    assert!(r.body.contains("aria-pressed=\"false\""));
    // Without script the table still carries every region.
    assert!(r
        .body
        .contains("id=\"where-lower-back-left\" name=\"where\" value=\"lower-back-left\""));
    // The slider, for the script; the radios, for the form.
    assert!(r.body.contains("<div class=\"pain-slider\" hidden>"));
    assert!(r
        .body
        .contains("type=\"range\" class=\"pain-range\" min=\"0\" max=\"10\""));
    assert!(r
        .body
        .contains("data-api=\"/api/v1/checkins\" data-method=\"POST\""));
    assert!(r
        .body
        .contains("<script type=\"module\" src=\"/static/journal/checkin.js\"></script>"));
}

#[tokio::test]
async fn history_rows_link_to_edit_and_delete() {
    let app = app().await;
    let c = checkin(&app).await;
    let s = session(&app).await;
    let h = app.get("/history").await;
    assert_eq!(h.status, StatusCode::OK);
    assert!(h
        .body
        .contains(&format!("href=\"/history/checkins/{c}/edit\"")));
    assert!(h.body.contains(&format!(
        "href=\"/history/checkins/{c}/delete\" data-api=\"/api/v1/checkins/{c}\""
    )));
    assert!(h
        .body
        .contains(&format!("href=\"/history/sessions/{s}/edit\"")));
    assert!(h.body.contains(&format!(
        "href=\"/history/sessions/{s}/delete\" data-api=\"/api/v1/sessions/{s}\""
    )));
    assert!(h.body.contains(
        "Edit<span class=\"visually-hidden\"> the check-in from Wed 25 Nov 2026, 08:00</span>"
    ));
    assert!(h.body.contains("id=\"waiting\""));
}

#[tokio::test]
async fn a_checkin_is_edited_keeping_its_id_and_time() {
    let app = app().await;
    let id = checkin(&app).await;
    let page = app.get(&format!("/history/checkins/{id}/edit")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page
        .body
        .contains("Edit check-in from Wed 25 Nov 2026, 08:00"));
    assert!(page.body.contains(&format!(
        "method=\"post\" action=\"/history/checkins/{id}/edit\""
    )));
    assert!(page.body.contains(&format!(
        "data-api=\"/api/v1/checkins/{id}\" data-method=\"PUT\""
    )));
    assert!(page
        .body
        .contains("id=\"pain-6\" name=\"pain\" value=\"6\" checked"));
    assert!(page.body.contains("value=\"lower-back-left\" checked"));
    assert!(page.body.contains(">after the long drive</textarea>"));
    let csrf = input_value(&page.body, "csrf");

    let url = format!("/history/checkins/{id}/edit");
    let r = app
        .post_form(
            &url,
            &[
                ("csrf", &csrf),
                // A changed hidden id cannot retarget the edit.
                ("id", "00000000-0000-0000-0000-000000000099"),
                ("pain", "3"),
                ("feel", "tension"),
                ("where", "neck-right"),
                ("stress", ""),
                ("sleep", "7"),
                ("note", "better after a walk"),
            ],
            Some(&origin()),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.header(header::LOCATION), "/history?done=updated");

    let stored = app.get(&format!("/api/v1/checkins/{id}")).await.json();
    assert_eq!(stored["id"], id);
    assert_eq!(stored["pain"], 3);
    assert_eq!(stored["stress"], serde_json::Value::Null);
    assert_eq!(stored["sleep"], 7);
    assert_eq!(stored["feel"], json!(["tension"]));
    assert_eq!(stored["where"], json!(["neck-right"]));
    assert_eq!(stored["note"], "better after a walk");
    assert_eq!(
        stored["recorded_at"], "2026-11-25T08:00:00+00:00",
        "when it happened stays"
    );
    assert_eq!(
        app.get("/api/v1/checkins")
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(1),
        "changed, not added"
    );
    let h = app.get("/history?done=updated").await;
    assert!(h.body.contains("Your changes are saved."));
}

#[tokio::test]
async fn an_invalid_edit_comes_back_with_the_message_and_changes_nothing() {
    let app = app().await;
    let id = checkin(&app).await;
    let page = app.get(&format!("/history/checkins/{id}/edit")).await;
    let csrf = input_value(&page.body, "csrf");
    let r = app
        .post_form(
            &format!("/history/checkins/{id}/edit"),
            &[("csrf", &csrf), ("pain", "11"), ("note", "keep me")],
            Some(&origin()),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"pain-error\""));
    assert!(r.body.contains("11 is not on the 0-10 scale"));
    assert!(r.body.contains(">keep me</textarea>"));
    assert!(r.body.contains("Edit check-in from"), "still the edit form");
    assert_eq!(
        app.get(&format!("/api/v1/checkins/{id}")).await.json()["pain"],
        6
    );

    let forged = app
        .post_form(
            &format!("/history/checkins/{id}/edit"),
            &[("csrf", "forged"), ("pain", "1")],
            None,
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&format!("/api/v1/checkins/{id}")).await.json()["pain"],
        6
    );
}

#[tokio::test]
async fn unknown_records_have_no_edit_or_delete_page() {
    let app = app().await;
    for url in [
        "/history/checkins/00000000-0000-0000-0000-000000000042/edit",
        "/history/checkins/not-an-id/delete",
        "/history/sessions/00000000-0000-0000-0000-000000000042/edit",
        "/history/sessions/00000000-0000-0000-0000-000000000042/delete",
    ] {
        let r = app.get(url).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{url}");
        assert!(r.body.contains("not in your journal"), "{url}");
    }
}

#[tokio::test]
async fn a_checkin_is_deleted_after_a_confirmation_page() {
    let app = app().await;
    let id = checkin(&app).await;
    let page = app.get(&format!("/history/checkins/{id}/delete")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header(header::REFERRER_POLICY), "same-origin");
    assert!(page
        .body
        .contains("Delete the check-in from Wed 25 Nov 2026, 08:00?"));
    assert!(page.body.contains("<dd>after the long drive</dd>"));
    assert!(page.body.contains(&format!(
        "method=\"post\" action=\"/history/checkins/{id}/delete\""
    )));
    assert_eq!(
        app.get(&format!("/api/v1/checkins/{id}")).await.status,
        StatusCode::OK,
        "opening the page deletes nothing"
    );
    let csrf = input_value(&page.body, "csrf");
    let url = format!("/history/checkins/{id}/delete");
    let r = app
        .post_form(&url, &[("csrf", &csrf)], Some(&origin()))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.header(header::LOCATION), "/history?done=deleted");
    assert_eq!(
        app.get(&format!("/api/v1/checkins/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let again = app.post_form(&url, &[("csrf", &csrf)], None).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let h = app.get("/history?done=deleted").await;
    assert!(h.body.contains("Deleted. It is gone from your journal."));
    assert!(h.body.contains("No check-ins yet"));
}

#[tokio::test]
async fn a_session_is_edited_keeping_what_the_form_does_not_show() {
    let app = app().await;
    let id = session(&app).await;
    let page = app.get(&format!("/history/sessions/{id}/edit")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page
        .body
        .contains("Edit Body scan from Wed 25 Nov 2026, 21:00"));
    assert!(page.body.contains("name=\"minutes\" value=\"10\""));
    assert!(page
        .body
        .contains("name=\"completed\" value=\"yes\" checked"));
    assert!(page
        .body
        .contains("<option value=\"6\" selected>6</option>"));
    let csrf = input_value(&page.body, "csrf");

    let url = format!("/history/sessions/{id}/edit");
    let bad = app
        .post_form(
            &url,
            &[("csrf", &csrf), ("minutes", "10"), ("pain_after", "12")],
            Some(&origin()),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"pain_after-error\""));
    assert!(bad.body.contains("12 is not on the 0-10 scale"));

    let r = app
        .post_form(
            &url,
            &[
                ("csrf", &csrf),
                ("minutes", "3.5"),
                ("pain_before", "6"),
                ("pain_after", "2"),
                ("stress_before", ""),
                ("stress_after", "1"),
                ("pleasantness", ""),
                ("note", "fell asleep"),
            ],
            Some(&origin()),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let s = app.get(&format!("/api/v1/sessions/{id}")).await.json();
    assert_eq!(s["actual_s"], 210);
    assert_eq!(s["completed"], false, "the box was left unticked");
    assert_eq!(s["pain_after"], 2);
    assert_eq!(s["stress_after"], 1);
    assert_eq!(s["note"], "fell asleep");
    assert_eq!(s["practice"], "body-scan");
    assert_eq!(s["minutes"], 10);
    assert_eq!(s["regions"], json!(["neck"]));
    assert_eq!(s["started_at"], "2026-11-25T21:00:00+00:00");
}

#[tokio::test]
async fn a_session_is_deleted_after_a_confirmation_page() {
    let app = app().await;
    let id = session(&app).await;
    let page = app.get(&format!("/history/sessions/{id}/delete")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .body
        .contains("Delete the Body scan session from Wed 25 Nov 2026, 21:00?"));
    let csrf = input_value(&page.body, "csrf");
    let r = app
        .post_form(
            &format!("/history/sessions/{id}/delete"),
            &[("csrf", &csrf)],
            Some(&origin()),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&format!("/api/v1/sessions/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_session_of_a_practice_removed_since_is_refused_by_the_page_as_by_the_api() {
    let app = app().await;
    let d = backcalm_core::Defaults {
        now: crate::common::NOW.parse().expect("instant"),
        tz: backcalm_core::TzName::utc(),
        new_id: uuid::Uuid::from_u128(0x5e55),
    };
    let retired = backcalm_core::SessionDraft {
        practice: Some("retired-practice".into()),
        minutes: Some(5),
        actual_s: Some(300),
        started_at: Some("2026-11-25T21:00:00Z".into()),
        ..Default::default()
    }
    .validate(&d, |_| true)
    .expect("valid when it was recorded");
    app.store.insert_session(&retired).await.expect("stored");
    let id = retired.id;
    let url = format!("/history/sessions/{id}/edit");
    let page = app.get(&url).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = input_value(&page.body, "csrf");
    let form = app
        .post_form(&url, &[("csrf", &csrf), ("minutes", "5")], Some(&origin()))
        .await;
    assert_eq!(
        form.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        form.body
    );
    assert!(
        form.body
            .contains("&quot;retired-practice&quot; is not a known practice id"),
        "{}",
        form.body
    );
    let body = json!({"practice": "retired-practice", "minutes": 5, "actual_s": 300});
    let api = app
        .json(
            axum::http::Method::PUT,
            &format!("/api/v1/sessions/{id}"),
            &body.to_string(),
        )
        .await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", api.body);
    assert_eq!(api.json()["field"], "practice");
    // Nothing changed.
    let stored = app.get(&format!("/api/v1/sessions/{id}")).await.json();
    assert_eq!(stored["practice"], "retired-practice");
    assert_eq!(stored["actual_s"], 300);
}
