//! The person's settings: a weekly practice goal, whether to show a streak,
//! where they live (for the emergency and crisis numbers), whether the player
//! announces phases, how many reminders a day are allowed, and when they began
//! the 8-week program.
//!
//! Pure data with defaults and checks; the edges store it (one JSON document)
//! and pass it in. Streaks are opt-in (PRODUCT.md: streak counters stress
//! people), and the program nags at most once a day unless the person asks
//! for more.

use crate::journal::FieldError;
use crate::safety::{CrisisLine, CrisisNumbers};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The weekly goal a new person starts with: about 5 minutes on 6 days.
pub const DEFAULT_WEEKLY_GOAL_MINUTES: u32 = 30;
/// The largest weekly goal accepted (7 hours): anything above is a typing slip.
pub const MAX_WEEKLY_GOAL_MINUTES: u32 = 420;
/// The most daily reminders a person may allow.
pub const MAX_REMINDERS_PER_DAY: u8 = 3;
/// The most crisis lines a person may list.
pub const MAX_CRISIS_LINES: usize = 5;
/// The longest text of one crisis number field, in characters.
pub const CRISIS_TEXT_MAX_CHARS: usize = 80;

/// Where the person lives, for the numbers messages name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Country {
    /// The United Kingdom: 999, NHS 111, Samaritans.
    Uk,
    /// The United States: 911, 988.
    Us,
    /// A country of the European Union: 112, and 116 123 where it is answered.
    Eu,
    /// Somewhere else: the person's own numbers ([`Settings::crisis`]).
    Other,
}

impl Country {
    /// Every country choice, in the order a form lists them.
    pub const ALL: [Country; 4] = [Country::Uk, Country::Us, Country::Eu, Country::Other];

    /// The stable id used in JSON and forms: `uk`, `us`, `eu`, `other`.
    pub fn id(self) -> &'static str {
        match self {
            Country::Uk => "uk",
            Country::Us => "us",
            Country::Eu => "eu",
            Country::Other => "other",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Country::Uk => "United Kingdom",
            Country::Us => "United States",
            Country::Eu => "European Union",
            Country::Other => "Somewhere else (enter your own numbers)",
        }
    }

    /// Parses an id as [`Country::id`] writes it.
    pub fn from_id(id: &str) -> Option<Country> {
        Country::ALL.into_iter().find(|c| c.id() == id)
    }

    /// The preset numbers (CLINICAL.md defaults); `None` for [`Country::Other`].
    pub fn preset(self) -> Option<CrisisNumbers> {
        let place = match self {
            Country::Uk => "the UK",
            Country::Us => "the US",
            Country::Eu => "the EU",
            Country::Other => return None,
        };
        let lines = CrisisNumbers::default()
            .lines
            .into_iter()
            .filter(|l| l.place == place)
            .collect();
        Some(CrisisNumbers { lines })
    }
}

/// Everything a person can set.
///
/// Every field has a default, so a partial JSON document (or none at all)
/// reads as the defaults for what it leaves out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Minutes of practice a week to aim for; `None` = no goal.
    pub weekly_goal_minutes: Option<u32>,
    /// Show the count of consecutive days practised (off unless chosen).
    pub show_streak: bool,
    /// Where the person lives; `None` names the UK, US and EU numbers together.
    pub country: Option<Country>,
    /// The person's own numbers, used when `country` is [`Country::Other`].
    pub crisis: CrisisNumbers,
    /// The player announces each phase ("breathe in", "next: shoulders") to screen readers.
    pub announce_phases: bool,
    /// How many daily reminders are allowed (1 = the program's "never more than one a day").
    pub reminders_per_day: u8,
    /// The local day the person began the 8-week program; `None` = from their first practice.
    pub program_start: Option<Date>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            weekly_goal_minutes: Some(DEFAULT_WEEKLY_GOAL_MINUTES),
            show_streak: false,
            country: None,
            crisis: CrisisNumbers { lines: Vec::new() },
            announce_phases: true,
            reminders_per_day: 1,
            program_start: None,
        }
    }
}

fn check_text(field: &str, text: &str, required: bool) -> Result<(), FieldError> {
    let t = text.trim();
    if required && t.is_empty() {
        return Err(FieldError::new(
            field,
            "is empty; enter the number to call, e.g. 112",
        ));
    }
    if t.chars().count() > CRISIS_TEXT_MAX_CHARS {
        return Err(FieldError::new(
            field,
            format!("is longer than {CRISIS_TEXT_MAX_CHARS} characters; shorten it"),
        ));
    }
    if t.chars().any(char::is_control) {
        return Err(FieldError::new(
            field,
            "has a line break or control character; keep it to one line",
        ));
    }
    Ok(())
}

fn check_line(n: usize, l: &CrisisLine) -> Result<(), FieldError> {
    check_text(&format!("crisis.lines[{n}].place"), &l.place, false)?;
    check_text(&format!("crisis.lines[{n}].emergency"), &l.emergency, true)?;
    if let Some(u) = &l.urgent_advice {
        check_text(&format!("crisis.lines[{n}].urgent_advice"), u, false)?;
    }
    if let Some(c) = &l.crisis {
        check_text(&format!("crisis.lines[{n}].crisis"), c, false)?;
    }
    Ok(())
}

