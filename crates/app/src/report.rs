//! The clinician report for a period, for `/report`, `/report.pdf` and
//! `backcalm report`.

use crate::snapshot::Snapshot;
use backcalm_core::chart::Window;
use backcalm_core::report::{
    build, choose_period, first_record_day, PeriodError, Report, ReportInput, ScreenSummary,
};
use backcalm_core::{Library, TzName};
use jiff::civil::Date;

/// What was asked for: `from`, `to` and a range, each optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportAsk {
    /// The first day.
    pub from: Option<Date>,
    /// The last day (default today).
    pub to: Option<Date>,
    /// A range counted back from the last day.
    pub window: Option<Window>,
}

/// The report and the period it covers.
#[derive(Debug)]
pub struct ReportChoice {
    /// The report's view model.
    pub report: Report,
    /// The period's first day.
    pub from: Date,
    /// The period's last day.
    pub to: Date,
    /// The range to show as chosen: the one asked for, or the default
    /// ([`Window::DEFAULT`]) when no first day was given either.
    pub window: Option<Window>,
}

/// Builds the report for what was asked, from the whole journal; refused
/// when both a first day and a range are given or the days are reversed.
pub fn report(
    snapshot: &Snapshot,
    library: &Library,
    ask: ReportAsk,
    today: Date,
    tz: &TzName,
) -> Result<ReportChoice, PeriodError> {
    let first = first_record_day(&snapshot.checkins, &snapshot.sessions, &snapshot.answers);
    let (from, to) = choose_period(ask.from, ask.to, ask.window, today, first)?;
    let kind_of = |id: &str| library.get(id).map(|p| p.kind);
    let report = build(&ReportInput {
        checkins: &snapshot.checkins,
        sessions: &snapshot.sessions,
        answers: &snapshot.answers,
        screen: snapshot
            .latest_screen
            .as_ref()
            .map(|s| ScreenSummary::from_answers(s.local_date(), s.action, &s.answers)),
        from,
        to,
        today,
        tz: tz.clone(),
        kind_of: &kind_of,
        weekly_goal_minutes: snapshot.settings.weekly_goal_minutes,
    });
    let window = ask.window.or(ask.from.is_none().then_some(Window::DEFAULT));
    Ok(ReportChoice {
        report,
        from,
        to,
        window,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use backcalm_core::{CheckInDraft, Defaults};
    use jiff::civil::date;

    fn with_checkin_at(at: &str) -> Snapshot {
        let d = Defaults {
            now: "2026-04-01T00:00:00Z".parse().expect("instant"),
            tz: TzName::utc(),
            new_id: uuid::Uuid::from_u128(1),
        };
        let c = CheckInDraft {
            pain: Some(3),
            recorded_at: Some(at.into()),
            ..Default::default()
        }
        .validate(&d)
        .expect("valid");
        Snapshot {
            checkins: vec![c],
            ..Default::default()
        }
    }

    #[test]
    fn the_default_period_is_the_last_3_months_or_the_whole_shorter_journal() {
        let library = Library::embedded().expect("shipped");
        let today = date(2026, 3, 29);
        let tz = TzName::utc();
        let long = with_checkin_at("2020-01-01T09:00:00Z");
        let r = report(&long, &library, ReportAsk::default(), today, &tz).expect("fine");
        assert_eq!(
            (r.from, r.to, r.window),
            (date(2025, 12, 30), today, Some(Window::DEFAULT))
        );
        let short = with_checkin_at("2026-03-01T09:00:00Z");
        let r = report(&short, &library, ReportAsk::default(), today, &tz).expect("fine");
        assert_eq!((r.from, r.to), (date(2026, 3, 1), today));
        let ask = ReportAsk {
            to: Some(date(2026, 2, 28)),
            window: Some(Window::FourWeeks),
            ..Default::default()
        };
        let r = report(&long, &library, ask, today, &tz).expect("fine");
        assert_eq!(
            (r.from, r.to, r.window),
            (date(2026, 2, 1), date(2026, 2, 28), Some(Window::FourWeeks))
        );
        let ask = ReportAsk {
            from: Some(date(2026, 3, 1)),
            ..Default::default()
        };
        let r = report(&long, &library, ask, today, &tz).expect("fine");
        assert_eq!(r.window, None, "days of one's own: no range is chosen");
        let reversed = ReportAsk {
            from: Some(date(2026, 4, 1)),
            to: Some(date(2026, 3, 1)),
            ..Default::default()
        };
        assert!(matches!(
            report(&long, &library, reversed, today, &tz),
            Err(PeriodError::Reversed { .. })
        ));
    }
}
