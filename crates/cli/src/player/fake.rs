//! Test doubles for the player loop: a clock that moves only when the loop
//! waits, keys that arrive at scripted times, and recorders for what was shown
//! and rung.

use super::clock::Clock;
use super::moment::Moment;
use super::run::{Event, Key, Keys, Ring, View};
use backcalm_core::timeline::StepSpan;
use backcalm_core::{Cue, CueKind, Kind, Pace, Phase, Timeline};
use std::cell::Cell;
use std::collections::VecDeque;
use std::rc::Rc;

/// A clock that stands still until a [`FakeKeys`] wait moves it.
#[derive(Debug, Clone, Default)]
pub struct FakeClock(pub Rc<Cell<u64>>);

impl Clock for FakeClock {
    fn now_ms(&self) -> u64 {
        self.0.get()
    }
}

/// xorshift64: seeded, so a failing run can be replayed.
#[derive(Debug, Clone)]
pub struct XorShift(pub u64);

impl XorShift {
    /// A number in `0..=max`.
    pub fn upto(&mut self, max: u64) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x % (max + 1)
    }
}

/// Waits that move the fake clock: each ends late by a random `0..=late_ms`,
/// one may stall for much longer, and keys come at scripted clock times.
#[derive(Debug)]
pub struct FakeKeys {
    pub clock: FakeClock,
    pub rng: XorShift,
    pub late_ms: u64,
    /// `(clock ms, extra ms)`: the first wait starting at or after that time stalls this much longer.
    pub stall: Option<(u64, u64)>,
    pub script: VecDeque<(u64, Key)>,
    /// Every timeout asked for.
    pub timeouts: Vec<u64>,
}

impl FakeKeys {
    pub fn new(clock: &FakeClock, seed: u64, late_ms: u64) -> Self {
        FakeKeys {
            clock: clock.clone(),
            rng: XorShift(seed),
            late_ms,
            stall: None,
            script: VecDeque::new(),
            timeouts: Vec::new(),
        }
    }

    pub fn press(mut self, at_ms: u64, key: Key) -> Self {
        self.script.push_back((at_ms, key));
        self
    }
}

impl Keys for FakeKeys {
    fn wait(&mut self, timeout_ms: u64) -> anyhow::Result<Option<Key>> {
        self.timeouts.push(timeout_ms);
        assert!(self.timeouts.len() < 1_000_000, "the loop does not end");
        let now = self.clock.0.get();
        if let Some(&(at, key)) = self.script.front() {
            if at <= now + timeout_ms {
                self.script.pop_front();
                self.clock.0.set(at.max(now));
                return Ok(Some(key));
            }
        }
        let mut later = now + timeout_ms + self.rng.upto(self.late_ms);
        if let Some((from, extra)) = self.stall {
            if now >= from {
                later += extra;
                self.stall = None;
            }
        }
        self.clock.0.set(later);
        Ok(None)
    }
}

/// Remembers what the loop showed: cues with the clock time they fired, and events.
#[derive(Debug)]
pub struct Recorder {
    pub clock: FakeClock,
    pub cues: Vec<(Cue, u64)>,
    pub events: Vec<Event>,
    pub shows: usize,
    pub repaint_ms: u64,
}

impl Recorder {
    pub fn new(clock: &FakeClock) -> Self {
        Recorder {
            clock: clock.clone(),
            cues: Vec::new(),
            events: Vec::new(),
            shows: 0,
            repaint_ms: 100,
        }
    }

    pub fn fired(&self) -> Vec<Cue> {
        self.cues.iter().map(|(c, _)| c.clone()).collect()
    }
}

impl View for Recorder {
    fn repaint_ms(&self) -> u64 {
        self.repaint_ms
    }

    fn show(&mut self, _: &Moment) -> anyhow::Result<()> {
        self.shows += 1;
        Ok(())
    }

    fn cue(&mut self, cue: &Cue) -> anyhow::Result<()> {
        self.cues.push((cue.clone(), self.clock.now_ms()));
        Ok(())
    }

    fn event(&mut self, e: &Event) -> anyhow::Result<()> {
        self.events.push(e.clone());
        Ok(())
    }
}

/// Remembers the strikes of every bell rung.
#[derive(Debug, Default)]
pub struct BellLog(pub Vec<u8>);

impl Ring for BellLog {
    fn ring(&mut self, strikes: u8) {
        self.0.push(strikes);
    }
}

/// The prompt of [`short_paced`]'s pacer step: long enough to wrap.
pub const FOLLOW: &str = "Breathe in with the pacer, and out with it. Light and easy. If it feels too slow, breathe at your own pace.";

fn span(id: &str, start_ms: u64, end_ms: u64, pacer: bool) -> StepSpan {
    StepSpan {
        id: id.into(),
        start_ms,
        end_ms,
        region: None,
        painful: false,
        pacer,
        text: String::new(),
    }
}

fn speak(at_ms: u64, text: &str, step: &str) -> Cue {
    Cue {
        at_ms,
        what: CueKind::Speak {
            text: text.into(),
            step: step.into(),
        },
    }
}

/// 80 s: a bell, a prompt, a minute of 4:6 pacing, a closing prompt and bell.
pub fn short_paced() -> Timeline {
    let mut cues = vec![
        Cue {
            at_ms: 0,
            what: CueKind::Bell { strikes: 1 },
        },
        speak(3_000, "Let yourself settle…", "arrive"),
    ];
    for b in 0..6u64 {
        let at = 10_000 + b * 10_000;
        cues.push(Cue {
            at_ms: at,
            what: CueKind::Breath {
                phase: Phase::In,
                ms: 4_000,
            },
        });
        cues.push(Cue {
            at_ms: at + 4_000,
            what: CueKind::Breath {
                phase: Phase::Out,
                ms: 6_000,
            },
        });
    }
    cues.push(speak(10_000, FOLLOW, "pace"));
    cues.push(speak(70_000, "Open your eyes.", "close"));
    cues.push(Cue {
        at_ms: 74_000,
        what: CueKind::Bell { strikes: 2 },
    });
    cues.sort_by_key(|c| c.at_ms);
    Timeline {
        id: "short".into(),
        title: "Short breathing".into(),
        kind: Kind::Breathing,
        minutes: None,
        total_ms: 80_000,
        open_ended: false,
        pace: Some(Pace::RELAXED),
        variant: None,
        steps: vec![
            span("arrive", 0, 10_000, false),
            span("pace", 10_000, 70_000, true),
            span("close", 70_000, 80_000, false),
        ],
        cues,
    }
}
