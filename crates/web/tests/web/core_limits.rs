//! The limits the browser checks before sending are core's: the pages carry
//! them (rendered from `Note::MAX_CHARS` and `Rating::MAX`) and the scripts
//! read them there, keeping no copy of their own.

use crate::common::app;
use axum::http::StatusCode;
use backcalm_core::journal::{Note, Rating};
use serde_json::json;

/// The scripts that check a check-in's limits, as served.
const SCRIPTS: [(&str, &str); 2] = [
    (
        "journal/checkin.js",
        include_str!("../../static/journal/checkin.js"),
    ),
    (
        "journal/painslider.js",
        include_str!("../../static/journal/painslider.js"),
    ),
];

/// The whole numbers written in `code`, comments left out.
fn numbers(code: &str) -> Vec<String> {
    code.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .filter(|l| !l.trim_start().starts_with('*') && !l.trim_start().starts_with("/*"))
        .flat_map(|l| {
            l.split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_number_scan_sees_code_and_skips_comments() {
    let code = "// keep it to 2000\n/** out of 10 */\nconst a = 2000; if (v <= 10) f(0);";
    assert_eq!(numbers(code), ["2000", "10", "0"]);
}

#[tokio::test]
async fn the_checkin_pages_carry_cores_limits() {
    let app = app().await;
    let chars = Note::MAX_CHARS.to_string();
    let top = Rating::MAX.to_string();
    let new = app.get("/checkin").await;
    assert_eq!(new.status, StatusCode::OK);
    let created = app
        .post(
            "/api/v1/checkins",
            &json!({ "pain": 3, "recorded_at": "2026-11-25T08:00:00Z" }).to_string(),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_str().expect("id").to_string();
    let edit = app.get(&format!("/history/checkins/{id}/edit")).await;
    assert_eq!(edit.status, StatusCode::OK);
    for page in [&new.body, &edit.body] {
        assert!(page.contains(&format!(
            " data-max-chars=\"{chars}\" data-rating-max=\"{top}\""
        )));
        assert!(page.contains(&format!(
            "name=\"activity\" value=\"\" maxlength=\"{chars}\""
        )));
        assert!(page.contains(&format!("name=\"note\" rows=\"3\" maxlength=\"{chars}\"")));
        assert!(page.contains(&format!("class=\"pain-range\" min=\"0\" max=\"{top}\"")));
    }
}

#[tokio::test]
async fn the_session_forms_carry_cores_note_limit() {
    let app = app().await;
    let chars = Note::MAX_CHARS;
    let player = app.get("/practices/body-scan/play").await;
    assert_eq!(player.status, StatusCode::OK);
    assert!(player.body.contains(&format!(
        "<textarea id=\"note\" name=\"note\" maxlength=\"{chars}\">"
    )));
    let created = app
        .post(
            "/api/v1/sessions",
            &json!({ "practice": "body-scan", "minutes": 10, "actual_s": 600, "started_at": "2026-11-25T21:00:00Z" }).to_string(),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_str().expect("id").to_string();
    let edit = app.get(&format!("/history/sessions/{id}/edit")).await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(edit
        .body
        .contains(&format!("name=\"note\" rows=\"3\" maxlength=\"{chars}\"")));
}

#[test]
fn the_scripts_read_the_limits_from_the_page_and_keep_no_copy() {
    let limits = [Note::MAX_CHARS.to_string(), Rating::MAX.to_string()];
    for (name, code) in SCRIPTS {
        let written = numbers(code);
        for limit in &limits {
            assert!(
                !written.contains(limit),
                "{name} writes {limit}, one of core's limits; read it from the page's data attributes"
            );
        }
    }
    let checkin = SCRIPTS[0].1;
    assert!(checkin.contains("Number(form?.dataset.maxChars)"));
    assert!(checkin.contains("Number(form?.dataset.ratingMax)"));
    assert!(SCRIPTS[1].1.contains("words(v, range.max)"));
}
