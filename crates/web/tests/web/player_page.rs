//! The player page, `/practices/{id}/play`: it renders for every practice
//! with a plain GET options form and the script, points the JavaScript
//! player at the API's Timeline for the same version, and its static files
//! are served.

use crate::common::app;
use axum::http::{header, StatusCode};
use backcalm_core::Library;
use backcalm_web::CSP;

/// The value of `attr="…"` on the first element that has it.
fn attr(html: &str, attr: &str) -> String {
    let needle = format!("{attr}=\"");
    let start = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no {attr} in the page"))
        + needle.len();
    let end = html[start..].find('"').expect("closing quote") + start;
    html[start..end].replace("&amp;", "&")
}

#[tokio::test]
async fn every_practice_has_a_player_that_works_from_html() {
    let app = app().await;
    for p in Library::embedded().expect("content").practices() {
        let r = app.get(&format!("/practices/{}/play", p.id)).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", p.id, r.body);
        assert!(r.header(header::CONTENT_TYPE).starts_with("text/html"));
        assert_eq!(r.header(header::CONTENT_SECURITY_POLICY), CSP);
        assert!(!r.body.contains("style="), "no inline styles (CSP)");
        assert!(
            r.body.contains(&format!(
                "<form class=\"chooser\" id=\"options-form\" method=\"get\" action=\"/practices/{}/play\">",
                p.id
            )),
            "{}: the options are a plain GET form",
            p.id
        );
        assert!(
            r.body.contains("<noscript>") && r.body.contains("The player needs JavaScript"),
            "{}: says what needs JavaScript",
            p.id
        );
        assert!(
            r.body
                .contains("<script type=\"module\" src=\"/static/player/main.js\"></script>"),
            "{}",
            p.id
        );
        assert!(
            r.body.contains("What you will hear"),
            "{}: the script is on the page",
            p.id
        );
        // The default version has one URL, the one the offline copy keeps.
        assert_eq!(
            attr(&r.body, "data-timeline-url"),
            format!("/api/v1/practices/{}?minutes={}", p.id, p.default_minutes),
            "{}",
            p.id
        );
        assert_eq!(attr(&r.body, "data-practice"), p.id);
        for control in [
            "id=\"start\"",
            "id=\"pause\"",
            "id=\"skip\"",
            "id=\"end\"",
            "aria-live=\"polite\"",
            "<dialog class=\"end-dialog\" id=\"end-dialog\" aria-labelledby=\"end-title\"",
            "Save this partial session?",
            "name=\"pain_before\"",
            "name=\"stress_after\"",
        ] {
            assert!(r.body.contains(control), "{}: {control}", p.id);
        }
    }
}

#[tokio::test]
async fn each_kind_offers_its_own_options_and_questions() {
    let app = app().await;
    let timer = app.get("/practices/meditation-timer/play").await;
    for field in [
        "name=\"interval\"",
        "name=\"bells_at\"",
        "name=\"delay\"",
        "name=\"strikes\"",
        "<option value=\"open\">Open-ended",
    ] {
        assert!(timer.body.contains(field), "timer: {field}");
    }
    assert!(!timer.body.contains("name=\"pace\""));

    let paced = app.get("/practices/paced-breathing/play").await;
    assert!(paced.body.contains("name=\"pace\""));
    assert!(paced.body.contains("name=\"pace_own\""));
    assert!(!paced.body.contains("name=\"interval\""));
    assert!(
        !paced.body.contains("name=\"regions\""),
        "no body map after paced breathing"
    );

    let imagery = app.get("/practices/guided-imagery/play").await;
    assert!(imagery.body.contains("name=\"scene\""));
    assert!(imagery.body.contains("name=\"pleasantness\""));

    let pmr = app.get("/practices/pmr/play").await;
    assert!(pmr
        .body
        .contains("<option value=\"skip\">Leave the lower back out</option>"));

    let scan = app.get("/practices/body-scan/play").await;
    assert!(scan.body.contains("Where did you notice tension?"));
    assert!(scan.body.contains("value=\"lower-back\""));
    assert!(!scan.body.contains("name=\"pleasantness\""));

    let natural = app.get("/practices/natural-breath/play").await;
    assert!(natural
        .body
        .contains("Where did breathing feel easy or hard?"));
}

