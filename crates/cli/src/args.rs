//! The command line, parsed once into plain structs (ripgrep style).
//!
//! Values that only need a shape check (dates, paces, body parts) are parsed
//! here, so a bad one is a usage error (exit 2) before anything runs. Values
//! that belong to a journal record stay text and go through core's drafts.

mod accounts;
mod care;
mod data;

pub use accounts::{
    AccountCommand, AccountListArgs, AuditArgs, DisableArgs, InviteArgs, ResetArgs, ServerArgs,
};
pub use care::{
    HelpNowArgs, InsightsArgs, LearnArgs, ProgramArgs, QuestionnaireCommand, QuestionnaireListArgs,
    QuestionnaireTakeArgs, RemindAddArgs, RemindCommand, RemindListArgs, RemindRemoveArgs,
    ScreenArgs,
};
pub use data::{
    BackupArgs, DeleteEverythingArgs, ExportArgs, ExportFormat, ImportArgs, PaperArg, ReportArgs,
    RestoreArgs,
};

use crate::journal::DatabaseUrl;
use backcalm_core::timeline::IntervalBells;
use backcalm_core::{BodyPart, Pace, Region};
use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Where the options every command takes are listed in `--help`.
const GLOBAL: &str = "Global options";

/// The last lines of `backcalm --help`: where the crisis numbers are (CLINICAL.md).
pub const HELP_NOW_FOOTER: &str =
    "Need help now? `backcalm help-now` shows your crisis and emergency numbers.";

/// Mindfulness practices and a pain journal for persistent back pain.
///
/// A companion to medical care, not a replacement: see a doctor about new or
/// worsening pain, numbness, weakness, or trouble passing urine.
#[derive(Debug, Parser)]
#[command(
    name = "backcalm",
    version,
    propagate_version = true,
    override_usage = "backcalm [OPTIONS] <COMMAND>",
    max_term_width = 100,
    after_help = HELP_NOW_FOOTER,
    after_long_help = HELP_NOW_FOOTER
)]
pub struct Cli {
    /// Where the journal lives (default: the platform's data directory).
    #[arg(long, global = true, env = "BACKCALM_DATA_DIR", value_name = "DIR", hide_env_values = true, help_heading = GLOBAL)]
    pub data_dir: Option<PathBuf>,
    /// Use this database instead of the journal file (postgres://… or sqlite://…).
    #[arg(
        long,
        global = true,
        env = "BACKCALM_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true,
        help_heading = GLOBAL,
        value_parser = parse_database_url
    )]
    pub database_url: Option<DatabaseUrl>,
    /// Read practices from this folder instead of the built-in ones.
    #[arg(long, global = true, env = "BACKCALM_CONTENT_DIR", value_name = "DIR", hide_env_values = true, help_heading = GLOBAL)]
    pub content_dir: Option<PathBuf>,
    /// `None` for a bare `backcalm`, which shows the help.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List, show and play practices.
    #[command(subcommand)]
    Practice(PracticeCommand),
    /// Record how your back feels now (a check-in); prints the new record's id.
    Log(LogArgs),
    /// List your check-ins, oldest first.
    History(RangeArgs),
    /// List your practice sessions, oldest first.
    Sessions(RangeArgs),
    /// Write a practice to a WAV file (bells, and a voice when espeak-ng is installed).
    Render(RenderArgs),
    /// What your journal shows: pain trend, practice, before and after each technique.
    Insights(InsightsArgs),
    /// Answer the warning-signs questions (red flags) and see whether to get care now.
    Screen(ScreenArgs),
    /// Need help now? Your crisis and emergency numbers.
    HelpNow(HelpNowArgs),
    /// Daily reminders (one a day unless you ask for more).
    #[command(subcommand)]
    Remind(RemindCommand),
    /// Read the short lessons.
    Learn(LearnArgs),
    /// The 8-week program and today's step.
    Program(ProgramArgs),
    /// Questionnaires such as the weekly PEG.
    #[command(subcommand)]
    Questionnaire(QuestionnaireCommand),
    /// Write your data to files: CSV, JSON, FHIR or iCalendar.
    Export(ExportArgs),
    /// Read records from a backcalm JSON or CSV export.
    Import(ImportArgs),
    /// Write a one-page report for your clinician (HTML or PDF).
    Report(ReportArgs),
    /// Copy the whole journal to a backup file (safe while `serve` runs).
    Backup(BackupArgs),
    /// Replace the journal with a backup.
    Restore(RestoreArgs),
    /// Delete every record in the journal, for good.
    DeleteEverything(DeleteEverythingArgs),
    /// Run the web app on this computer.
    Serve(ServeArgs),
    /// Bring the journal's database up to date and exit (for deploy scripts).
    Migrate(MigrateArgs),
    /// Hosted mode's accounts: invite, list, disable, reset a password.
    #[command(subcommand)]
    Account(AccountCommand),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Write the manual pages (roff), for packagers: one per command.
    Man(ManArgs),
}

