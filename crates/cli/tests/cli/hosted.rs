//! `serve --accounts`: hosted mode starts only with a way for an admin to sign in.

use crate::serve::{http_get, start_serve_with};
use crate::Bc;

#[test]
fn hosted_mode_refuses_to_start_without_an_admin_and_says_how_to_make_one() {
    refuses_without_an_admin(&Bc::new());
}

#[test]
fn hosted_mode_on_postgres_refuses_to_start_without_an_admin_too() {
    let pg = crate::postgres::FreshPostgres::create();
    let mut bc = Bc::new();
    bc.database_url = Some(pg.url.clone());
    bc.ok(&["migrate"]);
    refuses_without_an_admin(&bc);
}

fn refuses_without_an_admin(bc: &Bc) {
    let r = bc.run(&["serve", "--accounts", "--bind", "127.0.0.1:0"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("backcalm account invite --role admin --name \"Your Name\""),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.is_empty(),
        "it never said it was running: {}",
        r.stdout
    );
}

#[test]
fn hosted_mode_settings_show_only_when_it_is_on() {
    let bc = Bc::new();
    let local = bc.ok(&["serve", "--print-config"]).stdout;
    assert!(!local.contains("accounts"), "{local}");
    assert!(!local.contains("session_"), "{local}");
    let hosted = bc
        .ok(&[
            "serve",
            "--accounts",
            "--session-idle-days",
            "7",
            "--print-config",
        ])
        .stdout;
    for (line, origin) in [
        ("accounts = true", "flag or environment"),
        ("session_idle_days = 7", "flag or environment"),
        ("session_max_days = 90", "default"),
    ] {
        let found = hosted.lines().find(|l| l.starts_with(line));
        assert!(
            found.is_some_and(|l| l.ends_with(&format!("# {origin}"))),
            "{line} in {hosted}"
        );
    }
    let file = bc.scratch("hosted.toml");
    std::fs::write(&file, "accounts = true\nsession_max_days = 0\n").expect("written");
    let refused = bc.run(&[
        "serve",
        "--config",
        file.to_str().expect("utf-8"),
        "--print-config",
    ]);
    assert_eq!(refused.code, 2);
    assert!(
        refused
            .stderr
            .contains("session_max_days = 0 is outside 1..=3650"),
        "{}",
        refused.stderr
    );
}

#[test]
fn web_push_is_on_with_a_contact_for_the_push_services() {
    let bc = Bc::new();
    // Hosted, no contact and no https public URL: no Web Push line.
    let plain = bc.ok(&["serve", "--accounts", "--print-config"]).stdout;
    assert!(!plain.contains("push_contact"), "{plain}");
    // The https public URL is the contact unless one is given.
    let proxied = bc
        .ok(&[
            "serve",
            "--accounts",
            "--public-url",
            "https://back.clinic.example",
            "--print-config",
        ])
        .stdout;
    let line = proxied.lines().find(|l| l.starts_with("push_contact = "));
    assert!(
        line.is_some_and(
            |l| l.contains("\"https://back.clinic.example\"") && l.ends_with("# default")
        ),
        "{proxied}"
    );
    let given = bc
        .ok(&[
            "serve",
            "--accounts",
            "--push-contact",
            "mailto:ops@clinic.example",
            "--print-config",
        ])
        .stdout;
    assert!(
        given.contains("push_contact = \"mailto:ops@clinic.example\""),
        "{given}"
    );
    // Not in local mode, whatever is given.
    let local = bc
        .ok(&[
            "serve",
            "--push-contact",
            "mailto:ops@clinic.example",
            "--print-config",
        ])
        .stdout;
    assert!(!local.contains("push_contact"), "{local}");
    // A contact the push services would not take is refused, saying what to give.
    let refused = bc.run(&[
        "serve",
        "--accounts",
        "--push-contact",
        "ops",
        "--print-config",
    ]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains("give mailto:you@example.org or an https:// address"),
        "{}",
        refused.stderr
    );
}

/// Invites an admin with `backcalm account invite`, as an operator would.
fn invite_an_admin(bc: &Bc) {
    let link = bc.ok(&["account", "invite", "--role", "admin", "--name", "Ada"]);
    assert!(link.stdout.contains("/invite/"), "{}", link.stdout);
}

#[test]
fn hosted_mode_starts_with_an_admin_invitation_and_keeps_journals_behind_sign_in() {
    let bc = Bc::new();
    invite_an_admin(&bc);
    let (mut child, line, _log) =
        start_serve_with(&bc, &["serve", "--accounts", "--bind", "127.0.0.1:0"]);
    let addr = line
        .strip_prefix("backcalm is running at http://")
        .and_then(|rest| rest.strip_suffix("/ — press Ctrl-C to stop\n"))
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    let me = http_get(&addr, "/api/v1/me");
    let checkins = http_get(&addr, "/api/v1/checkins");
    let practices = http_get(&addr, "/api/v1/practices");
    let _ = child.kill();
    let _ = child.wait();
    assert!(me.starts_with("HTTP/1.1 401"), "{me}");
    assert!(checkins.starts_with("HTTP/1.1 401"), "{checkins}");
    assert!(practices.starts_with("HTTP/1.1 200"), "{practices}");
}
