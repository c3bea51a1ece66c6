//! `practice list | show | play`, `--content-dir`, completions and `--version`.

use crate::Bc;

#[test]
fn practice_list_json_has_every_kind_and_whole_minutes() {
    let bc = Bc::new();
    let list = bc.ok(&["practice", "list", "--json"]).json();
    let list = list.as_array().expect("an array");
    let mut kinds: Vec<&str> = list
        .iter()
        .map(|p| p["kind"].as_str().expect("kind"))
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(
        kinds,
        [
            "body-scan",
            "breathing",
            "imagery",
            "meditation",
            "movement",
            "pmr",
            "timer"
        ]
    );
    for p in list {
        assert!(p["id"].as_str().is_some_and(|s| !s.is_empty()), "{p}");
        assert!(p["title"].as_str().is_some_and(|s| !s.is_empty()), "{p}");
        let minutes: Vec<u64> = p["minutes"]
            .as_array()
            .expect("minutes")
            .iter()
            .map(|m| m.as_u64().expect("whole"))
            .collect();
        assert!(!minutes.is_empty(), "{p}");
        assert!(
            minutes.windows(2).all(|w| w[1] == w[0] + 1),
            "consecutive whole minutes: {p}"
        );
    }
    let paced = list
        .iter()
        .find(|p| p["id"] == "paced-breathing")
        .expect("paced breathing is shipped");
    assert_eq!(paced["minutes"][0], 1);
    let table = bc.ok(&["practice", "list"]).stdout;
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("paced-breathing") && l.contains("Breathing")),
        "{table}"
    );
    assert!(
        !bc.data.exists(),
        "listing practices must not create the data dir"
    );
}

#[test]
fn practice_show_is_exact_and_in_order() {
    let bc = Bc::new();
    let tl = bc
        .ok(&[
            "practice",
            "show",
            "paced-breathing",
            "--minutes",
            "3",
            "--json",
        ])
        .json();
    assert_eq!(tl["id"], "paced-breathing");
    assert_eq!(tl["minutes"], 3);
    assert_eq!(tl["total_ms"], 180_000);
    let cues = tl["cues"].as_array().expect("cues");
    let at: Vec<u64> = cues
        .iter()
        .map(|c| c["at_ms"].as_u64().expect("at_ms"))
        .collect();
    assert!(at.windows(2).all(|w| w[0] <= w[1]), "cues sorted by time");
    assert!(
        at.iter().all(|t| *t < 180_000),
        "every cue inside the practice"
    );
    let kind = |k: &'static str| cues.iter().filter(move |c| c["kind"] == k);
    assert!(kind("speak").all(|c| c["text"].as_str().is_some_and(|t| !t.is_empty())));
    assert!(kind("speak").count() >= 2);
    assert_eq!(kind("bell").count(), 2, "a bell to begin and one to end");
    assert!(kind("bell").all(|c| c["strikes"] == 1));
    assert!(kind("breath").count() > 10, "the pacer runs");
    assert!(kind("breath")
        .all(|c| c["phase"].is_string() && c["ms"].as_u64().is_some_and(|ms| ms >= 2000)));

    let timer = bc
        .ok(&[
            "practice",
            "show",
            "meditation-timer",
            "--minutes",
            "20",
            "--interval",
            "5",
            "--json",
        ])
        .json();
    // The closing bell rings at 20:00 and rings out for 6 s.
    assert_eq!(timer["total_ms"], 1_206_000);
    let bells = timer["cues"]
        .as_array()
        .expect("cues")
        .iter()
        .filter(|c| c["kind"] == "bell")
        .count();
    assert_eq!(bells, 5, "start, 5, 10, 15 and end");
    let half = bc
        .ok(&[
            "practice",
            "show",
            "meditation-timer",
            "--minutes",
            "2",
            "--interval",
            "0.5",
            "--json",
        ])
        .json();
    let bells: Vec<u64> = half["cues"]
        .as_array()
        .expect("cues")
        .iter()
        .filter(|c| c["kind"] == "bell")
        .map(|c| c["at_ms"].as_u64().expect("at_ms"))
        .collect();
    assert_eq!(
        bells,
        [0, 30_000, 60_000, 90_000, 120_000],
        "every 30 s, then the end bell when the 2 minutes are up"
    );

    let script = bc
        .ok(&["practice", "show", "paced-breathing", "--minutes", "2"])
        .stdout;
    assert!(script.contains("00:00  Bell"), "{script}");
    assert!(
        script.contains("Pacer: breathe in 4 s, out 6 s"),
        "{script}"
    );
    assert!(script.trim_end().ends_with("02:00  End"), "{script}");
    assert!(
        !bc.data.exists(),
        "showing a practice must not create the data dir"
    );
}

