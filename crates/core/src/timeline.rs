//! The `Timeline`: one practice at one length, as a list of timed cues.
//!
//! [`compile`] turns a [`Practice`] and [`Options`] into a [`Timeline`]; after
//! that, [`Timeline::at`] is a pure function from elapsed time to what should
//! be on screen ([`Frame`]), and [`Timeline::cues_between`] says which sounds
//! fall due. Every player (terminal, browser, audio renderer) plays the same
//! timeline, so there is one answer to "what happens when".
//!
//! How a length is filled: the steps played are the script's steps, minus
//! optional ones for short versions (lowest `rank` first, later steps first
//! among equals) until the minimum lengths take at most [`FILL`] of the time.
//! Each step gets its minimum; the rest is silence shared by `weight`, in whole
//! milliseconds, so the total is exact. Painful regions in a body scan get
//! their `linger_s` on top, taken from the silence of the other steps.
//! Pacer steps are trimmed to whole breaths; the trimmed time goes to the next
//! step.

use crate::content::{
    speech_ms, Bells, Condition, Kind, Practice, Step, BELL_LEAD_MS, BELL_TAIL_MS, BUDGET_WPM,
};
use crate::pace::{Pace, Phase};
use crate::region::{spoken_list, BodyPart};
use crate::validate::{follows, PROMPT_GAP_MS};
use serde::Serialize;
use std::collections::BTreeSet;

/// Optional steps are kept while the minimum lengths fill at most this share of the time.
pub const FILL: f64 = 0.6;
/// How long an open-ended timer can run: four hours.
pub const OPEN_HORIZON_MIN: u32 = 240;
/// Longest settling-in delay, seconds.
pub const MAX_DELAY_S: u32 = 600;

/// How long to practise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// A whole number of minutes.
    Minutes(u32),
    /// Until the person stops (the timer only); counts up.
    Open,
}

/// How progressive muscle relaxation treats the lower back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BackMode {
    /// Half strength (the default).
    #[default]
    Gentle,
    /// Leave the back out.
    Skip,
}

/// Interval bells for the timer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntervalBells {
    /// Every N minutes after the start bell.
    Every(u32),
    /// Every N seconds after the start bell (for intervals such as 30 s or 2.5 min).
    EverySeconds(u32),
    /// At these minutes after the start bell (e.g. 0, 25, 30, 55).
    At(Vec<u32>),
}

/// The shortest interval between bells, seconds.
pub const MIN_INTERVAL_S: u32 = 10;

impl IntervalBells {
    /// Parses an interval in minutes as people write it: `5`, `0.5`, `2.5`.
    ///
    /// Whole minutes give [`IntervalBells::Every`]; a fraction must come to a
    /// whole number of seconds, at least [`MIN_INTERVAL_S`].
    pub fn parse_minutes(text: &str) -> Result<IntervalBells, String> {
        let t = text.trim();
        if let Ok(m) = t.parse::<u32>() {
            return Ok(IntervalBells::Every(m));
        }
        let bad = || {
            format!("interval {t:?} is not understood; give minutes between bells, e.g. 5 or 0.5")
        };
        let m: f64 = t.parse().map_err(|_| bad())?;
        if !m.is_finite() || m <= 0.0 || m > f64::from(OPEN_HORIZON_MIN) {
            return Err(bad());
        }
        let secs = m * 60.0;
        if (secs - secs.round()).abs() > 1e-6 || secs.round() < f64::from(MIN_INTERVAL_S) {
            return Err(format!(
                "interval {t} minutes is not a whole number of seconds of at least {MIN_INTERVAL_S}; try 0.5 (30 s) or 1"
            ));
        }
        Ok(IntervalBells::EverySeconds(secs.round() as u32))
    }
}

