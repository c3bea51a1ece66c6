//! The whole journal out (FHIR, JSON), the clinician report page and PDF,
//! and deleting everything from Settings.

use crate::common::{app, input_value, App};
use axum::http::{header, StatusCode};
use serde_json::{json, Value};

/// Stores one check-in through the API and returns its id.
async fn seed(app: &App) -> String {
    let body = json!({"pain": 6, "stress": 4, "sleep": 3, "where": ["lower-back-left"]});
    let r = app.post("/api/v1/checkins", &body.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_str().expect("an id").to_string()
}

#[tokio::test]
async fn the_fhir_export_is_a_collection_bundle_with_the_pain_observation() {
    let app = app().await;
    seed(&app).await;
    let r = app.get("/api/v1/export/fhir").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.header(header::CONTENT_TYPE), "application/fhir+json");
    let b = r.json();
    assert_eq!(b["resourceType"], "Bundle");
    assert_eq!(b["type"], "collection");
    let entries = b["entry"].as_array().expect("entries");
    let pain: Vec<&Value> = entries
        .iter()
        .map(|e| &e["resource"])
        .filter(|res| {
            res["resourceType"] == "Observation"
                && res["code"]["coding"]
                    .as_array()
                    .is_some_and(|c| c.iter().any(|c| c["code"] == "72514-3"))
        })
        .collect();
    assert_eq!(pain.len(), 1, "one pain observation: {b}");
    assert_eq!(pain[0]["valueInteger"], 6, "{}", pain[0]);
}

#[tokio::test]
async fn the_json_export_is_a_download_holding_the_record() {
    let app = app().await;
    let id = seed(&app).await;
    let r = app.get("/api/v1/export/json").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r
        .header(header::CONTENT_DISPOSITION)
        .starts_with("attachment"));
    let doc = r.json();
    assert_eq!(doc["exported_at"], "2026-11-26T10:00:00Z");
    assert_eq!(doc["checkins"][0]["id"], id.as_str(), "{doc}");
    assert_eq!(doc["checkins"][0]["pain"], 6);
    assert_eq!(doc["sessions"], json!([]));
}

#[tokio::test]
async fn the_report_page_shows_pain_for_the_period() {
    let app = app().await;
    seed(&app).await;
    let r = app.get("/report").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The default is the last 3 months, or the whole journal when it is
    // shorter: here its one day, today (2026-11-26 in London).
    assert!(r.body.contains("2026-11-26"), "{}", r.body);
    assert!(r.body.contains("Pain"));
    assert!(r.body.contains("<article class=\"report\""));
    assert!(r.body.contains("href=\"/report.css\""));
    assert!(r
        .body
        .contains("href=\"/report.pdf?from=2026-11-26&amp;to=2026-11-26\""));
    assert!(r
        .body
        .contains("<a href=\"/report?range=3m\" aria-current=\"true\">Last 3 months</a>"));

    let asked = app.get("/report?from=2026-11-01&to=2026-11-20").await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("2026-11-01"));
    assert!(asked.body.contains("2026-11-20"));

    let css = app.get("/report.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.header(header::CONTENT_TYPE).starts_with("text/css"));
    assert_eq!(css.body, backcalm_report::PRINT_CSS);
}

#[tokio::test]
async fn the_report_offers_ranges_that_count_back_and_stop_at_the_first_record() {
    let app = app().await;
    seed(&app).await;
    let old = json!({"pain": 7, "recorded_at": "2026-01-10T09:00:00Z"});
    let r = app.post("/api/v1/checkins", &old.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    for (asked, from, current) in [
        ("/report", "2026-08-27", Some("3m")),
        ("/report?range=4w", "2026-10-30", Some("4w")),
        ("/report?range=3m", "2026-08-27", Some("3m")),
        ("/report?range=1y", "2026-01-10", Some("1y")),
        ("/report?range=ALL", "2026-01-10", Some("all")),
        ("/report?from=2026-06-01", "2026-06-01", None),
    ] {
        let r = app.get(asked).await;
        assert_eq!(r.status, StatusCode::OK, "{asked}: {}", r.body);
        assert!(
            r.body.contains(&format!(
                "href=\"/report.pdf?from={from}&amp;to=2026-11-26\""
            )),
            "{asked} starts on {from}"
        );
        assert_eq!(
            r.body.matches("aria-current=\"true\"").count(),
            usize::from(current.is_some()),
            "{asked}"
        );
        if let Some(id) = current {
            assert!(
                r.body.contains(&format!(
                    "href=\"/report?range={id}\" aria-current=\"true\""
                )),
                "{asked}"
            );
        }
    }
    let pdf = app.get("/report.pdf?range=4w").await;
    assert_eq!(
        pdf.header(header::CONTENT_DISPOSITION),
        "attachment; filename=\"backcalm-report-2026-10-30-to-2026-11-26.pdf\""
    );
}

#[tokio::test]
async fn a_wrong_period_is_refused_with_what_to_write() {
    let app = app().await;
    let r = app.get("/report?from=yesterday").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("YYYY-MM-DD"), "{}", r.body);
    let r = app.get("/report?from=2026-11-20&to=2026-11-01").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("after it ends"), "{}", r.body);
    let r = app.get("/report?range=5y").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains("“5y” is not a range. Choose 4w (4 weeks)"),
        "{}",
        r.body
    );
    let r = app.get("/report?range=1y&from=2026-01-01").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("not both"), "{}", r.body);
    let r = app.get("/report.pdf?range=soon").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_report_pdf_is_a_pdf_download() {
    let app = app().await;
    seed(&app).await;
    let r = app.get("/report.pdf?from=2026-11-01&to=2026-11-26").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.header(header::CONTENT_TYPE), "application/pdf");
    assert_eq!(
        r.header(header::CONTENT_DISPOSITION),
        "attachment; filename=\"backcalm-report-2026-11-01-to-2026-11-26.pdf\""
    );
    assert!(r.body.starts_with("%PDF"));
}

