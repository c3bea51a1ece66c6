//! Values that are not allowed: exit 2, a message naming them, nothing written.

use crate::{ids, Bc};

/// Each refused value: the arguments and words the message must contain.
const REFUSED: &[(&[&str], &[&str])] = &[
    // No command at all: the help, so a new user sees what there is to do.
    (
        &[],
        &["Usage: backcalm", "practice", "log", "not a replacement"],
    ),
    (&["log", "--pain", "11"], &["--pain", "11", "0 to 10"]),
    (&["log", "--pain", "-1"], &["--pain", "-1", "0 to 10"]),
    (
        &["log", "--pain", "4", "--stress", "12"],
        &["--stress", "12", "0 to 10"],
    ),
    (
        &["log", "--pain", "4", "--feel", "itchy"],
        &["--feel", "itchy", "radiating", "dull-ache"],
    ),
    (
        &["log", "--pain", "4", "--where", "tail"],
        &["--where", "tail", "lower-back", "-left"],
    ),
    (
        &["log", "--pain", "4", "--at", "yesterday"],
        &["--at", "yesterday", "RFC 3339"],
    ),
    // Times are read strictly, by core's one reader.
    (
        &["log", "--pain", "4", "--at", "20260101T000000Z"],
        &[
            "--at",
            "20260101T000000Z",
            "basic format",
            "dashes and colons",
        ],
    ),
    (
        &["log", "--pain", "4", "--at", "2026-01-01T00:00:00+25:00"],
        &["--at", "-23:59 to +23:59"],
    ),
    (
        &["log", "--pain", "4", "--at", "2016-12-31T23:59:60Z"],
        &["--at", "leap second"],
    ),
    (
        &[
            "log",
            "--pain",
            "4",
            "--at",
            "2026-01-01T00:00:00Z[Mars/Olympus]",
        ],
        &["--at", "after the offset"],
    ),
    // A note holds no terminal escape or NUL, whichever way it comes in.
    (
        &["log", "--pain", "4", "--note", "red \u{1b}[31m text"],
        &["note", "control character U+001B"],
    ),
    (
        &["practice", "show", "yoga"],
        &["yoga", "paced-breathing", "meditation-timer"],
    ),
    (&["practice", "play", "yoga"], &["yoga", "paced-breathing"]),
    (
        &["practice", "show", "paced-breathing", "--minutes", "999"],
        &["999", "1 to 20"],
    ),
    (
        &["practice", "show", "paced-breathing", "--pace", "1:1"],
        &["1:1", "2-8 s"],
    ),
    (
        &["practice", "show", "paced-breathing", "--interval", "5"],
        &["--interval", "paced-breathing", "meditation timer"],
    ),
    (
        &["practice", "show", "meditation-timer", "--interval", "0.1"],
        &["0.1", "at least 10"],
    ),
    (
        &["practice", "show", "body-scan", "--painful", "tail"],
        &["tail", "lower-back"],
    ),
    (
        &["practice", "show", "meditation-timer", "--strikes", "3"],
        &["3 strikes", "1 or 2"],
    ),
    (
        &[
            "practice",
            "show",
            "meditation-timer",
            "--breath-areas",
            "neck",
        ],
        &[
            "--painful/--breath-areas does not apply to meditation-timer (timer)",
            "body regions are for guided practices",
        ],
    ),
    (
        &["practice", "show", "natural-breath", "--open"],
        &["open-ended length does not apply to natural-breath (breathing)"],
    ),
    (
        &["practice", "show", "guided-imagery", "--scene", "moon"],
        &["moon", "beach"],
    ),
    (
        &["practice", "play", "paced-breathing", "--minutes", "0"],
        &["0 minutes", "1 to 20"],
    ),
    (
        &["history", "--from", "2026-13-01"],
        &["2026-13-01", "YYYY-MM-DD"],
    ),
    (
        &["report", "--range", "5y", "-o", "/nonexistent-dir/r.pdf"],
        &["\"5y\" is not a range", "4w", "3m", "1y", "all"],
    ),
    (
        &[
            "report",
            "--from",
            "2026-01-01",
            "--range",
            "1y",
            "-o",
            "/nonexistent-dir/r.pdf",
        ],
        &["--from", "--range", "cannot be used with"],
    ),
    (
        &["history", "--from", "2026-03-02", "--to", "2026-03-01"],
        &["2026-03-02", "2026-03-01"],
    ),
    (
        &["sessions", "--to", "last week"],
        &["last week", "YYYY-MM-DD"],
    ),
    (
        &["screen", "--answers", "tail-ache=yes"],
        &["tail-ache", "saddle-numbness"],
    ),
    (
        &["screen", "--answers", "night-pain=sometimes"],
        &["sometimes", "yes or no"],
    ),
    (&["remind", "add", "7pm"], &["7pm", "HH:MM"]),
    (
        &["remind", "add", "07:00", "--label", LONG_LABEL],
        &["--label", "80"],
    ),
    (&["remind", "remove", "abc"], &["abc", "remind list"]),
    (
        &["remind", "remove", "0b9f3c3e-2f4b-4f7e-9d59-3b1f0a6d2c11"],
        &["0b9f3c3e-2f4b-4f7e-9d59-3b1f0a6d2c11", "remind list"],
    ),
    (
        &["learn", "astrology"],
        &["astrology", "what-is-mindfulness"],
    ),
    (
        &[
            "questionnaire",
            "take",
            "peg-3",
            "--answers",
            "pain=11,enjoyment=0,activity=0",
        ],
        &["--answers", "11", "0 to 10"],
    ),
    (
        &["questionnaire", "take", "peg-3", "--answers", "pain=1"],
        &["--answers", "enjoyment"],
    ),
    (
        &["report", "-o", "/nonexistent-dir/r.doc"],
        &[".html", ".pdf"],
    ),
    (
        &[
            "report",
            "--from",
            "2026-13-01",
            "-o",
            "/nonexistent-dir/r.pdf",
        ],
        &["2026-13-01", "YYYY-MM-DD"],
    ),
    (
        &["export", "--format", "yaml", "-o", "/nonexistent-dir/x"],
        &["yaml", "json"],
    ),
    (
        &["restore", "/nonexistent-dir/backup.sqlite3", "--yes"],
        &["/nonexistent-dir/backup.sqlite3", "cannot be restored"],
    ),
];

