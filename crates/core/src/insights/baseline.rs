//! Change in pain from a baseline, labelled with the IMMPACT thresholds
//! (Dworkin et al., J Pain 2008; CLINICAL.md "Pain measures and thresholds").

use super::daily::{daily_pain, window_start};
use super::{Need, Topic};
use crate::journal::CheckIn;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Which days make up the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BaselineSpec {
    /// The first N local days that have check-ins (PRODUCT.md: the first 7).
    FirstDays(usize),
    /// Every day with check-ins between two local dates, both included.
    Period {
        /// First day.
        from: Date,
        /// Last day.
        to: Date,
    },
}

/// The fewest days with check-ins in the baseline and in the current window
/// before a change is shown: fewer is one or two noisy ratings, not a level.
pub const MIN_DAYS: usize = 3;

/// The current window: this many local days ending today.
pub const CURRENT_WINDOW_DAYS: u32 = 7;

/// How large a change is, by the IMMPACT thresholds for pain intensity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeLabel {
    /// At least 50% less pain: substantial.
    Substantial,
    /// At least 30% less pain: moderately important ("meaningful").
    Meaningful,
    /// 10% to under 30% less pain: minimally important.
    Minimal,
    /// Less than 10% either way: no important change.
    None,
    /// At least 10% more pain.
    Worse,
}

/// Float noise must not flip a label at exactly 30% (e.g. 29.999999999999996).
const LABEL_SLACK_PERCENT: f64 = 1e-9;

impl ChangeLabel {
    /// Labels a percent change (negative = less pain).
    pub fn of(percent_change: f64) -> ChangeLabel {
        let p = percent_change;
        if p <= -50.0 + LABEL_SLACK_PERCENT {
            ChangeLabel::Substantial
        } else if p <= -30.0 + LABEL_SLACK_PERCENT {
            ChangeLabel::Meaningful
        } else if p <= -10.0 + LABEL_SLACK_PERCENT {
            ChangeLabel::Minimal
        } else if p >= 10.0 - LABEL_SLACK_PERCENT {
            ChangeLabel::Worse
        } else {
            ChangeLabel::None
        }
    }

    /// The stable id used in JSON: `substantial`, `meaningful`, `minimal`, `none`, `worse`.
    pub fn id(self) -> &'static str {
        match self {
            ChangeLabel::Substantial => "substantial",
            ChangeLabel::Meaningful => "meaningful",
            ChangeLabel::Minimal => "minimal",
            ChangeLabel::None => "none",
            ChangeLabel::Worse => "worse",
        }
    }
}

/// Average pain in the baseline and now, and how it changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Baseline {
    /// Mean of the daily pain means over the baseline days.
    pub pain: f64,
    /// Mean of the daily pain means over the current days.
    pub current: f64,
    /// (current − pain) / pain × 100; negative means less pain.
    pub percent_change: f64,
    /// The IMMPACT label of `percent_change`.
    pub label: ChangeLabel,
    /// First baseline day with check-ins.
    pub baseline_from: Date,
    /// Last baseline day with check-ins.
    pub baseline_to: Date,
    /// How many days with check-ins the baseline has.
    pub baseline_days: usize,
    /// How many days with check-ins the current window has.
    pub current_days: usize,
    /// One sentence for people, e.g. "Your average pain in the last 7 days is 35% lower than at baseline: a meaningful change."
    pub summary: String,
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        "day"
    } else {
        "days"
    }
}

fn need(message: String) -> Need {
    Need {
        topic: Topic::Baseline,
        message,
    }
}

