//! Insights from the journal: pure functions from check-ins and sessions to
//! numbers a person can trust.
//!
//! Every function here takes "today" as a parameter and reads no clock. Days
//! are local calendar days in the zone each record was made in, so a trip or
//! a daylight-saving change never moves a rating to another day. The
//! statistics are deliberately plain and stated in each doc comment; where
//! there is too little data the answer is a [`Need`] saying what to log, not
//! a number. Every figure is checked against an independent Python/scipy
//! reference (`tests/reference/`).
//!
//! - [`daily`]: mean pain per local day, 7-day rolling mean.
//! - [`practice`]: days practised, opt-in streak, minutes per week vs a goal.
//! - [`baseline`](mod@baseline): change from the first week, IMMPACT labels.
//! - [`technique`]: before → after change per kind of practice with a 95% CI.
//! - [`association`](mod@association): sleep and stress against next-day pain (Spearman).
//! - [`peg`]: weekly PEG-3 scores over time.
//! - [`stats`]: the small statistics these rest on (t quantiles, ranks).

pub mod association;
pub mod baseline;
pub mod daily;
pub mod peg;
pub mod practice;
pub mod stats;
pub mod technique;
pub mod words;

pub use association::{association, Association, Measure};
pub use baseline::{baseline, Baseline, BaselineSpec, ChangeLabel};
pub use daily::{daily_pain, rolling_mean, DayPain};
pub use peg::{peg_trend, PegPoint, PegTrend};
pub use practice::{days_practised, minutes_per_week, practice_days, streak_days, WeekMinutes};
pub use technique::{compare, rankings, technique_effects, Effect, Ranking, TechniqueEffect};

use crate::content::Kind;
use crate::journal::{CheckIn, SessionRecord, TzName};
use jiff::civil::{Date, Weekday};
use serde::Serialize;

/// What an insight is about, for grouping [`Need`] messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Topic {
    /// Change from baseline.
    Baseline,
    /// A technique's before → after effect.
    Technique,
    /// Sleep or stress against next-day pain.
    Association,
}

/// Why an insight has no number yet, and what would give it one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Need {
    /// Which insight.
    pub topic: Topic,
    /// For people, e.g. "Log 3 more days to see a trend."
    pub message: String,
}

/// One row of the daily pain table and chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DayRow {
    /// The local date.
    pub date: Date,
    /// Mean pain that day.
    pub pain_mean: f64,
    /// Check-ins that day.
    pub n: usize,
    /// The 7-day rolling mean ending that day ([`rolling_mean`]); `None` early on or after a gap.
    pub rolling7: Option<f64>,
}

/// Both associations with next-day pain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Associations {
    /// Sleep quality on day D against pain on D + 1.
    pub sleep: Option<Association>,
    /// Stress on day D against pain on D + 1.
    pub stress: Option<Association>,
}

/// Everything the insights page shows, ready to serialize.
///
/// The JSON contract: `baseline` ({pain, current, percent_change, label, …}
/// or null), `techniques` ([{kind, n, pain: {mean, ci_low, ci_high, n} or
/// null, stress: … or null}]), `streak_days`, `days` ([{date, pain_mean, n,
/// rolling7}]), plus `today`, `tz`, `days_practised_7`, `days_practised_30`,
/// `weeks`, `rankings`, `associations` and `needs`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Insights {
    /// The local date the insights were computed for.
    pub today: Date,
    /// The person's zone "today" is in.
    pub tz: TzName,
    /// Change from the first 7 days with check-ins; `None` until there is enough data (see `needs`).
    pub baseline: Option<Baseline>,
    /// Per kind of practice, in [`Kind::ALL`] order.
    pub techniques: Vec<TechniqueEffect>,
    /// Technique pairs whose 95% intervals do not overlap (usually none).
    pub rankings: Vec<Ranking>,
    /// Consecutive days practised ending today or yesterday (show only if the person opted in).
    pub streak_days: u32,
    /// Days practised in the 7 days ending today.
    pub days_practised_7: usize,
    /// Days practised in the 30 days ending today.
    pub days_practised_30: usize,
    /// Daily pain with its rolling mean, by date.
    pub days: Vec<DayRow>,
    /// Minutes per ISO week (Monday first) against the weekly goal.
    pub weeks: Vec<WeekMinutes>,
    /// Sleep and stress against next-day pain.
    pub associations: Associations,
    /// What to log to unlock the insights that have no number yet.
    pub needs: Vec<Need>,
}

