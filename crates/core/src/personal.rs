//! Personal defaults for starting a practice: what the journal already knows.
//!
//! The body map of a recent check-in says where it hurts (the body scan
//! lingers there, PMR and movement go gently), the areas marked after the
//! last natural-breath session are where the next one invites attention back,
//! and the pleasantness ratings after guided imagery suggest a scene. The web
//! and the CLI call [`personal_defaults`] and show what it found before the
//! practice starts; the person can always change or clear it.
//!
//! Pure: the records and "now" are parameters.

use crate::content::{Condition, Kind, Practice, Step};
use crate::journal::{CheckIn, SessionRecord, TzName};
use crate::region::{spoken_list, BodyPart, Region};
use crate::timeline::{compile, Options};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeSet;

/// How long a check-in's body map counts as where it hurts now: 7 days, to the second.
pub const RECENT_CHECKIN: SignedDuration = SignedDuration::from_hours(7 * 24);

/// Body parts taken from one record of the journal, and when they were marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// The parts, never empty; sides are merged into their part (the practices speak of parts).
    pub parts: BTreeSet<BodyPart>,
    /// When: the check-in's instant, or the start of the session they were marked after.
    pub at: Timestamp,
    /// The zone of that record, for its local day.
    pub tz: TzName,
}

impl Marked {
    /// The local day they were marked on, in the record's own zone.
    pub fn local_date(&self) -> Date {
        self.at.to_zoned(self.tz.zone()).date()
    }

    /// The parts in words, head to feet: "neck and lower back".
    pub fn words(&self) -> String {
        words(&self.parts)
    }
}

/// Body parts in words, head to feet: "neck and lower back".
pub fn words(parts: &BTreeSet<BodyPart>) -> String {
    let v: Vec<String> = parts.iter().map(|p| p.words().to_string()).collect();
    spoken_list(&v)
}

/// A scene suggested because the person rated it the most pleasant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SceneSuggestion {
    /// The scene id.
    pub scene: String,
    /// How many sessions of it were rated.
    pub rated: u32,
    /// The sum of those ratings (0-10 each).
    pub sum: u32,
}

impl SceneSuggestion {
    /// The mean rating, 0-10.
    pub fn mean(&self) -> f64 {
        f64::from(self.sum) / f64::from(self.rated.max(1))
    }
}

/// What the journal suggests for one practice; `None` where it knows nothing that applies.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonalDefaults {
    /// Painful parts from the latest recent check-in (practices that attend to pain only).
    pub painful: Option<Marked>,
    /// Areas marked after the last session of this practice (natural breath only).
    pub breath_areas: Option<Marked>,
    /// The scene rated most pleasant (imagery only).
    pub scene: Option<SceneSuggestion>,
}

fn all_steps(p: &Practice) -> impl Iterator<Item = &Step> {
    p.steps
        .iter()
        .chain(p.scenes.iter().flat_map(|s| s.steps.iter()))
}

/// Whether the practice does anything with painful regions (lingers, softens, names them).
pub fn takes_painful(p: &Practice) -> bool {
    all_steps(p).any(|s| {
        s.painful_text.is_some()
            || s.linger_s > 0
            || s.when == Some(Condition::Painful)
            || s.text.contains("{painful}")
    })
}

/// Whether the practice invites attention back to areas marked earlier.
pub fn takes_breath_areas(p: &Practice) -> bool {
    all_steps(p).any(|s| s.when == Some(Condition::BreathAreas) || s.text.contains("{areas}"))
}

/// What `p` does with painful places, in one sentence for the person.
pub fn painful_purpose(p: &Practice) -> &'static str {
    match p.kind {
        Kind::BodyScan => "The scan stays a little longer with these places, if you wish.",
        Kind::Pmr => "These are only noticed, never tensed.",
        Kind::Movement => "Movements there are kept very small.",
        _ => "The practice takes care around these places.",
    }
}

/// What a natural-breath practice does with the areas marked last time.
pub const BREATH_AREAS_PURPOSE: &str =
    "The practice invites your attention back to them for a few breaths.";

fn parts(regions: &[Region]) -> BTreeSet<BodyPart> {
    regions.iter().map(|r| r.part).collect()
}