/// Compares average pain now with a baseline.
///
/// Baseline: the daily pain means of the days `spec` selects, averaged (each
/// day weighs the same). Current: the days with check-ins among the 7 local
/// days ending `today`, but only those after the last baseline day, so a day
/// is never compared with itself. Check-ins dated after `today` are ignored.
/// Both need at least [`MIN_DAYS`] days;
/// otherwise the error says how many more days to log. A baseline of 0 pain
/// has no percentage change, and says so.
pub fn baseline(checkins: &[CheckIn], spec: BaselineSpec, today: Date) -> Result<Baseline, Need> {
    // Only what was known on `today`, so the same journal can be asked about any past day.
    let days: Vec<_> = daily_pain(checkins)
        .into_iter()
        .filter(|d| d.date <= today)
        .collect();
    let chosen: Vec<_> = match spec {
        BaselineSpec::FirstDays(k) => days.iter().take(k).collect(),
        BaselineSpec::Period { from, to } => days
            .iter()
            .filter(|d| d.date >= from && d.date <= to)
            .collect(),
    };
    if chosen.len() < MIN_DAYS {
        let more = MIN_DAYS - chosen.len();
        return Err(need(match spec {
            BaselineSpec::FirstDays(k) => {
                let more = k.max(MIN_DAYS) - chosen.len() + MIN_DAYS;
                format!("Log {more} more {} to see a trend.", plural(more))
            }
            BaselineSpec::Period { from, to } => format!(
                "The baseline from {from} to {to} has {} {} with check-ins; it needs {more} more, or choose another period.",
                chosen.len(),
                plural(chosen.len())
            ),
        }));
    }
    let (Some(first), Some(last)) = (chosen.first(), chosen.last()) else {
        return Err(need("Log a check-in to start a baseline.".into()));
    };
    let (baseline_from, baseline_to) = (first.date, last.date);
    let current_from = window_start(today, CURRENT_WINDOW_DAYS);
    let current: Vec<f64> = days
        .iter()
        .filter(|d| d.date >= current_from && d.date > baseline_to)
        .map(|d| d.pain_mean)
        .collect();
    if current.len() < MIN_DAYS {
        // Under FirstDays(k) the baseline is still filling while it has fewer than k days.
        let filling = match spec {
            BaselineSpec::FirstDays(k) => k.saturating_sub(chosen.len()),
            BaselineSpec::Period { .. } => 0,
        };
        let more = filling + MIN_DAYS - current.len();
        return Err(need(format!(
            "Log {more} more {} to see a trend.",
            plural(more)
        )));
    }
    let base_means: Vec<f64> = chosen.iter().map(|d| d.pain_mean).collect();
    let (Some(pain), Some(now)) = (
        super::stats::mean(&base_means),
        super::stats::mean(&current),
    ) else {
        return Err(need("Log a check-in to start a baseline.".into()));
    };
    if pain == 0.0 {
        return Err(need(
            "Your baseline pain averaged 0, so a change cannot be given as a percentage.".into(),
        ));
    }
    let percent_change = (now - pain) / pain * 100.0;
    let label = ChangeLabel::of(percent_change);
    let summary = summary(percent_change, label);
    Ok(Baseline {
        pain,
        current: now,
        percent_change,
        label,
        baseline_from,
        baseline_to,
        baseline_days: chosen.len(),
        current_days: current.len(),
        summary,
    })
}

