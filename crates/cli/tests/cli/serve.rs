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
        let (child, line) = start_serve(bc, "127.0.0.1:0");
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
    let (mut child, line) = start_serve(&bc, "127.0.0.1:0");
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
