//! `screen`, `remind`, `learn`, `program`, `questionnaire`, and the notice after `log`.

use crate::insights::{days_before, today};
use crate::Bc;
use serde_json::Value;

/// Every question id of the screen, from `screen --questions --json`.
fn question_ids(bc: &Bc) -> Vec<String> {
    let list = bc.ok(&["screen", "--questions", "--json"]).json();
    list.as_array()
        .expect("array")
        .iter()
        .map(|q| q["id"].as_str().expect("id").to_string())
        .collect()
}

/// `--answers` with every question "no" except `yes`.
fn answers(ids: &[String], yes: &[&str]) -> String {
    ids.iter()
        .map(|id| {
            let a = if yes.contains(&id.as_str()) {
                "yes"
            } else {
                "no"
            };
            format!("{id}={a}")
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn screen_gives_each_action_and_stores_it() {
    let bc = Bc::new();
    let ids = question_ids(&bc);
    assert_eq!(ids.len(), 20);
    assert!(!bc.data.exists(), "listing questions writes nothing");
    for (yes, action, words) in [
        (
            vec!["bladder-change"],
            "emergency",
            "Call emergency services now (999 in the UK, 911 in the US, 112 in the EU)",
        ),
        (vec!["fever-or-unwell"], "urgent", "See a doctor today."),
        (
            vec!["weight-loss-6-months", "night-pain"],
            "soon",
            "See a doctor soon",
        ),
        (
            vec![],
            "none",
            "Nothing in your answers calls for urgent care.",
        ),
    ] {
        let given = answers(&ids, &yes);
        let r = bc.ok(&["screen", "--answers", &given, "--json"]);
        let v = r.json();
        assert_eq!(v["action"], action, "{v}");
        assert!(
            v["message"].as_str().expect("message").starts_with(words),
            "{v}"
        );
        assert_eq!(v["reasons"], serde_json::json!(yes), "{v}");
        assert_eq!(
            v.as_object().expect("object").len(),
            3,
            "exactly action, message, reasons: {v}"
        );
    }
    // Emergency needs no other answers; the banner and the number lead the text.
    let r = bc.ok(&["screen", "--answers", "saddle-numbness=yes"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[1], "  CALL EMERGENCY SERVICES NOW", "{}", r.stdout);
    assert_eq!(
        lines[2], "  Call 999 in the UK, 911 in the US, 112 in the EU",
        "{}",
        r.stdout
    );
    // Stored: the clinician report shows the latest screen.
    let html = bc.scratch("r.html");
    bc.ok(&["report", "-o", html.to_str().expect("utf-8")]);
    let report = std::fs::read_to_string(&html).expect("report");
    assert!(
        report.contains("Call emergency services now"),
        "the latest screen is the stored emergency one"
    );
}

#[test]
fn screen_asks_in_the_terminal_and_stops_at_the_end_of_input() {
    let bc = Bc::new();
    let r = bc.run_with_input(&["screen"], "n\nn\n");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("[1/20] "), "{}", r.stderr);
    assert!(r.stderr.contains("nothing was stored"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(!bc.data.exists(), "a stopped screen stores nothing");

    let all_no: String = "n\n".repeat(20);
    let input = format!("maybe\n{all_no}");
    let r = bc.run_with_input(&["screen"], &input);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("Please answer y (yes) or n (no)."),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("Nothing urgent found"), "{}", r.stdout);
    assert!(r.stdout.contains("not medical advice"), "{}", r.stdout);

    // A yes to an emergency question ends the questions at once.
    let r = bc.run_with_input(&["screen", "--json"], "n\ny\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["action"], "emergency");
    assert!(!r.stderr.contains("[3/20]"), "{}", r.stderr);
}

#[test]
fn screen_refuses_bad_answers_and_writes_nothing() {
    let bc = Bc::new();
    for (args, words) in [
        (
            vec!["screen", "--answers", "tail-pain=yes"],
            vec!["tail-pain", "saddle-numbness"],
        ),
        (
            vec!["screen", "--answers", "night-pain=no"],
            vec!["has no answer"],
        ),
        (
            vec!["screen", "--answers", "night-pain=perhaps"],
            vec!["perhaps"],
        ),
        (
            vec!["screen", "--answers", "weight-loss=yes"],
            vec!["earlier version", "weight-loss-6-months"],
        ),
    ] {
        let r = bc.run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        for w in words {
            assert!(r.stderr.contains(w), "{w:?} in {}", r.stderr);
        }
    }
    assert!(!bc.data.exists());
}

#[test]
fn reminders_keep_to_one_a_day_unless_asked() {
    let bc = Bc::new();
    assert_eq!(
        bc.ok(&["remind", "list", "--json"]).json(),
        serde_json::json!([])
    );
    let first = bc.ok(&["remind", "add", "08:30"]).stdout;
    let first = first.trim();
    uuid::Uuid::parse_str(first).expect("prints the id");
    let r = bc.run(&["remind", "add", "20:00"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("08:30 Europe/London") && r.stderr.contains("--allow-more"),
        "{}",
        r.stderr
    );
    let r = bc.run(&["remind", "add", "25:00"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("HH:MM"), "{}", r.stderr);
    let second = bc.ok(&[
        "remind",
        "add",
        "20:00",
        "--label",
        "Evening breath",
        "--allow-more",
    ]);
    let second = second.stdout.trim();
    let list = bc.ok(&["remind", "list", "--json"]).json();
    assert_eq!(
        list,
        serde_json::json!([
            {"id": first, "time": "08:30", "tz": "Europe/London", "label": "A few quiet minutes for your back"},
            {"id": second, "time": "20:00", "tz": "Europe/London", "label": "Evening breath"},
        ])
    );
    let table = bc.ok(&["remind", "list"]).stdout;
    assert!(
        table.contains("20:00  Europe/London  Evening breath"),
        "{table}"
    );
    bc.ok(&["remind", "remove", first]);
    let list = bc.ok(&["remind", "list", "--json"]).json();
    assert_eq!(list.as_array().expect("array").len(), 1);
    assert_eq!(list[0]["id"], second);
    let r = bc.run(&["remind", "remove", first]);
    assert_eq!(r.code, 2, "already gone: {}", r.stderr);
    assert_eq!(bc.run(&["remind", "remove", "not-an-id"]).code, 2);
}

#[test]
fn learn_lists_lessons_with_sources_and_reads_one() {
    let bc = Bc::new();
    let list = bc.ok(&["learn", "--json"]).json();
    let list = list.as_array().expect("array");
    assert!(list.len() >= 8, "{} lessons", list.len());
    for l in list {
        assert!(l["id"].as_str().is_some_and(|s| !s.is_empty()), "{l}");
        assert!(l["title"].as_str().is_some_and(|s| !s.is_empty()), "{l}");
        let sources = l["sources"].as_array().expect("sources");
        assert!(
            !sources.is_empty()
                && sources
                    .iter()
                    .all(|s| s.as_str().is_some_and(|s| !s.is_empty())),
            "{l}"
        );
    }
    let text = bc.ok(&["learn", "when-to-see-a-doctor"]).stdout;
    assert!(text.starts_with("When to see a doctor\n"), "{text}");
    assert!(!text.contains("##"), "Markdown is stripped: {text}");
    assert!(text.contains("\nSources\n"), "{text}");
    let one = bc.ok(&["learn", "when-to-see-a-doctor", "--json"]).json();
    assert!(one["body_markdown"]
        .as_str()
        .is_some_and(|b| b.contains("## ")));
    let r = bc.run(&["learn", "astrology"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("what-is-mindfulness"), "{}", r.stderr);
    assert!(!bc.data.exists());
}

#[test]
fn program_json_has_eight_weeks_and_the_current_one() {
    let bc = Bc::new();
    let p = bc.ok(&["program", "--json"]).json();
    let weeks = p["weeks"].as_array().expect("weeks");
    assert_eq!(weeks.len(), 8);
    for (n, w) in weeks.iter().enumerate() {
        assert_eq!(w["week"], n + 1);
        for key in ["kind", "lesson"] {
            assert!(w[key].as_str().is_some_and(|s| !s.is_empty()), "{w}");
        }
        assert!(w["daily_minutes"].as_u64().is_some_and(|m| m >= 1), "{w}");
    }
    // Nothing practised yet: the program has not begun (the web app's rule too).
    assert_eq!(p["current_week"], Value::Null);
    assert_eq!(p["start"], Value::Null);
    let today = today(&bc);
    // A check-in alone does not start it.
    bc.log(&[
        "--pain",
        "4",
        "--at",
        &format!("{}T12:00:00Z", days_before(today, 15)),
    ]);
    assert_eq!(
        bc.ok(&["program", "--json"]).json()["current_week"],
        Value::Null
    );
    // A session 15 days ago does: day 16 is week 3's block, but with one day
    // practised the first week is offered again.
    let start = days_before(today, 15);
    let export = serde_json::json!({
        "format": "backcalm-export", "version": 1,
        "exported_at": format!("{today}T00:00:00Z"),
        "checkins": [], "questionnaires": [],
        "sessions": [{
            "id": "5b2d4a36-2f83-4a0c-9e8e-1f1c1f6d7a01", "practice": "natural-breath",
            "variant": null, "minutes": 2, "started_at": format!("{start}T12:00:00Z"),
            "tz": "Europe/London", "actual_s": 120, "completed": true,
            "pain_before": null, "pain_after": null, "stress_before": null,
            "stress_after": null, "pleasantness": null, "regions": [], "note": null
        }]
    });
    let file = bc.scratch("one-session.json");
    std::fs::write(&file, export.to_string()).expect("write export");
    bc.ok(&["import", file.to_str().expect("utf-8 path")]);
    let p = bc.ok(&["program", "--json"]).json();
    assert_eq!(p["start"], start.to_string());
    assert_eq!(p["current_week"], 1);
    assert_eq!(p["today"]["repeat"], 2);
    let text = bc.ok(&["program"]).stdout;
    assert!(
        text.starts_with("Week 1 of 8, day 2, once more: "),
        "{text}"
    );
    assert!(
        text.contains("\n  backcalm practice play natural-breath --minutes 2\n"),
        "{text}"
    );
}

#[test]
fn questionnaires_are_scored_and_stored() {
    let bc = Bc::new();
    let list = bc.ok(&["questionnaire", "list", "--json"]).json();
    let ids: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|i| i["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["gad-2", "peg-3", "phq-2"]);
    let v = bc
        .ok(&[
            "questionnaire",
            "take",
            "peg-3",
            "--answers",
            "pain=4,enjoyment=5,activity=6",
            "--json",
        ])
        .json();
    assert_eq!(v["instrument"], "peg-3");
    assert_eq!(v["score"], 5.0);
    assert_eq!(v["display_score"], "5.00");
    assert_eq!(v["tz"], "Europe/London");
    let r = bc.run_with_input(&["questionnaire", "take", "phq-2"], "3\n3\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("PHQ-2 score: 6 (from 0 to 6"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("999 in the UK"),
        "advice with numbers: {}",
        r.stdout
    );
    // Stored: both are in the JSON export.
    let out = bc.scratch("all.json");
    bc.ok(&[
        "export",
        "--format",
        "json",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    let export: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("export")).expect("JSON");
    let stored: Vec<&str> = export["questionnaires"]
        .as_array()
        .expect("questionnaires")
        .iter()
        .map(|q| q["instrument"].as_str().expect("instrument"))
        .collect();
    assert_eq!(stored, ["peg-3", "phq-2"]);
    for (args, word) in [
        (
            vec![
                "questionnaire",
                "take",
                "peg-3",
                "--answers",
                "pain=11,enjoyment=1,activity=1",
            ],
            "11",
        ),
        (
            vec!["questionnaire", "take", "peg-3", "--answers", "pain=1"],
            "enjoyment",
        ),
        (
            vec!["questionnaire", "take", "sf-36", "--answers", "a=1"],
            "peg-3",
        ),
    ] {
        let r = bc.run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(word), "{word:?} in {}", r.stderr);
    }
    let r = bc.run_with_input(&["questionnaire", "take", "peg-3"], "4\n");
    assert_eq!(r.code, 1, "stopped early: {}", r.stderr);
}

#[test]
fn a_sharp_rise_after_log_suggests_the_screen_on_stderr_only() {
    let bc = Bc::new();
    let today = today(&bc);
    for k in 1..=3 {
        bc.log(&[
            "--pain",
            "3",
            "--at",
            &format!("{}T09:00:00Z", days_before(today, k)),
        ]);
    }
    let calm = bc.ok(&["log", "--pain", "5"]);
    assert!(calm.stderr.is_empty(), "{}", calm.stderr);
    let r = bc.ok(&["log", "--pain", "8"]);
    uuid::Uuid::parse_str(r.stdout.trim_end()).expect("stdout is only the id");
    assert!(r.stderr.contains("backcalm screen"), "{}", r.stderr);
    let numb = bc.ok(&["log", "--pain", "2", "--feel", "numbness-or-weakness"]);
    assert!(
        numb.stderr.contains("numbness or weakness"),
        "{}",
        numb.stderr
    );
    // After a screen, the same check-in does not ask again.
    let ids = question_ids(&bc);
    bc.ok(&["screen", "--answers", &answers(&ids, &[]), "--json"]);
    let at = today.to_string();
    let r = bc.ok(&[
        "log",
        "--pain",
        "9",
        "--at",
        &format!("{at}T00:00:01+00:00"),
    ]);
    assert!(
        r.stderr.is_empty(),
        "a screen was taken after this check-in: {}",
        r.stderr
    );
}

#[test]
fn a_flare_logged_makes_today_short_and_gentle() {
    let bc = Bc::new();
    let id = bc.log(&["--pain", "6", "--flare"]);
    let history = bc.ok(&["history", "--json"]).json();
    assert_eq!(history[0]["id"], id.to_string(), "the only one so far");
    assert_eq!(history[0]["flare"], true);
    assert!(bc.ok(&["history"]).stdout.contains("flare"));
    let p = bc.ok(&["program", "--json"]).json();
    let today = &p["today"];
    assert_eq!(today["flare"]["tapped"], true, "{today}");
    assert_eq!(today["kind"], "breathing");
    assert!(
        today["minutes"]
            .as_u64()
            .is_some_and(|m| (1..=3).contains(&m)),
        "{today}"
    );
    let text = bc.ok(&["program"]).stdout.replace('\n', " ");
    assert!(
        text.contains("You marked today as a flare, so today is for going gently"),
        "{text}"
    );
    // Without --flare, a check-in is no flare. (Both were made in the same
    // second, so they are found by id, not by place.)
    let plain = bc.log(&["--pain", "2"]).to_string();
    let history = bc.ok(&["history", "--json"]).json();
    let flare_of = |id: &str| {
        history
            .as_array()
            .and_then(|all| all.iter().find(|c| c["id"] == id))
            .map(|c| c["flare"].clone())
    };
    assert_eq!(flare_of(&plain), Some(Value::Bool(false)));
    assert_eq!(flare_of(&id.to_string()), Some(Value::Bool(true)));
}