/// What a person chose before starting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// How long.
    pub length: Length,
    /// Breathing pace (paced practices); the practice's default otherwise.
    pub pace: Option<Pace>,
    /// Body parts marked as painful: the body scan lingers, PMR and movement go gently.
    pub painful: BTreeSet<BodyPart>,
    /// Areas marked in an earlier natural-breath session.
    pub breath_areas: BTreeSet<BodyPart>,
    /// Imagery scene id; the first scene otherwise.
    pub scene: Option<String>,
    /// Timer interval bells.
    pub interval: Option<IntervalBells>,
    /// Timer settling-in delay, seconds.
    pub delay_s: Option<u32>,
    /// PMR back mode.
    pub back_mode: BackMode,
    /// Timer strikes per bell (1 or 2).
    pub strikes: Option<u8>,
}

impl Options {
    /// Plain options for a length in minutes.
    pub fn minutes(n: u32) -> Self {
        Options {
            length: Length::Minutes(n),
            pace: None,
            painful: BTreeSet::new(),
            breath_areas: BTreeSet::new(),
            scene: None,
            interval: None,
            delay_s: None,
            back_mode: BackMode::Gentle,
            strikes: None,
        }
    }
}

/// An option that does not fit the practice.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionError {
    /// Minutes outside the practice's range.
    #[error(
        "{given} minutes is not offered for {practice}; choose a whole number from {min} to {max}"
    )]
    Minutes {
        /// Practice id.
        practice: String,
        /// Given.
        given: u32,
        /// Shortest.
        min: u32,
        /// Longest.
        max: u32,
    },
    /// An option that this practice does not take.
    #[error("{option} does not apply to {practice} ({kind}); {hint}")]
    NotApplicable {
        /// The option's name, e.g. `--pace`.
        option: &'static str,
        /// Practice id.
        practice: String,
        /// Its kind.
        kind: &'static str,
        /// Which practices take it.
        hint: &'static str,
    },
    /// Unknown scene.
    #[error("scene {given:?} is not in {practice}; choose from {known}")]
    Scene {
        /// Given.
        given: String,
        /// Practice id.
        practice: String,
        /// Scene ids.
        known: String,
    },
    /// A bad timer setting.
    #[error("{0}")]
    Timer(String),
}

/// What happens at a moment of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CueKind {
    /// Words to speak and show as a caption.
    Speak {
        /// The words.
        text: String,
        /// The step they belong to.
        step: String,
    },
    /// A bell.
    Bell {
        /// 1 or 2 strikes.
        strikes: u8,
    },
    /// A breath phase begins (the pacer).
    Breath {
        /// Which phase.
        phase: Phase,
        /// How long it lasts.
        ms: u32,
    },
}

/// A cue at a moment, in milliseconds from the start.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cue {
    /// When, in ms from the start.
    pub at_ms: u64,
    /// What.
    #[serde(flatten)]
    pub what: CueKind,
}

/// A step's place in the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepSpan {
    /// The step id.
    pub id: String,
    /// Start, ms.
    pub start_ms: u64,
    /// End, ms (the next step's start).
    pub end_ms: u64,
    /// The body part it attends to.
    pub region: Option<BodyPart>,
    /// Whether it lingered for a painful region.
    pub painful: bool,
    /// Whether the pacer runs.
    pub pacer: bool,
    /// The step's main words (empty for silence).
    pub text: String,
}

/// A practice compiled to one length: every cue at its millisecond.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    /// The practice id.
    pub id: String,
    /// The practice title.
    pub title: String,
    /// Its kind.
    pub kind: Kind,
    /// Whole minutes chosen; `None` when open-ended.
    pub minutes: Option<u32>,
    /// Exact length in ms (for an open-ended timer, the horizon).
    pub total_ms: u64,
    /// Counts up until stopped.
    pub open_ended: bool,
    /// The pace used, for paced practices.
    pub pace: Option<Pace>,
    /// Scene or pace preset, for the session record.
    pub variant: Option<String>,
    /// Steps in order, contiguous from 0 to `total_ms`.
    pub steps: Vec<StepSpan>,
    /// Cues in time order.
    pub cues: Vec<Cue>,
}

/// The breath pacer at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BreathNow {
    /// Current phase.
    pub phase: Phase,
    /// Its full length, ms.
    pub phase_ms: u32,
    /// How far into it, ms.
    pub into_ms: u32,
    /// How full the lungs are, 0.0-1.0 (grows on the in-breath, shrinks on the out-breath).
    pub fullness: f64,
}

