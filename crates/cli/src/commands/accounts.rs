//! `backcalm account invite | list | disable | reset`: hosted mode's accounts,
//! for whoever runs the server and for their scripts (issue 13; the names
//! and the JSON keys are a contract). It writes the database the server
//! uses, so the first admin is invited here, on the server's machine.
//!
//! A link's token is printed once, to stdout, and never logged; the database
//! keeps only its hash. The explanations go to stderr, so
//! `url=$(backcalm account invite …)` holds the link alone.

use super::{print_json, print_text, serve_config, terminal_width, Globals};
use crate::args::{AccountListArgs, DisableArgs, InviteArgs, ResetArgs, ServerArgs};
use crate::clock::{local_tz, wall_now};
use crate::failure::Refusal;
use crate::journal::Location;
use crate::text::table::{render, Column};
use anyhow::Context;
use backcalm_auth::{AccountName, Role, Token};
use backcalm_core::TzName;
use backcalm_store::{Account, LinkPurpose, Store};
use backcalm_web::PublicOrigin;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use std::io::Write;
use uuid::Uuid;

/// How long an invitation or a reset link can be used.
const LINK_LIFETIME: SignedDuration = SignedDuration::from_hours(7 * 24);

/// What `account invite --json` prints.
#[derive(Debug, Serialize)]
struct Invitation<'a> {
    id: Uuid,
    role: &'static str,
    name: &'a str,
    invite_token: &'a str,
    invite_url: &'a str,
}

/// What `account reset --json` prints.
#[derive(Debug, Serialize)]
struct ResetLink<'a> {
    id: Uuid,
    reset_token: &'a str,
    reset_url: &'a str,
}

/// One account in `account list --json`.
#[derive(Debug, Serialize)]
struct Listed<'a> {
    id: Uuid,
    role: &'static str,
    name: &'a str,
    /// `null` until the invitation is accepted.
    username: Option<&'a str>,
    created_at: String,
    disabled_at: Option<String>,
}

/// `account invite`
pub fn invite(g: &Globals, a: &InviteArgs) -> anyhow::Result<()> {
    let name = AccountName::parse(&a.name).map_err(|e| Refusal(format!("--name: {e}")))?;
    let (journal, origin) = server(g, &a.server)?;
    let tz = local_tz()?;
    let now = wall_now();
    let expires_at = link_expiry(now)?;
    let id = Uuid::new_v4();
    let token = Token::generate()?;
    let rt = crate::journal::runtime()?;
    rt.block_on(async {
        let store = journal.open_for_writing().await?;
        let made = store
            .invite_account(id, a.role, name.as_str(), &token.hash(), now, expires_at)
            .await
            .map(drop)
            .map_err(anyhow::Error::from);
        store.close().await;
        made
    })
    .context("no account was made")?;
    let url = link(&origin.url, LinkPurpose::Invite, &token);
    origin.explain();
    if a.json {
        return print_json(&Invitation {
            id,
            role: a.role.as_str(),
            name: name.as_str(),
            invite_token: token.reveal(),
            invite_url: &url,
        });
    }
    say(&format!(
        "Invited {name} as {} (account {id}). This link sets up the account; \
         it works once, until {}:",
        with_article(a.role),
        local_time(expires_at, &tz)
    ));
    print_text(&format!("{url}\n"))
}

/// `account list`
pub fn list(g: &Globals, a: &AccountListArgs) -> anyhow::Result<()> {
    let (globals, _) = serve_config::server(g, a.config.as_deref(), None)?;
    let journal = globals.journal()?;
    let accounts = read(&journal, |store| async move { store.accounts().await })?;
    let accounts = accounts.unwrap_or_default();
    if a.json {
        let listed: Vec<Listed> = accounts
            .iter()
            .map(|acc| Listed {
                id: acc.id,
                role: acc.role.as_str(),
                name: &acc.name,
                username: acc.username.as_deref(),
                created_at: acc.created_at.to_string(),
                disabled_at: acc.disabled_at.map(|t| t.to_string()),
            })
            .collect();
        return print_json(&listed);
    }
    if accounts.is_empty() {
        return print_text(
            "No accounts yet. Invite the first admin with: \
             backcalm account invite --role admin --name \"Your Name\"\n",
        );
    }
    print_text(&table(&accounts, &local_tz()?, terminal_width()))
}

/// `account disable`
pub fn disable(g: &Globals, a: &DisableArgs) -> anyhow::Result<()> {
    let id = account_id(&a.id)?;
    let (globals, _) = serve_config::server(g, a.config.as_deref(), None)?;
    let journal = globals.journal()?;
    let now = wall_now();
    let outcome = read(&journal, |store| async move {
        let Some(account) = store.account(id).await? else {
            return Ok(None);
        };
        // Ends its sessions even when it was disabled already.
        store.disable_account(id, now).await?;
        let admin_left = store.admin_ready(now).await?;
        Ok(Some((account, admin_left)))
    })
    .context("no account was disabled")?;
    let Some((account, admin_left)) = outcome.flatten() else {
        return Err(unknown(id));
    };
    if let Some(since) = account.disabled_at {
        return print_text(&format!(
            "{} ({id}) was already disabled, since {}; nothing changed.\n",
            account.name,
            local_time(since, &local_tz()?)
        ));
    }
    if account.role == Role::Admin && !admin_left {
        say(
            "warning: no admin can sign in now, and `backcalm serve --accounts` will not \
             start until one can; invite one with: \
             backcalm account invite --role admin --name \"Your Name\"",
        );
    }
    print_text(&format!(
        "Disabled {} ({}, {id}) and ended all its sessions; it cannot sign in.\n",
        account.name, account.role
    ))
}

