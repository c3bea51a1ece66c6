//! The insights page over a ten-year journal: the ranges it offers, the grain
//! of each (days, weeks, months), and date labels that never repeat.

use crate::common::{app, App};
use axum::http::StatusCode;
use backcalm_core::export::ImportReport;
use backcalm_core::journal::{CheckInDraft, Defaults};
use backcalm_core::TzName;
use jiff::civil::date;
use jiff::Span;
use std::collections::BTreeSet;
use uuid::Uuid;

/// One check-in a day at 09:00 UTC, from 3,650 days before 2026-11-26 (the
/// test clock's today) to that day, stored in one import.
async fn ten_years(app: &App) {
    let last = date(2026, 11, 26);
    let defaults = Defaults {
        now: "2026-11-26T10:00:00Z".parse().expect("an instant"),
        tz: TzName::utc(),
        new_id: Uuid::nil(),
    };
    let checkins = (0..3650_i64)
        .map(|i| {
            let day = last.saturating_sub(Span::new().days(i));
            CheckInDraft {
                id: Some(Uuid::from_u128(u128::from((1000 + i).unsigned_abs())).to_string()),
                recorded_at: Some(format!("{day}T09:00:00Z")),
                tz: Some("Europe/London".into()),
                pain: Some(i % 11),
                ..Default::default()
            }
            .validate(&defaults)
            .expect("a valid check-in")
        })
        .collect();
    let report = ImportReport {
        exported_at: None,
        checkins,
        sessions: Vec::new(),
        questionnaires: Vec::new(),
        rejected: Vec::new(),
    };
    app.store.import(&report, false).await.expect("imported");
}

/// The texts of the `<text class="tick" … text-anchor="middle">` labels of the
/// pain chart drawn for `fit` (the dates along its bottom).
fn date_labels(html: &str, fit: &str) -> Vec<String> {
    let start = html
        .find(&format!("chart-{fit} chart-pain"))
        .unwrap_or_else(|| panic!("a {fit} pain chart"));
    let svg = &html[start..start + html[start..].find("</svg>").expect("the chart ends")];
    svg.split(r#"<text class="tick""#)
        .skip(1)
        .filter(|t| t[..t.find('>').expect("tag ends")].contains(r#"text-anchor="middle""#))
        .map(|t| {
            let from = t.find('>').expect("tag ends") + 1;
            t[from..from + t[from..].find('<').expect("text ends")].to_string()
        })
        .collect()
}

fn rows(html: &str) -> usize {
    let table = &html[html.find(r#"id="pain-table""#).expect("the pain table")..];
    let table = &table[..table.find("</table>").expect("the table ends")];
    table.matches("<tr data-date=").count()
}

#[tokio::test]
async fn each_range_has_its_grain_and_labels_that_never_repeat() {
    let app = app().await;
    ten_years(&app).await;
    for (asked, grain, points, from) in [
        ("/insights", "Day", 92, "27 August 2026"),
        ("/insights?range=4w", "Day", 28, "30 October 2026"),
        ("/insights?range=3m", "Day", 92, "27 August 2026"),
        ("/insights?range=1y", "Week", 53, "27 November 2025"),
        ("/insights?range=all", "Month", 121, "29 November 2016"),
    ] {
        let r = app.get(asked).await;
        assert_eq!(r.status, StatusCode::OK, "{asked}");
        let html = &r.body;
        assert!(
            html.contains(&format!(r#"id="pain-table" data-grain="{grain}""#)),
            "{asked} is drawn by {grain}"
        );
        assert_eq!(rows(html), points, "{asked}");
        assert!(
            html.contains(&format!("From {from} to 26 November 2026")),
            "{asked} starts on {from}"
        );
        assert_eq!(
            html.matches(r#"<path class="rolling""#).count(),
            if grain == "Day" { 2 } else { 0 },
            "{asked}: the 7-day line only where points are days (two drawings)"
        );
        for fit in ["wide", "compact"] {
            let labels = date_labels(html, fit);
            let unique: BTreeSet<&String> = labels.iter().collect();
            assert!(labels.len() >= 2, "{asked} {fit}: {labels:?}");
            assert_eq!(unique.len(), labels.len(), "{asked} {fit}: {labels:?}");
            if grain != "Day" {
                assert!(
                    labels.iter().all(|l| l.contains("20")),
                    "{asked} {fit} crosses a year, so every label has one: {labels:?}"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_ranges_are_links_and_a_wrong_one_says_what_to_choose() {
    let app = app().await;
    ten_years(&app).await;
    let html = app.get("/insights?range=1y").await.body;
    for (id, words) in [
        ("4w", "Last 4 weeks"),
        ("3m", "Last 3 months"),
        ("all", "All time"),
    ] {
        assert!(
            html.contains(&format!(
                r##"<a href="/insights?range={id}#pain-title">{words}</a>"##
            )),
            "{id}"
        );
    }
    assert!(html.contains(
        r##"<a href="/insights?range=1y#pain-title" aria-current="true">Last year</a>"##
    ));
    let r = app.get("/insights?range=decade").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains(
        "“decade” is not a range. Choose 4w (4 weeks), 3m (3 months), 1y (a year) or all."
    ));
}

#[tokio::test]
async fn a_short_journal_is_shown_whole_and_an_empty_range_says_so() {
    let app = app().await;
    for day in ["2026-11-20", "2026-11-24"] {
        let body = serde_json::json!({"pain": 4, "recorded_at": format!("{day}T09:00:00Z")});
        assert_eq!(
            app.post("/api/v1/checkins", &body.to_string()).await.status,
            StatusCode::CREATED
        );
    }
    let html = app.get("/insights").await.body;
    assert!(html.contains("From 20 November 2026 to 26 November 2026."));
    assert_eq!(rows(&html), 2);

    let old = crate::common::app().await;
    let body = serde_json::json!({"pain": 4, "recorded_at": "2025-01-05T09:00:00Z"});
    old.post("/api/v1/checkins", &body.to_string()).await;
    let html = old.get("/insights?range=4w").await.body;
    assert!(
        html.contains("No check-ins from 30 October 2026 to 26 November 2026."),
        "{html}"
    );
    assert!(!html.contains("chart-pain"));
}
