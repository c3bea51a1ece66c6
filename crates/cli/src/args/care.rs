//! Arguments of the commands about looking after yourself: insights, the
//! safety screen, reminders, lessons, the 8-week program, questionnaires.

use super::parse_yes_no;
use clap::{Args as ClapArgs, Subcommand};

/// `insights`
#[derive(Debug, ClapArgs)]
pub struct InsightsArgs {
    /// Print JSON for scripts (the same as GET /api/v1/insights).
    #[arg(long)]
    pub json: bool,
}

/// `screen`
#[derive(Debug, ClapArgs)]
pub struct ScreenArgs {
    /// Answer without being asked, for scripts: QUESTION=yes|no for every
    /// question (see `backcalm screen --questions`).
    #[arg(
        long,
        value_name = "ID=yes|no,…",
        value_delimiter = ',',
        value_parser = parse_yes_no,
        conflicts_with = "questions"
    )]
    pub answers: Vec<(String, bool)>,
    /// List the questions with their ids and stop.
    #[arg(long)]
    pub questions: bool,
    /// Print JSON for scripts: { "action", "message", "reasons" }.
    #[arg(long)]
    pub json: bool,
}

/// `help-now`
#[derive(Debug, ClapArgs)]
pub struct HelpNowArgs {
    /// Print JSON for scripts: { "title", "intro", "numbers": { "lines": […] } }.
    #[arg(long)]
    pub json: bool,
}

/// `remind …`
#[derive(Debug, Subcommand)]
pub enum RemindCommand {
    /// Add a daily reminder; prints its id.
    Add(RemindAddArgs),
    /// List your reminders.
    List(RemindListArgs),
    /// Remove a reminder.
    Remove(RemindRemoveArgs),
}

/// `remind add`
#[derive(Debug, ClapArgs)]
pub struct RemindAddArgs {
    /// The local time of day, HH:MM (24-hour), e.g. 08:30.
    #[arg(value_name = "HH:MM")]
    pub time: String,
    /// What the reminder says (default: a gentle line of its own).
    #[arg(long, value_name = "TEXT")]
    pub label: Option<String>,
    /// Allow a second (or third) reminder a day; backcalm keeps to one otherwise.
    #[arg(long)]
    pub allow_more: bool,
}

/// `remind list`
#[derive(Debug, ClapArgs)]
pub struct RemindListArgs {
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

/// `remind remove`
#[derive(Debug, ClapArgs)]
pub struct RemindRemoveArgs {
    /// The reminder's id (see `backcalm remind list`).
    pub id: String,
}

/// `learn`
#[derive(Debug, ClapArgs)]
pub struct LearnArgs {
    /// The lesson to read; without it, the list of lessons.
    pub id: Option<String>,
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

/// `program`
#[derive(Debug, ClapArgs)]
pub struct ProgramArgs {
    /// Print JSON for scripts: the weeks and your current week.
    #[arg(long)]
    pub json: bool,
}

/// `questionnaire …`
#[derive(Debug, Subcommand)]
pub enum QuestionnaireCommand {
    /// List the questionnaires.
    List(QuestionnaireListArgs),
    /// Answer a questionnaire; the score is stored in your journal.
    Take(QuestionnaireTakeArgs),
}

/// `questionnaire list`
#[derive(Debug, ClapArgs)]
pub struct QuestionnaireListArgs {
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

/// `questionnaire take`
#[derive(Debug, ClapArgs)]
pub struct QuestionnaireTakeArgs {
    /// The questionnaire id (see `backcalm questionnaire list`), e.g. peg-3.
    pub id: String,
    /// Answer without being asked, for scripts: ITEM=N for every question.
    #[arg(long, value_name = "ITEM=N,…", value_delimiter = ',', value_parser = parse_item_answer)]
    pub answers: Vec<(String, i64)>,
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

fn parse_item_answer(s: &str) -> Result<(String, i64), String> {
    let (item, value) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?} is not ITEM=N; e.g. pain=4"))?;
    let value = value
        .trim()
        .parse::<i64>()
        .map_err(|_| format!("{s:?}: the answer must be a whole number, e.g. pain=4"))?;
    Ok((item.trim().to_string(), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_answers_are_item_equals_number() {
        assert_eq!(parse_item_answer("pain=4"), Ok(("pain".to_string(), 4)));
        assert_eq!(
            parse_item_answer(" activity = 10 "),
            Ok(("activity".to_string(), 10))
        );
        assert!(parse_item_answer("pain").is_err());
        assert!(parse_item_answer("pain=four").is_err());
    }
}
