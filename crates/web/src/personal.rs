//! The person's own starting choices for a practice: core's
//! [`personal_defaults`] from the journal (painful parts, breath areas, a
//! scene), carried in the query (`painful`, `breath_areas`, `scene`), and the
//! body-part checkboxes that show and change them before the practice starts.
//!
//! A query that names places keeps them (`painful=none` chooses none); a query
//! that does not gets the defaults. The pages put the result into every link
//! they make (the player's timeline, the audio file), so the JSON API itself
//! stays a pure function of its query: no places named there means none.

use crate::pages::when::local_time;
use crate::state::AppState;
use backcalm_core::personal::{personal_defaults, Marked, PersonalDefaults};
use backcalm_core::{BodyPart, CheckIn, Practice, SessionRecord, TzName};
use backcalm_store::{DayRange, StoreError};
use jiff::Span;
use std::collections::BTreeSet;

/// The query key of painful parts.
pub(crate) const PAINFUL: &str = "painful";
/// The query key of breath areas.
pub(crate) const BREATH_AREAS: &str = "breath_areas";
/// The value that chooses no places: `painful=none`.
pub(crate) const NONE: &str = "none";

/// Reads what [`personal_defaults`] needs for `p`: the check-ins of the days
/// around the window (core picks by instant), and the sessions when they matter.
pub(crate) async fn load(state: &AppState, p: &Practice) -> Result<PersonalDefaults, StoreError> {
    let (checkins, sessions) = records(state).await?;
    Ok(personal_defaults(p, &checkins, &sessions, state.now()))
}

/// The recent check-ins and every session.
async fn records(state: &AppState) -> Result<(Vec<CheckIn>, Vec<SessionRecord>), StoreError> {
    let today = state.today();
    // Local days differ by up to a day between zones; two days of margin either side.
    let range = DayRange::between(
        today.saturating_sub(Span::new().days(9)),
        today.saturating_add(Span::new().days(2)),
    );
    Ok((
        state.store.checkins(&range).await?,
        state.store.sessions(&DayRange::all()).await?,
    ))
}

/// The query that carries the person's defaults for practice `id` on a link,
/// e.g. `&painful=lower-back`; empty when there are none or the id is unknown.
pub(crate) fn link_query(
    state: &AppState,
    checkins: &[CheckIn],
    sessions: &[SessionRecord],
    id: &str,
) -> String {
    let Some(p) = state.library.get(id) else {
        return String::new();
    };
    let d = personal_defaults(p, checkins, sessions, state.now());
    with_defaults(p, &[], &d)
        .iter()
        .map(|(k, v)| format!("&{k}={v}"))
        .collect()
}

/// Body-part ids joined for a query, head to feet: `neck,lower-back`.
fn ids(parts: &BTreeSet<BodyPart>) -> String {
    parts.iter().map(|p| p.id()).collect::<Vec<_>>().join(",")
}

/// Repeated place keys (a form sends one pair per ticked box and a hidden
/// `none`) merged into one pair each, where the first one was, in body order:
/// `painful=neck,lower-back`, or `painful=none` when nothing was ticked. Empty
/// values count as absent. A value that is not a body part is kept as typed,
/// so the option check names it.
pub(crate) fn merge_places(raw: &[(String, String)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for key in [PAINFUL, BREATH_AREAS] {
        let tokens: Vec<&str> = raw
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|t| !t.is_empty() && *t != NONE)
            .collect();
        let named = raw.iter().any(|(k, v)| k == key && !v.trim().is_empty());
        if !named {
            continue;
        }
        let parsed: Result<BTreeSet<BodyPart>, _> =
            tokens.iter().map(|t| t.parse::<BodyPart>()).collect();
        let value = match parsed {
            Ok(set) if set.is_empty() => NONE.to_string(),
            Ok(set) => ids(&set),
            Err(_) => tokens.join(","),
        };
        out.push((key.to_string(), value));
    }
    let mut merged: Vec<(String, String)> = Vec::new();
    for (k, v) in raw {
        if k == PAINFUL || k == BREATH_AREAS {
            if let Some(i) = out.iter().position(|(m, _)| m == k) {
                merged.push(out.remove(i));
            }
        } else {
            merged.push((k.clone(), v.clone()));
        }
    }
    merged
}

