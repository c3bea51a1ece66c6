//! The `backcalm` binary, run for real against temporary data directories.
//!
//! One integration binary (ripgrep style): each test builds its own
//! [`Bc`] with a fresh data dir, runs commands, and checks what they print,
//! their exit codes, and what they left on disk.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;
use uuid::Uuid;

/// A `backcalm` with its own data directory, in London time.
struct Bc {
    _tmp: tempfile::TempDir,
    data: PathBuf,
    database_url: Option<String>,
}

/// What a finished command did.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Bc {
    fn new() -> Bc {
        let tmp = tempfile::tempdir().expect("temp dir");
        // A data dir that does not exist yet, so tests can see who creates it.
        let data = tmp.path().join("data");
        Bc {
            _tmp: tmp,
            data,
            database_url: None,
        }
    }

    fn scratch(&self, name: &str) -> PathBuf {
        self._tmp.path().join(name)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_backcalm"));
        c.args(args)
            .env("BACKCALM_DATA_DIR", &self.data)
            .env("BACKCALM_TZ", "Europe/London")
            .env_remove("BACKCALM_CONTENT_DIR")
            .env_remove("NO_COLOR")
            .stdin(Stdio::null());
        match &self.database_url {
            Some(url) => c.env("BACKCALM_DATABASE_URL", url),
            None => c.env_remove("BACKCALM_DATABASE_URL"),
        };
        c
    }

    fn run(&self, args: &[&str]) -> Run {
        self.command(args).output().expect("backcalm runs").into()
    }

    /// Runs and insists on exit 0.
    fn ok(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, 0, "backcalm {args:?} failed:\n{}", r.stderr);
        r
    }

    fn log(&self, args: &[&str]) -> Uuid {
        let mut all = vec!["log"];
        all.extend_from_slice(args);
        let r = self.ok(&all);
        assert!(r.stdout.ends_with('\n'), "{:?}", r.stdout);
        Uuid::parse_str(r.stdout.trim_end())
            .unwrap_or_else(|_| panic!("log printed more than an id: {:?}", r.stdout))
    }

    fn history(&self, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["history", "--json"];
        all.extend_from_slice(args);
        match self.ok(&all).json() {
            Value::Array(v) => v,
            other => panic!("history --json is not an array: {other}"),
        }
    }
}

fn ids(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["id"].as_str().expect("id is a string").to_string())
        .collect()
}

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
    assert_eq!(timer["total_ms"], 1_200_000);
    let bells = timer["cues"]
        .as_array()
        .expect("cues")
        .iter()
        .filter(|c| c["kind"] == "bell")
        .count();
    assert_eq!(bells, 5, "start, 5, 10, 15 and end");

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

/// Each refused value: the arguments and words the message must contain.
const REFUSED: &[(&[&str], &[&str])] = &[
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
        &["practice", "show", "body-scan", "--painful", "tail"],
        &["tail", "lower-back"],
    ),
    (
        &["practice", "show", "meditation-timer", "--strikes", "3"],
        &["3 strikes", "1 or 2"],
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
        &["history", "--from", "2026-03-02", "--to", "2026-03-01"],
        &["2026-03-02", "2026-03-01"],
    ),
    (
        &["sessions", "--to", "last week"],
        &["last week", "YYYY-MM-DD"],
    ),
];

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
    let leftovers: Vec<_> = std::fs::read_dir(bc._tmp.path()).expect("list").collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The fields of a canonical WAV header, and the data chunk's length.
fn wav_format(bytes: &[u8]) -> (u16, u16, u32, u16, u32) {
    assert_eq!(&bytes[0..4], b"RIFF");
    assert_eq!(&bytes[8..12], b"WAVE");
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let u32_at =
        |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let mut at = 12;
    let mut fmt = None;
    while at + 8 <= bytes.len() {
        let size = u32_at(at + 4);
        match &bytes[at..at + 4] {
            b"fmt " => {
                fmt = Some((
                    u16_at(at + 8),
                    u16_at(at + 10),
                    u32_at(at + 12),
                    u16_at(at + 22),
                ))
            }
            b"data" => {
                let (format, channels, rate, bits) = fmt.expect("fmt before data");
                assert_eq!(
                    bytes.len() - (at + 8),
                    size as usize,
                    "data runs to the end of the file"
                );
                return (format, channels, rate, bits, size);
            }
            _ => {}
        }
        at += 8 + size as usize + (size as usize % 2);
    }
    panic!("no data chunk");
}