/// `backcalm practice …`
#[derive(Debug, Subcommand)]
pub enum PracticeCommand {
    /// List every practice with its lengths.
    List(ListArgs),
    /// Show what a practice says and when, at a chosen length.
    Show(ShowArgs),
    /// Play a practice in the terminal.
    Play(PlayArgs),
}

/// `practice list`
#[derive(Debug, ClapArgs)]
pub struct ListArgs {
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

/// `practice show`
#[derive(Debug, ClapArgs)]
pub struct ShowArgs {
    /// The practice id (see `backcalm practice list`).
    pub id: String,
    #[command(flatten)]
    pub options: PracticeOptions,
    /// Print the compiled timeline as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `practice play`
#[derive(Debug, ClapArgs)]
pub struct PlayArgs {
    /// The practice id (see `backcalm practice list`).
    pub id: String,
    #[command(flatten)]
    pub options: PracticeOptions,
    /// Plain lines instead of a full screen (for screen readers and pipes).
    #[arg(long)]
    pub plain: bool,
    /// Do not ring bells through the speakers.
    #[arg(long)]
    pub no_bells: bool,
    /// Do not ask anything before and after (pain and stress; for imagery how
    /// pleasant it was; for natural breath and the body scan, places in the body).
    #[arg(long)]
    pub no_ratings: bool,
}

/// `render`
#[derive(Debug, ClapArgs)]
pub struct RenderArgs {
    /// The practice id (see `backcalm practice list`).
    pub id: String,
    #[command(flatten)]
    pub options: PracticeOptions,
    /// The WAV file to write.
    #[arg(short = 'o', long = "output", value_name = "FILE.wav")]
    pub output: PathBuf,
    /// Bells only, even when espeak-ng is installed.
    #[arg(long)]
    pub no_voice: bool,
}

/// Choices a person makes before a practice; turned into core `Options`.
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct PracticeOptions {
    /// Length in whole minutes (default: the practice's own default).
    #[arg(long, value_name = "N")]
    pub minutes: Option<u32>,
    /// Run open-ended, counting up until you stop (meditation timer only).
    #[arg(long, conflicts_with = "minutes")]
    pub open: bool,
    /// Breathing pace: IN:OUT or IN:HOLD:OUT:HOLD seconds, or relaxed, even, box, 4-7-8.
    #[arg(long, value_name = "PACE", value_parser = parse_pace)]
    pub pace: Option<Pace>,
    /// Body regions that hurt: the body scan lingers there, PMR and movement go gently;
    /// `none` for none. Without it, play and show use your latest check-in of the last 7 days.
    #[arg(long, value_name = "REGIONS", value_delimiter = ',', value_parser = parse_place)]
    pub painful: Option<Vec<Place>>,
    /// Areas where breathing felt easy or hard last time (natural breath); `none` for none.
    /// Without it, play and show use those you marked after your last session.
    #[arg(long, value_name = "REGIONS", value_delimiter = ',', value_parser = parse_place)]
    pub breath_areas: Option<Vec<Place>>,
    /// Guided imagery scene id.
    #[arg(long, value_name = "NAME")]
    pub scene: Option<String>,
    /// Timer: an interval bell every MIN minutes (fractions too: 0.5 is every 30 s).
    #[arg(long, value_name = "MIN", conflicts_with = "bells_at", value_parser = parse_interval)]
    pub interval: Option<IntervalBells>,
    /// Timer: interval bells at these minutes after the start (e.g. 0,25,30,55).
    #[arg(long, value_name = "MIN,MIN,…", value_delimiter = ',')]
    pub bells_at: Vec<u32>,
    /// Timer: settling-in seconds before the first bell.
    #[arg(long, value_name = "S")]
    pub delay: Option<u32>,
    /// Timer: strikes per bell, 1 or 2.
    #[arg(long, value_name = "1|2")]
    pub strikes: Option<u8>,
    /// Progressive muscle relaxation: tense the lower back gently, or skip it.
    #[arg(long, value_enum, value_name = "MODE")]
    pub back_mode: Option<BackModeArg>,
    /// Mindful movement: you practise sitting; each movement is spoken the seated way.
    #[arg(long)]
    pub seated: bool,
}

/// `--back-mode`
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BackModeArg {
    /// Half strength.
    Gentle,
    /// Leave the lower back out.
    Skip,
}

/// `log`
#[derive(Debug, ClapArgs)]
pub struct LogArgs {
    /// Pain now, 0 (none) to 10 (worst imaginable).
    #[arg(long, value_name = "0-10", allow_negative_numbers = true)]
    pub pain: i64,
    /// Stress, 0-10.
    #[arg(long, value_name = "0-10", allow_negative_numbers = true)]
    pub stress: Option<i64>,
    /// Sleep quality last night, 0 (very poor) to 10 (very well).
    #[arg(long, value_name = "0-10", allow_negative_numbers = true)]
    pub sleep: Option<i64>,
    /// What it feels like: radiating, sharp, dull-ache, swollen, tension,
    /// worse-with-activity, disturbed-sleep, numbness-or-weakness, other.
    #[arg(long, value_name = "FEEL,…", value_delimiter = ',')]
    pub feel: Vec<String>,
    /// Where it hurts: body regions such as lower-back, lower-back-left, thigh-right.
    #[arg(long = "where", value_name = "REGION,…", value_delimiter = ',')]
    pub regions: Vec<String>,
    /// What you were doing.
    #[arg(long, value_name = "TEXT")]
    pub activity: Option<String>,
    /// A note.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Mark this as a flare-up: the program then offers only a short, gentle practice today.
    #[arg(long)]
    pub flare: bool,
    /// When it was, RFC 3339 with an offset (default: now), e.g. 2026-11-26T08:30:00+01:00.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

/// `history`, `sessions`
#[derive(Debug, ClapArgs)]
pub struct RangeArgs {
    /// First local day to include, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<Date>,
    /// Last local day to include, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<Date>,
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

/// `serve`
#[derive(Debug, ClapArgs)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port [default: 127.0.0.1:7878].
    #[arg(long, env = "BACKCALM_BIND", value_name = "ADDR")]
    pub bind: Option<SocketAddr>,
    /// Seconds a request's line and headers may take to arrive [default: 10].
    #[arg(long, env = "BACKCALM_HEADER_TIMEOUT", value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: Option<u64>,
    /// Seconds a request body may take before its rate is checked [default: 10].
    #[arg(long, env = "BACKCALM_BODY_GRACE", value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub body_grace: Option<u64>,
    /// Slowest a request body may arrive after the grace, in bytes a second [default: 1024].
    #[arg(long, env = "BACKCALM_BODY_MIN_RATE", value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..=1_000_000_000))]
    pub body_min_rate: Option<u64>,
    /// Seconds requests in flight get to finish on Ctrl-C or SIGTERM [default: 10].
    #[arg(long, env = "BACKCALM_SHUTDOWN_DEADLINE", value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub shutdown_deadline: Option<u64>,
    /// The https:// address a reverse proxy in front of this server is reached
    /// by; requests addressed to it are answered as well as this computer's own.
    #[arg(long, env = "BACKCALM_PUBLIC_URL", value_name = "URL", value_parser = parse_public_url)]
    pub public_url: Option<backcalm_web::PublicOrigin>,
    /// How the request log on stderr is written: text for people (the
    /// default) or json, one object a line, for log collectors.
    #[arg(long, env = "BACKCALM_LOG_FORMAT", value_name = "FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,
    /// Hosted mode: people sign in with accounts, each with a journal of
    /// their own (`backcalm account invite --role admin` makes the first).
    #[arg(long, env = "BACKCALM_ACCOUNTS")]
    pub accounts: bool,
    /// Hosted mode: days an unused session lasts [default: 30].
    #[arg(long, env = "BACKCALM_SESSION_IDLE_DAYS", value_name = "DAYS", value_parser = clap::value_parser!(u64).range(1..=3650))]
    pub session_idle_days: Option<u64>,
    /// Hosted mode: days a session lasts however often it is used [default: 90].
    #[arg(long, env = "BACKCALM_SESSION_MAX_DAYS", value_name = "DAYS", value_parser = clap::value_parser!(u64).range(1..=3650))]
    pub session_max_days: Option<u64>,
    /// Hosted mode: who runs this server, for the browsers' push services
    /// (a mailto: address or an https: URL). Reminders by Web Push are sent
    /// when this is set, or taken from an https --public-url [default: the public URL].
    #[arg(long, env = "BACKCALM_PUSH_CONTACT", value_name = "CONTACT", value_parser = parse_push_contact)]
    pub push_contact: Option<String>,
    /// Read settings from this TOML file; flags and BACKCALM_… variables win over it.
    #[arg(
        long,
        env = "BACKCALM_CONFIG",
        value_name = "FILE",
        hide_env_values = true
    )]
    pub config: Option<PathBuf>,
    /// Print the settings serve would use (passwords hidden), then exit.
    #[arg(long)]
    pub print_config: bool,
}

/// How `serve` writes its log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One readable line per request.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

impl LogFormat {
    /// The name, as the flag and the file take it.
    pub fn as_str(self) -> &'static str {
        match self {
            LogFormat::Text => "text",
            LogFormat::Json => "json",
        }
    }
}

