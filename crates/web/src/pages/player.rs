//! `/practices/{id}/play`: the browser player.
//!
//! The page is server-rendered and works without JavaScript: a plain GET form
//! chooses the version (length, pace, scene, timer bells, back mode) and the
//! script of that version is shown below it. The player itself
//! (`static/player/*.js`) fetches the same version's Timeline from
//! `/api/v1/practices/{id}` (one source of truth) and only schedules and draws
//! it; this module tells it where to fetch from.

use super::script::{pace_words, script, ScriptStep};
use super::select::{pace_choices, scene_choices, Choice};
use super::{not_found_page, render};
use crate::access::Journal;
use crate::choice::compile_choice;
use crate::personal::{
    choosers, default_scene, merge_places, part_groups, scene_note, with_defaults, PartGroup,
    PlacesChooser, BREATH_AREAS, PAINFUL,
};
use crate::state::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use backcalm_core::personal::PersonalDefaults;
use backcalm_core::timeline::{Options, Timeline};
use backcalm_core::{compile, CueKind, Kind, Pace, Practice};
use std::collections::BTreeSet;

/// The player route.
pub fn routes() -> Router<AppState> {
    Router::new().route("/practices/{id}/play", get(show))
}

/// The page's own field for a pace typed by hand; it wins over the preset list.
const OWN_PACE: &str = "pace_own";

/// The timer's settings as the form shows them.
struct TimerFields {
    interval: String,
    bells_at: String,
    delay: String,
    strikes: Vec<Choice>,
}

/// The after-session question about places in the body, when the practice asks one.
struct RegionQuestion {
    legend: &'static str,
    hint: &'static str,
    groups: Vec<PartGroup>,
}

#[derive(Template)]
#[template(path = "player.html")]
struct PlayerPage {
    current: &'static str,
    id: String,
    title: String,
    kind: &'static str,
    kind_label: &'static str,
    posture: String,
    caution: Option<String>,
    problem: Option<String>,
    /// The chosen version in words, e.g. "2 minutes · 4 s in, 6 s out".
    version: String,
    minutes: Vec<Choice>,
    paces: Vec<Choice>,
    own_pace: String,
    scenes: Vec<Choice>,
    timer: Option<TimerFields>,
    back_modes: Vec<Choice>,
    postures: Vec<Choice>,
    /// The person's places (painful, breath areas), shown and changeable before starting.
    places: Vec<PlacesChooser>,
    /// Why the chosen scene is suggested; empty when nothing was rated.
    scene_note: String,
    /// Choices carried through the form unchanged (places this practice does not use).
    carried: Vec<(String, String)>,
    /// Where the player fetches the Timeline.
    timeline_url: String,
    /// The practice page with the same choices.
    practice_url: String,
    pleasantness: bool,
    regions: Option<RegionQuestion>,
    chosen_minutes: String,
    steps: Vec<ScriptStep>,
}

/// Percent-encodes a query component: unreserved characters stay, everything else is `%XX`.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub(super) fn query_string(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Whether a query value only repeats the practice's default, so it can be left out
/// (the default version then has one URL, which the offline copy keeps). The
/// default scene is the one suggested to this person, when there is one.
fn is_default(p: &Practice, key: &str, value: &str, scene: Option<&str>) -> bool {
    let v = value.trim();
    match key {
        "pace" => v
            .parse::<Pace>()
            .ok()
            .is_some_and(|x| Some(x) == p.default_pace()),
        "scene" => scene == Some(v),
        "strikes" => p
            .timer
            .as_ref()
            .is_some_and(|t| v.parse::<u8>().ok() == Some(t.strikes)),
        "delay" => p
            .timer
            .as_ref()
            .is_some_and(|t| v.parse::<u32>().ok() == Some(t.delay_s)),
        "back_mode" => v == "gentle",
        "posture" => v == "any",
        _ => false,
    }
}

/// The practice options in the query: empty values and defaults dropped, a
/// hand-typed pace in place of the preset, `minutes` first (the default length
/// when absent), then the person's own defaults where the query names none.
fn practice_pairs(
    p: &Practice,
    raw: &[(String, String)],
    d: &PersonalDefaults,
) -> Vec<(String, String)> {
    let raw = &merge_places(raw);
    let scene = default_scene(p, d);
    let own = raw
        .iter()
        .find(|(k, v)| k == OWN_PACE && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_string());
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in raw {
        if k == OWN_PACE || v.trim().is_empty() || (k == "pace" && own.is_some()) {
            continue;
        }
        if !is_default(p, k, v, scene) {
            out.push((k.clone(), v.trim().to_string()));
        }
    }
    if let Some(pace) = own {
        if !is_default(p, "pace", &pace, scene) {
            out.push(("pace".into(), pace));
        }
    }
    if !out.iter().any(|(k, _)| k == "minutes") {
        out.insert(0, ("minutes".into(), p.default_minutes.to_string()));
    } else if let Some(i) = out.iter().position(|(k, _)| k == "minutes") {
        let m = out.remove(i);
        out.insert(0, m);
    }
    with_defaults(p, &out, d)
}