#[test]
fn render_writes_48_khz_mono_of_the_exact_length() {
    let bc = Bc::new();
    let out = bc.scratch("breathing.wav");
    let path = out.to_str().expect("utf-8 path");
    let r = bc.ok(&[
        "render",
        "paced-breathing",
        "--minutes",
        "1",
        "--no-voice",
        "-o",
        path,
    ]);
    assert_eq!(
        r.stdout,
        format!("Wrote {path} (01:00, bells only, no voice)\n")
    );
    assert!(
        r.stderr.is_empty(),
        "--no-voice says nothing about espeak-ng: {}",
        r.stderr
    );
    let (format, channels, rate, bits, data) = wav_format(&std::fs::read(&out).expect("the file"));
    assert_eq!((format, channels, rate, bits), (1, 1, 48_000, 16));
    assert_eq!(u64::from(data), 60_000 * 48 * 2);
    assert!(!bc.data.exists(), "rendering must not create the data dir");
}

#[test]
fn render_without_espeak_says_so_once_and_still_writes() {
    let bc = Bc::new();
    let out = bc.scratch("timer.wav");
    let path = out.to_str().expect("utf-8 path");
    let empty_path = bc.scratch("no-programs");
    std::fs::create_dir(&empty_path).expect("mkdir");
    let r: Run = bc
        .command(&["render", "natural-breath", "--minutes", "1", "-o", path])
        .env("PATH", &empty_path)
        .output()
        .expect("runs")
        .into();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "espeak-ng not found: writing bells only; captions are in `backcalm practice show`\n"
    );
    let (_, _, _, _, data) = wav_format(&std::fs::read(&out).expect("the file"));
    assert_eq!(u64::from(data), 60_000 * 48 * 2);
}

#[test]
fn render_speaks_with_espeak_ng() {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join("espeak-ng").is_file()))
        .unwrap_or(false);
    assert!(
        found,
        "espeak-ng is needed for this test: apt-get install espeak-ng (scripts/test does)"
    );
    let bc = Bc::new();
    let out = bc.scratch("spoken.wav");
    let path = out.to_str().expect("utf-8 path");
    let tl = bc
        .ok(&[
            "practice",
            "show",
            "natural-breath",
            "--minutes",
            "2",
            "--json",
        ])
        .json();
    let prompts = tl["cues"]
        .as_array()
        .expect("cues")
        .iter()
        .filter(|c| c["kind"] == "speak")
        .count();
    let r = bc.ok(&["render", "natural-breath", "--minutes", "2", "-o", path]);
    assert_eq!(
        r.stdout,
        format!("Wrote {path} (02:00, {prompts} prompts spoken)\n")
    );
    let (_, _, _, _, data) = wav_format(&std::fs::read(&out).expect("the file"));
    assert_eq!(u64::from(data), 120_000 * 48 * 2);
}

/// Sends a bare HTTP/1.1 GET and returns the whole answer.
fn http_get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("sends");
    let mut answer = String::new();
    s.read_to_string(&mut answer).expect("reads");
    answer
}

/// Starts `serve` and returns the child and the first line it printed.
fn start_serve(bc: &Bc, bind: &str) -> (std::process::Child, String) {
    let mut child = bc
        .command(&["serve", "--bind", bind])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(line) => (child, line),
        Err(_) => {
            let _ = child.kill();
            panic!("serve printed nothing within 60 s");
        }
    }
}

#[test]
fn serve_prints_its_real_address_and_answers() {
    let bc = Bc::new();
    let (mut child, line) = start_serve(&bc, "127.0.0.1:0");
    let url = line
        .strip_prefix("backcalm is running at http://")
        .and_then(|rest| rest.strip_suffix("/ — press Ctrl-C to stop\n"))
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    let port: u16 = url
        .strip_prefix("127.0.0.1:")
        .and_then(|p| p.parse().ok())
        .expect("a port");
    assert_ne!(port, 0, "the real port, not 0");
    let answer = http_get(url, "/api/v1/practices");
    child.kill().expect("stops");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("reads");
    let _ = child.wait();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"paced-breathing\""), "{answer}");
    assert!(stderr.is_empty(), "loopback needs no warning: {stderr}");
}