#[tokio::test]
async fn chosen_options_reach_the_timeline_url_and_the_version_line() {
    let app = app().await;
    let r = app
        .get("/practices/meditation-timer/play?minutes=3&interval=1&bells_at=&delay=0&strikes=2")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let url = attr(&r.body, "data-timeline-url");
    assert_eq!(
        url,
        "/api/v1/practices/meditation-timer?minutes=3&interval=1&strikes=2"
    );
    assert!(
        r.body.contains("3 minutes · 4 bells, double strikes"),
        "{}",
        r.body
    );
    assert!(r.body.contains("name=\"interval\" value=\"1\""));
    // The URL the page gives the player is one the API answers with the same version.
    let t = app.get(&url).await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.body);
    let bells: Vec<u64> = t.json()["cues"]
        .as_array()
        .expect("cues")
        .iter()
        .filter(|c| c["kind"] == "bell")
        .map(|c| c["at_ms"].as_u64().expect("at_ms"))
        .collect();
    assert_eq!(bells, [0, 60_000, 120_000, 180_000]);

    let own = app
        .get("/practices/paced-breathing/play?minutes=3&pace=box&pace_own=3%3A5")
        .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert_eq!(
        attr(&own.body, "data-timeline-url"),
        "/api/v1/practices/paced-breathing?minutes=3&pace=3%3A5"
    );
    assert!(own.body.contains("3 minutes · 3 s in, 5 s out"));
    assert!(own.body.contains("name=\"pace_own\" value=\"3:5\""));

    let open = app
        .get("/practices/meditation-timer/play?minutes=open&interval=5")
        .await;
    assert_eq!(
        attr(&open.body, "data-timeline-url"),
        "/api/v1/practices/meditation-timer?minutes=open&interval=5"
    );
    assert!(open.body.contains("<option value=\"open\" selected>"));

    let carried = app
        .get("/practices/body-scan/play?minutes=10&painful=lower-back")
        .await;
    assert!(carried
        .body
        .contains("<input type=\"hidden\" name=\"painful\" value=\"lower-back\">"));
    assert_eq!(
        attr(&carried.body, "data-timeline-url"),
        "/api/v1/practices/body-scan?minutes=10&painful=lower-back"
    );
}

#[tokio::test]
async fn a_bad_choice_explains_itself_and_plays_the_usual_version() {
    let app = app().await;
    let r = app
        .get("/practices/meditation-timer/play?minutes=3&interval=5")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("role=\"alert\""));
    assert!(
        r.body
            .contains("interval: an interval of 5 minutes never rings"),
        "{}",
        r.body
    );
    assert_eq!(
        attr(&r.body, "data-timeline-url"),
        "/api/v1/practices/meditation-timer?minutes=10"
    );
    assert!(r
        .body
        .contains("<details class=\"player-options\" id=\"player-options\" open>"));

    let pace = app
        .get("/practices/paced-breathing/play?pace_own=1%3A1")
        .await;
    assert_eq!(pace.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(pace.body.contains("pace: "), "{}", pace.body);

    let missing = app.get("/practices/no-such-practice/play").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("Page not found"));
}

#[tokio::test]
async fn the_player_modules_and_styles_are_served() {
    let app = app().await;
    for (path, kind) in [
        ("/static/player/main.js", "text/javascript"),
        ("/static/player/engine.js", "text/javascript"),
        ("/static/player/scheduler.js", "text/javascript"),
        ("/static/player/onset-worklet.js", "text/javascript"),
        ("/static/player/player.css", "text/css"),
        ("/static/outbox.js", "text/javascript"),
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(r.header(header::CONTENT_TYPE).starts_with(kind), "{path}");
    }
    let main = app.get("/static/player/main.js").await;
    assert!(main.body.contains("import { Engine } from './engine.js';"));
}

#[tokio::test]
async fn the_practice_page_starts_the_player_with_the_chosen_options() {
    let app = app().await;
    let r = app.get("/practices/paced-breathing?minutes=3").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("formaction=\"/practices/paced-breathing/play\""),
        "a Start button sends the chooser's choices to the player"
    );
}
