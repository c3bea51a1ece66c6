//! The use cases both edges call: the web app's handlers and the CLI's
//! commands parse their input, call one function here and render the result.
//!
//! [`Snapshot`] is the person's journal read once; the builders beside it
//! (insights, the program, the rescreen decision, the report) are pure
//! functions of a snapshot, the content and today's date, so the web and the
//! CLI cannot disagree. Hosted mode will scope each load to one person here.

mod program;
mod report;
mod rescreen;
mod shipped;
mod snapshot;

pub use program::{program_now, program_start, ProgramNow};
pub use report::{report, ReportAsk, ReportChoice};
pub use rescreen::{
    rescreen_after, rescreen_due, rescreen_given_days, week_before, week_ending, Rescreen,
};
pub use shipped::{shipped, Shipped};
pub use snapshot::Snapshot;

use backcalm_core::insights::Insights;
use backcalm_core::{Kind, Library, SessionRecord, TzName};
use jiff::civil::Date;
use jiff::Timestamp;

/// Today's local date in `tz` at the instant `now` (the edge reads the clock).
pub fn today(now: Timestamp, tz: &TzName) -> Date {
    now.to_zoned(tz.zone()).date()
}

/// Every insight for `today`, with the person's weekly goal.
pub fn insights(snapshot: &Snapshot, library: &Library, today: Date, tz: &TzName) -> Insights {
    backcalm_core::insights::insights(
        &snapshot.checkins,
        &snapshot.sessions,
        |id| library.get(id).map(|p| p.kind),
        today,
        tz,
        snapshot.settings.weekly_goal_minutes,
    )
}

/// Sessions of `kind` with both pain ratings and with both stress ratings:
/// `(pain pairs, stress pairs)`, for "not enough data yet (3 of 5)".
pub fn rated_sessions(sessions: &[SessionRecord], library: &Library, kind: Kind) -> (usize, usize) {
    let of_kind = sessions
        .iter()
        .filter(|s| library.get(&s.practice).is_some_and(|p| p.kind == kind));
    let (mut pain, mut stress) = (0, 0);
    for s in of_kind {
        pain += usize::from(s.pain_before.is_some() && s.pain_after.is_some());
        stress += usize::from(s.stress_before.is_some() && s.stress_after.is_some());
    }
    (pain, stress)
}
