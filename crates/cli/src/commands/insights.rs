//! `backcalm insights`: what the journal shows, for today.

use super::{print_json, print_text, terminal_width, Globals};
use crate::args::InsightsArgs;
use crate::clock::{local_tz, today};
use crate::text::insights::summary;
use backcalm_app::rated_sessions;
use backcalm_core::Kind;

/// `insights`: the same numbers as `GET /api/v1/insights` and the /insights page.
pub fn insights(g: &Globals, a: &InsightsArgs) -> anyhow::Result<()> {
    let library = g.library()?;
    let tz = local_tz()?;
    let journal = g.journal()?;
    let records = crate::journal::runtime()?.block_on(journal.snapshot())?;
    let i = backcalm_app::insights(&records, &library, today(&tz), &tz);
    if a.json {
        return print_json(&i);
    }
    let rated = |kind: Kind| rated_sessions(&records.sessions, &library, kind);
    let width = terminal_width().unwrap_or(80).min(100);
    print_text(&summary(&i, &rated, records.settings.show_streak, width))
}
