//! `serve`'s settings, from flags and `BACKCALM_…` variables first, then a
//! TOML file (`--config`), then the defaults; `--print-config` shows the
//! result with passwords hidden.

use super::Globals;
use crate::args::{LogFormat, ServeArgs};
use crate::failure::Refusal;
use crate::journal::{DatabaseUrl, Location};
use anyhow::Context;
use backcalm_web::{HostedConfig, PublicOrigin, ServeConfig};
use serde::Deserialize;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where `serve` listens unless told otherwise.
pub(super) const DEFAULT_BIND: &str = "127.0.0.1:7878";

/// What a `--config` file may hold: the same names as the flags, with `_`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    bind: Option<SocketAddr>,
    database_url: Option<String>,
    data_dir: Option<PathBuf>,
    content_dir: Option<PathBuf>,
    header_timeout: Option<u64>,
    body_grace: Option<u64>,
    body_min_rate: Option<u64>,
    shutdown_deadline: Option<u64>,
    #[serde(default, deserialize_with = "public_url")]
    public_url: Option<PublicOrigin>,
    log_format: Option<LogFormat>,
    accounts: Option<bool>,
    session_idle_days: Option<u64>,
    session_max_days: Option<u64>,
    push_contact: Option<String>,
}

/// A `public_url` in the file, checked as `--public-url` is.
fn public_url<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<PublicOrigin>, D::Error> {
    let text: Option<String> = Option::deserialize(d)?;
    text.map(|t| PublicOrigin::parse(&t).map_err(serde::de::Error::custom))
        .transpose()
}

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Given,
    File,
    Default,
}

impl Origin {
    fn describe(self) -> &'static str {
        match self {
            Origin::Given => "flag or environment",
            Origin::File => "config file",
            Origin::Default => "default",
        }
    }
}

/// The settings `serve` runs with.
#[derive(Debug)]
pub struct Settings {
    pub bind: SocketAddr,
    pub config: ServeConfig,
    /// Where a reverse proxy in front of the server is reached, if anywhere.
    pub public_url: Option<PublicOrigin>,
    /// How the request log is written.
    pub log_format: LogFormat,
    /// Hosted mode's settings; `None` in local mode.
    pub accounts: Option<HostedConfig>,
    /// Hosted mode's Web Push contact; `None` when reminders are not pushed.
    pub push_contact: Option<String>,
    pub globals: Globals,
    /// Each setting's name, its value as TOML, and where it came from.
    shown: Vec<(&'static str, String, Origin)>,
}

/// Works out the settings; reads the config file if one is named.
pub fn settings(g: &Globals, a: &ServeArgs) -> anyhow::Result<Settings> {
    let file = match &a.config {
        Some(path) => read_file(path)?,
        None => FileSettings::default(),
    };
    let mut shown = Vec::new();
    let mut pick = |name: &'static str, given: Option<u64>, filed: Option<u64>, default: u64| {
        let (value, origin) = choose(given, filed, default);
        shown.push((name, value.to_string(), origin));
        value
    };
    let header_timeout = pick("header_timeout", a.header_timeout, file.header_timeout, 10);
    let body_grace = pick("body_grace", a.body_grace, file.body_grace, 10);
    let body_min_rate = pick("body_min_rate", a.body_min_rate, file.body_min_rate, 1024);
    let shutdown_deadline = pick(
        "shutdown_deadline",
        a.shutdown_deadline,
        file.shutdown_deadline,
        10,
    );
    // Hosted mode's lines are shown only when it is on, so local mode prints as before.
    let (accounts, accounts_origin) = choose(a.accounts.then_some(true), file.accounts, false);
    let hosted = if accounts {
        let idle = pick(
            "session_idle_days",
            a.session_idle_days,
            file.session_idle_days,
            30,
        );
        let max = pick(
            "session_max_days",
            a.session_max_days,
            file.session_max_days,
            90,
        );
        shown.insert(
            shown.len() - 2,
            ("accounts", "true".to_string(), accounts_origin),
        );
        let days =
            |d: u64| jiff::SignedDuration::from_hours(i64::try_from(d * 24).unwrap_or(i64::MAX));
        Some(HostedConfig {
            session_idle: days(idle),
            session_absolute: days(max),
            ..HostedConfig::default()
        })
    } else {
        None
    };
    let default_bind: SocketAddr = DEFAULT_BIND.parse().context("the default address")?;
    let (bind, origin) = choose(a.bind, file.bind, default_bind);
    shown.insert(0, ("bind", quoted(&bind.to_string()), origin));
    let (public_url, origin) = match (&a.public_url, file.public_url) {
        (Some(url), _) => (Some(url.clone()), Origin::Given),
        (None, Some(url)) => (Some(url), Origin::File),
        (None, None) => (None, Origin::Default),
    };
    if let Some(url) = &public_url {
        shown.insert(1, ("public_url", quoted(&url.to_string()), origin));
    }
    // Web Push needs a contact for the push services: given, or the https public URL.
    let push_contact = match (&a.push_contact, file.push_contact) {
        _ if hosted.is_none() => None,
        (Some(c), _) => Some((c.clone(), Origin::Given)),
        (None, Some(c)) => Some((
            crate::args::parse_push_contact(&c)
                .map_err(|e| Refusal(format!("push_contact in the config file: {e}")))?,
            Origin::File,
        )),
        (None, None) => public_url
            .as_ref()
            .filter(|u| u.is_https())
            .map(|u| (u.to_string(), Origin::Default)),
    };
    if let Some((contact, origin)) = &push_contact {
        shown.push(("push_contact", quoted(contact), *origin));
    }
    let (log_format, origin) = choose(a.log_format, file.log_format, LogFormat::Text);
    shown.push(("log_format", quoted(log_format.as_str()), origin));

