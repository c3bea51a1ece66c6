//! Acting on the parsed command line: one file per command group.
//!
//! Every command checks the values it was given before it touches the
//! journal or a file, so a refused value (exit 2) leaves nothing behind.

mod accounts;
mod backup;
mod checkins;
mod erase;
mod export;
mod help_now;
mod import;
mod insights;
mod learn;
mod man;
mod migrate;
mod practice;
mod program;
mod questionnaire;
mod remind;
mod render;
mod report;
mod screen;
mod serve;
mod serve_config;
mod sessions;

use crate::args::{
    AccountCommand, Cli, Command, PracticeCommand, QuestionnaireCommand, RemindCommand,
};
use crate::journal::{DatabaseUrl, Location};
use clap::CommandFactory;
use std::io::Write;
use std::path::PathBuf;

/// The global options every command may use.
#[derive(Debug, Clone)]
pub struct Globals {
    data_dir: Option<PathBuf>,
    database_url: Option<DatabaseUrl>,
    content_dir: Option<PathBuf>,
}

impl Globals {
    /// Where the journal is; touches nothing on disk.
    fn journal(&self) -> anyhow::Result<Location> {
        Location::locate(self.data_dir.as_deref(), self.database_url.as_ref())
    }

    /// The practice library.
    fn library(&self) -> anyhow::Result<backcalm_core::Library> {
        crate::library::load(self.content_dir.as_deref())
    }
}

/// Runs one command, with the global options of `cli`.
pub fn run(cli: Cli, command: Command) -> anyhow::Result<()> {
    let globals = Globals {
        data_dir: cli.data_dir,
        database_url: cli.database_url,
        content_dir: cli.content_dir,
    };
    match command {
        Command::Practice(PracticeCommand::List(a)) => practice::list(&globals, &a),
        Command::Practice(PracticeCommand::Show(a)) => practice::show(&globals, &a),
        Command::Practice(PracticeCommand::Play(a)) => practice::play(&globals, &a),
        Command::Log(a) => checkins::log(&globals, &a),
        Command::History(a) => checkins::history(&globals, &a),
        Command::Sessions(a) => sessions::list(&globals, &a),
        Command::Render(a) => render::render(&globals, &a),
        Command::Insights(a) => insights::insights(&globals, &a),
        Command::Screen(a) => screen::screen(&globals, &a),
        Command::HelpNow(a) => help_now::help_now(&globals, &a),
        Command::Remind(RemindCommand::Add(a)) => remind::add(&globals, &a),
        Command::Remind(RemindCommand::List(a)) => remind::list(&globals, &a),
        Command::Remind(RemindCommand::Remove(a)) => remind::remove(&globals, &a),
        Command::Learn(a) => learn::learn(&globals, &a),
        Command::Program(a) => program::program(&globals, &a),
        Command::Questionnaire(QuestionnaireCommand::List(a)) => questionnaire::list(&globals, &a),
        Command::Questionnaire(QuestionnaireCommand::Take(a)) => questionnaire::take(&globals, &a),
        Command::Export(a) => export::export(&globals, &a),
        Command::Import(a) => import::import(&globals, &a),
        Command::Report(a) => report::report(&globals, &a),
        Command::Backup(a) => backup::backup(&globals, &a),
        Command::Restore(a) => backup::restore(&globals, &a),
        Command::DeleteEverything(a) => erase::delete_everything(&globals, &a),
        Command::Serve(a) => serve::serve(&globals, &a),
        Command::Migrate(_) => migrate::migrate(&globals),
        Command::Account(AccountCommand::Invite(a)) => accounts::invite(&globals, &a),
        Command::Account(AccountCommand::List(a)) => accounts::list(&globals, &a),
        Command::Account(AccountCommand::Disable(a)) => accounts::disable(&globals, &a),
        Command::Account(AccountCommand::Reset(a)) => accounts::reset(&globals, &a),
        Command::Completions(a) => {
            let mut out = std::io::stdout().lock();
            clap_complete::generate(a.shell, &mut Cli::command(), "backcalm", &mut out);
            out.flush()?;
            Ok(())
        }
        Command::Man(a) => man::man(&a),
    }
}

/// Writes `value` to stdout as pretty JSON with a final newline.
fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    print_text(&text)
}

/// Writes text to stdout, reporting a closed pipe as an error rather than panicking.
fn print_text(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// The terminal's width when stdout is one; `None` for pipes and files (no truncation).
fn terminal_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size()
        .ok()
        .map(|(cols, _)| usize::from(cols))
        .filter(|w| *w >= 20)
}