#[tokio::test]
async fn settings_links_to_the_report_and_to_deleting() {
    let app = app().await;
    let r = app.get("/settings").await;
    assert!(r.body.contains("href=\"/report\""));
    assert!(r.body.contains("href=\"/settings/delete\""));
}

#[tokio::test]
async fn the_delete_page_says_what_it_would_delete() {
    let app = app().await;
    seed(&app).await;
    let r = app.get("/settings/delete").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("1 check-in<"), "{}", r.body);
    assert!(r.body.contains("0 practice sessions"));
    assert!(r.body.contains("href=\"/api/v1/export/json\""));
    assert!(!input_value(&r.body, "csrf").is_empty());
}

#[tokio::test]
async fn deleting_needs_the_token_and_the_word() {
    let app = app().await;
    let id = seed(&app).await;
    let token = input_value(&app.get("/settings/delete").await.body, "csrf");

    let r = app
        .post_form("/settings/delete", &[("confirm", "delete")], None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let r = app
        .post_form(
            "/settings/delete",
            &[("csrf", &token), ("confirm", "yes")],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Nothing was deleted"), "{}", r.body);
    let one = app.get(&format!("/api/v1/checkins/{id}")).await;
    assert_eq!(one.status, StatusCode::OK, "still there");

    let r = app
        .post_form(
            "/settings/delete",
            &[("csrf", &token), ("confirm", "Delete ")],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Everything is deleted"));
    assert_eq!(app.get("/api/v1/checkins").await.json(), json!([]));
    let page = app.get("/settings/delete").await;
    assert!(page.body.contains("0 check-ins"));
}

/// The export of `app`, as a download's text.
async fn export_text(app: &App) -> String {
    let r = app.get("/api/v1/export/json").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

/// The export without its moment, to compare two journals' records.
fn records(text: &str) -> Value {
    let mut doc: Value = serde_json::from_str(text).expect("JSON");
    doc.as_object_mut()
        .expect("an object")
        .remove("exported_at");
    doc
}

#[tokio::test]
async fn an_export_imports_into_another_journal_once_and_a_dry_run_stores_nothing() {
    let old = app().await;
    // Over 64 KiB of export: more than any other request may send.
    for pain in 0..400 {
        let body = json!({"pain": pain % 11, "note": "a morning walk by the river, slowly"});
        let r = old.post("/api/v1/checkins", &body.to_string()).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let file = export_text(&old).await;
    assert!(file.len() > 64 * 1024, "{} bytes", file.len());

    let new = app().await;
    let dry = new.post("/api/v1/import?dry_run=true", &file).await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    assert_eq!(dry.json()["dry_run"], true);
    assert_eq!(dry.json()["added"]["checkins"], 400);
    assert_eq!(new.get("/api/v1/checkins").await.json(), json!([]));

    let done = new.post("/api/v1/import", &file).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(
        done.json(),
        json!({"dry_run": false, "added": {"checkins": 400, "sessions": 0, "questionnaires": 0},
               "unchanged": 0, "conflicts": [], "rejected": []})
    );
    assert_eq!(records(&export_text(&new).await), records(&file));
    let again = new.post("/api/v1/import", &file).await;
    assert_eq!(again.json()["added"]["checkins"], 0);
    assert_eq!(again.json()["unchanged"], 400);
    assert_eq!(records(&export_text(&new).await), records(&file));
}

#[tokio::test]
async fn an_import_names_what_it_could_not_read_and_refuses_a_file_with_nothing_readable() {
    let old = app().await;
    let id = seed(&old).await;
    let mut doc: Value = serde_json::from_str(&export_text(&old).await).expect("JSON");
    let good = doc["checkins"][0].clone();
    let mut bad = good.clone();
    bad["id"] = json!("00000000-0000-4000-8000-000000000011");
    bad["pain"] = json!(11);
    doc["checkins"] = json!([bad.clone(), good]);
    let new = app().await;
    let r = new.post("/api/v1/import", &doc.to_string()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["added"]["checkins"], 1);
    assert_eq!(r.json()["rejected"][0]["record_type"], "checkin");
    assert_eq!(r.json()["rejected"][0]["index"], 0);
    assert!(
        r.json()["rejected"][0]["reason"]
            .as_str()
            .is_some_and(|w| w.contains("pain")),
        "{}",
        r.body
    );
    let list = new.get("/api/v1/checkins").await.json();
    assert_eq!(list[0]["id"], id.as_str());

    doc["checkins"] = json!([bad]);
    let none = app().await;
    let r = none.post("/api/v1/import", &doc.to_string()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("every record in the file was rejected"),
        "{}",
        r.body
    );
    assert_eq!(none.get("/api/v1/checkins").await.json(), json!([]));

    let r = none
        .post("/api/v1/import", r#"{"notes": "not an export"}"#)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("not a backcalm export"), "{}", r.body);
    let r = none.post("/api/v1/import", "[1, 2]").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let r = none.post("/api/v1/import?dry_run=maybe", "{}").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("dry_run"), "{}", r.body);
}
