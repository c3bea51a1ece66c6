//! The crisis path on the command line: `--help`'s footer and `help-now`,
//! crisis lines after `log` when a check-in calls for them (and only then),
//! with every PHQ-2 of 3 or more, the framing and the help line around
//! `screen`, and the invitation to the screen before the first practice.

use crate::Bc;

const HELP_LINE: &str =
    "Need help now? `backcalm help-now` shows your crisis and emergency numbers.";

#[test]
fn help_ends_with_where_the_numbers_are_and_help_now_shows_them() {
    let bc = Bc::new();
    for flag in ["--help", "-h"] {
        let r = bc.ok(&[flag]);
        assert_eq!(
            r.stdout.trim_end().lines().last(),
            Some(HELP_LINE),
            "{}",
            r.stdout
        );
    }
    let r = bc.ok(&["help-now"]);
    assert!(r.stdout.starts_with("Need help now?\n"), "{}", r.stdout);
    for line in [
        "In the UK\n  Emergency:            999\n  To talk to someone:   Samaritans 116 123 (free, 24/7)\n  Medical advice today: NHS 111\n",
        "In the US\n  Emergency:            911\n  To talk to someone:   988 Suicide & Crisis Lifeline (call or text)\n",
        "In the EU\n  Emergency:            112\n",
    ] {
        assert!(r.stdout.contains(line), "{line:?} in {}", r.stdout);
    }
    assert!(r.stdout.contains("check it is answered in"), "{}", r.stdout);
    assert!(!bc.data.exists(), "reading the numbers creates no journal");
    let v = bc.ok(&["help-now", "--json"]).json();
    assert_eq!(v["title"], "Need help now?");
    assert_eq!(
        v["numbers"]["lines"][1]["crisis"],
        "988 Suicide & Crisis Lifeline (call or text)"
    );
    assert_eq!(v["numbers"]["lines"][2]["emergency"], "112");
}

#[test]
fn log_shows_crisis_lines_when_a_check_in_calls_for_them() {
    let bc = Bc::new();
    for (args, opening) in [
        (
            vec!["--pain", "10", "--stress", "10"],
            "You rated your pain and your stress at 10",
        ),
        (
            vec!["--pain", "3", "--note", "I want to end it"],
            "Some of the words you wrote",
        ),
        (
            vec!["--pain", "3", "--activity", "self-harm"],
            "Some of the words you wrote",
        ),
    ] {
        let mut all = vec!["log"];
        all.extend_from_slice(&args);
        let r = bc.ok(&all);
        uuid::Uuid::parse_str(r.stdout.trim_end()).expect("stdout stays the id");
        let said = r.stderr.replace('\n', " ");
        assert!(
            said.contains("You do not have to face this alone"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(said.contains(opening), "{args:?}: {}", r.stderr);
        assert!(
            said.contains("Samaritans 116 123 (free, 24/7) in the UK"),
            "{}",
            r.stderr
        );
        assert!(
            said.contains("(999 in the UK, 911 in the US, 112 in the EU)"),
            "{}",
            r.stderr
        );
        assert!(said.contains("Your check-in is saved."), "{}", r.stderr);
    }
    assert_eq!(bc.history(&[]).len(), 3, "saved, never blocked");
    for args in [
        vec!["log", "--pain", "10", "--stress", "9"],
        vec![
            "log",
            "--pain",
            "5",
            "--note",
            "painkillers at lunch; this pain is killing me",
        ],
    ] {
        let r = bc.ok(&args);
        assert!(
            !r.stderr.contains("face this alone"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("116 123"), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn a_phq2_of_3_or_more_shows_crisis_lines_and_suggests_the_doctor_once() {
    let bc = Bc::new();
    let r = bc.ok(&[
        "questionnaire",
        "take",
        "phq-2",
        "--answers",
        "interest=2,down=1",
    ]);
    let text = r.stdout.replace('\n', " ");
    assert!(
        text.starts_with("PHQ-2 score: 3 (from 0 to 6"),
        "{}",
        r.stdout
    );
    assert!(
        text.contains("Samaritans 116 123 (free, 24/7) in the UK"),
        "{}",
        r.stdout
    );
    assert!(
        text.contains("988 Suicide & Crisis Lifeline"),
        "{}",
        r.stdout
    );
    assert_eq!(
        text.to_lowercase().matches("talking to a doctor").count(),
        1,
        "once, not twice: {}",
        r.stdout
    );
    let v = bc
        .ok(&[
            "questionnaire",
            "take",
            "phq-2",
            "--answers",
            "interest=1,down=1",
            "--json",
        ])
        .json();
    assert_eq!(v["advice"], serde_json::Value::Null);
    let r = bc.ok(&[
        "questionnaire",
        "take",
        "phq-2",
        "--answers",
        "interest=1,down=1",
    ]);
    assert!(!r.stdout.contains("116 123"), "{}", r.stdout);
}

#[test]
fn screen_says_to_answer_about_now_and_where_help_is() {
    let bc = Bc::new();
    let list = bc.ok(&["screen", "--questions"]).stdout;
    let flat = list.replace('\n', " ");
    assert!(
        flat.starts_with("Answer about how things are now."),
        "{list}"
    );
    assert!(
        flat.contains("already knows about is a \"no\" unless it has changed"),
        "{list}"
    );
    assert!(list.contains(HELP_LINE), "{list}");
    let all_no = "n\n".repeat(20);
    let r = bc.run_with_input(&["screen"], &all_no);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let asked = r.stderr.replace('\n', " ");
    let framing = asked
        .find("Answer about how things are now.")
        .expect("framing");
    let first = asked.find("[1/20]").expect("first question");
    assert!(framing < first, "{}", r.stderr);
    assert!(r.stdout.trim_end().ends_with(HELP_LINE), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("Nothing in your answers calls for urgent care."),
        "{}",
        r.stdout
    );
}

/// Before any screen, `practice play` invites one: see `practice.rs`'s
/// `play_saves_the_session_with_its_ratings` (a play lasts its real minute,
/// so the two cases share the plays the suite already has).
#[test]
fn once_a_screen_is_taken_the_practice_starts_without_the_invitation() {
    let bc = Bc::new();
    let ids: Vec<String> = bc
        .ok(&["screen", "--questions", "--json"])
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|q| format!("{}=no", q["id"].as_str().expect("id")))
        .collect();
    bc.ok(&["screen", "--answers", &ids.join(",")]);
    let r = bc.run(&[
        "practice",
        "play",
        "meditation-timer",
        "--minutes",
        "1",
        "--plain",
        "--no-bells",
        "--no-ratings",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stderr.contains("Before your first practice"),
        "{}",
        r.stderr
    );
    assert_eq!(
        bc.ok(&["sessions", "--json"])
            .json()
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}