/// What should be on screen at one moment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Frame {
    /// Time since the start, ms (clamped to the total unless open-ended).
    pub elapsed_ms: u64,
    /// Time left, ms; `None` when open-ended.
    pub remaining_ms: Option<u64>,
    /// Index into `steps`.
    pub step: Option<usize>,
    /// The words of the latest prompt in this step.
    pub caption: Option<String>,
    /// The pacer, inside a pacer step.
    pub breath: Option<BreathNow>,
    /// The practice is over.
    pub finished: bool,
}

impl Timeline {
    /// What to show at `elapsed_ms`. Pure: the same input gives the same frame.
    pub fn at(&self, elapsed_ms: u64) -> Frame {
        let finished = !self.open_ended && elapsed_ms >= self.total_ms;
        let t = if self.open_ended {
            elapsed_ms
        } else {
            elapsed_ms.min(self.total_ms)
        };
        let step = match self.steps.partition_point(|s| s.start_ms <= t) {
            0 => None,
            n => Some(n - 1),
        };
        let upto = self.cues.partition_point(|c| c.at_ms <= t);
        let step_start = step.map(|i| self.steps[i].start_ms).unwrap_or(0);
        let mut caption = None;
        let mut breath = None;
        for c in self.cues[..upto].iter().rev() {
            match &c.what {
                CueKind::Speak { text, .. } if caption.is_none() && c.at_ms >= step_start => {
                    caption = Some(text.clone());
                }
                CueKind::Breath { phase, ms }
                    if breath.is_none() && t < c.at_ms + u64::from(*ms) =>
                {
                    let into = (t - c.at_ms) as u32;
                    let frac = f64::from(into) / f64::from((*ms).max(1));
                    let fullness = match phase {
                        Phase::In => frac,
                        Phase::HoldIn => 1.0,
                        Phase::Out => 1.0 - frac,
                        Phase::HoldOut => 0.0,
                    };
                    breath = Some(BreathNow {
                        phase: *phase,
                        phase_ms: *ms,
                        into_ms: into,
                        fullness,
                    });
                }
                _ => {}
            }
            if c.at_ms < step_start && breath.is_some() {
                break;
            }
            if c.at_ms + 60_000 < step_start {
                break;
            }
        }
        Frame {
            elapsed_ms: t,
            remaining_ms: (!self.open_ended).then(|| self.total_ms - t),
            step,
            caption,
            breath,
            finished,
        }
    }

    /// Cues with `from_ms <= at_ms < to_ms`, in order.
    pub fn cues_between(&self, from_ms: u64, to_ms: u64) -> &[Cue] {
        let a = self.cues.partition_point(|c| c.at_ms < from_ms);
        let b = self.cues.partition_point(|c| c.at_ms < to_ms);
        &self.cues[a..b.max(a)]
    }

    /// Where "skip step" goes from `elapsed_ms`: the next step's start, or the end.
    pub fn next_step_start(&self, elapsed_ms: u64) -> u64 {
        self.steps
            .iter()
            .map(|s| s.start_ms)
            .find(|s| *s > elapsed_ms)
            .unwrap_or(self.total_ms)
    }
}

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