/// Where it hurts now, by the journal: the newest check-in of the last
/// [`RECENT_CHECKIN`] (by instant, whatever zone each was made in) that
/// marked a place on the body map. A check-in without a body map says nothing
/// about where and is passed over; a check-in of pain 0 says nothing hurts,
/// so older places no longer count. Check-ins after `now` (another device's
/// clock) count as the newest.
pub fn recent_painful(checkins: &[CheckIn], now: Timestamp) -> Option<Marked> {
    let since = now.checked_sub(RECENT_CHECKIN).unwrap_or(Timestamp::MIN);
    let mut recent: Vec<&CheckIn> = checkins.iter().filter(|c| c.recorded_at >= since).collect();
    recent.sort_by_key(|c| std::cmp::Reverse((c.recorded_at, c.id)));
    for c in recent {
        if !c.regions.is_empty() {
            return Some(Marked {
                parts: parts(&c.regions),
                at: c.recorded_at,
                tz: c.tz.clone(),
            });
        }
        if c.pain.get() == 0 {
            return None;
        }
    }
    None
}

/// The areas marked after the most recent session of `practice`; `None` when
/// that session marked none (the person noticed nothing to come back to).
pub fn last_marked_areas(sessions: &[SessionRecord], practice: &str) -> Option<Marked> {
    let last = sessions
        .iter()
        .filter(|s| s.practice == practice)
        .max_by_key(|s| (s.started_at, s.id))?;
    (!last.regions.is_empty()).then(|| Marked {
        parts: parts(&last.regions),
        at: last.started_at,
        tz: last.tz.clone(),
    })
}

/// The scene of `p` with the highest mean pleasantness over its rated
/// sessions; a tie goes to the scene rated most recently.
pub fn best_rated_scene(p: &Practice, sessions: &[SessionRecord]) -> Option<SceneSuggestion> {
    // Per scene: (sum, count, latest rated start).
    let mut tally: Vec<(u32, u32, Option<Timestamp>)> = vec![(0, 0, None); p.scenes.len()];
    for s in sessions.iter().filter(|s| s.practice == p.id) {
        let (Some(rating), Some(variant)) = (s.pleasantness, s.variant.as_deref()) else {
            continue;
        };
        let Some(i) = p.scenes.iter().position(|sc| sc.id == variant) else {
            continue;
        };
        let t = &mut tally[i];
        t.0 += u32::from(rating.get());
        t.1 += 1;
        t.2 = t.2.max(Some(s.started_at));
    }
    // Means compared exactly: a/b > c/d  <=>  a*d > c*b.
    let better = |a: &(u32, u32, Option<Timestamp>), b: &(u32, u32, Option<Timestamp>)| {
        let (l, r) = (
            u64::from(a.0) * u64::from(b.1),
            u64::from(b.0) * u64::from(a.1),
        );
        l > r || (l == r && a.2 > b.2)
    };
    let mut best: Option<usize> = None;
    for (i, t) in tally.iter().enumerate() {
        if t.1 == 0 {
            continue;
        }
        if best.is_none_or(|b| better(t, &tally[b])) {
            best = Some(i);
        }
    }
    best.map(|i| SceneSuggestion {
        scene: p.scenes[i].id.clone(),
        rated: tally[i].1,
        sum: tally[i].0,
    })
}

/// Chosen places that a version of a practice has no room for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LeftOut {
    /// Painful places were chosen but change nothing at these options.
    pub painful: bool,
    /// Breath areas were chosen but change nothing at these options.
    pub breath_areas: bool,
}

/// Which chosen places `o` leaves out: a short version may drop the steps that
/// attend to them, and the person should hear so rather than be promised them.
pub fn left_out(p: &Practice, o: &Options) -> LeftOut {
    let Ok(with) = compile(p, o) else {
        return LeftOut::default();
    };
    let unchanged = |strip: fn(&mut Options)| {
        let mut without = o.clone();
        strip(&mut without);
        compile(p, &without).is_ok_and(|t| t == with)
    };
    LeftOut {
        painful: !o.painful.is_empty() && unchanged(|o| o.painful.clear()),
        breath_areas: !o.breath_areas.is_empty() && unchanged(|o| o.breath_areas.clear()),
    }
}

/// Everything the journal suggests for starting `p` at `now`: painful parts
/// for practices that attend to pain, breath areas for natural breath, a
/// scene for imagery. The one place these defaults are worked out; the web
/// pages, the program's links and the CLI all call it.
pub fn personal_defaults(
    p: &Practice,
    checkins: &[CheckIn],
    sessions: &[SessionRecord],
    now: Timestamp,
) -> PersonalDefaults {
    PersonalDefaults {
        painful: takes_painful(p)
            .then(|| recent_painful(checkins, now))
            .flatten(),
        breath_areas: takes_breath_areas(p)
            .then(|| last_marked_areas(sessions, &p.id))
            .flatten(),
        scene: best_rated_scene(p, sessions),
    }
}

#[cfg(test)]
mod tests;