/// `completions`
#[derive(Debug, ClapArgs)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `migrate`
#[derive(Debug, ClapArgs)]
pub struct MigrateArgs {}

/// `man`
#[derive(Debug, ClapArgs)]
pub struct ManArgs {
    /// Write backcalm.1 and a backcalm-COMMAND.1 for every command into this
    /// folder (created if missing); without it, print backcalm.1.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// A VAPID contact (RFC 8292): `mailto:` with an address, or an `https:` URL.
pub(crate) fn parse_push_contact(s: &str) -> Result<String, String> {
    let t = s.trim();
    let ok = t
        .strip_prefix("mailto:")
        .is_some_and(|a| a.contains('@') && !a.contains(char::is_whitespace))
        || (t.starts_with("https://")
            && t.len() > "https://".len()
            && !t.contains(char::is_whitespace));
    if ok {
        Ok(t.to_string())
    } else {
        Err(format!(
            "{s:?} is not a contact the push services take; give mailto:you@example.org or an https:// address"
        ))
    }
}

fn parse_public_url(s: &str) -> Result<backcalm_web::PublicOrigin, String> {
    backcalm_web::PublicOrigin::parse(s)
}

fn parse_database_url(s: &str) -> Result<DatabaseUrl, String> {
    Ok(DatabaseUrl(s.to_string()))
}

fn parse_interval(s: &str) -> Result<IntervalBells, String> {
    IntervalBells::parse_minutes(s)
}

fn parse_pace(s: &str) -> Result<Pace, String> {
    s.parse::<Pace>().map_err(|e| e.to_string())
}

/// A region id; a sided one (`calf-left`) names its part, since practices attend to parts.
/// A body part given to `--painful` or `--breath-areas`, or `none` (no places).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place(pub Option<BodyPart>);

fn parse_place(s: &str) -> Result<Place, String> {
    if s.trim() == "none" {
        return Ok(Place(None));
    }
    s.parse::<Region>()
        .map(|r| Place(Some(r.part)))
        .map_err(|e| format!("{e}; or none for no places"))
}

/// `yes`/`no` (or y/n, true/false) after `ID=`.
fn parse_yes_no(s: &str) -> Result<(String, bool), String> {
    let (id, answer) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?} is not ID=yes or ID=no"))?;
    let yes = match answer.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" => true,
        "no" | "n" | "false" => false,
        other => return Err(format!("{s:?}: {other:?} is not yes or no")),
    };
    Ok((id.trim().to_string(), yes))
}

