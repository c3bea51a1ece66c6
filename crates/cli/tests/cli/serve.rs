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
