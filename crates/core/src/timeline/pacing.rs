//! The breath pacer in a compiled practice: whole breaths in each pacer step,
//! and natural-breath words once a pace with a cycle limit (4-7-8) has stopped.

use super::share::Planned;
use crate::pace::Pace;
use crate::validate::words_need_ms;

/// How many breaths the pacer shows in each step (0: no pacer there).
#[derive(Debug, Clone)]
pub(super) struct Paced {
    pub breaths: Vec<u32>,
}

impl Paced {
    /// No pacer anywhere.
    pub fn none(steps: usize) -> Paced {
        Paced {
            breaths: vec![0; steps],
        }
    }
}

/// Trims each pacer step to whole breaths (the trimmed time goes to the next
/// step). A pace with a cycle limit ends its last pacer step with its last
/// breath; the pacer steps after it say natural-breath words instead of
/// theirs, the first of them `done_text`, so the voice never sends the person
/// back to a pacer that has stopped.
pub(super) fn pace_steps(
    steps: &mut [Planned<'_>],
    lengths: &mut [u64],
    pace: Pace,
    done_text: Option<&str>,
) -> Paced {
    let cycle = u64::from(pace.cycle_ms());
    let mut left = pace.max_cycles.map(u64::from).unwrap_or(u64::MAX);
    let mut carry = 0u64;
    let mut breaths = vec![0u32; steps.len()];
    let mut done_said = false;
    for (i, s) in steps.iter_mut().enumerate() {
        lengths[i] += carry;
        carry = 0;
        if !s.step.pacer {
            continue;
        }
        if left == 0 {
            let words = match done_text {
                Some(t) if !done_said => Some(t),
                _ => s.step.unpaced_text.as_deref(),
            };
            if let Some(t) = words {
                s.text = t.to_string();
                s.follow.clear();
            }
            done_said = true;
            continue;
        }
        let fit = lengths[i] / cycle;
        let n = fit.min(left);
        let keep = if n < fit {
            let follow: Vec<(u64, &str)> = s.follow.iter().map(|(t, w)| (*t, w.as_str())).collect();
            (n * cycle).max(words_need_ms(&s.text, &follow))
        } else {
            n * cycle
        };
        carry = lengths[i] - keep;
        lengths[i] = keep;
        breaths[i] = n as u32;
        left -= n;
    }
    if carry > 0 {
        // Validation keeps the last step a plain step, so this is a safety net.
        if let Some(last) = lengths.last_mut() {
            *last += carry;
        }
    }
    Paced { breaths }
}