    let mut globals = g.clone();
    let journal_origin = journal_from(&mut globals, file.database_url, file.data_dir);
    let journal = match globals.journal()? {
        Location::Url(url) => ("database_url", backcalm_store::redact(&url.0)),
        Location::File(path) => (
            "data_dir",
            path.parent().unwrap_or(&path).display().to_string(),
        ),
    };
    shown.insert(1, (journal.0, quoted(&journal.1), journal_origin));
    if globals.content_dir.is_none() && file.content_dir.is_some() {
        globals.content_dir = file.content_dir;
        if let Some(dir) = &globals.content_dir {
            shown.push((
                "content_dir",
                quoted(&dir.display().to_string()),
                Origin::File,
            ));
        }
    } else if let Some(dir) = &globals.content_dir {
        shown.push((
            "content_dir",
            quoted(&dir.display().to_string()),
            Origin::Given,
        ));
    }
    Ok(Settings {
        bind,
        public_url,
        log_format,
        accounts: hosted,
        push_contact: push_contact.map(|(c, _)| c),
        config: ServeConfig {
            header_timeout: Duration::from_secs(header_timeout),
            body_grace: Duration::from_secs(body_grace),
            body_min_bytes_per_s: body_min_rate,
            shutdown_deadline: Duration::from_secs(shutdown_deadline),
        },
        globals,
        shown,
    })
}

impl Settings {
    /// The settings as a TOML file `--config` would accept, each line saying
    /// where its value came from.
    pub fn print(&self) -> String {
        let mut out = String::from(
            "# backcalm serve: flags and BACKCALM_ variables, then --config, then defaults\n",
        );
        let width = self.shown.iter().map(|(n, v, _)| n.len() + v.len()).max();
        for (name, value, origin) in &self.shown {
            let pad = width.unwrap_or(0) - name.len() - value.len();
            let _ = writeln!(out, "{name} = {value}{:pad$}  # {}", "", origin.describe());
        }
        out
    }
}

/// The journal and the public URL a server with these settings uses, for
/// commands that act on its database (`backcalm account …`): flags and
/// `BACKCALM_…` variables first, then the `--config` file.
pub(super) fn server(
    g: &Globals,
    config: Option<&Path>,
    public_url: Option<PublicOrigin>,
) -> anyhow::Result<(Globals, Option<PublicOrigin>)> {
    let file = match config {
        Some(path) => read_file(path)?,
        None => FileSettings::default(),
    };
    let mut globals = g.clone();
    journal_from(&mut globals, file.database_url, file.data_dir);
    Ok((globals, public_url.or(file.public_url)))
}

/// Takes the journal's place from the file unless a flag or variable named
/// one: the database URL and the data dir come from one place, not a mix.
fn journal_from(
    globals: &mut Globals,
    database_url: Option<String>,
    data_dir: Option<PathBuf>,
) -> Origin {
    if globals.database_url.is_some() || globals.data_dir.is_some() {
        Origin::Given
    } else if database_url.is_some() || data_dir.is_some() {
        globals.database_url = database_url.map(DatabaseUrl);
        globals.data_dir = data_dir;
        Origin::File
    } else {
        Origin::Default
    }
}

fn choose<T>(given: Option<T>, filed: Option<T>, default: T) -> (T, Origin) {
    match (given, filed) {
        (Some(v), _) => (v, Origin::Given),
        (None, Some(v)) => (v, Origin::File),
        (None, None) => (default, Origin::Default),
    }
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Reads and checks a config file; a mistake names the file and what to fix.
fn read_file(path: &Path) -> anyhow::Result<FileSettings> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the config file {}", path.display()))?;
    let file: FileSettings = toml::from_str(&text).map_err(|e| {
        Refusal(format!(
            "the config file {} is not valid: {}",
            path.display(),
            e.message()
        ))
    })?;
    for (name, value, range) in [
        ("header_timeout", file.header_timeout, 1..=3600),
        ("body_grace", file.body_grace, 1..=3600),
        ("body_min_rate", file.body_min_rate, 1..=1_000_000_000),
        ("shutdown_deadline", file.shutdown_deadline, 0..=3600),
        ("session_idle_days", file.session_idle_days, 1..=3650),
        ("session_max_days", file.session_max_days, 1..=3650),
    ] {
        if let Some(v) = value.filter(|v| !range.contains(v)) {
            return Err(Refusal(format!(
                "the config file {}: {name} = {v} is outside {}..={}",
                path.display(),
                range.start(),
                range.end()
            ))
            .into());
        }
    }
    Ok(file)
}
