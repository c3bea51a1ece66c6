//! The practice routes of the JSON API: the library and compiled timelines.

use crate::common::app;
use axum::http::{header, StatusCode};
use backcalm_core::Library;
use backcalm_web::CSP;
use serde_json::Value;

fn cues(v: &Value) -> &Vec<Value> {
    v["cues"].as_array().expect("cues is an array")
}

#[tokio::test]
async fn the_library_lists_every_practice_with_all_its_lengths() {
    let app = app().await;
    let r = app.get("/api/v1/practices").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header(header::CONTENT_SECURITY_POLICY), CSP);
    assert_eq!(r.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(r.header(header::REFERRER_POLICY), "no-referrer");
    let list = r.json();
    let list = list.as_array().expect("an array");
    let library = Library::embedded().expect("content");
    assert_eq!(list.len(), library.practices().len());
    for p in library.practices() {
        let entry = list
            .iter()
            .find(|e| e["id"] == p.id.as_str())
            .unwrap_or_else(|| panic!("{} listed", p.id));
        assert_eq!(entry["kind"], p.kind.id());
        assert_eq!(entry["title"], p.title.as_str());
        let minutes: Vec<u64> = entry["minutes"]
            .as_array()
            .expect("minutes")
            .iter()
            .filter_map(Value::as_u64)
            .collect();
        let expected: Vec<u64> = (p.min_minutes..=p.max_minutes).map(u64::from).collect();
        assert_eq!(minutes, expected, "{}", p.id);
        assert_eq!(entry["default_minutes"], p.default_minutes);
    }
    let kinds = [
        "breathing",
        "imagery",
        "body-scan",
        "pmr",
        "movement",
        "meditation",
        "timer",
    ];
    assert!(list
        .iter()
        .all(|e| kinds.contains(&e["kind"].as_str().unwrap_or(""))));
}

