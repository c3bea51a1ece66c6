//! Today's step of the 8-week program, for `/api/v1/program`, the home and
//! program pages and `backcalm program`.

use crate::snapshot::Snapshot;
use backcalm_core::instrument::PEG_ID;
use backcalm_core::program::{plan, Program, ProgramHistory, ProgramView, Today};
use backcalm_core::settings::Settings;
use backcalm_core::{Library, SessionRecord};
use backcalm_store::answer_local_date;
use jiff::civil::Date;

/// The program as of today.
#[derive(Debug)]
pub struct ProgramNow {
    /// The day the program began; `None` before the first practice (today's
    /// step is then week 1, day 1, as a preview).
    pub start: Option<Date>,
    /// What the program offers today.
    pub today: Today,
    /// Every week, with the current one when the program has begun.
    pub view: ProgramView,
}

/// The day the program began: the start chosen in the settings, else the
/// first day with a session that was practised (more than 0 s).
pub fn program_start(sessions: &[SessionRecord], settings: &Settings) -> Option<Date> {
    let first_practice = sessions
        .iter()
        .filter(|s| s.actual_s > 0)
        .map(SessionRecord::local_date)
        .min();
    settings.program_start(first_practice)
}

/// Plans `today` from the journal.
pub fn program_now(
    program: &Program,
    snapshot: &Snapshot,
    library: &Library,
    today: Date,
) -> ProgramNow {
    let start = program_start(&snapshot.sessions, &snapshot.settings);
    let answered: Vec<(String, Date)> = snapshot
        .answers
        .iter()
        .map(|a| (a.instrument.clone(), answer_local_date(a)))
        .collect();
    let pegs: Vec<Date> = answered
        .iter()
        .filter(|(i, _)| i == PEG_ID)
        .map(|(_, d)| *d)
        .collect();
    let history =
        ProgramHistory::from_journal(start.unwrap_or(today), &snapshot.sessions, &pegs, library)
            .with_answers(&answered)
            .with_checkins(&snapshot.checkins);
    let step = plan(program, &history, today);
    let view = ProgramView::new(program, start.map(|_| &step));
    ProgramNow {
        start,
        today: step,
        view,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use backcalm_core::{CheckInDraft, Defaults, SessionDraft, TzName};
    use jiff::civil::date;

    #[test]
    fn the_start_is_the_first_day_practised_or_the_chosen_day() {
        let d = Defaults {
            now: "2026-04-01T00:00:00Z".parse().expect("instant"),
            tz: TzName::new("Europe/London").expect("zone"),
            new_id: uuid::Uuid::from_u128(1),
        };
        let session = |at: &str, actual_s: u32| {
            SessionDraft {
                practice: Some("natural-breath".into()),
                minutes: Some(2),
                started_at: Some(at.into()),
                actual_s: Some(i64::from(actual_s)),
                ..Default::default()
            }
            .validate(&d, |_| true)
            .expect("valid")
        };
        let checkin = CheckInDraft {
            pain: Some(3),
            recorded_at: Some("2026-03-10T09:00:00Z".into()),
            ..Default::default()
        }
        .validate(&d)
        .expect("valid");
        let mut s = Snapshot::default();
        assert_eq!(program_start(&s.sessions, &s.settings), None);
        s.checkins.push(checkin);
        assert_eq!(
            program_start(&s.sessions, &s.settings),
            None,
            "a check-in alone does not start the program"
        );
        s.sessions.push(session("2026-03-11T09:00:00Z", 0));
        assert_eq!(
            program_start(&s.sessions, &s.settings),
            None,
            "a session of 0 s was not practised"
        );
        s.sessions.push(session("2026-03-12T09:00:00Z", 120));
        assert_eq!(
            program_start(&s.sessions, &s.settings),
            Some(date(2026, 3, 12))
        );
        s.settings.program_start = Some(date(2026, 3, 1));
        assert_eq!(
            program_start(&s.sessions, &s.settings),
            Some(date(2026, 3, 1))
        );
    }
}
