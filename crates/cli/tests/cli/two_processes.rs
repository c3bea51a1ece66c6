//! Two `backcalm serve --accounts` processes over one PostgreSQL database,
//! as a clinic runs them behind a load balancer (issue 14, item 1): what one
//! server does, the other knows at the next request, because neither keeps
//! anything of its own. crates/web/tests/web/two_servers.rs checks the same
//! in one process; this runs the real binary twice.

use crate::postgres::FreshPostgres;
use crate::serve::{body, start_serve_with, Log};
use crate::Bc;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Child;
use std::time::Duration;

const PASSWORD: &str = "quiet harbour lantern 4417";

/// One running server process; killed when dropped.
struct Process {
    child: Child,
    addr: String,
    _log: Log,
}

impl Process {
    fn start(bc: &Bc) -> Process {
        let (child, line, log) =
            start_serve_with(bc, &["serve", "--accounts", "--bind", "127.0.0.1:0"]);
        let addr = line
            .strip_prefix("backcalm is running at http://")
            .and_then(|rest| rest.split_once('/'))
            .map(|(addr, _)| addr.to_string())
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        Process {
            child,
            addr,
            _log: log,
        }
    }

    /// Sends a request (a JSON body if any, the session cookie if any);
    /// the status and the whole answer.
    fn send(
        &self,
        method: &str,
        path: &str,
        cookie: Option<&str>,
        json: Option<&Value>,
    ) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).expect("connects");
        s.set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        let body = json.map(Value::to_string).unwrap_or_default();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        if json.is_some() {
            head.push_str("Content-Type: application/json\r\n");
        }
        if let Some(c) = cookie {
            head.push_str(&format!("Cookie: backcalm_session={c}\r\n"));
        }
        write!(s, "{head}\r\n{body}").expect("sends");
        let mut answer = String::new();
        s.read_to_string(&mut answer).expect("reads");
        let status = answer
            .get(9..12)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no status in {answer:?}"));
        (status, answer)
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The session cookie an answer sets.
fn session_cookie(answer: &str) -> String {
    answer
        .lines()
        .find_map(|l| {
            l.strip_prefix("set-cookie: backcalm_session=")
                .or_else(|| l.strip_prefix("Set-Cookie: backcalm_session="))
        })
        .and_then(|v| v.split(';').next())
        .unwrap_or_else(|| panic!("no session cookie in {answer}"))
        .to_string()
}

fn json_body(answer: &str) -> Value {
    let b = body(answer);
    serde_json::from_str(&b).unwrap_or_else(|e| panic!("not JSON ({e}): {b}"))
}

/// `account invite --json` on the shared database; the invitation token.
fn invite(bc: &Bc, role: &str, name: &str) -> String {
    let made = bc
        .ok(&[
            "account", "invite", "--role", role, "--name", name, "--json",
        ])
        .json();
    made["invite_token"]
        .as_str()
        .expect("invite_token")
        .to_string()
}

/// Sets up an account through `server`; its session cookie and id.
fn join(server: &Process, token: &str, username: &str) -> (String, String) {
    let (status, answer) = server.send(
        "POST",
        "/api/v1/auth/accept",
        None,
        Some(&json!({"token": token, "username": username, "password": PASSWORD})),
    );
    assert_eq!(status, 201, "{answer}");
    let cookie = session_cookie(&answer);
    let (status, me) = server.send("GET", "/api/v1/me", Some(&cookie), None);
    assert_eq!(status, 200, "{me}");
    let id = json_body(&me)["id"].as_str().expect("id").to_string();
    (cookie, id)
}

#[test]
fn two_server_processes_over_one_database_share_sessions_shares_and_sign_in_limits() {
    let pg = FreshPostgres::create();
    let mut bc = Bc::new();
    bc.database_url = Some(pg.url.clone());
    bc.ok(&["migrate"]);
    let admin = invite(&bc, "admin", "Admin");
    let cleo = invite(&bc, "clinician", "Cleo Clinician");
    let ada = invite(&bc, "patient", "Ada Lovelace");
    let one = Process::start(&bc);
    let two = Process::start(&bc);
    assert_ne!(one.addr, two.addr);

    // Signed in through one, going on through the other.
    let (_, _) = join(&one, &admin, "admin");
    let (cleo_cookie, _) = join(&one, &cleo, "cleo");
    let (ada_cookie, ada_id) = join(&two, &ada, "ada");
    let (status, answer) = two.send(
        "POST",
        "/api/v1/checkins",
        Some(&ada_cookie),
        Some(&json!({"pain": 4})),
    );
    assert_eq!(status, 201, "{answer}");
    let (status, answer) = one.send("GET", "/api/v1/checkins", Some(&ada_cookie), None);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(json_body(&answer).as_array().map(Vec::len), Some(1));

    // A code made on one is redeemed on the other; the clinician reads
    // through either; a revoke through one is refused on the other at once.
    let (status, answer) = one.send("POST", "/api/v1/share-codes", Some(&cleo_cookie), None);
    assert_eq!(status, 201, "{answer}");
    let code = json_body(&answer)["code"]
        .as_str()
        .expect("code")
        .to_string();
    let (status, answer) = two.send(
        "POST",
        "/api/v1/shares",
        Some(&ada_cookie),
        Some(&json!({"code": code, "scopes": ["checkins"]})),
    );
    assert_eq!(status, 201, "{answer}");
    let share = json_body(&answer)["id"].as_str().expect("id").to_string();
    let theirs = format!("/api/v1/patients/{ada_id}/checkins");
    for server in [&one, &two] {
        let (status, answer) = server.send("GET", &theirs, Some(&cleo_cookie), None);
        assert_eq!(status, 200, "{answer}");
    }
    let (status, answer) = one.send(
        "DELETE",
        &format!("/api/v1/shares/{share}"),
        Some(&ada_cookie),
        None,
    );
    assert_eq!(status, 204, "{answer}");
    let (status, answer) = two.send("GET", &theirs, Some(&cleo_cookie), None);
    assert_eq!(status, 404, "{answer}");

    // Four failed sign-ins on one and the fifth on the other hold the
    // account on both, the right password too.
    let wrong = json!({"username": "ada", "password": "not her password at all"});
    for server in [&one, &one, &one, &one, &two] {
        let (status, answer) = server.send("POST", "/api/v1/auth/login", None, Some(&wrong));
        assert_eq!(status, 401, "{answer}");
    }
    let right = json!({"username": "ada", "password": PASSWORD});
    for server in [&one, &two] {
        let (status, answer) = server.send("POST", "/api/v1/auth/login", None, Some(&right));
        assert_eq!(status, 429, "{answer}");
        assert!(
            answer.to_ascii_lowercase().contains("\r\nretry-after: "),
            "{answer}"
        );
    }

    // Signing out through one ends the session on the other.
    let (status, answer) = two.send("POST", "/api/v1/auth/logout", Some(&cleo_cookie), None);
    assert_eq!(status, 204, "{answer}");
    let (status, answer) = one.send("GET", "/api/v1/me", Some(&cleo_cookie), None);
    assert_eq!(status, 401, "{answer}");
}
