//! `serve`: the real port, a real HTTP answer, a warning off loopback.

use crate::Bc;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::time::Duration;

/// Sends a bare HTTP/1.1 GET and returns the whole answer.
pub(crate) fn http_get(addr: &str, path: &str) -> String {
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

/// Sends a bare HTTP/1.1 POST of a JSON body and returns the whole answer.
pub(crate) fn http_post_json(addr: &str, path: &str, body: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("sends");
    let mut answer = String::new();
    s.read_to_string(&mut answer).expect("reads");
    answer
}

/// The body of an HTTP answer, with chunked transfer encoding undone.
pub(crate) fn body(answer: &str) -> String {
    let (head, rest) = answer
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {answer:?}"));
    if !head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return rest.to_string();
    }
    let mut out = String::new();
    let mut rest = rest;
    loop {
        let (size, after) = rest.split_once("\r\n").expect("chunk size line");
        let size = usize::from_str_radix(size.trim(), 16).expect("hex chunk size");
        if size == 0 {
            return out;
        }
        out.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
}

/// A running `backcalm serve` on a free port; killed when dropped.
pub(crate) struct Server {
    child: std::process::Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

impl Server {
    pub(crate) fn start(bc: &Bc) -> Server {
        let (child, line, _log) = start_serve(bc, "127.0.0.1:0");
        let addr = line
            .strip_prefix("backcalm is running at http://")
            .and_then(|rest| rest.strip_suffix("/ — press Ctrl-C to stop\n"))
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        Server { child, addr }
    }

    /// GET `path`; insists on 200 and returns the body.
    pub(crate) fn get(&self, path: &str) -> String {
        let answer = http_get(&self.addr, path);
        assert!(answer.starts_with("HTTP/1.1 200"), "GET {path}: {answer}");
        body(&answer)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A running `serve`'s stderr, read as it comes: a pipe left full would
/// block the server at its next request log line.
pub(crate) struct Log(std::thread::JoinHandle<String>);

impl Log {
    /// Everything written, once the server has exited.
    fn after_exit(self) -> String {
        self.0.join().expect("the stderr reader")
    }
}

/// Starts `serve` and returns the child, the first line it printed and its stderr.
fn start_serve(bc: &Bc, bind: &str) -> (std::process::Child, String, Log) {
    start_serve_with(bc, &["serve", "--bind", bind])
}

/// Starts `backcalm ARGS` (a `serve`) as [`start_serve`] does.
pub(crate) fn start_serve_with(bc: &Bc, args: &[&str]) -> (std::process::Child, String, Log) {
    let mut child = bc
        .command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let mut stderr = child.stderr.take().expect("stderr");
    let log = Log(std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    }));
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(line) => (child, line, log),
        Err(_) => {
            let _ = child.kill();
            panic!("serve printed nothing within 60 s");
        }
    }
}

#[test]
fn serve_prints_its_real_address_and_answers() {
    let bc = Bc::new();
    let (mut child, line, log) = start_serve(&bc, "127.0.0.1:0");
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
    let _ = child.wait();
    let stderr = log.after_exit();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"paced-breathing\""), "{answer}");
    // Loopback needs no warning: the one request's log line is all.
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].contains(" INFO request{method=GET request_id=")
            && lines[0].contains(" route=\"/api/v1/practices\"}: ")
            && lines[0].contains(" answered status=200 ms="),
        "{stderr}"
    );
}

#[test]
fn serve_logs_json_lines_for_collectors_with_the_request_id_a_proxy_sent() {
    let bc = Bc::new();
    let (mut child, line, log) = start_serve_with(
        &bc,
        &["serve", "--bind", "127.0.0.1:0", "--log-format", "json"],
    );
    let addr = line
        .strip_prefix("backcalm is running at http://")
        .and_then(|rest| rest.strip_suffix("/ — press Ctrl-C to stop\n"))
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    let mut stream = std::net::TcpStream::connect(&addr).expect("connects");
    write!(
        stream,
        "GET /api/v1/checkins/00000000-0000-0000-0000-000000000001 HTTP/1.1\r\n\
         Host: {addr}\r\nx-request-id: proxy-42\r\nConnection: close\r\n\r\n"
    )
    .expect("sends");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("reads");
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert!(answer.contains("x-request-id: proxy-42\r\n"), "{answer}");
    child.kill().expect("stops");
    let _ = child.wait();
    let stderr = log.after_exit();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(lines[0]).expect("one JSON object a line");
    assert_eq!(v["level"], "INFO");
    assert_eq!(v["message"], "answered");
    assert_eq!(v["status"], 404);
    assert!(v["ms"].is_u64(), "{v}");
    assert_eq!(v["span"]["method"], "GET");
    assert_eq!(
        v["span"]["route"], "/api/v1/checkins/{id}",
        "the template, no id"
    );
    assert_eq!(v["span"]["request_id"], "proxy-42");
    assert!(!lines[0].contains("00000000-0000-0000-0000-000000000001"));
}

