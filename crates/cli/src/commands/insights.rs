//! `backcalm insights`: what the journal shows, for today.

use super::{print_json, print_text, terminal_width, Globals};
use crate::args::InsightsArgs;
use crate::clock::{local_tz, today};
use crate::text::insights::summary;
use backcalm_core::insights::insights as compute;
use backcalm_core::{Kind, Library, SessionRecord};

/// `insights`: the same numbers as `GET /api/v1/insights` and the /insights page.
pub fn insights(g: &Globals, a: &InsightsArgs) -> anyhow::Result<()> {
    let library = g.library()?;
    let tz = local_tz()?;
    let journal = g.journal()?;
    let records = crate::journal::runtime()?.block_on(journal.records())?;
    let kind_of = |id: &str| library.get(id).map(|p| p.kind);
    let i = compute(
        &records.checkins,
        &records.sessions,
        kind_of,
        today(&tz),
        &tz,
        records.settings.weekly_goal_minutes,
    );
    if a.json {
        return print_json(&i);
    }
    let rated = |kind: Kind| rated_sessions(&records.sessions, &library, kind);
    let width = terminal_width().unwrap_or(80).min(100);
    print_text(&summary(&i, &rated, records.settings.show_streak, width))
}

/// Sessions of `kind` with both pain ratings and with both stress ratings.
fn rated_sessions(sessions: &[SessionRecord], library: &Library, kind: Kind) -> (usize, usize) {
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
