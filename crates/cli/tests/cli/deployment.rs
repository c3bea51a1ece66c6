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
        "database_url = \"postgres://backcalm@db.internal/backcalm\"",
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