/// Computes every insight for one person.
///
/// `kind_of` maps a practice id to its kind (e.g. from the content library);
/// `today` is the local date in `tz`, the person's zone, as the edge's clock
/// says. Weeks start on Monday (ISO 8601); call [`minutes_per_week`] directly
/// for another first day.
pub fn insights(
    checkins: &[CheckIn],
    sessions: &[SessionRecord],
    kind_of: impl Fn(&str) -> Option<Kind>,
    today: Date,
    tz: &TzName,
    weekly_goal_minutes: Option<u32>,
) -> Insights {
    let mut needs = Vec::new();

    let baseline = match baseline(checkins, BaselineSpec::FirstDays(7), today) {
        Ok(b) => Some(b),
        Err(need) => {
            needs.push(need);
            None
        }
    };

    let techniques = technique_effects(sessions, kind_of);
    for t in &techniques {
        needs.extend(technique_need(t));
    }

    let daily = daily_pain(checkins);
    let rolling = rolling_mean(&daily, 7);
    let days = daily
        .iter()
        .zip(rolling)
        .map(|(d, r)| DayRow {
            date: d.date,
            pain_mean: d.pain_mean,
            n: d.n,
            rolling7: r,
        })
        .collect();

    let sleep = association(checkins, Measure::Sleep);
    let stress = association(checkins, Measure::Stress);
    for (measure, a) in [(Measure::Sleep, &sleep), (Measure::Stress, &stress)] {
        if a.is_none() {
            needs.push(association_need(checkins, measure));
        }
    }

    Insights {
        today,
        tz: tz.clone(),
        baseline,
        rankings: rankings(&techniques),
        techniques,
        streak_days: streak_days(sessions, today),
        days_practised_7: days_practised(sessions, today, 7),
        days_practised_30: days_practised(sessions, today, 30),
        days,
        weeks: minutes_per_week(sessions, today, Weekday::Monday, weekly_goal_minutes),
        associations: Associations { sleep, stress },
        needs,
    }
}

fn technique_need(t: &TechniqueEffect) -> Option<Need> {
    if t.pain.is_some() && t.stress.is_some() {
        return None;
    }
    let missing: Vec<&str> = [("pain", t.pain.is_none()), ("stress", t.stress.is_none())]
        .into_iter()
        .filter_map(|(name, missing)| missing.then_some(name))
        .collect();
    Some(Need {
        topic: Topic::Technique,
        message: format!(
            "{}: not enough data yet for {} — rate {} before and after at least {} sessions to see a change.",
            t.kind.label(),
            missing.join(" or "),
            missing.join(" and "),
            technique::MIN_SESSIONS
        ),
    })
}

fn association_need(checkins: &[CheckIn], measure: Measure) -> Need {
    let have = association::next_day_pairs(checkins, measure).len();
    let message = if have < association::MIN_PAIRS {
        format!(
            "{} and next-day pain: not enough data yet — {have} of {} pairs of days ({} rated one day, pain the next).",
            capitalised(measure.id()),
            association::MIN_PAIRS,
            measure.id()
        )
    } else {
        format!(
            "{} and next-day pain: your ratings have not varied yet, so there is nothing to compare.",
            capitalised(measure.id())
        )
    };
    Need {
        topic: Topic::Association,
        message,
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_journal_gives_needs_not_numbers() {
        let i = insights(
            &[],
            &[],
            |_| None,
            jiff::civil::date(2026, 4, 1),
            &TzName::utc(),
            Some(50),
        );
        assert_eq!(i.baseline, None);
        assert!(i.techniques.is_empty() && i.days.is_empty());
        assert_eq!(
            (i.streak_days, i.days_practised_7, i.days_practised_30),
            (0, 0, 0)
        );
        assert_eq!(i.weeks.len(), 1, "this week, 0 minutes");
        let topics: Vec<Topic> = i.needs.iter().map(|n| n.topic).collect();
        assert_eq!(
            topics,
            vec![Topic::Baseline, Topic::Association, Topic::Association]
        );
        assert_eq!(i.needs[0].message, "Log 10 more days to see a trend.");
        let json = serde_json::to_value(&i).unwrap();
        for key in [
            "baseline",
            "techniques",
            "streak_days",
            "days",
            "weeks",
            "associations",
            "needs",
        ] {
            assert!(json.get(key).is_some(), "missing {key}");
        }
        assert!(json["baseline"].is_null());
    }
}