impl Settings {
    /// Checks every field; the first problem is returned with its field named.
    pub fn check(&self) -> Result<(), FieldError> {
        if let Some(g) = self.weekly_goal_minutes {
            if g == 0 || g > MAX_WEEKLY_GOAL_MINUTES {
                return Err(FieldError::new(
                    "weekly_goal_minutes",
                    format!("{g} is not a weekly goal; choose 1 to {MAX_WEEKLY_GOAL_MINUTES} minutes, or no goal"),
                ));
            }
        }
        if !(1..=MAX_REMINDERS_PER_DAY).contains(&self.reminders_per_day) {
            return Err(FieldError::new(
                "reminders_per_day",
                format!(
                    "{} is not allowed; choose 1 to {MAX_REMINDERS_PER_DAY} reminders a day",
                    self.reminders_per_day
                ),
            ));
        }
        if self.crisis.lines.len() > MAX_CRISIS_LINES {
            return Err(FieldError::new(
                "crisis.lines",
                format!(
                    "lists {} places; keep it to {MAX_CRISIS_LINES}",
                    self.crisis.lines.len()
                ),
            ));
        }
        for (n, l) in self.crisis.lines.iter().enumerate() {
            check_line(n, l)?;
        }
        if self.country == Some(Country::Other) && self.crisis.lines.is_empty() {
            return Err(FieldError::new(
                "crisis.lines",
                "is empty; with country \"other\", enter at least your emergency number",
            ));
        }
        Ok(())
    }

    /// The numbers to name in messages: the country's preset, the person's
    /// own for [`Country::Other`], or the UK, US and EU together when no
    /// country is chosen.
    pub fn crisis_numbers(&self) -> CrisisNumbers {
        match self.country {
            None => CrisisNumbers::default(),
            Some(Country::Other) => self.crisis.clone(),
            Some(c) => c.preset().unwrap_or_default(),
        }
    }

    /// The day the program began: the chosen start, else the first day practised.
    pub fn program_start(&self, first_practice: Option<Date>) -> Option<Date> {
        self.program_start.or(first_practice)
    }

    /// Whether one more daily reminder may be added to `existing` ones.
    pub fn allows_another_reminder(&self, existing: usize) -> bool {
        existing < usize::from(self.reminders_per_day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn defaults_are_gentle() {
        let s = Settings::default();
        assert!(!s.show_streak, "streaks are opt-in");
        assert_eq!(s.reminders_per_day, 1, "one reminder a day at most");
        assert_eq!(s.weekly_goal_minutes, Some(30));
        assert!(s.announce_phases);
        assert_eq!(s.check(), Ok(()));
        // A partial document fills in the rest.
        let partial: Settings = serde_json::from_str(r#"{"show_streak": true}"#).unwrap();
        assert!(partial.show_streak);
        assert_eq!(partial.weekly_goal_minutes, Some(30));
        assert!(serde_json::from_str::<Settings>(r#"{"streak": true}"#).is_err());
    }

    #[test]
    fn country_picks_its_numbers() {
        let mut s = Settings {
            country: Some(Country::Uk),
            ..Settings::default()
        };
        assert_eq!(s.crisis_numbers().emergency_phrase(), "999 in the UK");
        s.country = Some(Country::Us);
        assert_eq!(
            s.crisis_numbers().crisis_phrase().as_deref(),
            Some("988 Suicide & Crisis Lifeline (call or text) in the US")
        );
        s.country = None;
        assert_eq!(
            s.crisis_numbers().emergency_phrase(),
            "999 in the UK, 911 in the US, 112 in the EU"
        );
        s.country = Some(Country::Other);
        assert_eq!(s.check().unwrap_err().field, "crisis.lines");
        s.crisis.lines.push(CrisisLine {
            place: "Australia".into(),
            emergency: "000".into(),
            urgent_advice: None,
            crisis: Some("Lifeline 13 11 14".into()),
        });
        assert_eq!(s.check(), Ok(()));
        assert_eq!(s.crisis_numbers().emergency_phrase(), "000 in Australia");
        assert_eq!(Country::from_id("eu"), Some(Country::Eu));
        assert_eq!(Country::from_id("fr"), None);
    }

    #[test]
    fn checks_name_the_field() {
        let bad_goal = Settings {
            weekly_goal_minutes: Some(0),
            ..Settings::default()
        };
        assert_eq!(bad_goal.check().unwrap_err().field, "weekly_goal_minutes");
        let too_many = Settings {
            reminders_per_day: 4,
            ..Settings::default()
        };
        assert_eq!(too_many.check().unwrap_err().field, "reminders_per_day");
        let mut empty_number = Settings::default();
        empty_number.crisis.lines.push(CrisisLine {
            place: "x".into(),
            emergency: " ".into(),
            urgent_advice: None,
            crisis: None,
        });
        assert_eq!(
            empty_number.check().unwrap_err().field,
            "crisis.lines[0].emergency"
        );
    }

    #[test]
    fn program_start_and_reminder_limit() {
        let s = Settings::default();
        assert_eq!(s.program_start(None), None);
        assert_eq!(
            s.program_start(Some(date(2026, 3, 2))),
            Some(date(2026, 3, 2))
        );
        let chosen = Settings {
            program_start: Some(date(2026, 1, 5)),
            ..Settings::default()
        };
        assert_eq!(
            chosen.program_start(Some(date(2026, 3, 2))),
            Some(date(2026, 1, 5))
        );
        assert!(s.allows_another_reminder(0));
        assert!(!s.allows_another_reminder(1));
    }
}
