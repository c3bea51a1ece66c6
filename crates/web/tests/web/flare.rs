//! The check-in's flare mark through the API and the plain form, and the
//! program's gentle offer on a flare day on the home page.

use crate::common::{app, input_value, App, HOST};
use axum::http::{header, StatusCode};
use serde_json::json;

async fn home_after(app: &App) -> String {
    let r = app.get("/").await;
    assert_eq!(r.status, StatusCode::OK);
    r.body
}

#[tokio::test]
async fn a_flare_is_kept_by_the_api_and_absent_means_no() {
    let app = app().await;
    let r = app
        .post(
            "/api/v1/checkins",
            &json!({"pain": 7, "flare": true}).to_string(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let c = r.json();
    assert_eq!(c["flare"], true);
    let id = c["id"].as_str().expect("id");
    assert_eq!(
        app.get(&format!("/api/v1/checkins/{id}")).await.json()["flare"],
        true
    );

    let plain = app
        .post("/api/v1/checkins", &json!({"pain": 3}).to_string())
        .await;
    assert_eq!(plain.status, StatusCode::CREATED, "{}", plain.body);
    assert_eq!(plain.json()["flare"], false);

    let wrong = app
        .post(
            "/api/v1/checkins",
            &json!({"pain": 3, "flare": "yes"}).to_string(),
        )
        .await;
    assert!(
        wrong.status.is_client_error(),
        "{} {}",
        wrong.status,
        wrong.body
    );

    // The flare day's offer: breathing, three minutes at most, said kindly.
    let p = app.get("/api/v1/program").await.json();
    assert_eq!(p["today"]["flare"]["tapped"], true, "{p}");
    assert_eq!(p["today"]["kind"], "breathing");
    assert!(p["today"]["minutes"].as_u64().is_some_and(|m| m <= 3));
    let home = home_after(&app).await;
    assert!(
        home.contains("You marked today as a flare, so today is for going gently"),
        "{home}"
    );
    assert!(home.contains("today-card today-flare"));
}

#[tokio::test]
async fn the_plain_form_has_a_flare_box_that_is_stored() {
    let app = app().await;
    let form = app.get("/checkin").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form
        .body
        .contains("<input type=\"checkbox\" id=\"flare\" name=\"flare\" value=\"yes\">"));
    assert!(form
        .body
        .contains("<label for=\"flare\">This is a flare-up"));
    let origin = format!("http://{HOST}");
    let csrf = input_value(&form.body, "csrf");
    let id = input_value(&form.body, "id");
    let r = app
        .post_form(
            "/checkin",
            &[
                ("csrf", csrf.as_str()),
                ("id", id.as_str()),
                ("pain", "6"),
                ("flare", "yes"),
            ],
            Some(&origin),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.header(header::LOCATION), "/history");
    let stored = app.get("/api/v1/checkins").await.json();
    assert_eq!(stored[0]["flare"], true);
    // Editing shows the box ticked.
    let edit = app.get(&format!("/history/checkins/{id}/edit")).await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(edit
        .body
        .contains("id=\"flare\" name=\"flare\" value=\"yes\" checked"));
}

#[tokio::test]
async fn an_ordinary_day_offers_the_weeks_own_practice_with_its_extras() {
    let app = app().await;
    let home = home_after(&app).await;
    assert!(!home.contains("today-flare"));
    // Week 1: the safety lesson beside the first one, PHQ-2 and GAD-2 offered.
    assert!(
        home.contains("href=\"/learn/when-to-see-a-doctor\""),
        "{home}"
    );
    assert!(home.contains("id=\"questionnaires-due\""));
    assert!(home.contains("href=\"/questionnaires/phq-2\""));
    assert!(home.contains("href=\"/questionnaires/gad-2\""));
}
