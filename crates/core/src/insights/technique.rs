//! Per technique: how pain and stress changed from before to after a session.
//!
//! Within-person statistics (CLINICAL.md): for each session with both ratings,
//! d = after − before; the mean of d with a 95% confidence interval
//! d̄ ± t(0.975, n − 1)·s/√n, s the sample standard deviation. Nothing is shown
//! below [`MIN_SESSIONS`]. Results are "associated with" the practice:
//! regression to the mean and expectation are not controlled.

use super::stats::{mean, sample_sd, student_t_quantile};
use crate::content::Kind;
use crate::journal::{Rating, SessionRecord};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// The fewest sessions with before and after ratings for an effect to be shown
/// (single-case design standards ask for at least 5 data points per phase).
pub const MIN_SESSIONS: usize = 5;

/// The confidence level of every interval here.
pub const CONFIDENCE: f64 = 0.95;

/// Mean change after − before with its 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Effect {
    /// Mean of after − before (negative = lower after the session).
    pub mean: f64,
    /// Lower end of the 95% interval.
    pub ci_low: f64,
    /// Upper end of the 95% interval.
    pub ci_high: f64,
    /// Sessions with both ratings.
    pub n: usize,
}

impl Effect {
    /// The effect of a list of differences d = after − before; `None` below
    /// [`MIN_SESSIONS`] values ("not enough data yet").
    pub fn of(diffs: &[f64]) -> Option<Effect> {
        if diffs.len() < MIN_SESSIONS {
            return None;
        }
        let n = diffs.len();
        let m = mean(diffs)?;
        let s = sample_sd(diffs)?;
        let df = u32::try_from(n - 1).ok()?;
        let t = student_t_quantile(0.5 + CONFIDENCE / 2.0, df)?;
        let half = t * s / (n as f64).sqrt();
        Some(Effect {
            mean: m,
            ci_low: m - half,
            ci_high: m + half,
            n,
        })
    }
}

/// Before/after changes for one kind of practice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TechniqueEffect {
    /// The kind of practice.
    pub kind: Kind,
    /// All sessions of this kind, rated or not.
    pub n: usize,
    /// Change in pain; `None` when fewer than [`MIN_SESSIONS`] sessions have both pain ratings.
    pub pain: Option<Effect>,
    /// Change in stress; `None` likewise.
    pub stress: Option<Effect>,
}

fn diff(before: Option<Rating>, after: Option<Rating>) -> Option<f64> {
    Some(f64::from(after?.get()) - f64::from(before?.get()))
}

/// Groups sessions by the kind of their practice (`kind_of` maps a practice
/// id to its kind; sessions of unknown practices are left out) and computes
/// the pain and stress effects of each kind. One entry per kind that has
/// sessions, in [`Kind::ALL`] order.
pub fn technique_effects(
    sessions: &[SessionRecord],
    kind_of: impl Fn(&str) -> Option<Kind>,
) -> Vec<TechniqueEffect> {
    let mut by_kind: BTreeMap<usize, (Kind, Vec<&SessionRecord>)> = BTreeMap::new();
    for s in sessions {
        if let Some(kind) = kind_of(&s.practice) {
            let order = Kind::ALL
                .iter()
                .position(|k| *k == kind)
                .unwrap_or(Kind::ALL.len());
            by_kind
                .entry(order)
                .or_insert_with(|| (kind, Vec::new()))
                .1
                .push(s);
        }
    }
    by_kind
        .into_values()
        .map(|(kind, list)| {
            let pain: Vec<f64> = list
                .iter()
                .filter_map(|s| diff(s.pain_before, s.pain_after))
                .collect();
            let stress: Vec<f64> = list
                .iter()
                .filter_map(|s| diff(s.stress_before, s.stress_after))
                .collect();
            TechniqueEffect {
                kind,
                n: list.len(),
                pain: Effect::of(&pain),
                stress: Effect::of(&stress),
            }
        })
        .collect()
}

/// Which of two effects is better (a larger drop, i.e. lower after − before),
/// only when their 95% intervals do not overlap: `Some(Less)` when `a`'s whole
/// interval lies below `b`'s (a is better), `Some(Greater)` when above, `None`
/// when they overlap or touch and the data cannot tell them apart.
pub fn compare(a: &Effect, b: &Effect) -> Option<Ordering> {
    if a.ci_high < b.ci_low {
        Some(Ordering::Less)
    } else if b.ci_high < a.ci_low {
        Some(Ordering::Greater)
    } else {
        None
    }
}

/// One technique clearly ahead of another on one measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ranking {
    /// `pain` or `stress`.
    pub measure: &'static str,
    /// The kind with the larger drop.
    pub better: Kind,
    /// The kind it is ahead of.
    pub worse: Kind,
}

/// Reads one measure's effect off a technique.
type Pick = fn(&TechniqueEffect) -> Option<Effect>;

