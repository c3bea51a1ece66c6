//! `backcalm`: mindfulness practices and a pain journal, on the command line.
//!
//! Arguments are parsed once into plain structs ([`args`]), then acted on
//! ([`commands`]); this file only maps the outcome to an exit code.

mod args;
mod clock;
mod commands;
mod failure;
mod files;
mod journal;
mod library;
mod options;
mod personal;
mod player;
mod prompt;
mod text;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "backcalm: internal error ({info}). This is a bug in backcalm; please report it."
        );
    }));
    let mut cli = args::Cli::parse();
    let Some(command) = cli.command.take() else {
        // A bare `backcalm` (even with BACKCALM_DATA_DIR set): show what there is to do.
        let mut help = <args::Cli as clap::CommandFactory>::command();
        let _ = help.write_long_help(&mut std::io::stderr());
        return ExitCode::from(failure::EXIT_REFUSED);
    };
    match commands::run(cli, command) {
        Ok(()) => ExitCode::SUCCESS,
        // `backcalm history | head` closing the pipe early is not a failure.
        Err(e) if failure::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            failure::report(&e);
            ExitCode::from(failure::exit_code(&e))
        }
    }
}