fn raw_value<'a>(raw: &'a [(String, String)], key: &str) -> &'a str {
    raw.iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.trim())
        .unwrap_or("")
}

fn minute_label(m: u32) -> String {
    if m == 1 {
        "1 minute".into()
    } else {
        format!("{m} minutes")
    }
}

/// Common lengths within range, plus the practice's own and the chosen one; "open" for the timer.
fn minute_choices(p: &Practice, t: &Timeline) -> Vec<Choice> {
    const COMMON: [u32; 15] = [1, 2, 3, 5, 8, 10, 12, 15, 20, 25, 30, 45, 60, 90, 120];
    let mut v: Vec<u32> = COMMON
        .iter()
        .copied()
        .filter(|m| (p.min_minutes..=p.max_minutes).contains(m))
        .collect();
    v.extend([p.min_minutes, p.default_minutes, p.max_minutes]);
    v.extend(t.minutes);
    v.sort_unstable();
    v.dedup();
    let mut out: Vec<Choice> = v
        .into_iter()
        .map(|m| Choice {
            value: m.to_string(),
            label: minute_label(m),
            selected: t.minutes == Some(m),
        })
        .collect();
    if p.kind == Kind::Timer {
        out.push(Choice {
            value: "open".into(),
            label: "Open-ended (counts up until you stop)".into(),
            selected: t.open_ended,
        });
    }
    out
}

/// Strikes of the timer's bells, read from the timeline itself.
fn strikes_of(t: &Timeline) -> u8 {
    t.cues
        .iter()
        .find_map(|c| match c.what {
            CueKind::Bell { strikes } => Some(strikes),
            _ => None,
        })
        .unwrap_or(1)
}

fn timer_fields(p: &Practice, t: &Timeline, raw: &[(String, String)]) -> Option<TimerFields> {
    if p.kind != Kind::Timer {
        return None;
    }
    let strikes = strikes_of(t);
    let delay = match raw_value(raw, "delay") {
        "" => p
            .timer
            .as_ref()
            .map(|d| d.delay_s)
            .filter(|d| *d > 0)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        typed => typed.to_string(),
    };
    Some(TimerFields {
        interval: raw_value(raw, "interval").to_string(),
        bells_at: raw_value(raw, "bells_at").to_string(),
        delay,
        strikes: [(1u8, "Single strike"), (2, "Double strike")]
            .into_iter()
            .map(|(n, label)| Choice {
                value: n.to_string(),
                label: label.into(),
                selected: n == strikes,
            })
            .collect(),
    })
}

fn posture_choices(p: &Practice, raw: &[(String, String)]) -> Vec<Choice> {
    if !p.steps.iter().any(|s| s.seated_text.is_some()) {
        return Vec::new();
    }
    let seated = raw_value(raw, "posture") == "seated";
    vec![
        Choice {
            value: "any".into(),
            label: "Lying down or seated, as you like".into(),
            selected: !seated,
        },
        Choice {
            value: "seated".into(),
            label: "Seated: every movement spoken the seated way".into(),
            selected: seated,
        },
    ]
}

fn back_mode_choices(p: &Practice, raw: &[(String, String)]) -> Vec<Choice> {
    if p.kind != Kind::Pmr {
        return Vec::new();
    }
    let skip = raw_value(raw, "back_mode") == "skip";
    vec![
        Choice {
            value: "gentle".into(),
            label: "Include the lower back at half strength".into(),
            selected: !skip,
        },
        Choice {
            value: "skip".into(),
            label: "Leave the lower back out".into(),
            selected: skip,
        },
    ]
}

/// The body scan asks where tension was; natural breath asks where breathing felt easy or hard.
fn region_question(p: &Practice) -> Option<RegionQuestion> {
    match p.kind {
        Kind::BodyScan => Some(RegionQuestion {
            legend: "Where did you notice tension?",
            hint: "Tick any places that felt tense or tight",
            groups: part_groups(&BTreeSet::new()),
        }),
        Kind::Breathing if !p.is_paced() => Some(RegionQuestion {
            legend: "Where did breathing feel easy or hard?",
            hint: "Tick any places you noticed; next time the practice invites you back to them",
            groups: part_groups(&BTreeSet::new()),
        }),
        _ => None,
    }
}

/// The chosen version in a few words.
fn version_words(p: &Practice, t: &Timeline) -> String {
    let mut parts = vec![match t.minutes {
        Some(m) => minute_label(m),
        None => "Open-ended".into(),
    }];
    if let Some(pace) = t.pace.filter(|_| p.is_paced()) {
        parts.push(pace_words(&pace));
    }
    if let Some(scene) = t.variant.as_deref().and_then(|v| p.scene(v)) {
        parts.push(scene.title.clone());
    }
    if p.kind == Kind::Timer {
        let bells = t
            .cues
            .iter()
            .filter(|c| matches!(c.what, CueKind::Bell { .. }))
            .count();
        let s = if strikes_of(t) == 2 {
            "double"
        } else {
            "single"
        };
        if t.open_ended {
            parts.push(format!("{s} strikes"));
        } else {
            parts.push(format!("{bells} bells, {s} strikes"));
        }
    }
    parts.join(" · ")
}

