//! What a person chose for a practice, read from URL query parameters
//! (`minutes`, `pace`, `scene`, `painful`, `breath_areas`, `interval`,
//! `bells_at`, `delay`, `back_mode`, `strikes`, `posture`), turned into core's [`Options`].

use crate::param::BadParam;
use backcalm_core::timeline::{compile, BackMode, IntervalBells, Length, Opt, Options, Timeline};
use backcalm_core::{BodyPart, Pace, Practice};
use std::collections::BTreeSet;

/// The query parameters a practice takes.
pub const PARAMS: &str =
    "minutes, pace, scene, painful, breath_areas, interval, bells_at, delay, back_mode, strikes, posture";

fn whole_number<T: std::str::FromStr>(param: &str, v: &str, what: &str) -> Result<T, BadParam> {
    v.trim().parse::<T>().map_err(|_| {
        BadParam::malformed(param, format!("{v:?} is not a whole number; give {what}"))
    })
}

/// Comma-separated body parts; `none` adds nothing (it chooses no places).
fn body_parts(param: &str, v: &str) -> Result<BTreeSet<BodyPart>, BadParam> {
    v.split(',')
        .filter(|s| !s.trim().is_empty() && s.trim() != crate::personal::NONE)
        .map(|s| {
            s.parse::<BodyPart>()
                .map_err(|e| BadParam::refused(param, e.to_string()))
        })
        .collect()
}

/// Reads the query pairs into options for `p`; empty values count as absent
/// (an HTML form sends `scene=` when nothing was picked).
pub fn options_from_query(p: &Practice, pairs: &[(String, String)]) -> Result<Options, BadParam> {
    let mut o = Options::minutes(p.default_minutes);
    let mut interval: Option<IntervalBells> = None;
    for (k, v) in pairs {
        if v.trim().is_empty() {
            continue;
        }
        match k.as_str() {
            "minutes" if v.trim() == "open" => o.length = Length::Open,
            "minutes" => {
                let allowed = format!(
                    "a length from {} to {} minutes",
                    p.min_minutes, p.max_minutes
                );
                o.length = Length::Minutes(whole_number("minutes", v, &allowed)?);
            }
            "pace" => {
                o.pace = Some(
                    v.parse::<Pace>()
                        .map_err(|e| BadParam::refused("pace", e.to_string()))?,
                )
            }
            "scene" => o.scene = Some(v.trim().to_string()),
            // Repeated (one per ticked box) they add up.
            "painful" => o.painful.extend(body_parts("painful", v)?),
            "breath_areas" => o.breath_areas.extend(body_parts("breath_areas", v)?),
            "interval" => {
                if interval.is_some() {
                    return Err(BadParam::refused(
                        "interval",
                        "give either interval or bells_at, not both",
                    ));
                }
                interval = Some(
                    IntervalBells::parse_minutes(v)
                        .map_err(|m| BadParam::refused("interval", &m))?,
                );
            }
            "bells_at" => {
                if interval.is_some() {
                    return Err(BadParam::refused(
                        "bells_at",
                        "give either interval or bells_at, not both",
                    ));
                }
                let list = v
                    .split(',')
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| {
                        whole_number::<u32>("bells_at", s, "minutes after the start, e.g. 0,25,30")
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                interval = Some(IntervalBells::At(list));
            }
            "delay" => {
                o.delay_s = Some(whole_number(
                    "delay",
                    v,
                    "seconds to settle in before the first bell",
                )?)
            }
            "back_mode" => {
                o.back_mode = match v.trim() {
                    "gentle" => BackMode::Gentle,
                    "skip" => BackMode::Skip,
                    other => {
                        return Err(BadParam::refused(
                            "back_mode",
                            format!("{other:?} is not a back mode; use gentle or skip"),
                        ))
                    }
                }
            }
            "strikes" => o.strikes = Some(whole_number("strikes", v, "1 or 2")?),
            "posture" => {
                o.seated = match v.trim() {
                    "seated" => true,
                    "any" => false,
                    other => {
                        return Err(BadParam::refused(
                            "posture",
                            format!("{other:?} is not a posture; use any or seated"),
                        ))
                    }
                }
            }
            other => {
                return Err(BadParam::malformed(
                    other,
                    format!("is not a practice option; use {PARAMS}"),
                ));
            }
        }
    }
    o.interval = interval;
    Ok(o)
}

/// Compiles `p` with options from the query.
pub fn compile_choice(p: &Practice, pairs: &[(String, String)]) -> Result<Timeline, BadParam> {
    let o = options_from_query(p, pairs)?;
    compile(p, &o).map_err(|e| BadParam::refused(param(e.option()), e.to_string()))
}

/// The query parameter that sets an option.
fn param(option: Opt) -> &'static str {
    match option {
        Opt::Minutes | Opt::Open => "minutes",
        Opt::Pace => "pace",
        Opt::Scene => "scene",
        Opt::Painful => "painful",
        Opt::BreathAreas => "breath_areas",
        Opt::Interval => "interval",
        Opt::BellsAt => "bells_at",
        Opt::Delay => "delay",
        Opt::Strikes => "strikes",
        Opt::Seated => "posture",
    }
}