/// `pairs` with the person's defaults added where they name no places or
/// scene. A suggested scene is only added when it is not the practice's first
/// (the first plays anyway).
pub(crate) fn with_defaults(
    p: &Practice,
    pairs: &[(String, String)],
    d: &PersonalDefaults,
) -> Vec<(String, String)> {
    let mut out = pairs.to_vec();
    let names = |key: &str| pairs.iter().any(|(k, v)| k == key && !v.trim().is_empty());
    if let Some(m) = d.painful.as_ref().filter(|_| !names(PAINFUL)) {
        out.push((PAINFUL.into(), ids(&m.parts)));
    }
    if let Some(m) = d.breath_areas.as_ref().filter(|_| !names(BREATH_AREAS)) {
        out.push((BREATH_AREAS.into(), ids(&m.parts)));
    }
    if let Some(s) = d.scene.as_ref().filter(|_| !names("scene")) {
        if p.scenes.first().is_some_and(|first| first.id != s.scene) {
            out.push(("scene".into(), s.scene.clone()));
        }
    }
    out
}

/// The practice's default scene for this person: the suggested one, else the first.
pub(crate) fn default_scene<'a>(p: &'a Practice, d: &'a PersonalDefaults) -> Option<&'a str> {
    d.scene
        .as_ref()
        .map(|s| s.scene.as_str())
        .or_else(|| p.scenes.first().map(|s| s.id.as_str()))
}

/// A labelled checkbox of a body part.
pub(crate) struct PartBox {
    pub id: &'static str,
    pub label: String,
    pub checked: bool,
}

/// Body parts under one heading.
pub(crate) struct PartGroup {
    pub legend: &'static str,
    pub parts: Vec<PartBox>,
}

