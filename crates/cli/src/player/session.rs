//! One playing of a timeline: pause, resume, skip and end, as pure state.
//!
//! Time comes in as a parameter (`now_ms`, from a [`super::clock::Clock`]).
//! Where the practice is ("position") is clock time minus paused time plus the
//! time jumped over by skips; it is never a sum of sleeps, so a late wake-up or
//! a stalled terminal cannot make the practice drift. Each cue is handed out
//! once by [`Session::due_cues`], however late the caller asks, except cues
//! that a skip jumped over.

use super::moment::time_up_ms;
use backcalm_core::{Cue, Timeline};

/// The state of one playing of a [`Timeline`].
#[derive(Debug, Clone)]
pub struct Session<'t> {
    tl: &'t Timeline,
    /// Clock time at the start.
    start_ms: u64,
    /// Clock time spent in pauses that are over.
    paused_ms: u64,
    /// Clock time the current pause began.
    paused_since: Option<u64>,
    /// Practice time jumped over by skips.
    skipped_ms: u64,
    /// Position ranges `[from, to)` jumped over by skips: their cues never fire.
    skipped: Vec<(u64, u64)>,
    /// Clock time the person ended the session early.
    ended_at: Option<u64>,
    /// Index of the first cue not yet handed out.
    next_cue: usize,
}

impl<'t> Session<'t> {
    /// Starts playing `tl` at clock time `now_ms`.
    pub fn start(tl: &'t Timeline, now_ms: u64) -> Self {
        Session {
            tl,
            start_ms: now_ms,
            paused_ms: 0,
            paused_since: None,
            skipped_ms: 0,
            skipped: Vec::new(),
            ended_at: None,
            next_cue: 0,
        }
    }

    /// Clock time spent practising (not paused) up to `now_ms`, unclamped.
    fn running_ms(&self, now_ms: u64) -> u64 {
        let mut now = now_ms;
        if let Some(end) = self.ended_at {
            now = now.min(end);
        }
        if let Some(since) = self.paused_since {
            now = now.min(since);
        }
        now.saturating_sub(self.start_ms)
            .saturating_sub(self.paused_ms)
    }

    /// Where in the timeline the practice is, ms (at most the total).
    pub fn elapsed(&self, now_ms: u64) -> u64 {
        (self.running_ms(now_ms) + self.skipped_ms).min(self.tl.total_ms)
    }

    /// Time actually practised, ms: pauses and skipped stretches excluded, and
    /// nothing counted past the natural end.
    pub fn practised(&self, now_ms: u64) -> u64 {
        self.elapsed(now_ms).saturating_sub(self.skipped_ms)
    }

    /// Pauses, if not paused or over already.
    pub fn pause(&mut self, now_ms: u64) {
        if self.paused_since.is_none() && !self.is_over(now_ms) {
            self.paused_since = Some(now_ms.max(self.start_ms));
        }
    }

    /// Resumes after a pause; the paused time does not count.
    pub fn resume(&mut self, now_ms: u64) {
        if let Some(since) = self.paused_since.take() {
            self.paused_ms += now_ms.saturating_sub(since);
        }
    }

    /// Whether the practice is paused.
    pub fn is_paused(&self) -> bool {
        self.paused_since.is_some()
    }

    /// Jumps to the start of the next step (or the end); the cues in between never fire.
    pub fn skip(&mut self, now_ms: u64) {
        if self.is_over(now_ms) {
            return;
        }
        let from = self.elapsed(now_ms);
        let to = self.tl.next_step_start(from).min(self.tl.total_ms);
        if to > from {
            self.skipped_ms += to - from;
            self.skipped.push((from, to));
        }
    }

    /// Ends the session early (the person quit).
    pub fn end(&mut self, now_ms: u64) {
        if self.ended_at.is_none() {
            self.resume(now_ms);
            self.ended_at = Some(now_ms.max(self.start_ms));
        }
    }

