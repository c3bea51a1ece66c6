//! What the player shows at one moment, as words: shared by the full screen
//! and the plain line mode so both say the same thing.

use backcalm_core::{CueKind, Frame, Kind, Timeline};

/// The view of a practice at one position.
#[derive(Debug, Clone)]
pub struct Moment<'t> {
    /// The practice being played.
    pub tl: &'t Timeline,
    /// The engine's frame at this position.
    pub frame: Frame,
    /// Whether the person has paused.
    pub paused: bool,
}

impl<'t> Moment<'t> {
    /// The practice at `elapsed_ms`.
    pub fn at(tl: &'t Timeline, elapsed_ms: u64, paused: bool) -> Self {
        Moment {
            tl,
            frame: tl.at(elapsed_ms),
            paused,
        }
    }

    /// "step 2 of 5", or `None` when there is only one step (a plain timer).
    pub fn step_words(&self) -> Option<(usize, usize)> {
        let n = self.tl.steps.len();
        (n > 1).then(|| (self.frame.step.map_or(1, |i| i + 1), n))
    }

    /// The phase words and whole seconds left in the phase, while the pacer runs.
    pub fn phase(&self) -> Option<(&'static str, u64)> {
        let b = self.frame.breath?;
        let left = u64::from(b.phase_ms.saturating_sub(b.into_ms));
        Some((b.phase.words(), left.div_ceil(1000)))
    }

    /// How full the pacer is, 0.0-1.0, while it runs.
    pub fn fullness(&self) -> Option<f64> {
        self.frame.breath.map(|b| b.fullness.clamp(0.0, 1.0))
    }

    /// The words to show: the latest prompt, or for the silent timer what is going on.
    pub fn caption(&self) -> Option<String> {
        if let Some(c) = &self.frame.caption {
            return Some(c.clone());
        }
        if self.tl.kind != Kind::Timer {
            return None;
        }
        let pos = self.frame.elapsed_ms;
        let first_bell = self
            .tl
            .cues
            .iter()
            .find(|c| matches!(c.what, CueKind::Bell { .. }));
        Some(match first_bell {
            Some(b) if b.at_ms > pos => {
                format!(
                    "Settling in. The first bell rings in {}.",
                    clock_up(b.at_ms - pos + 999)
                )
            }
            _ if self.tl.open_ended => "Sit quietly. End whenever you are ready.".to_string(),
            _ if pos >= time_up_ms(self.tl) => {
                "The last bell. Take your time to come back.".to_string()
            }
            _ => "Sit quietly until the bell.".to_string(),
        })
    }

    /// Time left ("04:32 left"), or time so far for an open-ended timer
    /// ("12:05 so far"). A timed sit reads 00:00 as its closing bell rings.
    pub fn clock_words(&self) -> String {
        match self.frame.remaining_ms {
            Some(_) => {
                let left = time_up_ms(self.tl).saturating_sub(self.frame.elapsed_ms);
                format!("{} left", clock_up(left + 999))
            }
            None => format!("{} so far", clock_up(self.frame.elapsed_ms)),
        }
    }
}

/// When the time the person chose is up, ms: a timed sit's closing bell (its
/// last bell; the timeline runs on for the ring-out), else the end.
pub fn time_up_ms(tl: &Timeline) -> u64 {
    if tl.kind != Kind::Timer || tl.open_ended {
        return tl.total_ms;
    }
    tl.cues
        .iter()
        .rev()
        .find(|c| matches!(c.what, CueKind::Bell { .. }))
        .map_or(tl.total_ms, |c| c.at_ms)
}

