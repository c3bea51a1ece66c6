//! Sharing a length out among the steps: which steps drop out of a short
//! version, and how many milliseconds each step gets.
//!
//! Optional steps drop out (lowest `rank` first) until the minimum lengths
//! fill at most [`FILL`] of the time. Steps at a region the person marked as
//! painful drop out only after every other optional step, and only when the
//! practice would not fit at all, so a marked region survives short versions.
//!
//! In a body scan, a marked step can linger: its painful words are said and it
//! takes extra silence. All lingering together stays within [`LINGER_CAP`] of
//! the session, however many regions are marked: marked steps that do not fit
//! in it are visited the ordinary way.

use super::FILL;
use crate::content::Step;

/// The most of a body scan spent lingering at painful regions (CLINICAL.md:
/// "about a quarter at most, however many regions are marked").
pub const LINGER_CAP: f64 = 0.25;

/// The painful words of a body-scan step and the lingering it asks for.
#[derive(Debug, Clone)]
pub(super) struct Soreness {
    /// Where the painful words start, ms after the step's start.
    pub at_ms: u64,
    /// The painful words.
    pub text: String,
    /// How long they take to say, with the gap after them.
    pub words_ms: u64,
    /// The extra time the step asks for (`linger_s`, at least `words_ms`).
    pub want_ms: u64,
}

/// A step as it will be played: words resolved for these options.
#[derive(Debug, Clone)]
pub(super) struct Planned<'a> {
    pub step: &'a Step,
    pub text: String,
    /// Later prompts: (ms after the step's start, words).
    pub follow: Vec<(u64, String)>,
    /// Attends to a region the person marked as painful.
    pub marked: bool,
    /// Body scan at a marked region: what lingering would say and ask for.
    pub sore: Option<Soreness>,
    /// Lingers: says `sore` and takes its extra time.
    pub painful: bool,
    pub droppable: bool,
    /// Among droppable steps: (rank, position); the smallest is dropped first.
    pub drop_key: (i32, i64),
}

impl Planned<'_> {
    fn min_ms(&self) -> u64 {
        u64::from(self.step.min_s) * 1000
    }

    /// The shortest this step can be as planned: its minimum, plus the painful words when it lingers.
    fn base_ms(&self) -> u64 {
        let words = match (&self.sore, self.painful) {
            (Some(s), true) => s.words_ms,
            _ => 0,
        };
        self.min_ms() + words
    }

    /// Among lingering steps, which keeps its lingering first: steps that are
    /// always played, then higher rank, then earlier.
    fn linger_key(&self, pos: usize) -> (bool, i32, usize) {
        (self.step.optional, -self.step.rank, pos)
    }
}

fn need(steps: &[Planned<'_>]) -> u64 {
    steps.iter().map(Planned::base_ms).sum()
}

/// Drops steps for short versions and decides which marked steps linger.
pub(super) fn select(
    mut steps: Vec<Planned<'_>>,
    total_ms: u64,
    lingers: bool,
) -> Vec<Planned<'_>> {
    if lingers {
        for s in &mut steps {
            s.painful = s.sore.is_some();
        }
        cap_lingering(&mut steps, (total_ms as f64 * LINGER_CAP) as u64);
    }
    let budget = (total_ms as f64 * FILL) as u64;
    let drop_unmarked = |steps: &mut Vec<Planned<'_>>| {
        let victim = steps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.droppable && !s.marked)
            .min_by_key(|(_, s)| s.drop_key)
            .map(|(i, _)| i);
        victim.map(|i| steps.remove(i)).is_some()
    };
    while need(&steps) > budget && drop_unmarked(&mut steps) {}
    // Marked steps stay unless the practice cannot fit at all. Then, in turn:
    // a marked step whose parts other steps still visit, lingering but at one
    // step, the only visit to a marked part, and the last lingering.
    while need(&steps) > total_ms {
        let sole = |steps: &[Planned<'_>], i: usize| {
            steps[i].step.parts().iter().any(|p| {
                !steps
                    .iter()
                    .enumerate()
                    .any(|(j, o)| j != i && o.step.parts().contains(p))
            })
        };
        let victim = (0..steps.len())
            .filter(|&i| steps[i].droppable && steps[i].marked && !steps[i].painful)
            .min_by_key(|&i| (sole(&steps, i), steps[i].drop_key));
        let lingering: Vec<usize> = (0..steps.len()).filter(|&i| steps[i].painful).collect();
        let last_lingering = lingering
            .iter()
            .copied()
            .max_by_key(|&i| steps[i].linger_key(i));
        match (victim, last_lingering) {
            (Some(i), _) if !sole(&steps, i) => {
                steps.remove(i);
            }
            (_, Some(i)) if lingering.len() > 1 => steps[i].painful = false,
            (Some(i), _) => {
                steps.remove(i);
            }
            (None, Some(i)) => steps[i].painful = false,
            (None, None) => break,
        }
    }
    steps
}

