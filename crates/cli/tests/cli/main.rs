//! The `backcalm` binary, run for real against temporary data directories.
//!
//! One integration binary (ripgrep style): each test builds its own
//! [`Bc`] with a fresh data dir, runs commands, and checks what they print,
//! their exit codes, and what they left on disk. The modules group the
//! tests by command.

mod accounts;
mod audit;
mod backup;
mod care;
mod crisis;
mod deployment;
mod hosted;
mod insights;
mod journal;
mod migrate;
mod personal;
mod portability;
mod postgres;
mod practice;
mod refused;
mod render;
mod serve;
mod two_processes;

use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use uuid::Uuid;

/// A `backcalm` with its own data directory, in London time.
struct Bc {
    tmp: tempfile::TempDir,
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
            tmp,
            data,
            database_url: None,
        }
    }

    fn scratch(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_backcalm"));
        c.args(args)
            .env("BACKCALM_DATA_DIR", &self.data)
            .env("BACKCALM_TZ", "Europe/London")
            .env_remove("BACKCALM_CONTENT_DIR")
            .env_remove("NO_COLOR")
            // Practices play sixty times faster than real time: a one-minute
            // practice takes a second (player/clock.rs).
            .env("BACKCALM_PLAYER_SPEED", "60")
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

    /// Runs with `input` typed on stdin, as someone answering its prompts.
    fn run_with_input(&self, args: &[&str], input: &str) -> Run {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("answers");
        child.wait_with_output().expect("ends").into()
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
