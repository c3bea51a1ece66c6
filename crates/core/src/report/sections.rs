//! The sections of the report, each from the period's records.

use super::*;
use crate::insights::practice::week_of;
use crate::instrument::PEG_ID;

pub(super) fn baseline_view(checkins: &[CheckIn], end: Date) -> BaselineView {
    match baseline(checkins, BaselineSpec::FirstDays(7), end) {
        Ok(b) => {
            let pct = b.percent_change.abs().round();
            let direction = if b.percent_change < 0.0 {
                format!("{pct}% lower")
            } else if b.percent_change > 0.0 {
                format!("{pct}% higher")
            } else {
                "unchanged".to_string()
            };
            let sentence = format!(
                "Average pain {:.1}/10 in the baseline ({} to {}, {} days with check-ins) and {:.1}/10 \
in the 7 days to {} ({} days with check-ins): {direction}.",
                b.pain,
                b.baseline_from,
                b.baseline_to,
                b.baseline_days,
                b.current,
                end,
                b.current_days,
            );
            BaselineView {
                immpact: Some(immpact_words(b.label)),
                change: Some(b),
                sentence,
            }
        }
        Err(_) => {
            let first: Vec<f64> = daily_pain(checkins)
                .iter()
                .take(7)
                .map(|d| d.pain_mean)
                .collect();
            let sentence = if first.len() >= crate::insights::baseline::MIN_DAYS
                && first.iter().all(|p| *p == 0.0)
            {
                "Pain averaged 0 in the baseline, so a change cannot be given as a percentage."
                    .to_string()
            } else {
                format!(
                    "Not enough data yet for a change from baseline: it needs at least {n} days with check-ins \
in the baseline (the first 7 days with check-ins in the period) and {n} later ones in the period's last 7 days.",
                    n = crate::insights::baseline::MIN_DAYS
                )
            };
            BaselineView {
                change: None,
                immpact: None,
                sentence,
            }
        }
    }
}

pub(super) fn peg_view(answers: &[&QuestionnaireAnswer]) -> PegView {
    let scores: Vec<(Date, f64)> = answers
        .iter()
        .filter(|a| a.instrument == PEG_ID)
        .map(|a| (answer_date(a), a.score))
        .collect();
    let trend = peg_trend(&scores);
    let sentence = match (trend.points.first(), trend.points.last(), trend.change) {
        (Some(first), Some(last), Some(change)) => {
            let pct = match trend.percent_change {
                Some(p) if p < 0.0 => format!(", {}% lower", p.abs().round()),
                Some(p) if p > 0.0 => format!(", {}% higher", p.round()),
                _ => String::new(),
            };
            format!(
                "PEG-3 score {:.1} on {} and {:.1} on {} ({}{pct}; {} scores).",
                first.score,
                first.date,
                last.score,
                last.date,
                signed(change),
                trend.points.len()
            )
        }
        (Some(only), _, _) => format!(
            "One PEG-3 score: {:.1} on {}; a change needs two.",
            only.score, only.date
        ),
        _ => "No PEG-3 answers in this period.".to_string(),
    };
    PegView { trend, sentence }
}

pub(super) fn pain_series(all: &[CheckIn], from: Date, to: Date) -> PainSeries {
    let upto: Vec<CheckIn> = all
        .iter()
        .filter(|c| c.local_date() <= to)
        .cloned()
        .collect();
    let daily = daily_pain(&upto);
    let rolling = rolling_mean(&daily, 7);
    let days: Vec<DayRow> = daily
        .iter()
        .zip(rolling)
        .filter(|(d, _)| d.date >= from)
        .map(|(d, r)| DayRow {
            date: d.date,
            pain_mean: d.pain_mean,
            n: d.n,
            rolling7: r,
        })
        .collect();
    let means: Vec<f64> = days.iter().map(|d| d.pain_mean).collect();
    let mean = crate::insights::stats::mean(&means);
    let range = means.iter().fold(None, |acc: Option<(f64, f64)>, &m| {
        Some(acc.map_or((m, m), |(lo, hi)| (lo.min(m), hi.max(m))))
    });
    PainSeries { days, mean, range }
}

fn days_between(a: Date, b: Date) -> i64 {
    i64::from((b - a).get_days())
}

