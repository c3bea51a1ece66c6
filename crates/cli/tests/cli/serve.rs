//! `serve`: the real port, a real HTTP answer, a warning off loopback.

use crate::Bc;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::time::Duration;

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