async fn show(
    Journal(state): Journal,
    Path(id): Path<String>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let Some(p) = state.library.get(&id) else {
        return not_found_page(&format!("/practices/{id}/play"));
    };
    let raw = q.map(|Query(v)| v).unwrap_or_default();
    let personal = match crate::personal::load(&state, p).await {
        Ok(d) => d,
        Err(e) => return super::storage_failed(e),
    };
    let pairs = practice_pairs(p, &raw, &personal);
    // A bad choice plays the person's usual version, with the reason shown above the form.
    let usual = practice_pairs(p, &[], &personal);
    let (timeline, pairs, problem, status) = match compile_choice(p, &pairs) {
        Ok(t) => (t, pairs, None, StatusCode::OK),
        Err(bad) => match compile_choice(p, &usual).or_else(|_| {
            compile(p, &Options::minutes(p.default_minutes)).map_err(|e| e.to_string())
        }) {
            Ok(t) => (
                t,
                usual,
                Some(format!("{}: {}", bad.param, bad.message)),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            Err(e) => {
                tracing::error!(
                    "practice {} does not compile at its default length: {e}",
                    p.id
                );
                return super::server_error_page();
            }
        },
    };
    let query = query_string(&pairs);
    let places = choosers(p, &pairs, &personal, state.tz());
    let carried = pairs
        .iter()
        .filter(|(k, _)| (k == PAINFUL || k == BREATH_AREAS) && !places.iter().any(|c| c.key == k))
        .cloned()
        .collect();
    let own_pace = match raw_value(&raw, OWN_PACE) {
        "" => timeline
            .pace
            .filter(|pace| !Pace::PRESETS.iter().any(|(_, q)| q == pace))
            .map(|pace| pace.to_string())
            .unwrap_or_default(),
        typed => typed.to_string(),
    };
    let page = PlayerPage {
        current: "practices",
        id: p.id.clone(),
        title: p.title.clone(),
        kind: p.kind.id(),
        kind_label: p.kind.label(),
        posture: p.posture.clone(),
        caution: p.caution.clone(),
        problem,
        version: version_words(p, &timeline),
        minutes: minute_choices(p, &timeline),
        paces: pace_choices(p, &timeline),
        own_pace,
        scenes: scene_choices(p, &timeline),
        timer: timer_fields(p, &timeline, &raw),
        back_modes: back_mode_choices(p, &raw),
        postures: posture_choices(p, &raw),
        places,
        scene_note: if timeline.variant.as_deref()
            == personal.scene.as_ref().map(|s| s.scene.as_str())
        {
            scene_note(p, &personal)
        } else {
            String::new()
        },
        carried,
        timeline_url: format!("/api/v1/practices/{}?{query}", p.id),
        practice_url: format!("/practices/{}?{query}", p.id),
        pleasantness: p.kind == Kind::Imagery,
        regions: region_question(p),
        chosen_minutes: timeline
            .minutes
            .map(minute_label)
            .unwrap_or_else(|| "open-ended".into()),
        steps: script(p, &timeline),
    };
    render(status, &page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use backcalm_core::Library;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn query_components_are_percent_encoded() {
        assert_eq!(encode("4:6"), "4%3A6");
        assert_eq!(encode("0,25,30"), "0%2C25%2C30");
        assert_eq!(encode("a b&c=d"), "a%20b%26c%3Dd");
        assert_eq!(encode("lower-back"), "lower-back");
    }

    #[test]
    fn defaults_drop_out_and_minutes_come_first() {
        let lib = Library::embedded().expect("content");
        let none = PersonalDefaults::default();
        let paced = lib.get("paced-breathing").expect("paced");
        assert_eq!(
            practice_pairs(
                paced,
                &pairs(&[("pace", "relaxed"), ("minutes", "3")]),
                &none
            ),
            pairs(&[("minutes", "3")])
        );
        assert_eq!(
            practice_pairs(
                paced,
                &pairs(&[("pace", "box"), ("pace_own", " 3:5 ")]),
                &none
            ),
            pairs(&[("minutes", "2"), ("pace", "3:5")])
        );
        let timer = lib.get("meditation-timer").expect("timer");
        assert_eq!(
            practice_pairs(
                timer,
                &pairs(&[
                    ("interval", "1"),
                    ("bells_at", ""),
                    ("strikes", "1"),
                    ("delay", "0"),
                    ("minutes", "open"),
                ]),
                &none
            ),
            pairs(&[("minutes", "open"), ("interval", "1")])
        );
    }
}
