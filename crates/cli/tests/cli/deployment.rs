//! docs/DEPLOYMENT.md's examples, run: what an operator copies must work.

use crate::{Bc, Run};

const GUIDE: &str = include_str!("../../../../docs/DEPLOYMENT.md");

/// The body of the guide's first fenced block of `lang`.
fn block(lang: &str) -> &'static str {
    let fence = format!("```{lang}\n");
    let start = GUIDE
        .find(&fence)
        .unwrap_or_else(|| panic!("DEPLOYMENT.md has a ```{lang} block"))
        + fence.len();
    let len = GUIDE[start..].find("```").expect("the block ends");
    &GUIDE[start..start + len]
}

#[test]
fn the_guides_settings_file_is_accepted_as_written() {
    let bc = Bc::new();
    let file = bc.scratch("serve.toml");
    std::fs::write(&file, block("toml")).expect("write");
    let config = file.to_str().expect("utf-8");
    // As on a server: no data dir in the environment, so the file's URL counts.
    let r: Run = bc
        .command(&["serve", "--config", config, "--print-config"])
        .env_remove("BACKCALM_DATA_DIR")
        .output()
        .expect("runs")
        .into();
    assert_eq!(r.code, 0, "{}", r.stderr);
    for line in [
        "bind = \"127.0.0.1:7878\"",
        "database_url = \"postgres://backcalm_app@db.internal/backcalm\"",
        "header_timeout = 10",
        "body_grace = 10",
        "body_min_rate = 1024",
        "shutdown_deadline = 10",
    ] {
        let shown = r
            .stdout
            .lines()
            .find(|l| l.starts_with(line))
            .unwrap_or_else(|| panic!("{line:?} is not in:\n{}", r.stdout));
        assert!(shown.ends_with("# config file"), "{shown}");
    }
}

const UNIT: &str = include_str!("../../../../deploy/backcalm.service");

/// systemd's own checks of deploy/backcalm.service, with this build's binary
/// standing in for /usr/bin/backcalm: the unit is valid, and its sandboxing
/// scores an exposure of at most 2.0 (of 10) in `systemd-analyze security`.
#[test]
fn the_systemd_unit_is_valid_and_locked_down() {
    let bc = Bc::new();
    let unit = bc.scratch("backcalm.service");
    let binary = env!("CARGO_BIN_EXE_backcalm");
    std::fs::write(&unit, UNIT.replace("/usr/bin/backcalm", binary)).expect("write");
    let unit = unit.to_str().expect("utf-8");
    let analyze = |args: &[&str]| {
        let out = std::process::Command::new("systemd-analyze")
            .args(args)
            .output()
            .expect("systemd-analyze runs (Debian's systemd; scripts/test installs it)");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, why) = analyze(&["verify", "--man=no", unit]);
    // An unknown or misspelt key is only a warning to systemd: none is allowed.
    assert!(ok && why.is_empty(), "systemd-analyze verify: {why}");
    let (ok, why) = analyze(&["security", "--offline=yes", "--threshold=20", unit]);
    assert!(ok, "exposure above 2.0: {why}");
}

/// The unit's `Environment=` settings and commands are ones backcalm takes.
#[test]
fn the_systemd_units_settings_are_accepted() {
    let bc = Bc::new();
    let mut command = bc.command(&["serve", "--print-config"]);
    command.env_remove("BACKCALM_DATA_DIR");
    for line in UNIT.lines() {
        if let Some((name, value)) = line
            .strip_prefix("Environment=")
            .and_then(|kv| kv.split_once('='))
        {
            command.env(name, value);
        }
    }
    let r: Run = command.output().expect("runs").into();
    assert_eq!(r.code, 0, "{}", r.stderr);
    for line in [
        "bind = \"127.0.0.1:7878\"",
        "data_dir = \"/var/lib/backcalm\"",
        "shutdown_deadline = 10",
    ] {
        let shown = r
            .stdout
            .lines()
            .find(|l| l.starts_with(line))
            .unwrap_or_else(|| panic!("{line:?} is not in:\n{}", r.stdout));
        assert!(shown.ends_with("# flag or environment"), "{shown}");
    }
    assert!(UNIT.contains("\nExecStartPre=/usr/bin/backcalm migrate\n"));
    assert!(UNIT.contains("\nExecStart=/usr/bin/backcalm serve\n"));
}

const CONTAINERFILE: &str = include_str!("../../../../deploy/Containerfile");

/// The container's `BACKCALM_…` settings are ones backcalm takes. (The file
/// itself is not built here: the test machine has no container engine.)
#[test]
fn the_containers_settings_are_accepted() {
    let bc = Bc::new();
    let mut command = bc.command(&["serve", "--print-config"]);
    command.env_remove("BACKCALM_DATA_DIR");
    let settings: Vec<(&str, &str)> = CONTAINERFILE
        .split_whitespace()
        .filter_map(|word| word.strip_prefix("BACKCALM_"))
        .filter_map(|kv| kv.split_once('='))
        .collect();
    assert_eq!(settings.len(), 2, "{settings:?}");
    for (name, value) in &settings {
        command.env(format!("BACKCALM_{name}"), value);
    }
    let r: Run = command.output().expect("runs").into();
    assert_eq!(r.code, 0, "{}", r.stderr);
    for line in [
        "bind = \"0.0.0.0:7878\"",
        "data_dir = \"/var/lib/backcalm\"",
    ] {
        assert!(
            r.stdout.lines().any(|l| l.starts_with(line)),
            "{line:?} is not in:\n{}",
            r.stdout
        );
    }
    assert!(
        CONTAINERFILE.contains("USER backcalm\n"),
        "runs as a non-root user"
    );
    assert!(CONTAINERFILE.contains("backcalm migrate && exec backcalm serve"));
}

/// The public address the guide starts backcalm with behind Caddy is the one
/// Caddy's site block names, and backcalm takes it.
#[test]
fn the_guides_proxy_address_is_accepted_and_matches_the_caddy_site() {
    let line = GUIDE
        .lines()
        .find(|l| l.starts_with("BACKCALM_PUBLIC_URL="))
        .expect("the guide sets BACKCALM_PUBLIC_URL");
    let url = line
        .strip_prefix("BACKCALM_PUBLIC_URL=")
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a value");
    let site = block("caddyfile")
        .split_whitespace()
        .next()
        .expect("a site address");
    assert_eq!(url, format!("https://{site}"));
    let bc = Bc::new();
    let mut command = bc.command(&["serve", "--print-config"]);
    command.env("BACKCALM_PUBLIC_URL", url);
    let r: Run = command.output().expect("runs").into();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(&format!("public_url = \"{url}\"")),
        "{}",
        r.stdout
    );
}