/// Every pair of techniques that [`compare`] can tell apart, per measure.
/// Empty is the common, honest answer for a few weeks of data.
pub fn rankings(effects: &[TechniqueEffect]) -> Vec<Ranking> {
    let measures: [(&'static str, Pick); 2] = [("pain", |t| t.pain), ("stress", |t| t.stress)];
    let mut out = Vec::new();
    for (measure, pick) in measures {
        for (i, a) in effects.iter().enumerate() {
            for b in &effects[i + 1..] {
                let (Some(ea), Some(eb)) = (pick(a), pick(b)) else {
                    continue;
                };
                match compare(&ea, &eb) {
                    Some(Ordering::Less) => out.push(Ranking {
                        measure,
                        better: a.kind,
                        worse: b.kind,
                    }),
                    Some(Ordering::Greater) => out.push(Ranking {
                        measure,
                        better: b.kind,
                        worse: a.kind,
                    }),
                    _ => {}
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{Defaults, SessionDraft, TzName};
    use proptest::prelude::*;
    use uuid::Uuid;

    fn session(practice: &str, pain: (i64, i64), stress: Option<(i64, i64)>) -> SessionRecord {
        let d = Defaults {
            now: "2030-01-01T00:00:00Z".parse().unwrap(),
            tz: TzName::utc(),
            new_id: Uuid::nil(),
        };
        SessionDraft {
            practice: Some(practice.into()),
            minutes: Some(5),
            started_at: Some("2026-04-01T08:00:00Z".into()),
            pain_before: Some(pain.0),
            pain_after: Some(pain.1),
            stress_before: stress.map(|s| s.0),
            stress_after: stress.map(|s| s.1),
            ..Default::default()
        }
        .validate(&d, |_| true)
        .unwrap()
    }

    fn kind_of(p: &str) -> Option<Kind> {
        match p {
            "paced-breathing" | "natural-breath" => Some(Kind::Breathing),
            "body-scan" => Some(Kind::BodyScan),
            _ => None,
        }
    }

    #[test]
    fn effect_matches_a_hand_computation() {
        // d = -2, -1, -1, 0, -1: mean -1, s = sqrt(0.5), t(0.975, 4) = 2.7764451051977934.
        let e = Effect::of(&[-2.0, -1.0, -1.0, 0.0, -1.0]).unwrap();
        let half = 2.7764451051977934 * 0.5_f64.sqrt() / 5.0_f64.sqrt();
        assert_eq!(e.mean, -1.0);
        assert!((e.ci_low - (-1.0 - half)).abs() < 1e-12);
        assert!((e.ci_high - (-1.0 + half)).abs() < 1e-12);
        assert_eq!(Effect::of(&[-1.0; 4]), None);
    }

    #[test]
    fn groups_by_kind_and_hides_small_samples() {
        let mut s: Vec<SessionRecord> = (0..3)
            .map(|_| session("paced-breathing", (6, 4), Some((5, 3))))
            .collect();
        s.extend((0..3).map(|_| session("natural-breath", (6, 5), None)));
        s.extend((0..2).map(|_| session("body-scan", (5, 5), None)));
        s.push(session("yoga", (9, 1), None));
        let e = technique_effects(&s, kind_of);
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].kind, e[0].n), (Kind::Breathing, 6));
        let pain = e[0].pain.expect("6 rated sessions");
        assert_eq!((pain.n, pain.mean), (6, -1.5));
        assert_eq!(e[0].stress, None, "only 3 stress pairs");
        assert_eq!((e[1].kind, e[1].n, e[1].pain), (Kind::BodyScan, 2, None));
    }

    #[test]
    fn compare_needs_separate_intervals() {
        let e = |lo: f64, hi: f64| Effect {
            mean: (lo + hi) / 2.0,
            ci_low: lo,
            ci_high: hi,
            n: 9,
        };
        assert_eq!(compare(&e(-3.0, -2.0), &e(-1.0, 0.5)), Some(Ordering::Less));
        assert_eq!(
            compare(&e(-1.0, 0.5), &e(-3.0, -2.0)),
            Some(Ordering::Greater)
        );
        assert_eq!(
            compare(&e(-3.0, -1.0), &e(-1.0, 0.5)),
            None,
            "touching intervals overlap"
        );
        let effects = [
            TechniqueEffect {
                kind: Kind::Breathing,
                n: 9,
                pain: Some(e(-3.0, -2.0)),
                stress: None,
            },
            TechniqueEffect {
                kind: Kind::Pmr,
                n: 9,
                pain: Some(e(-1.0, 0.5)),
                stress: None,
            },
        ];
        assert_eq!(
            rankings(&effects),
            vec![Ranking {
                measure: "pain",
                better: Kind::Breathing,
                worse: Kind::Pmr
            }]
        );
    }

    proptest! {
        #[test]
        fn interval_contains_the_mean_and_narrows_with_n(
            base in proptest::collection::vec(-10i32..=10, 5..30),
            copies in 2usize..5,
        ) {
            let d: Vec<f64> = base.iter().map(|&x| f64::from(x)).collect();
            let e = Effect::of(&d).unwrap();
            prop_assert!(e.ci_low <= e.mean && e.mean <= e.ci_high);
            // Repeating the same values keeps the spread and mean but grows n.
            let more: Vec<f64> = d.iter().cycle().take(d.len() * copies).copied().collect();
            let m = Effect::of(&more).unwrap();
            prop_assert!((m.mean - e.mean).abs() < 1e-9);
            let (w, wm) = (e.ci_high - e.ci_low, m.ci_high - m.ci_low);
            if w > 0.0 {
                prop_assert!(wm < w, "width {} with n={} vs {} with n={}", wm, m.n, w, e.n);
            } else {
                prop_assert!(wm.abs() < 1e-12);
            }
        }
    }
}
