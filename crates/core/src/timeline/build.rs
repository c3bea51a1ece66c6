//! Compiling a guided practice: which steps play at a length, how the time is
//! shared out to the millisecond, and where each cue falls.

use super::timer::compile_timer;
use super::{BackMode, Cue, CueKind, Length, OptionError, Options, StepSpan, Timeline, FILL};
use crate::content::{
    speech_ms, Bells, Condition, Kind, Practice, Step, BELL_LEAD_MS, BELL_TAIL_MS, BUDGET_WPM,
};
use crate::pace::{Pace, Phase};
use crate::region::spoken_list;
use crate::validate::{follows, PROMPT_GAP_MS};

/// Compiles a practice at the chosen options.
pub fn compile(p: &Practice, o: &Options) -> Result<Timeline, OptionError> {
    if p.kind == Kind::Timer {
        return compile_timer(p, o);
    }
    let not = |option, hint| OptionError::NotApplicable {
        option,
        practice: p.id.clone(),
        kind: p.kind.id(),
        hint,
    };
    if o.interval.is_some() {
        return Err(not(
            "--interval/--bells-at",
            "interval bells are for the meditation timer",
        ));
    }
    if o.delay_s.is_some() {
        return Err(not(
            "--delay",
            "the settling-in delay is for the meditation timer",
        ));
    }
    if o.strikes.is_some() {
        return Err(not("--strikes", "strikes are for the meditation timer"));
    }
    if o.pace.is_some() && !p.is_paced() {
        return Err(not("--pace", "a pace is for paced breathing"));
    }
    if o.scene.is_some() && p.scenes.is_empty() {
        return Err(not("--scene", "scenes are for guided imagery"));
    }
    let minutes = match o.length {
        Length::Open => {
            return Err(not(
                "open-ended length",
                "only the meditation timer runs open-ended",
            ))
        }
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
    let planned = plan(p, o, scene.map(|s| s.steps.as_slice()).unwrap_or(&[]));
    let chosen = select(planned, total_ms);
    let mut lengths = allocate(&chosen, total_ms);
    let breaths = pace
        .map(|pace| round_to_breaths(&chosen, &mut lengths, pace))
        .unwrap_or_default();
    let lead = if p.bells == Bells::StartEnd {
        BELL_LEAD_MS
    } else {
        0
    };
    let (steps, mut cues) = lay_out(&chosen, &lengths, &breaths, pace, lead);
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

/// A step as it will be played: words resolved for these options.
#[derive(Debug, Clone)]
struct Planned<'a> {
    step: &'a Step,
    text: String,
    /// Later prompts: (ms after the step's start, words).
    follow: Vec<(u64, String)>,
    painful: bool,
    linger_ms: u64,
    droppable: bool,
    /// Among droppable steps: (rank, position); the smallest is dropped first.
    drop_key: (i32, i64),
}

impl Planned<'_> {
    fn min_ms(&self) -> u64 {
        u64::from(self.step.min_s) * 1000
    }
}

fn plan<'a>(p: &'a Practice, o: &Options, scene_steps: &'a [Step]) -> Vec<Planned<'a>> {
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
        match s.when {
            Some(Condition::BreathAreas) if areas.is_empty() => continue,
            Some(Condition::Painful) if painful.is_empty() => continue,
            _ => {}
        }
        if s.back && o.back_mode == BackMode::Skip {
            continue;
        }
        let mut text = fill(&s.text);
        let mut follow: Vec<(u64, String)> = follows(s)
            .into_iter()
            .map(|(ms, t)| (ms, fill(t)))
            .collect();
        if s.back {
            if let Some(g) = &s.gentle_text {
                text = fill(g);
            }
        }
        let is_painful = s.region.is_some_and(|r| o.painful.contains(&r));
        let mut linger_ms = 0;
        if is_painful {
            match (p.kind, &s.painful_text) {
                (Kind::BodyScan, Some(pt)) => {
                    linger_ms = u64::from(s.linger_s) * 1000;
                    let at = if text.trim().is_empty() {
                        0
                    } else {
                        speech_ms(&text, BUDGET_WPM) + PROMPT_GAP_MS
                    };
                    for f in &mut follow {
                        f.0 += linger_ms;
                    }
                    follow.insert(0, (at, fill(pt)));
                }
                (Kind::BodyScan, None) => linger_ms = u64::from(s.linger_s) * 1000,
                (_, Some(pt)) => {
                    text = fill(pt);
                    follow.clear();
                }
                (_, None) => {}
            }
        }
        out.push(Planned {
            step: s,
            text,
            follow,
            painful: is_painful && linger_ms > 0,
            linger_ms,
            droppable: s.optional || s.when.is_some(),
            // Conditional steps are the person's own; drop them last.
            drop_key: (
                if s.when.is_some() { i32::MAX } else { s.rank },
                -(pos as i64),
            ),
        });
    }
    out
}