#[tokio::test]
async fn a_practice_compiles_to_exactly_the_chosen_length_with_cues_in_order() {
    let app = app().await;
    for (id, minutes) in [
        ("natural-breath", 3),
        ("body-scan", 10),
        ("pmr", 5),
        ("guided-imagery", 12),
    ] {
        let r = app
            .get(&format!("/api/v1/practices/{id}?minutes={minutes}"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{id}: {}", r.body);
        let t = r.json();
        assert_eq!(t["id"], id);
        assert_eq!(t["minutes"], minutes);
        assert_eq!(t["total_ms"], minutes * 60_000);
        let at: Vec<u64> = cues(&t)
            .iter()
            .map(|c| c["at_ms"].as_u64().expect("at_ms"))
            .collect();
        assert!(
            at.windows(2).all(|w| w[0] <= w[1]),
            "{id}: cues out of order"
        );
        assert!(
            at.iter().all(|ms| *ms < minutes * 60_000),
            "{id}: a cue after the end"
        );
        assert_eq!(cues(&t)[0]["kind"], "bell");
        assert_eq!(cues(&t)[0]["strikes"], 1);
        let spoken = cues(&t)
            .iter()
            .filter(|c| c["kind"] == "speak")
            .collect::<Vec<_>>();
        assert!(
            !spoken.is_empty()
                && spoken
                    .iter()
                    .all(|c| !c["text"].as_str().unwrap_or("").is_empty())
        );
        let steps = t["steps"].as_array().expect("steps");
        assert_eq!(steps[0]["start_ms"], 0);
        assert_eq!(steps[steps.len() - 1]["end_ms"], minutes * 60_000);
        assert!(
            steps.windows(2).all(|w| w[0]["end_ms"] == w[1]["start_ms"]),
            "{id}: steps not contiguous"
        );
    }
}

#[tokio::test]
async fn minutes_default_to_the_practices_own_default() {
    let app = app().await;
    let p = Library::embedded()
        .expect("content")
        .get("body-scan")
        .expect("body scan")
        .clone();
    let t = app.get("/api/v1/practices/body-scan").await.json();
    assert_eq!(t["minutes"], p.default_minutes);
    assert_eq!(t["total_ms"], u64::from(p.default_minutes) * 60_000);
}

#[tokio::test]
async fn paced_breathing_takes_a_pace_and_the_timer_its_bells() {
    let app = app().await;
    let t = app
        .get("/api/v1/practices/paced-breathing?minutes=2&pace=box")
        .await
        .json();
    let holds = cues(&t)
        .iter()
        .filter(|c| c["kind"] == "breath" && c["phase"] == "hold-in")
        .count();
    assert!(holds > 0, "box breathing holds after the in-breath");
    assert!(cues(&t)
        .iter()
        .filter(|c| c["kind"] == "breath")
        .all(|c| c["ms"] == 4000));

    let t = app
        .get("/api/v1/practices/meditation-timer?minutes=30&bells_at=0,10,20&strikes=2")
        .await
        .json();
    let bells: Vec<u64> = cues(&t)
        .iter()
        .filter(|c| c["kind"] == "bell")
        .map(|c| c["at_ms"].as_u64().expect("at"))
        .collect();
    assert_eq!(bells, vec![0, 600_000, 1_200_000, 1_800_000]);
    assert!(cues(&t).iter().all(|c| c["strikes"] == 2));

    let t = app
        .get("/api/v1/practices/meditation-timer?minutes=10&delay=30&interval=5")
        .await
        .json();
    // The closing bell rings when the ten minutes are up, then rings out for 6 s.
    assert_eq!(t["total_ms"], 636_000);
    let bells: Vec<u64> = cues(&t)
        .iter()
        .map(|c| c["at_ms"].as_u64().expect("at"))
        .collect();
    assert_eq!(bells, vec![30_000, 330_000, 630_000]);
}

#[tokio::test]
async fn a_body_scan_lingers_where_it_hurts() {
    let app = app().await;
    let plain = app
        .get("/api/v1/practices/body-scan?minutes=10")
        .await
        .json();
    let painful = app
        .get("/api/v1/practices/body-scan?minutes=10&painful=lower-back")
        .await
        .json();
    let lingered = painful["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["painful"] == true)
        .count();
    assert!(lingered > 0, "some step lingers at the lower back");
    assert_ne!(plain["cues"], painful["cues"]);
    assert_eq!(painful["total_ms"], 600_000);
}

#[tokio::test]
async fn mindful_movement_can_be_spoken_the_seated_way() {
    let app = app().await;
    let words = |v: &Value| -> Vec<String> {
        cues(v)
            .iter()
            .filter_map(|c| c["text"].as_str().map(str::to_string))
            .collect()
    };
    let seated = app
        .get("/api/v1/practices/mindful-movement?minutes=20&posture=seated")
        .await
        .json();
    let any = app
        .get("/api/v1/practices/mindful-movement?minutes=20")
        .await
        .json();
    assert!(words(&seated)
        .iter()
        .any(|w| w.starts_with("Knee rocks, seated.")));
    assert!(!words(&any).iter().any(|w| w.contains(", seated")));
    assert_eq!(seated["total_ms"], any["total_ms"]);
}

#[tokio::test]
async fn unknown_practice_is_a_404_problem_naming_the_choices() {
    let app = app().await;
    let r = app.get("/api/v1/practices/yoga").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.header(header::CONTENT_TYPE), "application/problem+json");
    let p = r.json();
    assert_eq!(p["status"], 404);
    assert!(
        p["detail"]
            .as_str()
            .expect("detail")
            .contains("natural-breath"),
        "{p}"
    );
}

#[tokio::test]
async fn bad_options_name_the_parameter_and_what_is_allowed() {
    let app = app().await;
    let cases = [
        ("natural-breath?minutes=999", 422, "minutes", "from 1 to 30"),
        ("natural-breath?minutes=abc", 400, "minutes", "whole number"),
        ("paced-breathing?pace=fast", 422, "pace", "box"),
        ("paced-breathing?pace=1:1", 422, "pace", "safe range"),
        ("natural-breath?pace=box", 422, "pace", "paced breathing"),
        ("natural-breath?scene=beach", 422, "scene", "guided imagery"),
        ("guided-imagery?scene=moon", 422, "scene", "beach"),
        ("body-scan?painful=tail", 422, "painful", "lower-back"),
        ("pmr?back_mode=hard", 422, "back_mode", "gentle or skip"),
        (
            "mindful-movement?posture=upside-down",
            422,
            "posture",
            "any or seated",
        ),
        (
            "body-scan?posture=seated",
            422,
            "posture",
            "mindful movement",
        ),
        ("meditation-timer?strikes=3", 422, "strikes", "1 or 2"),
        (
            "meditation-timer?minutes=10&interval=20",
            422,
            "interval",
            "never rings",
        ),
        (
            "meditation-timer?minutes=10&bells_at=0,12",
            422,
            "bells_at",
            "after the end",
        ),
        ("meditation-timer?delay=9999", 422, "delay", "600"),
        (
            "meditation-timer?painful=neck",
            422,
            "painful",
            "guided practices",
        ),
        (
            "meditation-timer?breath_areas=neck",
            422,
            "breath_areas",
            "guided practices",
        ),
        (
            "natural-breath?bells_at=1",
            422,
            "bells_at",
            "meditation timer",
        ),
        ("natural-breath?minutes=open", 422, "minutes", "open-ended"),
        ("natural-breath?colour=blue", 400, "colour", "minutes"),
    ];
    for (path, status, field, hint) in cases {
        let r = app.get(&format!("/api/v1/practices/{path}")).await;
        assert_eq!(r.status.as_u16(), status, "{path}: {}", r.body);
        assert_eq!(
            r.header(header::CONTENT_TYPE),
            "application/problem+json",
            "{path}"
        );
        let p = r.json();
        assert_eq!(p["field"], field, "{path}: {p}");
        let detail = p["detail"].as_str().expect("detail");
        assert!(
            detail.contains(hint),
            "{path}: {detail:?} should mention {hint:?}"
        );
    }
}