/// Longer than a reminder label may be (80 characters).
const LONG_LABEL: &str =
    "a label that goes on and on, far longer than anything a calendar could show in one line";

fn assert_refused(bc: &Bc, args: &[&str], words: &[&str]) {
    let r = bc.run(args);
    assert_eq!(
        r.code, 2,
        "backcalm {args:?} should exit 2; stderr:\n{}",
        r.stderr
    );
    assert!(
        r.stdout.is_empty(),
        "backcalm {args:?} printed {:?}",
        r.stdout
    );
    for w in words {
        assert!(
            r.stderr.contains(w),
            "backcalm {args:?}: {w:?} missing from:\n{}",
            r.stderr
        );
    }
    assert!(
        !r.stderr.contains("panicked") && !r.stderr.contains("backtrace"),
        "{}",
        r.stderr
    );
}

#[test]
fn refused_values_exit_2_and_write_nothing() {
    let fresh = Bc::new();
    for (args, words) in REFUSED {
        assert_refused(&fresh, args, words);
    }
    assert!(
        !fresh.data.exists(),
        "a refused command created the data dir"
    );

    let used = Bc::new();
    let kept = used.log(&["--pain", "5"]);
    for (args, words) in REFUSED {
        assert_refused(&used, args, words);
    }
    assert_eq!(
        ids(&used.history(&[])),
        [kept.to_string()],
        "a refused command changed the journal"
    );
}

#[test]
fn refused_renders_leave_no_file() {
    let bc = Bc::new();
    let out = bc.scratch("refused.wav");
    let path = out.to_str().expect("utf-8 path");
    assert_refused(&bc, &["render", "yoga", "-o", path], &["yoga"]);
    assert_refused(
        &bc,
        &["render", "paced-breathing", "--minutes", "999", "-o", path],
        &["999", "1 to 20"],
    );
    assert_refused(
        &bc,
        &["render", "meditation-timer", "--open", "-o", path],
        &["--open", "--minutes"],
    );
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(bc.tmp.path()).expect("list").collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_zone_from_the_environment_is_spelled_as_iana_does_or_refused() {
    let bc = Bc::new();
    for zone in ["localtime", "posixrules", "Factory"] {
        let r = bc
            .command(&["log", "--pain", "4"])
            .env("BACKCALM_TZ", zone)
            .output()
            .expect("backcalm runs");
        let stderr = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(2), "{zone}: {stderr}");
        assert!(stderr.contains("BACKCALM_TZ"), "{stderr}");
        assert!(stderr.contains(&format!("{zone:?}")), "{stderr}");
        assert!(stderr.contains("use an IANA name"), "{stderr}");
    }
    let r = bc
        .command(&["log", "--pain", "4", "--at", "2026-03-01T09:00:00.1234567Z"])
        .env("BACKCALM_TZ", "america/new_york")
        .output()
        .expect("backcalm runs");
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let stored = bc.history(&[]);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["tz"], "America/New_York");
    assert_eq!(stored[0]["recorded_at"], "2026-03-01T04:00:00.123456-05:00");
}
