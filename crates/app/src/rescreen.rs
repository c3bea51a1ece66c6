//! Whether to offer the red-flag screen again after a check-in: core's rule
//! ([`should_rescreen_after`]) with the level it compares against, and no
//! screen taken since. The home page and `backcalm log` both ask here.

use backcalm_core::insights::daily::ROLLING_MIN_DAYS;
use backcalm_core::insights::{daily_pain, DayPain};
use backcalm_core::journal::Feel;
use backcalm_core::safety::should_rescreen_after;
use backcalm_core::CheckIn;
use backcalm_store::{DayRange, ScreenRecord};
use jiff::civil::Date;
use jiff::Span;

/// Why the screen is offered again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rescreen {
    /// The check-in noted new numbness or weakness.
    Numbness,
    /// Pain 3 or more points above the past week's mean.
    Rise,
}

impl Rescreen {
    /// The reason in one sentence, for the person.
    pub fn words(self) -> &'static str {
        match self {
            Rescreen::Numbness => "You noted numbness or weakness.",
            Rescreen::Rise => "Your pain is 3 or more points above your average for the past week.",
        }
    }
}

/// The mean of the daily pain means in the 7 local days ending on `latest`'s
/// day, leaving `latest` out: the level it is compared with. `None` with
/// fewer than [`ROLLING_MIN_DAYS`] days of other check-ins.
pub fn week_before(checkins: &[CheckIn], latest: &CheckIn) -> Option<f64> {
    let others: Vec<CheckIn> = checkins
        .iter()
        .filter(|c| c.id != latest.id)
        .cloned()
        .collect();
    week_mean(&daily_pain(&others), latest.local_date())
}

/// The 7 local days ending on `day`: the week [`week_before`] looks at.
pub fn week_ending(day: Date) -> DayRange {
    DayRange::between(day.saturating_sub(Span::new().days(6)), day)
}

/// The mean of the daily means of `days` that fall in the week ending on
/// `day`; `None` with fewer than [`ROLLING_MIN_DAYS`] such days.
fn week_mean(days: &[DayPain], day: Date) -> Option<f64> {
    let week = week_ending(day);
    let means: Vec<f64> = days
        .iter()
        .filter(|d| week.contains(d.date))
        .map(|d| d.pain_mean)
        .collect();
    if means.len() < ROLLING_MIN_DAYS {
        return None;
    }
    Some(means.iter().sum::<f64>() / means.len() as f64)
}

/// Whether `checkin` calls for the screen again, given the check-ins around
/// it (at least the 7 days ending on its day) and the latest screen.
pub fn rescreen_after(
    checkin: &CheckIn,
    nearby: &[CheckIn],
    latest_screen: Option<&ScreenRecord>,
) -> Option<Rescreen> {
    let others: Vec<CheckIn> = nearby
        .iter()
        .filter(|c| c.id != checkin.id)
        .cloned()
        .collect();
    rescreen_given_days(checkin, &daily_pain(&others), latest_screen)
}

/// As [`rescreen_after`], given the week's daily pain without `checkin`
/// (what [`backcalm_store::Store::daily_pain`] returns for [`week_ending`]
/// its day, leaving it out): the database adds the week up, so a journal
/// with thousands of check-ins that week costs no more than one with seven.
pub fn rescreen_given_days(
    checkin: &CheckIn,
    week_without_it: &[DayPain],
    latest_screen: Option<&ScreenRecord>,
) -> Option<Rescreen> {
    if latest_screen.is_some_and(|s| s.taken_at >= checkin.recorded_at) {
        return None;
    }
    if !should_rescreen_after(checkin, week_mean(week_without_it, checkin.local_date())) {
        return None;
    }
    Some(if checkin.feel.contains(&Feel::NumbnessOrWeakness) {
        Rescreen::Numbness
    } else {
        Rescreen::Rise
    })
}

/// Whether the latest check-in (by instant) calls for the screen again, and why.
pub fn rescreen_due(
    checkins: &[CheckIn],
    latest_screen: Option<&ScreenRecord>,
) -> Option<Rescreen> {
    let latest = checkins.iter().max_by_key(|c| (c.recorded_at, c.id))?;
    rescreen_after(latest, checkins, latest_screen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use backcalm_core::{CheckInDraft, Defaults, TzName};
    use uuid::Uuid;

    fn pain_at(pain: i64, at: &str, feel: &[&str], n: u128) -> CheckIn {
        let d = Defaults {
            now: "2026-04-01T00:00:00Z".parse().expect("instant"),
            tz: TzName::new("Europe/London").expect("zone"),
            new_id: Uuid::from_u128(n),
        };
        CheckInDraft {
            pain: Some(pain),
            feel: feel.iter().map(|f| f.to_string()).collect(),
            recorded_at: Some(at.into()),
            ..Default::default()
        }
        .validate(&d)
        .expect("valid")
    }

    #[test]
    fn a_sharp_rise_or_numbness_calls_for_the_screen_unless_one_was_taken_since() {
        let week: Vec<CheckIn> = (1..=3)
            .map(|d| pain_at(4, &format!("2026-03-{:02}T09:00:00Z", 20 + d), &[], d))
            .collect();
        let seven = pain_at(7, "2026-03-24T09:00:00Z", &[], 10);
        let six = pain_at(6, "2026-03-24T09:00:00Z", &[], 11);
        assert_eq!(rescreen_after(&seven, &week, None), Some(Rescreen::Rise));
        assert_eq!(rescreen_after(&six, &week, None), None);
        // Too few days for a mean: only numbness or weakness counts.
        assert_eq!(rescreen_after(&seven, &week[..2], None), None);
        let numb = pain_at(2, "2026-03-24T09:00:00Z", &["numbness-or-weakness"], 12);
        assert_eq!(rescreen_after(&numb, &[], None), Some(Rescreen::Numbness));
        let screen = ScreenRecord::stored(
            Uuid::from_u128(99),
            "2026-03-24T10:00:00Z".parse().expect("instant"),
            TzName::utc(),
            Default::default(),
            backcalm_core::safety::Action::None,
        );
        assert_eq!(rescreen_after(&seven, &week, Some(&screen)), None);
        // The latest check-in decides: the rise at 7 is latest here.
        let mut all = week.clone();
        all.push(seven);
        assert_eq!(rescreen_due(&all, None), Some(Rescreen::Rise));
        assert_eq!(rescreen_due(&all, Some(&screen)), None);
        assert_eq!(rescreen_due(&week, None), None);
        assert_eq!(rescreen_due(&[], None), None);
    }
}
