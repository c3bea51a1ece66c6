//! `log`, `history` and `sessions` against the SQLite journal.

use crate::serve::{http_post_json, Server};
use crate::{ids, Bc};
use serde_json::{json, Value};

#[test]
fn a_logged_check_in_comes_back_exactly() {
    let bc = Bc::new();
    let id = bc.log(&[
        "--pain",
        "6",
        "--stress",
        "3",
        "--sleep",
        "7",
        "--feel",
        "sharp,radiating",
        "--where",
        "lower-back-left,thigh",
        "--activity",
        "gardening",
        "--note",
        "after lunch",
        "--at",
        "2026-03-29T09:15:00+01:00",
    ]);
    let all = bc.history(&[]);
    assert_eq!(all.len(), 1, "{all:?}");
    let c = &all[0];
    assert_eq!(c["id"], id.to_string());
    assert_eq!(c["recorded_at"], "2026-03-29T09:15:00+01:00");
    assert_eq!(c["tz"], "Europe/London");
    assert_eq!(c["pain"], 6);
    assert_eq!(c["stress"], 3);
    assert_eq!(c["sleep"], 7);
    assert_eq!(c["feel"], serde_json::json!(["radiating", "sharp"]));
    assert_eq!(c["where"], serde_json::json!(["lower-back-left", "thigh"]));
    assert_eq!(c["activity"], "gardening");
    assert_eq!(c["note"], "after lunch");

    // Without --at it is now, written with London's offset.
    let now_id = bc.log(&["--pain", "2"]);
    let all = bc.history(&[]);
    assert_eq!(ids(&all), [id.to_string(), now_id.to_string()]);
    let at = all[1]["recorded_at"].as_str().expect("recorded_at");
    assert!(at.ends_with("+00:00") || at.ends_with("+01:00"), "{at}");
    assert_eq!(all[1]["stress"], Value::Null);

    let table = bc.ok(&["history"]).stdout;
    assert!(
        table.contains("2026-03-29  09:15     6       3      7"),
        "{table}"
    );
    assert!(table.contains("after lunch (gardening)"), "{table}");
}

#[test]
fn history_filters_by_local_day() {
    let bc = Bc::new();
    let early = bc.log(&["--pain", "1", "--at", "2026-07-01T12:00:00Z"]);
    // 23:30 UTC is 00:30 the next day in London (summer time): it belongs to 2 July.
    let late = bc.log(&["--pain", "2", "--at", "2026-07-01T23:30:00Z"]);
    let later = bc.log(&["--pain", "3", "--at", "2026-07-05T08:00:00+01:00"]);
    assert_eq!(
        ids(&bc.history(&["--from", "2026-07-02", "--to", "2026-07-02"])),
        [late.to_string()]
    );
    assert_eq!(
        ids(&bc.history(&["--to", "2026-07-01"])),
        [early.to_string()]
    );
    assert_eq!(
        ids(&bc.history(&["--from", "2026-07-02"])),
        [late.to_string(), later.to_string()]
    );
    assert_eq!(bc.history(&["--from", "2026-08-01"]).len(), 0);
    let empty = bc.ok(&["history", "--from", "2026-08-01"]).stdout;
    assert_eq!(empty, "No check-ins from 2026-08-01 on.\n");
}

#[test]
fn an_empty_journal_is_told_kindly_and_not_created() {
    let bc = Bc::new();
    assert_eq!(
        bc.ok(&["history"]).stdout,
        "No check-ins yet. Log one with: backcalm log --pain 4\n"
    );
    assert_eq!(bc.ok(&["history", "--json"]).json(), serde_json::json!([]));
    assert_eq!(bc.ok(&["sessions", "--json"]).json(), serde_json::json!([]));
    assert!(bc
        .ok(&["sessions"])
        .stdout
        .starts_with("No practice sessions yet."));
    assert!(
        !bc.data.exists(),
        "reading an empty journal must not create it"
    );
}

#[test]
fn an_unreadable_journal_fails_with_a_message_not_a_panic() {
    let bc = Bc::new();
    std::fs::create_dir_all(&bc.data).expect("mkdir");
    std::fs::write(
        bc.data.join("backcalm.sqlite3"),
        b"this is not a database, just words",
    )
    .expect("write");
    let r = bc.run(&["history"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("error: cannot open the journal"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn history_and_sessions_json_are_the_api_s_objects() {
    let bc = Bc::new();
    bc.log(&[
        "--pain",
        "6",
        "--stress",
        "3",
        "--feel",
        "sharp",
        "--where",
        "neck",
        "--note",
        "after lunch",
        "--flare",
        "--at",
        "2026-03-29T09:15:00+01:00",
    ]);
    bc.log(&["--pain", "2", "--at", "2026-01-10T08:00:00Z"]);
    let server = Server::start(&bc);
    let session = json!({
        "practice": "body-scan",
        "minutes": 10,
        "actual_s": 540,
        "pain_before": 6,
        "pain_after": 4,
        "regions": ["neck"],
        "started_at": "2026-03-29T20:00:00+01:00",
        "tz": "Europe/London",
    });
    let answer = http_post_json(&server.addr, "/api/v1/sessions", &session.to_string());
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    let api_checkins: Value = serde_json::from_str(&server.get("/api/v1/checkins")).expect("JSON");
    let api_sessions: Value = serde_json::from_str(&server.get("/api/v1/sessions")).expect("JSON");
    drop(server);
    let cli_checkins = Value::Array(bc.history(&[]));
    let cli_sessions = bc.ok(&["sessions", "--json"]).json();
    assert_eq!(
        cli_checkins, api_checkins,
        "history --json is GET /api/v1/checkins"
    );
    assert_eq!(
        cli_sessions, api_sessions,
        "sessions --json is GET /api/v1/sessions"
    );
    // The objects are whole, not two empty lists alike.
    assert_eq!(cli_checkins[1]["recorded_at"], "2026-03-29T09:15:00+01:00");
    assert_eq!(cli_checkins[1]["flare"], true);
    assert_eq!(cli_checkins[1]["where"], json!(["neck"]));
    assert_eq!(cli_sessions[0]["actual_s"], 540);
    assert_eq!(cli_sessions[0]["started_at"], "2026-03-29T20:00:00+01:00");
}
