//! Personal by default: `practice show` and `play` use the places of a recent
//! check-in and those marked after the last natural-breath session, say so,
//! and give way to `--painful`/`--breath-areas` (`none` for none); imagery
//! asks how pleasant it was and suggests the scene rated best.

use crate::Bc;
use serde_json::Value;

/// The timeline `practice show ID ARGS --json` prints, and its stderr.
fn timeline(bc: &Bc, id: &str, args: &[&str]) -> (Value, String) {
    let mut all = vec!["practice", "show", id];
    all.extend_from_slice(args);
    all.push("--json");
    let r = bc.ok(&all);
    (r.json(), r.stderr)
}

#[test]
fn the_latest_check_in_of_the_last_7_days_sets_the_painful_places() {
    let bc = Bc::new();
    // Nothing in the journal: none, and showing creates no journal.
    let text = bc.ok(&["practice", "show", "body-scan"]).stdout;
    assert!(
        text.starts_with("Where it hurts: none (no places marked in your check-ins of the last 7 days).\n  Change with --painful PART,PART (e.g. --painful lower-back,hip), or --painful none for none.\n\n"),
        "{text}"
    );
    assert!(!bc.data.exists(), "show must not create the journal");
    let (none, _) = timeline(&bc, "body-scan", &["--painful", "none"]);
    let (lower, _) = timeline(&bc, "body-scan", &["--painful", "lower-back,calf"]);
    assert_ne!(none, lower, "the places change the scan");

    // An old check-in is outside the window.
    bc.log(&[
        "--pain",
        "6",
        "--where",
        "neck",
        "--at",
        "2020-01-06T08:00:00+00:00",
    ]);
    assert_eq!(timeline(&bc, "body-scan", &[]).0, none);

    // A recent one sets the places, sides merged into their part.
    bc.log(&["--pain", "6", "--where", "lower-back-left,calf-right"]);
    let (json, stderr) = timeline(&bc, "body-scan", &[]);
    assert_eq!(json, lower, "the same as naming them");
    assert!(
        stderr.starts_with("Where it hurts: lower back and calves (from your check-in on "),
        "the note goes to stderr with --json: {stderr}"
    );
    let text = bc.ok(&["practice", "show", "body-scan"]).stdout;
    assert!(
        text.starts_with("Where it hurts: lower back and calves (from your check-in on ")
            && text.contains("The scan stays a little longer with these places, if you wish.\n  Change with --painful"),
        "{text}"
    );
    // A flag wins; none means none.
    assert_eq!(timeline(&bc, "body-scan", &["--painful", "none"]).0, none);
    let (neck, stderr) = timeline(&bc, "body-scan", &["--painful", "neck"]);
    assert_ne!(neck, lower);
    assert!(
        stderr.starts_with("Where it hurts: neck (you chose them with --painful)."),
        "{stderr}"
    );
    // PMR and movement use them too; paced breathing says nothing.
    let pmr = bc.ok(&["practice", "show", "pmr"]).stdout;
    assert!(
        pmr.starts_with("Where it hurts: lower back and calves (from your check-in on ")
            && pmr.contains("These are only noticed, never tensed."),
        "{pmr}"
    );
    let paced = bc.ok(&["practice", "show", "paced-breathing"]).stdout;
    assert!(!paced.contains("Where it hurts"), "{paced}");
    let r = bc.run(&["practice", "show", "body-scan", "--painful", "tail"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("or none for no places"), "{}", r.stderr);
}

#[test]
fn natural_breath_invites_you_back_to_the_areas_marked_last_time() {
    let bc = Bc::new();
    // Pain and stress skipped before and after; then the places.
    let r = bc.run_with_input(
        &[
            "practice",
            "play",
            "natural-breath",
            "--minutes",
            "1",
            "--plain",
            "--no-bells",
        ],
        "\n\n\n\nspleen\nchest, belly\n",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("Areas to come back to: none (none marked after your last session)."),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Where did breathing feel easy or hard? Type places separated by commas"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("\"spleen\" is not a place on the body map."),
        "{}",
        r.stdout
    );
    let sessions = bc.ok(&["sessions", "--json"]).json();
    assert_eq!(
        sessions[0]["regions"],
        serde_json::json!(["chest", "abdomen"]),
        "{sessions}"
    );
    // Next time: they are used, and said.
    let (json, stderr) = timeline(&bc, "natural-breath", &[]);
    assert_eq!(
        json,
        timeline(&bc, "natural-breath", &["--breath-areas", "chest,abdomen"]).0
    );
    assert_ne!(
        json,
        timeline(&bc, "natural-breath", &["--breath-areas", "none"]).0
    );
    assert!(
        stderr.starts_with("Areas to come back to: chest and belly (from your last session on "),
        "{stderr}"
    );
    let words = json["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s["text"].as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(words.contains("your chest and your belly"), "{words}");
}

/// A one-minute imagery practice with four scenes, so a test can play it.
const IMAGERY: &str = r#"
id = "tiny-imagery"
kind = "imagery"
title = "Tiny calm place"
summary = "A short test scene."
author = "test"
sources = ["none"]
posture = "Any."
min_minutes = 1
max_minutes = 5
default_minutes = 1

[[steps]]
id = "arrive"
text = "Settle in."
min_s = 6

[[steps]]
id = "scene"
scene = true

[[steps]]
id = "return"
text = "Come back when you are ready."
min_s = 14

[[scenes]]
id = "shore"
title = "A shore"

[[scenes.steps]]
id = "shore-sight"
text = "Waves come and go."
min_s = 5

[[scenes]]
id = "wood"
title = "A wood"

[[scenes.steps]]
id = "wood-sight"
text = "Leaves move overhead."
min_s = 5

[[scenes]]
id = "stream"
title = "A stream"

[[scenes.steps]]
id = "stream-sound"
text = "Water runs over stones."
min_s = 5

[[scenes]]
id = "hill"
title = "A hill"

[[scenes.steps]]
id = "hill-sight"
text = "Grass bends in the wind."
min_s = 5
"#;

#[test]
fn imagery_asks_how_pleasant_it_was_and_suggests_the_best_rated_scene() {
    let bc = Bc::new();
    let content = bc.scratch("content");
    std::fs::create_dir_all(content.join("practices")).expect("mkdir");
    std::fs::write(content.join("practices/tiny-imagery.toml"), IMAGERY).expect("write");
    let dir = content.to_str().expect("utf-8 path");
    let play = [
        "--content-dir",
        dir,
        "practice",
        "play",
        "tiny-imagery",
        "--scene",
        "wood",
        "--plain",
        "--no-bells",
    ];
    // Pain, stress before; pain, stress after; then pleasantness (a bad answer first).
    let r = bc.run_with_input(&play, "\n\n\n\n11\n9\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "How pleasant were the images, 0 not at all to 10 very (Enter to skip): 11\n11 is not on the 0-10 scale"
        ),
        "{}",
        r.stdout
    );
    let sessions = bc.ok(&["--content-dir", dir, "sessions", "--json"]).json();
    assert_eq!(sessions[0]["variant"], "wood", "{sessions}");
    assert_eq!(sessions[0]["pleasantness"], 9, "{sessions}");
    // Next time the wood is suggested, not the first scene, and can be changed.
    let r = bc.ok(&[
        "--content-dir",
        dir,
        "practice",
        "show",
        "tiny-imagery",
        "--json",
    ]);
    assert_eq!(r.json()["variant"], "wood");
    assert!(
        r.stderr.starts_with("Scene: A wood, the one you rated most pleasant (9 out of 10 on average over 1 rated session).\n  Choose another with --scene NAME: shore, wood, stream, hill.\n"),
        "{}",
        r.stderr
    );
    let r = bc.ok(&[
        "--content-dir",
        dir,
        "practice",
        "show",
        "tiny-imagery",
        "--scene",
        "shore",
        "--json",
    ]);
    assert_eq!(r.json()["variant"], "shore");
    assert_eq!(r.stderr, "", "nothing to suggest when a scene is named");
}