#[test]
fn serve_on_every_interface_warns_that_there_is_no_login() {
    let bc = Bc::new();
    let (mut child, line) = start_serve(&bc, "0.0.0.0:0");
    child.kill().expect("stops");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("reads");
    let _ = child.wait();
    assert!(
        line.starts_with("backcalm is running at http://127.0.0.1:"),
        "{line}"
    );
    assert!(
        stderr.contains("0.0.0.0") && stderr.contains("no login"),
        "{stderr}"
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
fn play_saves_the_session_with_its_ratings() {
    let bc = Bc::new();
    let mut child = bc
        .command(&[
            "practice",
            "play",
            "meditation-timer",
            "--minutes",
            "1",
            "--plain",
            "--no-bells",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("play starts");
    // Pain and stress before, then (after the sit) pain and stress after.
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"6\n5\n4\n3\n")
        .expect("answers");
    let r: Run = child.wait_with_output().expect("play ends").into();
    assert_eq!(r.code, 0, "{}", r.stderr);
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
    assert!(
        s["actual_s"]
            .as_u64()
            .is_some_and(|a| (59..=61).contains(&a)),
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

/// A fresh database on the test PostgreSQL server; dropped when done.
struct FreshPostgres {
    admin: String,
    name: String,
    url: String,
}

impl FreshPostgres {
    fn create() -> FreshPostgres {
        let admin = std::env::var("BACKCALM_TEST_DATABASE_URL").unwrap_or_else(|_| {
            panic!(
                "BACKCALM_TEST_DATABASE_URL is not set: point it at a PostgreSQL superuser URL such as \
                 postgres://postgres@127.0.0.1:5432/postgres (scripts/test starts one)"
            )
        });
        let name = format!("backcalm_cli_test_{}", Uuid::new_v4().simple());
        admin_sql(&admin, &format!("CREATE DATABASE {name}"));
        let (base, _) = admin.rsplit_once('/').expect("the URL names a database");
        let url = format!("{base}/{name}");
        FreshPostgres { admin, name, url }
    }
}

impl Drop for FreshPostgres {
    fn drop(&mut self) {
        admin_sql(
            &self.admin,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        );
    }
}

fn admin_sql(admin_url: &str, sql: &str) {
    use sqlx::Connection;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let mut c = sqlx::PgConnection::connect(admin_url)
            .await
            .expect("connects to BACKCALM_TEST_DATABASE_URL");
        sqlx::query(sql)
            .execute(&mut c)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        let _ = c.close().await;
    });
}

#[test]
fn postgres_journal_by_url() {
    let pg = FreshPostgres::create();
    let mut bc = Bc::new();
    bc.database_url = Some(pg.url.clone());
    let first = bc.log(&[
        "--pain",
        "7",
        "--feel",
        "tension",
        "--at",
        "2026-01-15T08:00:00Z",
    ]);
    let second = bc.log(&[
        "--pain",
        "3",
        "--where",
        "neck",
        "--at",
        "2026-01-16T20:00:00Z",
    ]);
    let all = bc.history(&[]);
    assert_eq!(ids(&all), [first.to_string(), second.to_string()]);
    assert_eq!(all[0]["recorded_at"], "2026-01-15T08:00:00+00:00");
    assert_eq!(all[0]["feel"], serde_json::json!(["tension"]));
    assert_eq!(all[1]["where"], serde_json::json!(["neck"]));
    assert_eq!(
        ids(&bc.history(&["--from", "2026-01-16"])),
        [second.to_string()]
    );
    assert!(
        !bc.data.exists(),
        "with --database-url the data dir is not used"
    );
    // The same records through the flag rather than the environment.
    let flag = Bc::new();
    let r = flag.ok(&["--database-url", &pg.url, "history", "--json"]);
    assert_eq!(
        ids(r.json().as_array().expect("array")),
        [first.to_string(), second.to_string()]
    );
}
