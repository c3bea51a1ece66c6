//! Compiling a guided practice: which steps play at a length, the words each
//! says for these options, and where each cue falls. How the time is shared
//! out is in `share.rs`; the breath pacer's whole breaths in `pacing.rs`.

use super::pacing::{pace_steps, Paced};
use super::share::{allocate, select, Planned, Soreness};
use super::timer::compile_timer;
use super::{
    BackMode, Cue, CueKind, IntervalBells, Length, Opt, OptionError, Options, StepSpan, Timeline,
};
use crate::content::{
    speech_ms, Bells, Condition, Kind, Practice, Step, BELL_LEAD_MS, BELL_TAIL_MS, BUDGET_WPM,
};
use crate::pace::{Pace, Phase};
use crate::region::spoken_list;
use crate::validate::{follows, PROMPT_GAP_MS};

/// Compiles a practice at the chosen options.
pub fn compile(p: &Practice, o: &Options) -> Result<Timeline, OptionError> {
    let not = |option, hint| OptionError::NotApplicable {
        option,
        practice: p.id.clone(),
        kind: p.kind.id(),
        hint,
    };
    if o.seated && !p.steps.iter().any(|s| s.seated_text.is_some()) {
        return Err(not(
            Opt::Seated,
            "a seated version is offered for mindful movement",
        ));
    }
    if p.kind == Kind::Timer {
        return compile_timer(p, o);
    }
    if o.interval.is_some() {
        return Err(not(
            interval_opt(o),
            "interval bells are for the meditation timer",
        ));
    }
    if o.delay_s.is_some() {
        return Err(not(
            Opt::Delay,
            "the settling-in delay is for the meditation timer",
        ));
    }
    if o.strikes.is_some() {
        return Err(not(Opt::Strikes, "strikes are for the meditation timer"));
    }
    if o.pace.is_some() && !p.is_paced() {
        return Err(not(Opt::Pace, "a pace is for paced breathing"));
    }
    if o.scene.is_some() && p.scenes.is_empty() {
        return Err(not(Opt::Scene, "scenes are for guided imagery"));
    }
    let minutes = match o.length {
        Length::Open => return Err(not(Opt::Open, "only the meditation timer runs open-ended")),
        Length::Minutes(m) => check_minutes(p, m)?,
    };
    let scene = match (&o.scene, p.scenes.first()) {
        (Some(id), _) => Some(p.scene(id).ok_or_else(|| {
            OptionError::Scene {
                given: id.clone(),
                practice: p.id.clone(),
                known: p
                    .scenes
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        })?),
        (None, first) => first,
    };
    let pace = if p.is_paced() {
        Some(o.pace.or(p.default_pace()).unwrap_or(Pace::RELAXED))
    } else {
        None
    };
    let total_ms = u64::from(minutes) * 60_000;
    let planned = plan(p, o, pace, scene.map(|s| s.steps.as_slice()).unwrap_or(&[]));
    let mut chosen = select(planned, total_ms, p.kind == Kind::BodyScan);
    let mut lengths = allocate(&chosen, total_ms);
    let paced = match pace {
        Some(pace) => pace_steps(
            &mut chosen,
            &mut lengths,
            pace,
            p.pacer_done_text.as_deref(),
        ),
        None => Paced::none(chosen.len()),
    };
    let lead = if p.bells == Bells::StartEnd {
        BELL_LEAD_MS
    } else {
        0
    };
    let (steps, mut cues) = lay_out(&chosen, &lengths, &paced, pace, lead);
    if p.bells == Bells::StartEnd {
        cues.push(Cue {
            at_ms: 0,
            what: CueKind::Bell { strikes: 1 },
        });
        cues.push(Cue {
            at_ms: total_ms - BELL_TAIL_MS,
            what: CueKind::Bell { strikes: 1 },
        });
    }
    cues.sort_by_key(|c| (c.at_ms, cue_order(&c.what)));
    let variant = match (scene, pace) {
        (Some(s), _) => Some(s.id.clone()),
        (None, Some(pace)) => Some(
            Pace::PRESETS
                .iter()
                .find(|(_, p)| *p == pace)
                .map(|(n, _)| (*n).to_string())
                .unwrap_or(pace.to_string()),
        ),
        (None, None) => None,
    };
    Ok(Timeline {
        id: p.id.clone(),
        title: p.title.clone(),
        kind: p.kind,
        minutes: Some(minutes),
        total_ms,
        open_ended: false,
        pace,
        variant,
        steps,
        cues,
    })
}

/// Which of the two ways of asking for interval bells was used.
fn interval_opt(o: &Options) -> Opt {
    match o.interval {
        Some(IntervalBells::At(_)) => Opt::BellsAt,
        _ => Opt::Interval,
    }
}

fn cue_order(c: &CueKind) -> u8 {
    match c {
        CueKind::Bell { .. } => 0,
        CueKind::Breath { .. } => 1,
        CueKind::Speak { .. } => 2,
    }
}

pub(super) fn check_minutes(p: &Practice, m: u32) -> Result<u32, OptionError> {
    if (p.min_minutes..=p.max_minutes).contains(&m) {
        Ok(m)
    } else {
        Err(OptionError::Minutes {
            practice: p.id.clone(),
            given: m,
            min: p.min_minutes,
            max: p.max_minutes,
        })
    }
}

/// Whether a step's condition holds for these options.
fn applies(s: &Step, o: &Options, pace: Option<Pace>) -> bool {
    match s.when {
        None => true,
        Some(Condition::BreathAreas) => !o.breath_areas.is_empty(),
        Some(Condition::Painful) => !o.painful.is_empty(),
        Some(Condition::LongExhale) => pace.is_some_and(|p| p.exhale_ms > p.inhale_ms),
        Some(Condition::LimitedPace) => pace.is_some_and(|p| p.max_cycles.is_some()),
    }
}

fn plan<'a>(
    p: &'a Practice,
    o: &Options,
    pace: Option<Pace>,
    scene_steps: &'a [Step],
) -> Vec<Planned<'a>> {
    let areas: Vec<String> = o
        .breath_areas
        .iter()
        .map(|b| format!("your {}", b.words()))
        .collect();
    let painful: Vec<String> = o
        .painful
        .iter()
        .map(|b| format!("your {}", b.words()))
        .collect();
    let fill = |t: &str| {
        t.replace("{areas}", &spoken_list(&areas))
            .replace("{painful}", &spoken_list(&painful))
    };
    let mut out = Vec::new();
    let expanded = p.steps.iter().flat_map(|s| {
        if s.scene {
            scene_steps.iter().collect::<Vec<_>>()
        } else {
            vec![s]
        }
    });
    for (pos, s) in expanded.enumerate() {
        if !applies(s, o, pace) || (s.back && o.back_mode == BackMode::Skip) {
            continue;
        }
        let mut words = s.text.as_str();
        if o.seated {
            if let Some(t) = &s.seated_text {
                words = t;
            }
        }
        if s.back {
            if let Some(g) = &s.gentle_text {
                words = g;
            }
        }
        let mut text = fill(words);
        let mut follow: Vec<(u64, String)> = follows(s, words)
            .into_iter()
            .map(|(ms, t)| (ms, fill(t)))
            .collect();
        // A step that says something different at a painful region is the person's own.
        let marked = s.covers_any(&o.painful) && s.painful_text.is_some();
        let mut sore = None;
        if marked {
            match (p.kind, &s.painful_text) {
                (Kind::BodyScan, Some(pt)) => {
                    let at = if text.trim().is_empty() {
                        0
                    } else {
                        speech_ms(&text, BUDGET_WPM) + PROMPT_GAP_MS
                    };
                    let words_ms = speech_ms(pt, BUDGET_WPM) + PROMPT_GAP_MS;
                    sore = Some(Soreness {
                        at_ms: at,
                        text: fill(pt),
                        words_ms,
                        want_ms: (u64::from(s.linger_s) * 1000).max(words_ms),
                    });
                }
                (_, Some(pt)) => {
                    text = fill(pt);
                    follow.clear();
                }
                (_, None) => {}
            }
        }
        // The person's own conditional steps drop last, unless they are optional.
        let conditional = s.when.is_some() && !s.optional;
        out.push(Planned {
            step: s,
            text,
            follow,
            marked,
            sore,
            painful: false,
            droppable: s.optional || s.when.is_some_and(Condition::droppable),
            drop_key: (if conditional { i32::MAX } else { s.rank }, -(pos as i64)),
        });
    }
    out
}

