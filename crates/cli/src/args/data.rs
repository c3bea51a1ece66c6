//! Arguments of the commands that move your data: export, import, the
//! clinician report, backup, restore, and deleting everything.

use super::parse_date;
use backcalm_core::chart::Window;
use clap::{Args as ClapArgs, ValueEnum};
use jiff::civil::Date;
use std::path::PathBuf;

/// Reads `--range`: 4w, 3m, 1y or all.
fn parse_window(s: &str) -> Result<Window, String> {
    s.parse::<Window>().map_err(|e| e.to_string())
}

/// `export --format`
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A folder with checkins.csv, sessions.csv and questionnaires.csv.
    Csv,
    /// One file with everything, re-importable without loss.
    Json,
    /// A FHIR R4 Bundle for a clinic's systems (pain, questionnaires).
    Fhir,
    /// Your reminders as an iCalendar file for a calendar app.
    Ics,
}

/// `export`
#[derive(Debug, ClapArgs)]
pub struct ExportArgs {
    /// The format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Where to write: a folder for csv, a file for the others.
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: PathBuf,
    /// Replace files that are already there.
    #[arg(long)]
    pub force: bool,
    /// FHIR only: the identifier the clinic knows you by (no name is ever exported).
    #[arg(long, value_name = "ID")]
    pub pseudonym: Option<String>,
}

/// `import`
#[derive(Debug, ClapArgs)]
pub struct ImportArgs {
    /// A JSON export, a CSV file (checkins.csv, sessions.csv, questionnaires.csv), or a folder of them.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Check the file and say what would be imported, without changing the journal.
    #[arg(long)]
    pub dry_run: bool,
}

/// `report`
#[derive(Debug, ClapArgs)]
pub struct ReportArgs {
    /// First local day of the period, YYYY-MM-DD (default: see --range).
    #[arg(long, value_name = "DATE", value_parser = parse_date, conflicts_with = "range")]
    pub from: Option<Date>,
    /// How far back from --to the period reaches: 4w, 3m, 1y or all. Never before the
    /// journal's first record [default: 3m]
    #[arg(long, value_name = "RANGE", value_parser = parse_window)]
    pub range: Option<Window>,
    /// Last local day of the period, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<Date>,
    /// The file to write: .html for a printable page, .pdf for a one-page PDF.
    #[arg(short = 'o', long = "output", value_name = "FILE.html|FILE.pdf")]
    pub output: PathBuf,
    /// PDF paper size.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    pub paper: PaperArg,
}

/// `report --paper`
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 inches.
    Letter,
}

/// `backup`
#[derive(Debug, ClapArgs)]
pub struct BackupArgs {
    /// The backup file to write (replaced if it exists).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

/// `restore`
#[derive(Debug, ClapArgs)]
pub struct RestoreArgs {
    /// A backup made by `backcalm backup`.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Do not ask before replacing the journal.
    #[arg(long)]
    pub yes: bool,
}

/// `delete-everything`
#[derive(Debug, ClapArgs)]
pub struct DeleteEverythingArgs {
    /// Do not ask; delete at once.
    #[arg(long)]
    pub yes: bool,
}
