//! `account invite | list | disable | reset`: hosted mode's accounts from the
//! command line (issue 13). What the commands wrote is checked in the
//! database through backcalm's own store, as the server will read it.

use crate::postgres::FreshPostgres;
use crate::{Bc, Run};
use backcalm_auth::{PasswordHash, Role, Token, Username};
use backcalm_store::{LinkPurpose, Store};
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use std::collections::BTreeSet;
use uuid::Uuid;

const PUBLIC: &str = "https://backcalm.example.org";

/// The instant now, for bracketing what a command did (its clock is its own).
// Tests may read the real clock: they check the binary against it.
#[allow(clippy::disallowed_methods)]
fn now() -> Timestamp {
    Timestamp::now()
}

/// Runs `f` on the journal `bc`'s commands use.
fn with_store<T, Fut>(bc: &Bc, f: impl FnOnce(Store) -> Fut) -> T
where
    Fut: std::future::Future<Output = T>,
{
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let store = match &bc.database_url {
            Some(url) => Store::open(url).await,
            None => Store::open_sqlite_file(&bc.data.join("backcalm.sqlite3")).await,
        }
        .expect("the journal opens");
        let out = f(store.clone()).await;
        store.close().await;
        out
    })
}

/// The token at the end of a link, checked to have a token's shape.
fn token_of(url: &str) -> Token {
    let text = url.rsplit('/').next().expect("a path");
    assert_eq!(text.len(), 43, "{url}");
    Token::parse(text).unwrap_or_else(|| panic!("not a token: {url}"))
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

/// Invites over `--json` and returns the account's id and its token.
fn invite(bc: &Bc, role: &str, name: &str) -> (Uuid, Token) {
    let out = bc
        .ok(&[
            "account",
            "invite",
            "--role",
            role,
            "--name",
            name,
            "--public-url",
            PUBLIC,
            "--json",
        ])
        .json();
    let id = Uuid::parse_str(out["id"].as_str().expect("id")).expect("a UUID");
    (id, token_of(out["invite_url"].as_str().expect("url")))
}

/// Accepts an invitation as the sign-up page will: username and password.
fn accept(bc: &Bc, token: &Token, username: &str) {
    let username = Username::parse(username).expect("username");
    let password = PasswordHash::generate("a quiet walk by the river");
    let accepted = with_store(bc, |s| async move {
        s.redeem_link(&token.hash(), Some(&username), &password, now())
            .await
    });
    accepted
        .expect("store")
        .expect("the invitation is accepted");
}

fn refused(r: &Run, words: &[&str]) {
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    for w in words {
        assert!(r.stderr.contains(w), "{w:?} missing in {}", r.stderr);
    }
}

#[test]
fn invite_prints_a_link_that_opens_once_for_seven_days() {
    let bc = Bc::new();
    let before = now();
    let r = bc.ok(&[
        "account",
        "invite",
        "--role",
        "patient",
        "--name",
        "  Sam Jones ",
        "--public-url",
        PUBLIC,
    ]);
    let after = now();
    // stdout is the link alone, for `url=$(backcalm account invite …)`.
    let url = r.stdout.strip_suffix('\n').expect("one line");
    assert!(!url.contains('\n'), "{}", r.stdout);
    let prefix = format!("{PUBLIC}/invite/");
    assert!(url.starts_with(&prefix), "{url}");
    let token = token_of(url);
    assert!(
        r.stderr
            .starts_with("Invited Sam Jones as a patient (account "),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("it works once, until "), "{}", r.stderr);
    assert!(
        !r.stderr.contains(token.reveal()),
        "the token only on stdout"
    );

    let week = SignedDuration::from_hours(7 * 24);
    let hash = token.hash();
    let (opened, early, late) = with_store(&bc, |s| async move {
        (
            s.open_link(&hash, after).await.expect("store"),
            s.open_link(&hash, before + week - SignedDuration::from_secs(1))
                .await
                .expect("store"),
            s.open_link(&hash, after + week).await.expect("store"),
        )
    });
    let (account, purpose) = opened.expect("the link opens");
    assert_eq!(purpose, LinkPurpose::Invite);
    assert_eq!(account.role, Role::Patient);
    assert_eq!(account.name, "Sam Jones");
    assert_eq!(account.username, None);
    assert!(before <= account.created_at && account.created_at <= after);
    assert!(early.is_some(), "still open just before seven days");
    assert!(late.is_none(), "closed after seven days");

    let listed = bc.ok(&["account", "list"]).stdout;
    let row = listed
        .lines()
        .find(|l| l.starts_with(&account.id.to_string()))
        .unwrap_or_else(|| panic!("{listed}"));
    assert!(
        row.contains("Sam Jones") && row.contains("(invitation not accepted)"),
        "{row}"
    );
}

#[test]
fn invite_json_is_the_contract() {
    let bc = Bc::new();
    let r = bc.ok(&[
        "account",
        "invite",
        "--role",
        "clinician",
        "--name",
        "Dr Ana Núñez",
        "--public-url",
        "https://clinic.example.org:8443/",
        "--json",
    ]);
    assert_eq!(r.stderr, "", "nothing to explain with a public URL");
    let out = r.json();
    assert_eq!(
        keys(&out),
        BTreeSet::from(["id", "role", "name", "invite_token", "invite_url"])
    );
    assert_eq!(out["role"], "clinician");
    assert_eq!(out["name"], "Dr Ana Núñez");
    let id = Uuid::parse_str(out["id"].as_str().expect("id")).expect("a UUID");
    assert_eq!(id.get_version_num(), 4);
    let token = out["invite_token"].as_str().expect("token");
    assert_eq!(token.len(), 43);
    assert!(Token::parse(token).is_some(), "{token}");
    assert_eq!(
        out["invite_url"],
        format!("https://clinic.example.org:8443/invite/{token}")
    );
    let hash = Token::parse(token).expect("token").hash();
    let opened = with_store(&bc, |s| async move { s.open_link(&hash, now()).await });
    assert_eq!(opened.expect("store").expect("opens").0.id, id);

    // No public URL: serve's own address, and a note that says where it opens.
    let r = bc.ok(&[
        "account", "invite", "--role", "admin", "--name", "Lee", "--json",
    ]);
    let url = r.json()["invite_url"].as_str().expect("url").to_string();
    assert!(url.starts_with("http://127.0.0.1:7878/invite/"), "{url}");
    assert!(
        r.stderr.contains("must be opened on the server's address")
            && r.stderr.contains("--public-url"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains(token_of(&url).reveal()));
}

#[test]
fn the_servers_settings_file_names_the_database_and_the_public_url() {
    let bc = Bc::new();
    let elsewhere = bc.scratch("server-data");
    let config = bc.scratch("serve.toml");
    std::fs::write(
        &config,
        format!(
            "public_url = \"https://family.example.net\"\ndata_dir = {:?}\n",
            elsewhere.to_str().expect("utf-8")
        ),
    )
    .expect("config written");
    let run = |args: &[&str]| -> Run {
        bc.command(args)
            .env_remove("BACKCALM_DATA_DIR")
            .env("BACKCALM_CONFIG", &config)
            .output()
            .expect("runs")
            .into()
    };
    let r = run(&["account", "invite", "--role", "admin", "--name", "Lee"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("https://family.example.net/invite/"),
        "{}",
        r.stdout
    );
    assert!(elsewhere.join("backcalm.sqlite3").exists());
    assert!(!bc.data.exists(), "the file's data dir, not the default");
    let r = run(&["account", "list", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()[0]["name"], "Lee");
}

#[test]
fn list_as_a_table_and_as_json() {
    let bc = Bc::new();
    assert_eq!(bc.ok(&["account", "list", "--json"]).stdout, "[]\n");
    assert!(bc.ok(&["account", "list"]).stdout.starts_with(
        "No accounts yet. Invite the first admin with: backcalm account invite --role admin"
    ));
    assert!(!bc.data.exists(), "listing creates no journal");

    let (admin, _) = invite(&bc, "admin", "Lee Admin");
    let (sam, sams) = invite(&bc, "patient", "Sam Jones");
    accept(&bc, &sams, "sam");
    let all = bc.ok(&["account", "list", "--json"]).json();
    let all = all.as_array().expect("an array");
    assert_eq!(all.len(), 2);
    for a in all {
        assert_eq!(
            keys(a),
            BTreeSet::from([
                "id",
                "role",
                "name",
                "username",
                "created_at",
                "disabled_at"
            ])
        );
    }
    assert_eq!(all[0]["id"], admin.to_string());
    assert_eq!(all[0]["role"], "admin");
    assert_eq!(all[0]["name"], "Lee Admin");
    assert_eq!(all[0]["username"], Value::Null);
    assert_eq!(all[0]["disabled_at"], Value::Null);
    assert_eq!(all[1]["id"], sam.to_string());
    assert_eq!(all[1]["role"], "patient");
    assert_eq!(all[1]["username"], "sam");
    let created: Timestamp = all[1]["created_at"]
        .as_str()
        .expect("created_at")
        .parse()
        .expect("RFC 3339");
    assert!(created <= now());

    let text = bc.ok(&["account", "list"]).stdout;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    for heading in ["Id", "Role", "Name", "Username", "Created", "Disabled"] {
        assert!(lines[0].contains(heading), "{text}");
    }
    assert!(
        lines[1].starts_with(&admin.to_string())
            && lines[1].contains("admin")
            && lines[1].contains("(invitation not accepted)")
            && lines[1].trim_end().ends_with("no"),
        "{text}"
    );
    assert!(
        lines[2].starts_with(&sam.to_string())
            && lines[2].contains("Sam Jones")
            && lines[2].contains(" sam "),
        "{text}"
    );
}

#[test]
fn disable_ends_every_session_and_says_when_there_is_nothing_to_do() {
    let bc = Bc::new();
    let (sam, token) = invite(&bc, "patient", "Sam Jones");
    accept(&bc, &token, "sam");
    let session = Token::generate().expect("random");
    let hash = session.hash();
    with_store(&bc, |s| async move {
        s.create_login(&hash, sam, now()).await.expect("signed in");
    });

    let r = bc.ok(&["account", "disable", &sam.to_string()]);
    assert_eq!(
        r.stdout,
        format!(
            "Disabled Sam Jones (patient, {sam}) and ended all its sessions; it cannot sign in.\n"
        )
    );
    assert_eq!(r.stderr, "");
    let hash = session.hash();
    let (account, login) = with_store(&bc, |s| async move {
        (
            s.account(sam).await.expect("store").expect("kept"),
            s.login(&hash).await.expect("store"),
        )
    });
    assert!(account.disabled_at.is_some());
    assert!(!account.active());
    assert_eq!(login, None, "the session is gone");

    let again = bc.ok(&["account", "disable", &sam.to_string()]);
    assert!(
        again
            .stdout
            .starts_with(&format!("Sam Jones ({sam}) was already disabled, since "))
            && again.stdout.ends_with("; nothing changed.\n"),
        "{}",
        again.stdout
    );

    let stranger = Uuid::new_v4();
    refused(
        &bc.run(&["account", "disable", &stranger.to_string()]),
        &[
            &format!("there is no account {stranger}"),
            "backcalm account list",
        ],
    );
    refused(
        &bc.run(&["account", "disable", "42"]),
        &["\"42\" is not an account id", "backcalm account list"],
    );

    // Disabling the one admin says that hosted mode cannot start without one.
    let (admin, token) = invite(&bc, "admin", "Lee");
    accept(&bc, &token, "lee");
    let r = bc.ok(&["account", "disable", &admin.to_string()]);
    assert!(
        r.stderr.contains("no admin can sign in now"),
        "{}",
        r.stderr
    );
}

#[test]
fn reset_gives_a_link_only_to_an_account_that_can_sign_in() {
    let bc = Bc::new();
    let (sam, token) = invite(&bc, "patient", "Sam Jones");
    refused(
        &bc.run(&["account", "reset", &sam.to_string(), "--public-url", PUBLIC]),
        &[
            "has not accepted its invitation",
            "send a new invitation instead",
            "backcalm account invite --role patient --name 'Sam Jones'",
        ],
    );
    accept(&bc, &token, "sam");

    let out = bc
        .ok(&[
            "account",
            "reset",
            &sam.to_string(),
            "--public-url",
            PUBLIC,
            "--json",
        ])
        .json();
    assert_eq!(
        keys(&out),
        BTreeSet::from(["id", "reset_token", "reset_url"])
    );
    assert_eq!(out["id"], sam.to_string());
    let text = out["reset_token"].as_str().expect("token");
    assert_eq!(out["reset_url"], format!("{PUBLIC}/reset/{text}"));
    let hash = token_of(out["reset_url"].as_str().expect("url")).hash();
    let opened = with_store(&bc, |s| async move { s.open_link(&hash, now()).await });
    let (account, purpose) = opened.expect("store").expect("the reset link opens");
    assert_eq!((account.id, purpose), (sam, LinkPurpose::Reset));
    assert_eq!(account.username.as_deref(), Some("sam"));

    let r = bc.ok(&["account", "reset", &sam.to_string(), "--public-url", PUBLIC]);
    let url = r.stdout.strip_suffix('\n').expect("one line");
    assert!(url.starts_with(&format!("{PUBLIC}/reset/")), "{url}");
    assert!(r.stderr.contains("Sam Jones (sam)"), "{}", r.stderr);

    bc.ok(&["account", "disable", &sam.to_string()]);
    refused(
        &bc.run(&["account", "reset", &sam.to_string()]),
        &["is disabled", "no reset link"],
    );
    refused(
        &bc.run(&["account", "reset", &Uuid::new_v4().to_string()]),
        &["there is no account"],
    );
}

#[test]
fn roles_and_names_are_checked_before_anything_is_written() {
    let bc = Bc::new();
    let r = bc.run(&["account", "invite", "--role", "nurse", "--name", "Kim"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("\"nurse\" is not a role; use patient, clinician or admin"),
        "{}",
        r.stderr
    );
    refused(
        &bc.run(&["account", "invite", "--role", "patient", "--name", "   "]),
        &["--name", "a name is needed", "1 to 200 characters"],
    );
    refused(
        &bc.run(&[
            "account",
            "invite",
            "--role",
            "patient",
            "--name",
            &"x".repeat(201),
        ]),
        &["--name", "201 characters; keep it to 200"],
    );
    assert!(!bc.data.exists(), "nothing written");
}

#[test]
fn accounts_on_postgres() {
    let pg = FreshPostgres::create();
    let mut bc = Bc::new();
    bc.database_url = Some(pg.url.clone());
    let (admin, token) = invite(&bc, "admin", "Lee Admin");
    let hash = token.hash();
    let opened = with_store(&bc, |s| async move { s.open_link(&hash, now()).await });
    let (account, purpose) = opened.expect("store").expect("opens");
    assert_eq!(
        (account.id, account.role, purpose),
        (admin, Role::Admin, LinkPurpose::Invite)
    );
    let all = bc.ok(&["account", "list", "--json"]).json();
    assert_eq!(all.as_array().map(Vec::len), Some(1));
    assert_eq!(all[0]["id"], admin.to_string());
    assert_eq!(all[0]["username"], Value::Null);
    assert!(bc
        .ok(&["account", "list"])
        .stdout
        .contains("(invitation not accepted)"));
    assert!(
        !bc.data.exists(),
        "with --database-url the data dir is not used"
    );
}