pub(super) fn adherence(
    sessions: &[SessionRecord],
    from: Date,
    to: Date,
    end: Date,
    goal: Option<u32>,
) -> Adherence {
    let from_core: BTreeMap<Date, f64> = minutes_per_week(sessions, end, Weekday::Monday, goal)
        .into_iter()
        .map(|w| (w.week_start, w.minutes))
        .collect();
    let ran: Vec<&SessionRecord> = sessions.iter().filter(|s| s.actual_s > 0).collect();
    let mut per_week: BTreeMap<Date, usize> = BTreeMap::new();
    for s in &ran {
        *per_week
            .entry(week_of(s.local_date(), Weekday::Monday))
            .or_insert(0) += 1;
    }
    let mut weeks = Vec::new();
    let mut week = week_of(from, Weekday::Monday);
    let last = week_of(end, Weekday::Monday);
    while week <= last {
        let week_end = week.saturating_add(Span::new().days(6));
        let inside = days_between(week.max(from), week_end.min(to)) + 1;
        let minutes = from_core.get(&week).copied().unwrap_or(0.0);
        weeks.push(AdherenceWeek {
            week_start: week,
            days_in_period: u8::try_from(inside.clamp(0, 7)).unwrap_or(7),
            sessions: per_week.get(&week).copied().unwrap_or(0),
            minutes,
            goal_met: goal.map(|g| minutes >= f64::from(g)),
        });
        let next = week.saturating_add(Span::new().days(7));
        if next == week {
            break;
        }
        week = next;
    }
    let minutes: f64 = sessions.iter().map(|s| u64::from(s.actual_s)).sum::<u64>() as f64 / 60.0;
    let days_practised = ran
        .iter()
        .map(|s| s.local_date())
        .collect::<BTreeSet<_>>()
        .len();
    let full: Vec<&AdherenceWeek> = weeks.iter().filter(|w| w.days_in_period == 7).collect();
    let full_weeks = full.len();
    let full_weeks_goal_met =
        goal.map(|_| full.iter().filter(|w| w.goal_met == Some(true)).count());
    let mut sentence = format!(
        "{} {} on {} {}, {:.0} minutes in all.",
        ran.len(),
        if ran.len() == 1 {
            "session"
        } else {
            "sessions"
        },
        days_practised,
        if days_practised == 1 { "day" } else { "days" },
        minutes
    );
    match (goal, full_weeks_goal_met) {
        (Some(g), Some(met)) if full_weeks > 0 => sentence.push_str(&format!(
            " Weekly goal of {g} minutes met in {met} of {full_weeks} full weeks."
        )),
        (Some(g), _) => sentence.push_str(&format!(" Weekly goal: {g} minutes.")),
        _ => {}
    }
    Adherence {
        weeks,
        sessions: ran.len(),
        minutes,
        days_practised,
        goal_minutes: goal,
        full_weeks,
        full_weeks_goal_met,
        sentence,
    }
}

fn rated(sessions: &[SessionRecord], kind: Kind, kind_of: &dyn Fn(&str) -> Option<Kind>) -> usize {
    let both = |a: Option<Rating>, b: Option<Rating>| a.is_some() && b.is_some();
    sessions
        .iter()
        .filter(|s| kind_of(&s.practice) == Some(kind) && both(s.pain_before, s.pain_after))
        .count()
}

fn rated_stress(
    sessions: &[SessionRecord],
    kind: Kind,
    kind_of: &dyn Fn(&str) -> Option<Kind>,
) -> usize {
    sessions
        .iter()
        .filter(|s| {
            kind_of(&s.practice) == Some(kind)
                && s.stress_before.is_some()
                && s.stress_after.is_some()
        })
        .count()
}

pub(super) fn techniques(
    sessions: &[SessionRecord],
    kind_of: &dyn Fn(&str) -> Option<Kind>,
) -> Vec<TechniqueRow> {
    technique_effects(sessions, kind_of)
        .into_iter()
        .map(|t| TechniqueRow {
            kind: t.kind,
            label: t.kind.label(),
            sessions: t.n,
            pain: t.pain.map_or_else(
                || Change::NotEnoughData {
                    rated: rated(sessions, t.kind, kind_of),
                },
                Change::Shown,
            ),
            stress: t.stress.map_or_else(
                || Change::NotEnoughData {
                    rated: rated_stress(sessions, t.kind, kind_of),
                },
                Change::Shown,
            ),
        })
        .collect()
}

pub(super) fn body_map(checkins: &[CheckIn]) -> Vec<RegionCount> {
    let mut counts: BTreeMap<Region, usize> = BTreeMap::new();
    for c in checkins {
        // A check-in's regions are deduplicated when it is validated; count each once anyway.
        for r in c.regions.iter().collect::<BTreeSet<_>>() {
            *counts.entry(*r).or_insert(0) += 1;
        }
    }
    let mut out: Vec<RegionCount> = counts
        .into_iter()
        .map(|(region, n)| RegionCount {
            region,
            words: region.words(),
            checkins: n,
        })
        .collect();
    // Stable sort: equal counts keep the body map's head-to-feet order.
    out.sort_by_key(|r| std::cmp::Reverse(r.checkins));
    out
}