#[test]
fn completions_and_version() {
    let bc = Bc::new();
    let bash = bc.ok(&["completions", "bash"]).stdout;
    assert!(
        bash.contains("backcalm") && bash.contains("complete"),
        "{bash}"
    );
    assert!(bc
        .ok(&["completions", "zsh"])
        .stdout
        .contains("#compdef backcalm"));
    assert_eq!(
        bc.ok(&["--version"]).stdout,
        format!("backcalm {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(bc.run(&["completions", "tcsh"]).code, 2);
    assert!(!bc.data.exists());
}

#[test]
fn manual_pages_come_from_the_same_definitions_as_help() {
    let bc = Bc::new();
    let page = bc.ok(&["man"]).stdout;
    assert!(page.starts_with(".ie \\n(.g .ds Aq"), "{page}");
    assert!(page.contains(".TH backcalm 1"), "{page}");
    assert!(page.contains("delete\\-everything"), "{page}");
    let dir = bc.scratch("man");
    let run = bc.ok(&["man", "--out", dir.to_str().expect("utf-8 path")]);
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .expect("man dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert!(
        run.stderr
            .contains(&format!("wrote {} manual pages", pages.len())),
        "{}",
        run.stderr
    );
    for want in [
        "backcalm.1",
        "backcalm-log.1",
        "backcalm-practice-play.1",
        "backcalm-serve.1",
    ] {
        assert!(
            pages.iter().any(|p| p == want),
            "{want} missing in {pages:?}"
        );
    }
    let log = std::fs::read_to_string(dir.join("backcalm-log.1")).expect("log page");
    assert!(
        log.contains(".TH backcalm\\-log 1") || log.contains(".TH backcalm-log 1"),
        "{log}"
    );
    assert!(log.contains("\\-\\-pain"), "{log}");
    assert!(!bc.data.exists(), "the manual must not create the data dir");
}

#[test]
fn a_content_dir_replaces_the_built_in_practices() {
    let bc = Bc::new();
    let content = bc.scratch("content");
    std::fs::create_dir_all(content.join("practices")).expect("mkdir");
    let timer =
        "id = \"short-sit\"\nkind = \"timer\"\ntitle = \"Short sit\"\nsummary = \"Bells.\"\n\
                 author = \"test\"\nsources = [\"none\"]\nposture = \"Any.\"\nmin_minutes = 1\n\
                 max_minutes = 5\ndefault_minutes = 2\n\n[timer]\nstrikes = 2\n";
    std::fs::write(content.join("practices/short-sit.toml"), timer).expect("write");
    let dir = content.to_str().expect("utf-8 path");
    let list = bc
        .ok(&["--content-dir", dir, "practice", "list", "--json"])
        .json();
    assert_eq!(
        list,
        serde_json::json!([{
            "id": "short-sit", "kind": "timer", "title": "Short sit", "minutes": [1, 2, 3, 4, 5],
            "default_minutes": 2, "summary": "Bells."
        }])
    );
    std::fs::write(
        content.join("practices/short-sit.toml"),
        timer.replace("strikes = 2", "strikes = 7"),
    )
    .expect("write");
    let r = bc.run(&["--content-dir", dir, "practice", "list"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("practices/short-sit.toml:") && r.stderr.contains("timer.strikes"),
        "{}",
        r.stderr
    );
}

#[test]
fn play_saves_the_session_with_its_ratings() {
    let bc = Bc::new();
    // Pain and stress before, then (after the sit) pain and stress after.
    let r = bc.run_with_input(
        &[
            "practice",
            "play",
            "meditation-timer",
            "--minutes",
            "1",
            "--plain",
            "--no-bells",
        ],
        "6\n5\n4\n3\n",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // No safety screen yet: the first practice invites one, without stopping.
    let said = r.stderr.replace('\n', " ");
    assert!(
        said.contains("Before your first practice") && said.contains("backcalm screen"),
        "{}",
        r.stderr
    );
    let sessions = bc.ok(&["sessions", "--json"]).json();
    let sessions = sessions.as_array().expect("array");
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    let s = &sessions[0];
    assert!(
        r.stdout.contains(s["id"].as_str().expect("id")),
        "the id is printed: {}",
        r.stdout
    );
    assert_eq!(s["practice"], "meditation-timer");
    assert_eq!(s["minutes"], 1);
    assert_eq!(s["completed"], true);
    // The minute, then the closing bell's 6 s ring-out.
    assert!(
        s["actual_s"]
            .as_u64()
            .is_some_and(|a| (65..=67).contains(&a)),
        "{s}"
    );
    assert_eq!(
        (s["pain_before"].clone(), s["stress_before"].clone()),
        (6.into(), 5.into())
    );
    assert_eq!(
        (s["pain_after"].clone(), s["stress_after"].clone()),
        (4.into(), 3.into())
    );
    assert_eq!(s["tz"], "Europe/London");
    let table = bc.ok(&["sessions"]).stdout;
    assert!(
        table.contains("meditation-timer") && table.contains("6 → 4"),
        "{table}"
    );
}
