//! `backcalm man`: the manual pages, from the same clap definitions as
//! `--help` and the shell completions, so they never drift apart.

use crate::args::{Cli, ManArgs};
use anyhow::Context;
use clap::CommandFactory;
use std::io::Write;

/// `man`
pub fn man(a: &ManArgs) -> anyhow::Result<()> {
    let Some(dir) = &a.out else {
        let mut page = Vec::new();
        page_of(Cli::command())
            .render(&mut page)
            .context("cannot render the manual page")?;
        let mut out = std::io::stdout().lock();
        out.write_all(&page)?;
        out.flush()?;
        return Ok(());
    };
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    let mut root = Cli::command().disable_help_subcommand(true);
    // Gives every subcommand its full name (backcalm-practice-play).
    root.build();
    let count = write_pages(root, dir)
        .with_context(|| format!("cannot write the manual pages into {}", dir.display()))?;
    eprintln!(
        "wrote {count} manual pages into {}; install them under share/man/man1",
        dir.display()
    );
    Ok(())
}

/// One page, its footer naming the program and release rather than the command.
fn page_of(cmd: clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(cmd)
        .source(format!("backcalm {}", env!("CARGO_PKG_VERSION")))
        .manual("backcalm manual")
}

/// Writes `cmd`'s page and those of its visible subcommands; returns how many.
fn write_pages(cmd: clap::Command, dir: &std::path::Path) -> std::io::Result<usize> {
    let mut count = 0;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        count += write_pages(sub.clone(), dir)?;
    }
    page_of(cmd).generate_to(dir)?;
    Ok(count + 1)
}