/// `account reset`
pub fn reset(g: &Globals, a: &ResetArgs) -> anyhow::Result<()> {
    let id = account_id(&a.id)?;
    let (journal, origin) = server(g, &a.server)?;
    let tz = local_tz()?;
    let now = wall_now();
    let expires_at = link_expiry(now)?;
    let token = Token::generate()?;
    let hash = token.hash();
    let found = read(&journal, |store| async move {
        let Some(account) = store.account(id).await? else {
            return Ok(None);
        };
        if account.active() {
            store
                .create_link(id, &hash, LinkPurpose::Reset, now, expires_at)
                .await?;
        }
        Ok(Some(account))
    })
    .context("no reset link was made")?;
    let Some(account) = found.flatten() else {
        return Err(unknown(id));
    };
    refuse_reset(&account)?;
    let url = link(&origin.url, LinkPurpose::Reset, &token);
    origin.explain();
    if a.json {
        return print_json(&ResetLink {
            id,
            reset_token: token.reveal(),
            reset_url: &url,
        });
    }
    say(&format!(
        "A new password for {} ({}): this link works once, until {}, \
         and signs the account out everywhere when used:",
        account.name,
        account.username.as_deref().unwrap_or_default(),
        local_time(expires_at, &tz)
    ));
    print_text(&format!("{url}\n"))
}

/// Why an account gets no reset link, if it gets none.
fn refuse_reset(account: &Account) -> Result<(), Refusal> {
    let id = account.id;
    if account.disabled_at.is_some() {
        return Err(Refusal(format!(
            "{} ({id}) is disabled, so it gets no reset link; a disabled account cannot sign in",
            account.name
        )));
    }
    if account.username.is_none() {
        return Err(Refusal(format!(
            "{name} ({id}) has not accepted its invitation, so there is no password to reset; \
             send a new invitation instead: backcalm account invite --role {role} --name {quoted} \
             (and disable this one: backcalm account disable {id})",
            name = account.name,
            role = account.role,
            quoted = shell_quoted(&account.name),
        )));
    }
    Ok(())
}

/// Where a server keeps its accounts and where people reach it.
fn server(g: &Globals, s: &ServerArgs) -> anyhow::Result<(Location, Origin)> {
    let (globals, public) = serve_config::server(g, s.config.as_deref(), s.public_url.clone())?;
    Ok((globals.journal()?, Origin::new(public)?))
}

/// The start of every link, and whether it was only the default.
struct Origin {
    url: PublicOrigin,
    defaulted: bool,
}

impl Origin {
    fn new(given: Option<PublicOrigin>) -> anyhow::Result<Origin> {
        Ok(match given {
            Some(url) => Origin {
                url,
                defaulted: false,
            },
            None => Origin {
                url: PublicOrigin::parse(&format!("http://{}", serve_config::DEFAULT_BIND))
                    .map_err(anyhow::Error::msg)
                    .context("serve's default address")?,
                defaulted: true,
            },
        })
    }

    /// Says, on stderr, that a default link opens only where the server runs.
    fn explain(&self) {
        if self.defaulted {
            say(&format!(
                "note: the link starts with {}, serve's default address, so it must be opened \
                 on the server's address (on its own machine); give --public-url \
                 (or BACKCALM_PUBLIC_URL, or public_url in --config) for a link that works \
                 elsewhere",
                self.url
            ));
        }
    }
}

/// `https://backcalm.example.org/invite/TOKEN`, or `/reset/TOKEN`.
fn link(origin: &PublicOrigin, purpose: LinkPurpose, token: &Token) -> String {
    let path = match purpose {
        LinkPurpose::Invite => "invite",
        LinkPurpose::Reset => "reset",
    };
    format!("{origin}/{path}/{}", token.reveal())
}

fn link_expiry(now: Timestamp) -> anyhow::Result<Timestamp> {
    now.checked_add(LINK_LIFETIME)
        .context("the clock is too near the end of time for a link to expire")
}

/// Opens the journal to read and runs `f`; `None` when the journal file does not exist.
pub(super) fn read<T, F, Fut>(journal: &Location, f: F) -> anyhow::Result<Option<T>>
where
    F: FnOnce(Store) -> Fut,
    Fut: std::future::Future<Output = Result<T, backcalm_store::StoreError>>,
{
    let rt = crate::journal::runtime()?;
    rt.block_on(async {
        let Some(store) = journal.open_for_reading().await? else {
            return anyhow::Ok(None);
        };
        let result = f(store.clone()).await;
        store.close().await;
        Ok(Some(result?))
    })
}