/// "lower back" → "Lower back".
fn capitalised(words: &str) -> String {
    let mut c = words.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Every body part as a checkbox, in three groups, the `checked` ones ticked.
pub(crate) fn part_groups(checked: &BTreeSet<BodyPart>) -> Vec<PartGroup> {
    use BodyPart::*;
    let group = |legend, parts: &[BodyPart]| PartGroup {
        legend,
        parts: parts
            .iter()
            .map(|p| PartBox {
                id: p.id(),
                label: capitalised(p.words()),
                checked: checked.contains(p),
            })
            .collect(),
    };
    vec![
        group("Back", &[UpperBack, MidBack, LowerBack]),
        group("Hips and legs", &[Buttock, Hip, Thigh, Knee, Calf, Foot]),
        group(
            "Head, arms and front",
            &[Head, Face, Neck, Shoulder, Arm, Hand, Chest, Abdomen],
        ),
    ]
}

/// The places a practice is about to use, shown before it starts and changeable.
pub(crate) struct PlacesChooser {
    /// The query key the boxes send.
    pub key: &'static str,
    /// e.g. "Where it hurts".
    pub legend: &'static str,
    /// What the practice does with them.
    pub hint: &'static str,
    /// The chosen parts in words, or "none".
    pub chosen: String,
    /// Where they came from, e.g. "from your check-in on Fri 27 Mar 2026, 08:00".
    pub source: String,
    pub groups: Vec<PartGroup>,
}

/// Where a chosen set came from, in words.
fn source(
    chosen: Option<&BTreeSet<BodyPart>>,
    default: Option<&Marked>,
    from: &str,
    nothing: &str,
    default_tz: &TzName,
) -> String {
    match (chosen, default) {
        (Some(c), Some(m)) if *c == m.parts => {
            format!(
                "from {from} on {}",
                local_time(m.at, &m.tz, default_tz).text
            )
        }
        (Some(c), _) if c.is_empty() => "none chosen".into(),
        (Some(_), _) => "as chosen".into(),
        (None, _) => nothing.into(),
    }
}

/// Body parts in a merged query value; `None` when absent, empty for `none`.
fn chosen_parts(pairs: &[(String, String)], key: &str) -> Option<BTreeSet<BodyPart>> {
    let (_, v) = pairs.iter().rev().find(|(k, _)| k == key)?;
    Some(
        v.split(',')
            .filter_map(|t| t.trim().parse::<BodyPart>().ok())
            .collect(),
    )
}

/// Said instead of what the places do when this version has no room for them.
const TOO_SHORT: &str = "This length is too short to include them; a longer one does.";

/// The choosers for `p`: painful places for practices that attend to pain,
/// breath areas for natural breath; none for the others. `pairs` are the
/// merged query with the defaults already added.
pub(crate) fn choosers(
    p: &Practice,
    pairs: &[(String, String)],
    d: &PersonalDefaults,
    default_tz: &TzName,
) -> Vec<PlacesChooser> {
    let left = crate::choice::options_from_query(p, pairs)
        .map(|o| left_out(p, &o))
        .unwrap_or_default();
    use backcalm_core::personal::{
        left_out, painful_purpose, takes_breath_areas, takes_painful, words, BREATH_AREAS_PURPOSE,
    };
    let mut out = Vec::new();
    let mut add = |key,
                   legend,
                   hint,
                   default: Option<&Marked>,
                   from: &str,
                   nothing: &str,
                   too_short: bool| {
        let chosen = chosen_parts(pairs, key);
        let set = chosen.clone().unwrap_or_default();
        let mut source = source(chosen.as_ref(), default, from, nothing, default_tz);
        if too_short {
            source.push_str("; too short at this length");
        }
        out.push(PlacesChooser {
            key,
            legend,
            hint: if too_short { TOO_SHORT } else { hint },
            chosen: if set.is_empty() {
                "none".into()
            } else {
                words(&set)
            },
            source,
            groups: part_groups(&set),
        });
    };
    if takes_painful(p) {
        add(
            PAINFUL,
            "Where it hurts",
            painful_purpose(p),
            d.painful.as_ref(),
            "your check-in",
            "no places marked in your check-ins of the last 7 days",
            left.painful,
        );
    }
    if takes_breath_areas(p) {
        add(
            BREATH_AREAS,
            "Areas to come back to",
            BREATH_AREAS_PURPOSE,
            d.breath_areas.as_ref(),
            "your last session",
            "none marked after your last session",
            left.breath_areas,
        );
    }
    out
}

/// "Suggested: you rated A quiet forest the most pleasant (8.5 on average over 2 sessions)."
pub(crate) fn scene_note(p: &Practice, d: &PersonalDefaults) -> String {
    let Some(s) = &d.scene else {
        return String::new();
    };
    let Some(scene) = p.scene(&s.scene) else {
        return String::new();
    };
    let mean = backcalm_core::insights::words::mean_rating(s.mean());
    let times = if s.rated == 1 {
        "1 session".to_string()
    } else {
        format!("{} sessions", s.rated)
    };
    format!(
        "Suggested for you: {}, the scene you rated most pleasant ({mean} out of 10 on average over {times}). Choose any other if you like.",
        scene.title
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn ticked_boxes_and_the_hidden_none_merge_into_one_pair() {
        assert_eq!(
            merge_places(&pairs(&[
                ("minutes", "5"),
                ("painful", "none"),
                ("painful", "lower-back"),
                ("painful", "neck"),
            ])),
            pairs(&[("minutes", "5"), ("painful", "neck,lower-back")])
        );
        assert_eq!(
            merge_places(&pairs(&[("painful", "none"), ("minutes", "5")])),
            pairs(&[("painful", "none"), ("minutes", "5")])
        );
        // Empty is absent; a typo is kept so the option check can name it.
        assert_eq!(
            merge_places(&pairs(&[("painful", ""), ("breath_areas", "chest,spleen")])),
            pairs(&[("breath_areas", "chest,spleen")])
        );
    }
}