fn summary(percent_change: f64, label: ChangeLabel) -> String {
    let pct = percent_change.abs().round();
    let lead = "Your average pain in the last 7 days is";
    match label {
        ChangeLabel::Substantial => {
            format!("{lead} {pct}% lower than at baseline: a substantial change (50% or more).")
        }
        ChangeLabel::Meaningful => {
            format!("{lead} {pct}% lower than at baseline: a meaningful change (30% or more).")
        }
        ChangeLabel::Minimal => format!("{lead} {pct}% lower than at baseline: a minimally important change (10% or more)."),
        ChangeLabel::None => format!("{lead} within 10% of baseline: no important change."),
        ChangeLabel::Worse => format!(
            "{lead} {pct}% higher than at baseline: worse by {pct}%. If pain rises sharply, see the warning-signs check."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{CheckInDraft, Defaults, TzName};
    use jiff::civil::date;
    use uuid::Uuid;

    fn day(d: i8, pain: i64) -> CheckIn {
        let defaults = Defaults {
            now: "2030-01-01T00:00:00Z".parse().unwrap(),
            tz: TzName::utc(),
            new_id: Uuid::nil(),
        };
        CheckInDraft {
            recorded_at: Some(format!("2026-04-{d:02}T12:00:00Z")),
            tz: Some("UTC".into()),
            pain: Some(pain),
            ..Default::default()
        }
        .validate(&defaults)
        .unwrap()
    }

    #[test]
    fn labels_follow_immpact() {
        let cases = [
            (-60.0, ChangeLabel::Substantial),
            (-50.0, ChangeLabel::Substantial),
            (-49.9, ChangeLabel::Meaningful),
            (-30.0, ChangeLabel::Meaningful),
            (-29.999999999999996, ChangeLabel::Meaningful),
            (-29.0, ChangeLabel::Minimal),
            (-10.0, ChangeLabel::Minimal),
            (-9.9, ChangeLabel::None),
            (0.0, ChangeLabel::None),
            (9.9, ChangeLabel::None),
            (10.0, ChangeLabel::Worse),
            (80.0, ChangeLabel::Worse),
        ];
        for (p, want) in cases {
            assert_eq!(ChangeLabel::of(p), want, "{p}");
        }
        assert_eq!(
            serde_json::to_string(&ChangeLabel::Meaningful).unwrap(),
            "\"meaningful\""
        );
    }

    #[test]
    fn first_week_against_last_week() {
        // Days 1-7 at pain 6, days 8-10 at pain 4: 33% lower.
        let mut c: Vec<CheckIn> = (1..=7).map(|d| day(d, 6)).collect();
        c.extend((8..=10).map(|d| day(d, 4)));
        let b = baseline(&c, BaselineSpec::FirstDays(7), date(2026, 4, 10)).unwrap();
        assert_eq!(
            (b.pain, b.current, b.baseline_days, b.current_days),
            (6.0, 4.0, 7, 3)
        );
        assert!((b.percent_change - (-100.0 / 3.0)).abs() < 1e-12);
        assert_eq!(b.label, ChangeLabel::Meaningful);
        assert_eq!(b.baseline_to, date(2026, 4, 7));
        assert!(b.summary.contains("33% lower"), "{}", b.summary);
    }

    #[test]
    fn not_enough_days_says_how_many_to_log() {
        let c: Vec<CheckIn> = (1..=2).map(|d| day(d, 5)).collect();
        let e = baseline(&c, BaselineSpec::FirstDays(7), date(2026, 4, 2)).unwrap_err();
        assert_eq!(e.message, "Log 8 more days to see a trend.");
        let c: Vec<CheckIn> = (1..=8).map(|d| day(d, 5)).collect();
        let e = baseline(&c, BaselineSpec::FirstDays(7), date(2026, 4, 8)).unwrap_err();
        assert_eq!(e.message, "Log 2 more days to see a trend.");
        // Ten days logged, then a month away: the current window is empty.
        let c: Vec<CheckIn> = (1..=10).map(|d| day(d, 5)).collect();
        let e = baseline(&c, BaselineSpec::FirstDays(7), date(2026, 5, 20)).unwrap_err();
        assert_eq!(e.message, "Log 3 more days to see a trend.");
        assert_eq!(e.topic, Topic::Baseline);
    }

    #[test]
    fn a_period_baseline_and_a_zero_baseline() {
        let mut c: Vec<CheckIn> = (1..=5).map(|d| day(d, 8)).collect();
        c.extend((20..=24).map(|d| day(d, 10)));
        let spec = BaselineSpec::Period {
            from: date(2026, 4, 2),
            to: date(2026, 4, 4),
        };
        let b = baseline(&c, spec, date(2026, 4, 24)).unwrap();
        assert_eq!(
            (b.pain, b.current, b.percent_change, b.label),
            (8.0, 10.0, 25.0, ChangeLabel::Worse)
        );
        assert!(b.summary.contains("worse by 25%"), "{}", b.summary);
        let zero: Vec<CheckIn> = (1..=10)
            .map(|d| day(d, if d <= 7 { 0 } else { 2 }))
            .collect();
        assert!(baseline(&zero, BaselineSpec::FirstDays(7), date(2026, 4, 10)).is_err());
    }
}