fn lay_out(
    steps: &[Planned<'_>],
    lengths: &[u64],
    paced: &Paced,
    pace: Option<Pace>,
    lead: u64,
) -> (Vec<StepSpan>, Vec<Cue>) {
    let phases: Vec<(Phase, u32)> = pace.map(|p| p.phases().collect()).unwrap_or_default();
    let mut spans = Vec::with_capacity(steps.len());
    let mut cues = Vec::new();
    let mut start = 0u64;
    for (i, s) in steps.iter().enumerate() {
        let offset = if i == 0 { lead } else { 0 };
        let id = s.step.id.clone();
        let speak = |at_ms: u64, text: &str| Cue {
            at_ms,
            what: CueKind::Speak {
                text: text.to_string(),
                step: id.clone(),
            },
        };
        if !s.text.trim().is_empty() {
            cues.push(speak(start + offset, &s.text));
        }
        let mut shift = 0;
        if let (true, Some(sore)) = (s.painful, &s.sore) {
            cues.push(speak(start + offset + sore.at_ms, &sore.text));
            shift = sore.words_ms;
        }
        for (after, text) in &s.follow {
            cues.push(speak(start + offset + shift + after, text));
        }
        let n_breaths = paced.breaths[i];
        if n_breaths > 0 {
            let mut t = start;
            for _ in 0..n_breaths {
                for (phase, ms) in &phases {
                    cues.push(Cue {
                        at_ms: t,
                        what: CueKind::Breath {
                            phase: *phase,
                            ms: *ms,
                        },
                    });
                    t += u64::from(*ms);
                }
            }
        }
        spans.push(StepSpan {
            id,
            start_ms: start,
            end_ms: start + lengths[i],
            region: s.step.parts().first().copied(),
            painful: s.painful,
            pacer: n_breaths > 0,
            text: s.text.clone(),
        });
        start += lengths[i];
    }
    (spans, cues)
}