pub(super) fn account_id(typed: &str) -> Result<Uuid, Refusal> {
    Uuid::parse_str(typed.trim()).map_err(|_| {
        Refusal(format!(
            "{typed:?} is not an account id; copy the id from `backcalm account list`"
        ))
    })
}

pub(super) fn unknown(id: Uuid) -> anyhow::Error {
    Refusal(format!(
        "there is no account {id}; see the accounts with `backcalm account list`"
    ))
    .into()
}

/// The accounts as a table for people, times in the local zone.
fn table(accounts: &[Account], tz: &TzName, width: Option<usize>) -> String {
    let columns = [
        Column::fixed("Id"),
        Column::fixed("Role"),
        Column::text("Name", 12),
        Column::text("Username", 12),
        Column::fixed("Created"),
        Column::fixed("Disabled"),
    ];
    let rows: Vec<Vec<String>> = accounts
        .iter()
        .map(|acc| {
            vec![
                acc.id.to_string(),
                acc.role.to_string(),
                acc.name.clone(),
                acc.username
                    .clone()
                    .unwrap_or_else(|| "(invitation not accepted)".to_string()),
                local_minute(acc.created_at, tz),
                acc.disabled_at
                    .map_or_else(|| "no".to_string(), |t| local_minute(t, tz)),
            ]
        })
        .collect();
    render(&columns, &rows, width)
}

/// `2026-01-15 08:00`
pub(super) fn local_minute(at: Timestamp, tz: &TzName) -> String {
    at.to_zoned(tz.zone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// `2026-01-15 08:00 (Europe/London)`
fn local_time(at: Timestamp, tz: &TzName) -> String {
    format!("{} ({tz})", local_minute(at, tz))
}

fn with_article(role: Role) -> String {
    match role {
        Role::Admin => "an admin".to_string(),
        other => format!("a {other}"),
    }
}

/// A name as a shell would take it back in the command suggested.
fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A line on stderr, for the person; nobody to tell if stderr is closed.
fn say(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("instant")
    }

    fn account(name: &str, username: Option<&str>, disabled: Option<&str>) -> Account {
        Account {
            id: Uuid::from_u128(0x0123_4567_89ab_4def_8123_4567_89ab_cdef),
            role: Role::Clinician,
            name: name.to_string(),
            username: username.map(str::to_string),
            created_at: at("2026-01-15T08:00:00Z"),
            disabled_at: disabled.map(at),
        }
    }

    #[test]
    fn links_are_the_public_url_a_purpose_and_the_token() {
        let origin = PublicOrigin::parse("https://backcalm.example.org/").expect("origin");
        let token = Token::parse("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").expect("token");
        assert_eq!(
            link(&origin, LinkPurpose::Invite, &token),
            "https://backcalm.example.org/invite/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        );
        assert_eq!(
            link(&origin, LinkPurpose::Reset, &token),
            "https://backcalm.example.org/reset/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        );
        let default = Origin::new(None).expect("default");
        assert!(default.defaulted);
        assert_eq!(default.url.to_string(), "http://127.0.0.1:7878");
    }

    #[test]
    fn links_last_seven_days_to_the_microsecond() {
        assert_eq!(
            link_expiry(at("2026-03-25T10:00:00.000001Z")).expect("expiry"),
            at("2026-04-01T10:00:00.000001Z")
        );
    }

    #[test]
    fn the_table_says_who_has_not_accepted_and_who_is_disabled() {
        let tz = TzName::new("Europe/London").expect("zone");
        let text = table(
            &[
                account("Dr Ana Núñez", Some("ana"), None),
                account("Sam", None, Some("2026-07-01T12:30:00Z")),
            ],
            &tz,
            None,
        );
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("Id "), "{text}");
        for heading in ["Role", "Name", "Username", "Created", "Disabled"] {
            assert!(lines[0].contains(heading), "{text}");
        }
        assert!(
            lines[1].contains("clinician")
                && lines[1].contains("Dr Ana Núñez")
                && lines[1].contains("2026-01-15 08:00")
                && lines[1].trim_end().ends_with("no"),
            "{text}"
        );
        // Summer time in London: 12:30 UTC is 13:30 there.
        assert!(
            lines[2].contains("(invitation not accepted)")
                && lines[2].trim_end().ends_with("2026-07-01 13:30"),
            "{text}"
        );
    }

    #[test]
    fn a_reset_is_refused_until_the_account_can_sign_in() {
        assert_eq!(refuse_reset(&account("Ana", Some("ana"), None)), Ok(()));
        let disabled = refuse_reset(&account("Ana", Some("ana"), Some("2026-02-01T00:00:00Z")))
            .expect_err("disabled");
        assert!(disabled.0.contains("is disabled"), "{}", disabled.0);
        let pending = refuse_reset(&account("Sam O'Neil", None, None)).expect_err("pending");
        assert!(
            pending.0.contains("has not accepted its invitation")
                && pending.0.contains("send a new invitation instead")
                && pending
                    .0
                    .contains(r"--role clinician --name 'Sam O'\''Neil'"),
            "{}",
            pending.0
        );
    }
}
