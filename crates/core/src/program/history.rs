//! What the planner knows about a person: their start date, their sessions
//! reduced to what the rules need, the days they answered questionnaires, and
//! their check-ins reduced to what the flare rule reads.

use crate::content::{Kind, Library};
use crate::journal::{CheckIn, Rating, SessionRecord};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The smallest rise in pain or stress, in points, that makes a session unhelpful.
pub const UNHELPFUL_RISE: i8 = 2;

/// One session, as the program's rules see it.
///
/// - **Comfortable**: completed, and pain afterwards no higher than before
///   (a session without both pain ratings counts as comfortable when completed).
/// - **Unhelpful**: pain or stress rose by [`UNHELPFUL_RISE`] points or more
///   from before to after (each compared only when both of its ratings are
///   given). A rise of one point is within the noise of a single rating, and
///   about 2 points is the smallest change that matters to a person
///   (CLINICAL.md, Pain measures: Farrar et al. 2001).
/// - **Rated**: at least one before/after pair was given.
///
/// A completed session can be both comfortable and unhelpful (pain steady,
/// stress up); the first lets the length grow, the second counts against the
/// technique.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionOutcome {
    /// The practice id.
    pub practice: String,
    /// Its kind, when the library knows the practice.
    pub kind: Option<Kind>,
    /// The local day the session counts for.
    pub date: Date,
    /// Planned whole minutes (0 = open-ended timer).
    pub minutes: u32,
    /// Seconds actually practised.
    pub actual_s: u32,
    /// Ran to the end.
    pub completed: bool,
    /// Pain after minus pain before, when both were given.
    pub pain_change: Option<i8>,
    /// Stress after minus stress before, when both were given.
    pub stress_change: Option<i8>,
}

fn change(before: Option<Rating>, after: Option<Rating>) -> Option<i8> {
    match (before, after) {
        (Some(b), Some(a)) => Some(a.get() as i8 - b.get() as i8),
        _ => None,
    }
}

impl SessionOutcome {
    /// Reduces a journal record; the kind comes from `library`.
    pub fn from_record(record: &SessionRecord, library: &Library) -> SessionOutcome {
        SessionOutcome {
            practice: record.practice.clone(),
            kind: library.get(&record.practice).map(|p| p.kind),
            date: record.local_date(),
            minutes: record.minutes,
            actual_s: record.actual_s,
            completed: record.completed,
            pain_change: change(record.pain_before, record.pain_after),
            stress_change: change(record.stress_before, record.stress_after),
        }
    }

    /// Completed, and pain did not rise (see the type's documentation).
    pub fn is_comfortable(&self) -> bool {
        self.completed && self.pain_change.is_none_or(|c| c <= 0)
    }

    /// Pain or stress rose by [`UNHELPFUL_RISE`] or more (see the type's documentation).
    pub fn is_unhelpful(&self) -> bool {
        let rose = |c: Option<i8>| c.is_some_and(|c| c >= UNHELPFUL_RISE);
        rose(self.pain_change) || rose(self.stress_change)
    }

    /// At least one before/after pair was given.
    pub fn is_rated(&self) -> bool {
        self.pain_change.is_some() || self.stress_change.is_some()
    }

    /// How much better the person felt afterwards: pain and stress points
    /// that went down (negative when they went up).
    pub fn relief(&self) -> i32 {
        -i32::from(self.pain_change.unwrap_or(0)) - i32::from(self.stress_change.unwrap_or(0))
    }
}

/// Everything the planner reads from the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramHistory {
    /// The local day the person began the program (the edge stores it).
    pub start: Date,
    /// Sessions, oldest first (within a day, in the order they were done).
    pub sessions: Vec<SessionOutcome>,
    /// Local days on which a PEG-3 was answered.
    pub peg_dates: Vec<Date>,
    /// Every questionnaire answered: (instrument id, local day), oldest first.
    #[serde(default)]
    pub answered: Vec<(String, Date)>,
    /// Check-ins as the flare rule reads them, oldest first.
    #[serde(default)]
    pub pain: Vec<PainMark>,
}

/// One check-in, as the flare rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PainMark {
    /// The local day of the check-in.
    pub date: Date,
    /// Pain, 0-10.
    pub pain: u8,
    /// The person tapped "flare" on the check-in.
    pub flare: bool,
}

impl PainMark {
    /// Reduces a check-in.
    pub fn from_checkin(c: &CheckIn) -> PainMark {
        PainMark {
            date: c.local_date(),
            pain: c.pain.get(),
            flare: c.flare,
        }
    }
}

impl ProgramHistory {
    /// Builds the history from journal records, in any order; sessions are
    /// sorted by their start instant.
    pub fn from_journal(
        start: Date,
        sessions: &[SessionRecord],
        peg_dates: &[Date],
        library: &Library,
    ) -> ProgramHistory {
        let mut records: Vec<&SessionRecord> = sessions.iter().collect();
        records.sort_by_key(|r| r.started_at);
        let mut peg_dates = peg_dates.to_vec();
        peg_dates.sort();
        peg_dates.dedup();
        ProgramHistory {
            start,
            sessions: records
                .into_iter()
                .map(|r| SessionOutcome::from_record(r, library))
                .collect(),
            peg_dates,
            answered: Vec::new(),
            pain: Vec::new(),
        }
    }

    /// Adds the questionnaires answered, as (instrument id, local day) in any order.
    pub fn with_answers(mut self, answered: &[(String, Date)]) -> ProgramHistory {
        let mut answered = answered.to_vec();
        answered.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
        answered.dedup();
        self.answered = answered;
        self
    }

    /// Adds the check-ins, in any order, for the flare rule.
    pub fn with_checkins(mut self, checkins: &[CheckIn]) -> ProgramHistory {
        let mut pain: Vec<PainMark> = checkins.iter().map(PainMark::from_checkin).collect();
        pain.sort_by_key(|m| m.date);
        self.pain = pain;
        self
    }
}