#[test]
fn serve_logs_each_request_on_one_line_without_its_query() {
    let bc = Bc::new();
    let (mut child, line, log) = start_serve(&bc, "127.0.0.1:0");
    let addr = line
        .strip_prefix("backcalm is running at http://")
        .and_then(|rest| rest.strip_suffix("/ — press Ctrl-C to stop\n"))
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    let saved = http_post_json(
        &addr,
        "/api/v1/checkins",
        r#"{"pain": 7, "note": "a private note about the hospital"}"#,
    );
    assert!(saved.starts_with("HTTP/1.1 201"), "{saved}");
    let page = http_get(&addr, "/practices/body-scan/play?painful=lower-back");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    let probe = http_get(&addr, "/healthz?token=s3cret");
    assert!(probe.starts_with("HTTP/1.1 200"), "{probe}");
    let missing = http_get(&addr, "/no-such-page");
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
    child.kill().expect("stops");
    let _ = child.wait();
    let stderr = log.after_exit();
    let lines: Vec<&str> = stderr.lines().collect();
    // The route as its template (no ids), "(no route)" when none matched.
    let expected = [
        ("POST", "/api/v1/checkins", 201),
        ("GET", "/practices/{id}/play", 200),
        ("GET", "/healthz", 200),
        ("GET", "(no route)", 404),
    ];
    assert_eq!(
        lines.len(),
        expected.len(),
        "one line per request: {stderr}"
    );
    for (line, (method, path, status)) in lines.iter().zip(expected) {
        assert!(
            line.contains(&format!(" INFO request{{method={method} request_id="))
                && line.contains(&format!(" route=\"{path}\"}}: "))
                && line.contains(&format!(" answered status={status} ms=")),
            "{method} {path} {status}: {line}"
        );
    }
    // Nothing of the journal, the query or the form token.
    for private in [
        "pain",
        "private",
        "hospital",
        "lower-back",
        "s3cret",
        "token",
        "?",
    ] {
        assert!(
            !stderr.contains(private),
            "{private:?} in the log: {stderr}"
        );
    }
}

#[test]
fn serve_on_every_interface_warns_that_there_is_no_login() {
    let bc = Bc::new();
    let (mut child, line, log) = start_serve(&bc, "0.0.0.0:0");
    child.kill().expect("stops");
    let _ = child.wait();
    let stderr = log.after_exit();
    assert!(
        line.starts_with("backcalm is running at http://127.0.0.1:"),
        "{line}"
    );
    assert!(
        stderr.contains("0.0.0.0") && stderr.contains("no login"),
        "{stderr}"
    );
    // The warning names the real port, known only once the socket is bound.
    let port = line
        .strip_prefix("backcalm is running at http://127.0.0.1:")
        .and_then(|rest| rest.split('/').next())
        .expect("a port");
    assert!(
        stderr.contains(&format!("0.0.0.0:{port},"))
            && stderr.contains(&format!("IP-ADDRESS:{port}/")),
        "{stderr}"
    );
}