/// Keeps lingering at as many marked steps as fit in `cap_ms` with their
/// words said: first one step for each marked body part, then the others.
fn cap_lingering(steps: &mut [Planned<'_>], cap_ms: u64) {
    let mut order: Vec<usize> = (0..steps.len()).filter(|&i| steps[i].painful).collect();
    order.sort_by_key(|&i| steps[i].linger_key(i));
    let mut covered = Vec::new();
    let (mut first, mut rest) = (Vec::new(), Vec::new());
    for i in order {
        let parts = steps[i].step.parts();
        if parts.iter().all(|p| covered.contains(p)) {
            rest.push(i);
        } else {
            covered.extend(parts);
            first.push(i);
        }
    }
    let mut used = 0;
    for i in first.into_iter().chain(rest) {
        let s = &mut steps[i];
        if used + s.base_ms() <= cap_ms {
            used += s.base_ms();
        } else {
            s.painful = false;
        }
    }
}

/// Splits `amount` in proportion to `weights`, in whole units, summing exactly.
/// Largest remainders get the leftover units; with all weights zero the last gets it all.
pub(super) fn split_exact(amount: u64, weights: &[u64]) -> Vec<u64> {
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

/// Lengths in ms, summing to `total_ms` exactly: each step's base plus a
/// share of the silence by weight. Lingering steps together take what they
/// ask for on top, from the others' silence, up to [`LINGER_CAP`] of the total.
pub(super) fn allocate(steps: &[Planned<'_>], total_ms: u64) -> Vec<u64> {
    let base: Vec<u64> = steps.iter().map(Planned::base_ms).collect();
    let extra = total_ms.saturating_sub(base.iter().sum());
    let weights: Vec<u64> = steps.iter().map(|s| weight_units(s.step.weight)).collect();
    let shares = split_exact(extra, &weights);
    if !steps.iter().any(|s| s.painful) {
        return base.iter().zip(shares).map(|(b, sh)| b + sh).collect();
    }
    let want = |s: &Planned<'_>| match &s.sore {
        Some(sore) if s.painful => sore.want_ms - sore.words_ms,
        _ => 0,
    };
    let painful_base: u64 = (0..steps.len())
        .filter(|&i| steps[i].painful)
        .map(|i| base[i])
        .sum();
    let asked: u64 = (0..steps.len())
        .filter(|&i| steps[i].painful)
        .map(|i| base[i] + shares[i] + want(&steps[i]))
        .sum();
    let cap = (total_ms as f64 * LINGER_CAP) as u64;
    // `select` keeps the lingering steps' bases within the cap.
    let painful_total = asked.min(cap).min(painful_base + extra).max(painful_base);
    let (mut painful_w, mut other_w) = (Vec::new(), Vec::new());
    for (i, s) in steps.iter().enumerate() {
        if s.painful {
            painful_w.push(shares[i] + want(s));
            other_w.push(0);
        } else {
            painful_w.push(0);
            other_w.push(weights[i]);
        }
    }
    let to_painful = split_exact(painful_total - painful_base, &painful_w);
    let to_others = split_exact(extra - (painful_total - painful_base), &other_w);
    (0..steps.len())
        .map(|i| base[i] + to_painful[i] + to_others[i])
        .collect()
}