    /// The practice reached the end of its timeline.
    pub fn completed(&self, now_ms: u64) -> bool {
        self.elapsed(now_ms) >= self.tl.total_ms
    }

    /// The time the person chose is up: the end, or a timed sit's closing
    /// bell (it rings out to the end; ending then is not ending early).
    pub fn time_up(&self, now_ms: u64) -> bool {
        self.elapsed(now_ms) >= time_up_ms(self.tl)
    }

    /// The person ended it before the time was up.
    pub fn ended_early(&self, now_ms: u64) -> bool {
        self.ended_at.is_some() && !self.time_up(now_ms)
    }

    /// Nothing more will happen: completed or ended.
    pub fn is_over(&self, now_ms: u64) -> bool {
        self.ended_at.is_some() || self.completed(now_ms)
    }

    fn was_skipped(&self, cue: &Cue) -> bool {
        self.skipped
            .iter()
            .any(|(from, to)| (*from..*to).contains(&cue.at_ms))
    }

    /// Cues that have fallen due and were not handed out before, in order.
    /// Each cue is returned once; cues inside a skipped stretch never are.
    pub fn due_cues(&mut self, now_ms: u64) -> Vec<&'t Cue> {
        let pos = self.elapsed(now_ms);
        let cues = &self.tl.cues;
        let upto = cues.partition_point(|c| c.at_ms <= pos).max(self.next_cue);
        let due = cues[self.next_cue..upto]
            .iter()
            .filter(|c| !self.was_skipped(c))
            .collect();
        self.next_cue = upto;
        // Stretches wholly behind us can no longer hide a cue.
        self.skipped.retain(|(_, to)| *to > pos);
        due
    }

    /// Practice time until something next happens (a cue or the end), ms;
    /// `None` while paused or when over.
    pub fn until_next(&self, now_ms: u64) -> Option<u64> {
        if self.is_paused() || self.is_over(now_ms) {
            return None;
        }
        let pos = self.elapsed(now_ms);
        let next = self.tl.cues[self.next_cue..]
            .iter()
            .find(|c| !self.was_skipped(c))
            .map_or(self.tl.total_ms, |c| c.at_ms.min(self.tl.total_ms));
        Some(next.saturating_sub(pos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use backcalm_core::timeline::StepSpan;
    use backcalm_core::{CueKind, Kind};

    fn speak(at_ms: u64, text: &str, step: &str) -> Cue {
        Cue {
            at_ms,
            what: CueKind::Speak {
                text: text.into(),
                step: step.into(),
            },
        }
    }

    fn span(id: &str, start_ms: u64, end_ms: u64) -> StepSpan {
        StepSpan {
            id: id.into(),
            start_ms,
            end_ms,
            region: None,
            painful: false,
            pacer: false,
            text: String::new(),
        }
    }

    /// Three 60 s steps with a prompt at the start and 30 s into each.
    fn three_steps() -> Timeline {
        Timeline {
            id: "t".into(),
            title: "T".into(),
            kind: Kind::BodyScan,
            minutes: Some(3),
            total_ms: 180_000,
            open_ended: false,
            pace: None,
            variant: None,
            steps: vec![
                span("a", 0, 60_000),
                span("b", 60_000, 120_000),
                span("c", 120_000, 180_000),
            ],
            cues: vec![
                speak(0, "a1", "a"),
                speak(30_000, "a2", "a"),
                speak(60_000, "b1", "b"),
                speak(90_000, "b2", "b"),
                speak(120_000, "c1", "c"),
                speak(150_000, "c2", "c"),
            ],
        }
    }

    fn texts(cues: &[&Cue]) -> Vec<String> {
        cues.iter()
            .map(|c| match &c.what {
                CueKind::Speak { text, .. } => text.clone(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn elapsed_follows_the_clock_from_the_start() {
        let tl = three_steps();
        let s = Session::start(&tl, 5_000);
        assert_eq!(s.elapsed(5_000), 0);
        assert_eq!(s.elapsed(17_345), 12_345);
        assert_eq!(s.elapsed(500_000), 180_000, "clamped at the end");
        assert!(s.completed(185_000) && !s.completed(184_999));
    }

    #[test]
    fn thirty_seconds_paused_do_not_count() {
        let tl = three_steps();
        let mut s = Session::start(&tl, 0);
        s.pause(10_000);
        assert!(s.is_paused());
        assert_eq!(s.elapsed(25_000), 10_000, "frozen while paused");
        assert_eq!(s.until_next(25_000), None);
        s.resume(40_000);
        assert_eq!(s.elapsed(40_000), 10_000);
        assert_eq!(s.elapsed(50_000), 20_000);
        s.end(70_000);
        assert_eq!(
            s.practised(99_000),
            40_000,
            "70 s on the clock minus 30 s paused"
        );
        assert!(s.ended_early(99_000) && s.is_over(99_000));
    }

    #[test]
    fn ending_while_paused_counts_up_to_the_pause() {
        let tl = three_steps();
        let mut s = Session::start(&tl, 0);
        s.pause(20_000);
        s.end(80_000);
        assert_eq!(s.practised(100_000), 20_000);
        assert!(!s.is_paused());
    }

    #[test]
    fn each_cue_is_due_once_even_after_a_long_stall() {
        let tl = three_steps();
        let mut s = Session::start(&tl, 0);
        assert_eq!(texts(&s.due_cues(0)), ["a1"]);
        assert!(s.due_cues(10).is_empty());
        assert_eq!(
            texts(&s.due_cues(95_000)),
            ["a2", "b1", "b2"],
            "a stall hands out what fell due, in order"
        );
        assert!(s.due_cues(95_001).is_empty());
        assert_eq!(texts(&s.due_cues(999_000)), ["c1", "c2"]);
        assert!(s.due_cues(999_999).is_empty());
    }

    #[test]
    fn skip_goes_to_the_next_step_and_fires_none_of_the_skipped_cues() {
        let tl = three_steps();
        let mut s = Session::start(&tl, 0);
        assert_eq!(texts(&s.due_cues(10_000)), ["a1"]);
        s.skip(10_000);
        assert_eq!(s.elapsed(10_000), 60_000);
        assert_eq!(texts(&s.due_cues(10_000)), ["b1"], "a2 was skipped over");
        assert_eq!(s.until_next(10_000), Some(30_000));
        assert_eq!(texts(&s.due_cues(40_000)), ["b2"]);
        assert_eq!(
            s.practised(40_000),
            40_000,
            "the skipped 50 s were not practised"
        );
    }

    #[test]
    fn cues_passed_before_a_skip_still_fire() {
        let tl = three_steps();
        let mut s = Session::start(&tl, 0);
        assert_eq!(texts(&s.due_cues(0)), ["a1"]);
        // The loop slept through a2 and the person pressed skip before it looked.
        s.skip(31_000);
        assert_eq!(texts(&s.due_cues(31_000)), ["a2", "b1"]);
    }

    #[test]
    fn skipping_the_last_step_completes_the_practice() {
        let tl = three_steps();
        let mut s = Session::start(&tl, 0);
        s.skip(130_000);
        assert!(s.completed(130_000));
        assert_eq!(s.practised(200_000), 130_000);
        assert_eq!(texts(&s.due_cues(130_000)), ["a1", "a2", "b1", "b2", "c1"]);
        assert_eq!(s.until_next(130_000), None);
    }

    #[test]
    fn until_next_counts_to_the_next_cue_or_the_end() {
        let tl = three_steps();
        let mut s = Session::start(&tl, 0);
        s.due_cues(0);
        assert_eq!(s.until_next(1_000), Some(29_000));
        s.due_cues(160_000);
        assert_eq!(
            s.until_next(160_000),
            Some(20_000),
            "the end is an event too"
        );
    }
}
