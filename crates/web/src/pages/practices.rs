//! `/practices` (the library by kind) and `/practices/{id}` (one practice,
//! its length chooser and its script at the chosen length).

use super::player::query_string;
use super::script::{script, ScriptStep};
use super::select::{pace_choices_with_own, scene_choices, Choice};
use super::{not_found_page, render};
use crate::access::Journal;
use crate::choice::compile_choice;
use crate::personal::{
    choosers, merge_places, scene_note, with_defaults, PlacesChooser, BREATH_AREAS, PAINFUL,
};
use crate::state::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use backcalm_core::personal::{takes_breath_areas, takes_painful};
use backcalm_core::timeline::Options;
use backcalm_core::{compile, Kind, Pace, Practice, Timeline};

struct Summary {
    id: String,
    title: String,
    summary: String,
    lengths: String,
}

struct Group {
    id: &'static str,
    label: &'static str,
    practices: Vec<Summary>,
}

#[derive(Template)]
#[template(path = "practices.html")]
struct ListPage {
    current: &'static str,
    groups: Vec<Group>,
}

fn lengths(p: &Practice) -> String {
    if p.min_minutes == p.max_minutes {
        format!("{} minutes", p.min_minutes)
    } else {
        format!(
            "{} to {} minutes, usually {}",
            p.min_minutes, p.max_minutes, p.default_minutes
        )
    }
}

pub(super) async fn list(State(state): State<AppState>) -> Response {
    let groups = Kind::ALL
        .iter()
        .map(|k| Group {
            id: k.id(),
            label: k.label(),
            practices: state
                .library
                .practices()
                .iter()
                .filter(|p| p.kind == *k)
                .map(|p| Summary {
                    id: p.id.clone(),
                    title: p.title.clone(),
                    summary: p.summary.clone(),
                    lengths: lengths(p),
                })
                .collect(),
        })
        .filter(|g| !g.practices.is_empty())
        .collect();
    render(
        StatusCode::OK,
        &ListPage {
            current: "practices",
            groups,
        },
    )
}

#[derive(Template)]
#[template(path = "practice.html")]
struct PracticePage {
    current: &'static str,
    /// The practice id (the player's address).
    id: String,
    title: String,
    kind_label: &'static str,
    summary: String,
    posture: String,
    caution: Option<String>,
    minutes: Vec<Choice>,
    scenes: Vec<Choice>,
    paces: Vec<Choice>,
    /// A problem with the chosen options, shown above the chooser.
    problem: Option<String>,
    chosen_minutes: String,
    steps: Vec<ScriptStep>,
    command: String,
    /// The person's places (painful, breath areas), pre-filled and changeable.
    places: Vec<PlacesChooser>,
    /// Why the chosen scene is suggested; empty when nothing was rated.
    scene_note: String,
    /// This version as one audio file.
    audio_url: String,
}

/// The lengths worth offering in a list: common ones within range, plus the practice's own default and the chosen one.
fn minute_choices(p: &Practice, chosen: Option<u32>) -> Vec<Choice> {
    const COMMON: [u32; 15] = [1, 2, 3, 5, 8, 10, 12, 15, 20, 25, 30, 45, 60, 90, 120];
    let mut v: Vec<u32> = COMMON
        .iter()
        .copied()
        .filter(|m| (p.min_minutes..=p.max_minutes).contains(m))
        .collect();
    v.extend([p.min_minutes, p.default_minutes, p.max_minutes]);
    v.extend(chosen);
    v.sort_unstable();
    v.dedup();
    let chosen = chosen.unwrap_or(p.default_minutes);
    v.into_iter()
        .map(|m| Choice {
            value: m.to_string(),
            label: if m == 1 {
                "1 minute".into()
            } else {
                format!("{m} minutes")
            },
            selected: m == chosen,
        })
        .collect()
}

/// The terminal command that plays this version, with the places it uses.
fn command(p: &Practice, t: &Timeline, pairs: &[(String, String)]) -> String {
    let mut cmd = format!("backcalm practice play {}", p.id);
    match t.minutes {
        Some(m) => cmd.push_str(&format!(" --minutes {m}")),
        None => cmd.push_str(" --open"),
    }
    if !p.scenes.is_empty() {
        if let Some(v) = &t.variant {
            cmd.push_str(&format!(" --scene {v}"));
        }
    }
    if let Some(pace) = t.pace.filter(|_| p.is_paced()) {
        let name = Pace::PRESETS
            .iter()
            .find(|(_, q)| *q == pace)
            .map(|(n, _)| (*n).to_string());
        cmd.push_str(&format!(
            " --pace {}",
            name.unwrap_or_else(|| pace.to_string())
        ));
    }
    let takes = [
        (PAINFUL, "--painful", takes_painful(p)),
        (BREATH_AREAS, "--breath-areas", takes_breath_areas(p)),
    ];
    for (key, flag, _) in takes.into_iter().filter(|t| t.2) {
        if let Some((_, v)) = pairs.iter().rev().find(|(k, _)| k == key) {
            cmd.push_str(&format!(" {flag} {v}"));
        }
    }
    cmd
}

/// The audio file's query: the chosen length, scene and pace, and the places.
fn audio_query(t: &Timeline, pairs: &[(String, String)]) -> String {
    let mut q: Vec<(String, String)> = Vec::new();
    if let Some(m) = t.minutes {
        q.push(("minutes".into(), m.to_string()));
    }
    for key in ["scene", "pace", PAINFUL, BREATH_AREAS] {
        if let Some((_, v)) = pairs
            .iter()
            .rev()
            .find(|(k, v)| k == key && !v.trim().is_empty())
        {
            q.push((key.into(), v.trim().to_string()));
        }
    }
    query_string(&q)
}

pub(super) async fn show(
    Journal(state): Journal,
    Path(id): Path<String>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let Some(p) = state.library.get(&id) else {
        return not_found_page(&format!("/practices/{id}"));
    };
    let raw = q.map(|Query(v)| v).unwrap_or_default();
    let personal = match crate::personal::load(&state, p).await {
        Ok(d) => d,
        Err(e) => return super::storage_failed(e),
    };
    let pairs = with_defaults(p, &merge_places(&raw), &personal);
    // A bad choice shows the person's usual version with the reason, rather than an error page.
    let usual = with_defaults(
        p,
        &[("minutes".to_string(), p.default_minutes.to_string())],
        &personal,
    );
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
    let page = PracticePage {
        current: "practices",
        id: p.id.clone(),
        title: p.title.clone(),
        kind_label: p.kind.label(),
        summary: p.summary.clone(),
        posture: p.posture.clone(),
        caution: p.caution.clone(),
        minutes: minute_choices(p, timeline.minutes),
        scenes: scene_choices(p, &timeline),
        paces: pace_choices_with_own(p, &timeline),
        problem,
        chosen_minutes: timeline
            .minutes
            .map(|m| m.to_string())
            .unwrap_or_else(|| "open-ended".into()),
        steps: script(p, &timeline),
        command: command(p, &timeline, &pairs),
        places: choosers(p, &pairs, &personal, state.tz()),
        scene_note: if timeline.variant.as_deref()
            == personal.scene.as_ref().map(|s| s.scene.as_str())
        {
            scene_note(p, &personal)
        } else {
            String::new()
        },
        audio_url: format!(
            "/api/v1/practices/{}/audio?{}",
            p.id,
            audio_query(&timeline, &pairs)
        ),
    };
    render(status, &page)
}