#[test]
fn sigterm_during_a_burst_of_posts_keeps_every_answered_write_and_nothing_half_written() {
    let bc = Bc::new();
    let (mut child, line, _log) = start_serve(&bc, "127.0.0.1:0");
    let addr = line
        .strip_prefix("backcalm is running at http://")
        .and_then(|rest| rest.strip_suffix("/ — press Ctrl-C to stop\n"))
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    // Four clients post check-ins with ids of their own, as fast as they can,
    // until the server stops answering.
    let clients: Vec<_> = (0..4)
        .map(|c| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut sent = Vec::new();
                let mut acked = Vec::new();
                for n in 0..10_000u32 {
                    let id = format!("00000000-0000-4000-8000-{c:04}{n:08}");
                    let pain = (n % 11) as u8;
                    let body = format!(
                        "{{\"id\":\"{id}\",\"pain\":{pain},\"recorded_at\":\"2026-12-01T08:00:00Z\",\"tz\":\"UTC\"}}"
                    );
                    sent.push((id.clone(), pain));
                    match post(&addr, &body) {
                        Some(201) => acked.push(id),
                        Some(status) => panic!("POST {id} answered {status}, not 201 or a cut connection"),
                        None => break,
                    }
                }
                (sent, acked)
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(700));
    let term = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(term.success());
    // Polled 750 times 20 ms apart: 15 s at least.
    let mut polls = 0;
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        polls += 1;
        assert!(polls < 750, "serve did not stop within 15 s of SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "serve exited with {status}");
    let mut sent = std::collections::BTreeMap::new();
    let mut acked = Vec::new();
    for client in clients {
        let (s, a) = client.join().expect("client thread");
        sent.extend(s);
        acked.extend(a);
    }
    assert!(
        acked.len() >= 20,
        "the burst was too short to mean anything: {} acked",
        acked.len()
    );
    let history: serde_json::Value =
        serde_json::from_str(&bc.ok(&["history", "--json"]).stdout).expect("history is JSON");
    let stored: std::collections::BTreeMap<String, u64> = history
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().expect("id").to_string(),
                r["pain"].as_u64().expect("pain"),
            )
        })
        .collect();
    for id in &acked {
        assert!(
            stored.contains_key(id),
            "{id} got 201 but is not in the journal"
        );
    }
    for (id, pain) in &stored {
        let want = sent
            .get(id)
            .unwrap_or_else(|| panic!("{id} stored but never sent"));
        assert_eq!(*pain, u64::from(*want), "{id} stored with other values");
    }
    // Requests in flight were finished and answered before the stop, so
    // nothing was committed without its 201 reaching the client.
    assert_eq!(stored.len(), acked.len(), "stored and acknowledged differ");
}

/// POSTs a check-in over a fresh connection: the status, or `None` when the
/// connection was refused or cut before a whole status line came back.
fn post(addr: &str, body: &str) -> Option<u16> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    write!(
        s,
        "POST /api/v1/checkins HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    answer
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
}

#[test]
fn serve_settings_come_from_flags_then_the_config_file_then_defaults() {
    let bc = Bc::new();
    let defaults = bc.ok(&["serve", "--print-config"]).stdout;
    let data = bc.data.display().to_string();
    for line in [
        "bind = \"127.0.0.1:7878\"",
        "header_timeout = 10",
        "body_grace = 10",
        "body_min_rate = 1024",
        "shutdown_deadline = 10",
    ] {
        let found = defaults.lines().find(|l| l.starts_with(line));
        assert!(
            found.is_some_and(|l| l.ends_with("# default")),
            "{line} in {defaults}"
        );
    }
    let dir_line = format!("data_dir = \"{data}\"");
    assert!(
        defaults
            .lines()
            .any(|l| l.starts_with(&dir_line) && l.ends_with("# flag or environment")),
        "{defaults}"
    );
    assert!(
        !bc.data.exists(),
        "printing the settings touches no journal"
    );

    let file = bc.scratch("serve.toml");
    std::fs::write(
        &file,
        "bind = \"0.0.0.0:9000\"\nheader_timeout = 5\nbody_min_rate = 2048\n",
    )
    .expect("config written");
    let mut cmd = bc.command(&[
        "serve",
        "--config",
        file.to_str().expect("utf-8"),
        "--body-min-rate",
        "4096",
        "--print-config",
    ]);
    cmd.env("BACKCALM_SHUTDOWN_DEADLINE", "3");
    let out = cmd.output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let printed = String::from_utf8(out.stdout).expect("utf-8");
    for (line, origin) in [
        ("bind = \"0.0.0.0:9000\"", "config file"),
        ("header_timeout = 5", "config file"),
        ("body_min_rate = 4096", "flag or environment"),
        ("shutdown_deadline = 3", "flag or environment"),
        ("body_grace = 10", "default"),
    ] {
        let found = printed.lines().find(|l| l.starts_with(line));
        assert!(
            found.is_some_and(|l| l.ends_with(&format!("# {origin}"))),
            "{line} in {printed}"
        );
    }
    // What it prints is a config file it accepts, with the same values.
    let again = bc.scratch("printed.toml");
    std::fs::write(&again, &printed).expect("written");
    let reread = bc
        .ok(&[
            "serve",
            "--config",
            again.to_str().expect("utf-8"),
            "--print-config",
        ])
        .stdout;
    let values = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('#').next().unwrap_or("").trim_end().to_string())
            .collect()
    };
    assert_eq!(values(&reread), values(&printed));
}