fn parse_date(s: &str) -> Result<Date, String> {
    backcalm_core::time::date(s.trim()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn dates_must_be_whole_iso_days() {
        assert_eq!(
            parse_date("2026-03-29").map(|d| d.to_string()),
            Ok("2026-03-29".to_string())
        );
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("29/03/2026").is_err());
        assert!(parse_date("2026-3-9").is_err());
    }

    #[test]
    fn screen_answers_are_yes_or_no() {
        assert_eq!(
            parse_yes_no("night-pain=yes"),
            Ok(("night-pain".to_string(), true))
        );
        assert_eq!(
            parse_yes_no("weight-loss=N"),
            Ok(("weight-loss".to_string(), false))
        );
        assert!(parse_yes_no("weight-loss=maybe").is_err());
        assert!(parse_yes_no("weight-loss").is_err());
    }

    #[test]
    fn sided_regions_name_their_part_and_none_names_none() {
        assert_eq!(parse_place("calf-left"), Ok(Place(Some(BodyPart::Calf))));
        assert_eq!(
            parse_place("lower-back"),
            Ok(Place(Some(BodyPart::LowerBack)))
        );
        assert_eq!(parse_place(" none "), Ok(Place(None)));
        let err = parse_place("tail").expect_err("not a region");
        assert!(err.contains("\"tail\"") && err.contains("none"), "{err}");
    }
}