/// Drops optional steps for short versions (see the module docs).
fn select(mut steps: Vec<Planned<'_>>, total_ms: u64) -> Vec<Planned<'_>> {
    let need = |v: &[Planned<'_>]| v.iter().map(|s| s.min_ms() + s.linger_ms).sum::<u64>();
    let budget = (total_ms as f64 * FILL) as u64;
    while need(&steps) > budget {
        let victim = steps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.droppable)
            .min_by_key(|(_, s)| s.drop_key)
            .map(|(i, _)| i);
        match victim {
            Some(i) => {
                steps.remove(i);
            }
            None => break,
        }
    }
    // Still over the whole length (many painful regions in a short scan): linger less.
    let over = need(&steps).saturating_sub(total_ms);
    if over > 0 {
        let lingers: Vec<u64> = steps.iter().map(|s| s.linger_ms).collect();
        let cut = split_exact(over, &lingers);
        for (s, c) in steps.iter_mut().zip(cut) {
            s.linger_ms -= c;
            s.painful = s.linger_ms > 0;
            if !s.painful && s.step.painful_text.is_some() && s.linger_ms == 0 {
                s.follow
                    .retain(|(_, t)| Some(t) != s.step.painful_text.as_ref());
            }
        }
    }
    steps
}

/// Splits `amount` in proportion to `weights`, in whole units, summing exactly.
/// Largest remainders get the leftover units; with all weights zero the last gets it all.
fn split_exact(amount: u64, weights: &[u64]) -> Vec<u64> {
    let total: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    let mut out = vec![0u64; weights.len()];
    if weights.is_empty() {
        return out;
    }
    if total == 0 {
        if let Some(last) = out.last_mut() {
            *last = amount;
        }
        return out;
    }
    let mut rems: Vec<(u128, usize)> = Vec::with_capacity(weights.len());
    let mut given = 0u64;
    for (i, w) in weights.iter().enumerate() {
        let exact = u128::from(amount) * u128::from(*w);
        out[i] = (exact / total) as u64;
        given += out[i];
        rems.push((exact % total, i));
    }
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in rems.into_iter().take((amount - given) as usize) {
        out[i] += 1;
    }
    out
}

fn weight_units(w: f64) -> u64 {
    (w * 1_000_000.0).round().max(0.0) as u64
}

/// Lengths in ms: minimum + share of the silence (+ linger at painful regions).
fn allocate(steps: &[Planned<'_>], total_ms: u64) -> Vec<u64> {
    let mins: u64 = steps.iter().map(Planned::min_ms).sum();
    let extra = total_ms.saturating_sub(mins);
    let weights: Vec<u64> = steps.iter().map(|s| weight_units(s.step.weight)).collect();
    let mut shares = split_exact(extra, &weights);
    let linger: u64 = steps.iter().map(|s| s.linger_ms).sum();
    if linger > 0 {
        // Take the lingering from the other steps' silence first, then from the painful steps' own.
        let others: Vec<u64> = steps
            .iter()
            .zip(&shares)
            .map(|(s, sh)| if s.linger_ms > 0 { 0 } else { *sh })
            .collect();
        let from_others = linger.min(others.iter().sum());
        for (sh, c) in shares.iter_mut().zip(split_exact(from_others, &others)) {
            *sh -= c;
        }
        let own: Vec<u64> = steps
            .iter()
            .zip(&shares)
            .map(|(s, sh)| if s.linger_ms > 0 { *sh } else { 0 })
            .collect();
        for (sh, c) in shares
            .iter_mut()
            .zip(split_exact(linger - from_others, &own))
        {
            *sh -= c;
        }
    }
    steps
        .iter()
        .zip(shares)
        .map(|(s, sh)| s.min_ms() + s.linger_ms + sh)
        .collect()
}

/// Trims pacer steps to whole breaths (the trimmed time goes to the next step);
/// returns how many breaths each step paces.
fn round_to_breaths(steps: &[Planned<'_>], lengths: &mut [u64], pace: Pace) -> Vec<u32> {
    let cycle = u64::from(pace.cycle_ms());
    let mut left = pace.max_cycles.map(u64::from).unwrap_or(u64::MAX);
    let mut carry = 0u64;
    let mut breaths = vec![0u32; steps.len()];
    for (i, s) in steps.iter().enumerate() {
        lengths[i] += carry;
        carry = 0;
        if !s.step.pacer || left == 0 {
            continue;
        }
        let fit = lengths[i] / cycle;
        if fit <= left {
            carry = lengths[i] - fit * cycle;
            lengths[i] = fit * cycle;
            breaths[i] = fit as u32;
            left -= fit;
        } else {
            breaths[i] = left as u32;
            left = 0;
        }
    }
    if carry > 0 {
        // Validation keeps the last step a plain step, so this is a safety net.
        if let Some(last) = lengths.last_mut() {
            *last += carry;
        }
    }
    breaths
}

fn lay_out(
    steps: &[Planned<'_>],
    lengths: &[u64],
    breaths: &[u32],
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
        if !s.text.trim().is_empty() {
            cues.push(Cue {
                at_ms: start + offset,
                what: CueKind::Speak {
                    text: s.text.clone(),
                    step: id.clone(),
                },
            });
        }
        for (after, text) in &s.follow {
            cues.push(Cue {
                at_ms: start + offset + after,
                what: CueKind::Speak {
                    text: text.clone(),
                    step: id.clone(),
                },
            });
        }
        // `breaths` is empty when the practice has no pacer.
        let n_breaths = breaths.get(i).copied().unwrap_or(0);
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
            region: s.step.region,
            painful: s.painful,
            pacer: s.step.pacer,
            text: s.text.clone(),
        });
        start += lengths[i];
    }
    (spans, cues)
}