fn check_minutes(p: &Practice, m: u32) -> Result<u32, OptionError> {
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

fn compile_timer(p: &Practice, o: &Options) -> Result<Timeline, OptionError> {
    let not = |option, hint| OptionError::NotApplicable {
        option,
        practice: p.id.clone(),
        kind: p.kind.id(),
        hint,
    };
    if o.pace.is_some() {
        return Err(not("--pace", "a pace is for paced breathing"));
    }
    if o.scene.is_some() {
        return Err(not("--scene", "scenes are for guided imagery"));
    }
    if !o.painful.is_empty() || !o.breath_areas.is_empty() {
        return Err(not(
            "--painful/--breath-areas",
            "body regions are for guided practices",
        ));
    }
    let defaults = p.timer.clone().unwrap_or(crate::content::TimerDefaults {
        strikes: 1,
        delay_s: 0,
    });
    let strikes = o.strikes.unwrap_or(defaults.strikes);
    if !(1..=2).contains(&strikes) {
        return Err(OptionError::Timer(format!(
            "{strikes} strikes is not offered; use 1 or 2"
        )));
    }
    let delay_s = o.delay_s.unwrap_or(defaults.delay_s);
    if delay_s > MAX_DELAY_S {
        return Err(OptionError::Timer(format!(
            "a settling-in delay of {delay_s} s is too long; use 0 to {MAX_DELAY_S} seconds"
        )));
    }
    let (minutes, open) = match o.length {
        Length::Minutes(m) => (check_minutes(p, m)?, false),
        Length::Open => (OPEN_HORIZON_MIN, true),
    };
    let delay = u64::from(delay_s) * 1000;
    let sit_ms = u64::from(minutes) * 60_000;
    let total_ms = delay + sit_ms;
    let end_bell = total_ms - BELL_TAIL_MS.min(sit_ms / 2);
    let mut offsets: Vec<u64> = match &o.interval {
        None => Vec::new(),
        Some(IntervalBells::Every(0)) => {
            return Err(OptionError::Timer(
                "an interval of 0 minutes is not possible; use 1 or more".into(),
            ))
        }
        Some(IntervalBells::Every(k)) if !open && *k >= minutes => {
            return Err(OptionError::Timer(format!(
                "an interval of {k} minutes never rings in a {minutes}-minute sit; use 1 to {}",
                minutes.saturating_sub(1).max(1)
            )))
        }
        Some(IntervalBells::Every(k)) => (1..)
            .map(|j| j * u64::from(*k) * 60_000)
            .take_while(|ms| *ms < sit_ms)
            .collect(),
        Some(IntervalBells::EverySeconds(k)) if *k < MIN_INTERVAL_S => {
            return Err(OptionError::Timer(format!(
                "an interval of {k} s is too short; use at least {MIN_INTERVAL_S} seconds"
            )))
        }
        Some(IntervalBells::EverySeconds(k)) if !open && u64::from(*k) * 1000 >= sit_ms => {
            return Err(OptionError::Timer(format!(
                "an interval of {k} s never rings in a {minutes}-minute sit; choose a shorter one"
            )))
        }
        Some(IntervalBells::EverySeconds(k)) => (1..)
            .map(|j| j * u64::from(*k) * 1000)
            .take_while(|ms| *ms < sit_ms)
            .collect(),
        Some(IntervalBells::At(list)) => {
            if let Some(bad) = list.iter().find(|m| **m > minutes) {
                return Err(OptionError::Timer(format!(
                    "a bell at minute {bad} is after the end; use minutes from 0 to {minutes}"
                )));
            }
            list.iter().map(|m| u64::from(*m) * 60_000).collect()
        }
    };
    offsets.sort_unstable();
    offsets.dedup();
    let mut cues = vec![Cue {
        at_ms: delay,
        what: CueKind::Bell { strikes },
    }];
    for off in offsets {
        let at = delay + off;
        // The start and end bells already ring at 0 and at the end.
        if off == 0 || (!open && at >= end_bell) {
            continue;
        }
        cues.push(Cue {
            at_ms: at,
            what: CueKind::Bell { strikes },
        });
    }
    if !open {
        cues.push(Cue {
            at_ms: end_bell,
            what: CueKind::Bell { strikes },
        });
    }
    let mut steps = Vec::new();
    if delay > 0 {
        steps.push(StepSpan {
            id: "settle".into(),
            start_ms: 0,
            end_ms: delay,
            region: None,
            painful: false,
            pacer: false,
            text: String::new(),
        });
    }
    steps.push(StepSpan {
        id: "sit".into(),
        start_ms: delay,
        end_ms: total_ms,
        region: None,
        painful: false,
        pacer: false,
        text: String::new(),
    });
    Ok(Timeline {
        id: p.id.clone(),
        title: p.title.clone(),
        kind: p.kind,
        minutes: (!open).then_some(minutes),
        total_ms,
        open_ended: open,
        pace: None,
        variant: (strikes == 2).then(|| "double-strike".to_string()),
        steps,
        cues,
    })
}
