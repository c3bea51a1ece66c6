//! Reports for the tests beyond the sample: one with more than fits a page.

// Each test binary uses only some of these.
#![allow(dead_code)]

use backcalm_core::report::{ClinicianNote, RegionCount, Report, ScreenSummary};
use backcalm_core::safety::Action;
use backcalm_core::Region;
use backcalm_report::sample;
use std::collections::BTreeMap;

/// The sample report with everything at its worst: 12 long notes, every
/// red-flag question answered yes, every body region marked.
pub fn crowded() -> Report {
    let mut r = sample::report();
    let long =
        "Sharp pain when I bend to lift the children, easing after a warm shower; ".repeat(30);
    r.notes = (1..=12)
        .map(|d| ClinicianNote {
            date: jiff::civil::date(2026, 4, d),
            text: format!("Note {d}: {long}"),
        })
        .collect();
    let every_yes: BTreeMap<String, bool> = backcalm_core::safety::questions()
        .iter()
        .map(|q| (q.id.to_string(), true))
        .collect();
    r.screen = Some(ScreenSummary::from_answers(
        jiff::civil::date(2026, 4, 20),
        Action::Emergency,
        &every_yes,
    ));
    r.body_map = Region::all()
        .into_iter()
        .map(|region| RegionCount {
            region,
            words: region.words(),
            checkins: 3,
        })
        .collect();
    r
}

/// The sample report with 12 long notes and an ordinary screen.
pub fn many_notes() -> Report {
    let mut r = sample::report();
    r.notes = crowded().notes;
    r
}