#[test]
fn a_database_password_is_never_printed_and_config_mistakes_are_refused() {
    let bc = Bc::new();
    let file = bc.scratch("serve.toml");
    std::fs::write(
        &file,
        "database_url = \"postgres://bc:s3cret@db.example/backcalm\"\n",
    )
    .expect("written");
    let mut cmd = bc.command(&[
        "serve",
        "--config",
        file.to_str().expect("utf-8"),
        "--print-config",
    ]);
    cmd.env_remove("BACKCALM_DATA_DIR");
    let out = cmd.output().expect("runs");
    let printed = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        printed.contains("database_url = \"postgres://bc:[redacted]@db.example/backcalm\""),
        "{printed}"
    );
    assert!(!printed.contains("s3cret"), "{printed}");

    for (text, says) in [
        ("bnd = \"127.0.0.1:1\"\n", "unknown field `bnd`"),
        (
            "header_timeout = 0\n",
            "header_timeout = 0 is outside 1..=3600",
        ),
        ("bind = \"nowhere\"\n", "invalid socket address"),
        (
            "public_url = \"https://backcalm.example.org/app\"\n",
            "has a path",
        ),
    ] {
        std::fs::write(&file, text).expect("written");
        let run = bc.run(&["serve", "--config", file.to_str().expect("utf-8")]);
        assert_eq!(run.code, 2, "{text}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{text}: {}", run.stderr);
        assert!(
            run.stderr.contains("serve.toml"),
            "names the file: {}",
            run.stderr
        );
    }
    let missing = bc.run(&[
        "serve",
        "--config",
        bc.scratch("none.toml").to_str().expect("utf-8"),
    ]);
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains("cannot read the config file"),
        "{}",
        missing.stderr
    );
    assert!(!bc.data.exists(), "a refused config touches no journal");
}

#[test]
fn the_public_url_comes_from_a_flag_the_environment_or_the_file_and_is_checked() {
    let bc = Bc::new();
    let shown = |run: &crate::Run| {
        run.stdout
            .lines()
            .find(|l| l.starts_with("public_url = "))
            .map(str::to_string)
    };
    let by_flag = bc.ok(&[
        "serve",
        "--public-url",
        "https://Backcalm.Example.org/",
        "--print-config",
    ]);
    let line = shown(&by_flag).expect("shown");
    assert!(
        line.starts_with("public_url = \"https://backcalm.example.org\""),
        "{line}"
    );
    assert!(line.ends_with("# flag or environment"), "{line}");
    let file = bc.scratch("serve.toml");
    std::fs::write(&file, "public_url = \"https://clinic.example:8443\"\n").expect("written");
    let by_file = bc.ok(&[
        "serve",
        "--config",
        file.to_str().expect("utf-8"),
        "--print-config",
    ]);
    let line = shown(&by_file).expect("shown");
    assert!(
        line.starts_with("public_url = \"https://clinic.example:8443\""),
        "{line}"
    );
    assert!(line.ends_with("# config file"), "{line}");
    assert_eq!(
        shown(&bc.ok(&["serve", "--print-config"])),
        None,
        "none by default"
    );
    let mut env = bc.command(&["serve", "--print-config"]);
    env.env("BACKCALM_PUBLIC_URL", "backcalm.example.org");
    let refused: crate::Run = env.output().expect("runs").into();
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("is not a URL"),
        "{}",
        refused.stderr
    );
}
