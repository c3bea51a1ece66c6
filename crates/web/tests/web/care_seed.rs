//! A two-week journal for the care tests (insights, program, prompts),
//! posted through the real JSON API so it is stored exactly as people's is.
//! The clock is fixed at 2026-11-26T10:00:00Z (Thursday), zone Europe/London.

use crate::common::App;
use axum::http::StatusCode;
use serde_json::json;

/// Pain on 12-18 Nov (the baseline week) and on 19-25 Nov.
pub const BASELINE_PAIN: i64 = 6;
pub const LATER_PAIN: i64 = 4;

/// Posts one check-in a day from 12 to 25 November at 09:00 London time:
/// pain 6 for the first seven days, then 4; stress and sleep vary.
pub async fn seed_checkins(app: &App) {
    let sleep = [3, 5, 7, 4, 6, 8, 2, 5, 7, 6, 4, 8, 5, 6];
    let stress = [7, 5, 3, 6, 4, 2, 8, 5, 3, 4, 6, 2, 5, 4];
    for (i, day) in (12..=25).enumerate() {
        let pain = if day <= 18 { BASELINE_PAIN } else { LATER_PAIN };
        let body = json!({
            "recorded_at": format!("2026-11-{day:02}T09:00:00Z"),
            "tz": "Europe/London",
            "pain": pain,
            "sleep": sleep[i],
            "stress": stress[i],
        });
        let r = app.post("/api/v1/checkins", &body.to_string()).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
}

/// Six rated body scans (20-25 Nov, 20:00) and two breathing sessions (17 and 18 Nov).
/// Body scan pain changes: −2, −1, −1, −2, −1, 0; stress: −3, −2, −3, −2, −1, −2.
pub async fn seed_sessions(app: &App) {
    let pain_after = [3, 4, 4, 3, 4, 5];
    let stress_after = [3, 4, 3, 4, 5, 4];
    for (i, day) in (20..=25).enumerate() {
        let body = json!({
            "practice": "body-scan",
            "minutes": 5,
            "actual_s": 300,
            "completed": true,
            "started_at": format!("2026-11-{day:02}T20:00:00Z"),
            "tz": "Europe/London",
            "pain_before": 5, "pain_after": pain_after[i],
            "stress_before": 6, "stress_after": stress_after[i],
        });
        let r = app.post("/api/v1/sessions", &body.to_string()).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    for day in [17, 18] {
        let body = json!({
            "practice": "natural-breath",
            "minutes": 2,
            "actual_s": 120,
            "completed": true,
            "started_at": format!("2026-11-{day:02}T07:30:00Z"),
            "tz": "Europe/London",
            "pain_before": 6, "pain_after": 5,
        });
        let r = app.post("/api/v1/sessions", &body.to_string()).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
}