/// `mm:ss` (or `h:mm:ss` from an hour), rounding down to the second.
pub fn clock_up(ms: u64) -> String {
    let s = ms / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

/// Seconds in words for a phase length: "4 s", "3.5 s".
pub fn seconds(ms: u32) -> String {
    if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{:.1} s", f64::from(ms) / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use backcalm_core::timeline::Length;
    use backcalm_core::{compile, Library, Options};

    fn practice(id: &str, o: &Options) -> Timeline {
        let lib = Library::embedded().expect("the shipped content loads");
        compile(lib.get(id).expect("shipped practice"), o).expect("compiles")
    }

    #[test]
    fn clock_reads_minutes_and_seconds_then_hours() {
        assert_eq!(clock_up(0), "00:00");
        assert_eq!(clock_up(59_999), "00:59");
        assert_eq!(clock_up(754_000), "12:34");
        assert_eq!(clock_up(3_723_000), "1:02:03");
        assert_eq!(seconds(4_000), "4 s");
        assert_eq!(seconds(3_500), "3.5 s");
    }

    #[test]
    fn time_left_rounds_up_so_the_last_second_shows() {
        let tl = practice("paced-breathing", &Options::minutes(1));
        assert_eq!(Moment::at(&tl, 0, false).clock_words(), "01:00 left");
        assert_eq!(Moment::at(&tl, 59_500, false).clock_words(), "00:01 left");
        assert_eq!(Moment::at(&tl, 60_000, false).clock_words(), "00:00 left");
    }

    #[test]
    fn phase_counts_down_whole_seconds() {
        let tl = practice("paced-breathing", &Options::minutes(2));
        let inhale = tl
            .cues
            .iter()
            .find(|c| {
                matches!(
                    c.what,
                    CueKind::Breath {
                        phase: backcalm_core::Phase::In,
                        ..
                    }
                )
            })
            .expect("a paced practice has in-breaths");
        let m = Moment::at(&tl, inhale.at_ms + 1_200, false);
        assert_eq!(m.phase(), Some(("Breathe in", 3)));
        let full = m.fullness().expect("pacer runs");
        assert!((full - 0.3).abs() < 1e-9, "{full}");
    }

    #[test]
    fn the_open_timer_counts_up_and_says_what_to_do() {
        let mut o = Options::minutes(10);
        o.length = Length::Open;
        let tl = practice("meditation-timer", &o);
        let m = Moment::at(&tl, 754_000, false);
        assert_eq!(m.clock_words(), "12:34 so far");
        assert_eq!(
            m.caption().as_deref(),
            Some("Sit quietly. End whenever you are ready.")
        );
        assert_eq!(m.step_words(), None);
    }

    #[test]
    fn a_settling_delay_counts_down_to_the_first_bell() {
        let mut o = Options::minutes(5);
        o.delay_s = Some(30);
        let tl = practice("meditation-timer", &o);
        let m = Moment::at(&tl, 6_500, false);
        assert_eq!(
            m.caption().as_deref(),
            Some("Settling in. The first bell rings in 00:24.")
        );
        assert_eq!(m.step_words(), Some((1, 2)));
        assert_eq!(
            Moment::at(&tl, 40_000, false).caption().as_deref(),
            Some("Sit quietly until the bell.")
        );
    }

    #[test]
    fn a_timed_sit_reads_zero_as_its_closing_bell_rings_then_rings_out() {
        let mut o = Options::minutes(5);
        o.delay_s = Some(30);
        let tl = practice("meditation-timer", &o);
        let up = 330_000;
        assert_eq!(time_up_ms(&tl), up);
        assert_eq!(tl.total_ms, up + 6_000);
        assert_eq!(
            Moment::at(&tl, up - 60_000, false).clock_words(),
            "01:00 left"
        );
        let ringing = Moment::at(&tl, up + 2_000, false);
        assert_eq!(ringing.clock_words(), "00:00 left");
        assert_eq!(
            ringing.caption().as_deref(),
            Some("The last bell. Take your time to come back.")
        );
        // Guided practices are up at their end.
        let guided = practice("paced-breathing", &Options::minutes(1));
        assert_eq!(time_up_ms(&guided), guided.total_ms);
    }
}
