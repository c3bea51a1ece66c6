//! The player loop: wait for a key or the next thing due, then look at the clock.
//!
//! The loop never adds up sleeps. After every wake-up it re-reads the
//! [`Clock`] and asks the [`Session`] what fell due, so a late wake-up, a slow
//! terminal or a stall only delays a cue; none is lost or doubled.

use super::clock::Clock;
use super::moment::Moment;
use super::session::Session;
use backcalm_core::{Cue, CueKind, Timeline};

/// A key press (or a typed line in plain mode), before it means anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// The space bar.
    Space,
    /// Enter on its own.
    Enter,
    /// Escape.
    Esc,
    /// Ctrl-C.
    Interrupt,
    /// A character key.
    Char(char),
}

/// What a key asks the player to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Command {
    TogglePause,
    Skip,
    Quit,
}

impl Command {
    fn of(key: Key) -> Option<Command> {
        match key {
            Key::Space | Key::Char('p' | 'P') => Some(Command::TogglePause),
            Key::Char('n' | 'N') => Some(Command::Skip),
            Key::Char('q' | 'Q') | Key::Esc | Key::Interrupt => Some(Command::Quit),
            _ => None,
        }
    }
}

/// Where keys come from: waits up to `timeout_ms` for one.
pub trait Keys {
    /// The next key, or `None` when the time ran out (or something else woke
    /// the wait, such as a resized terminal). May return late; callers re-read the clock.
    fn wait(&mut self, timeout_ms: u64) -> anyhow::Result<Option<Key>>;
}

/// Something the person did, as the view should tell it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Paused at this position, ms.
    Paused(u64),
    /// Went on again at this position, ms.
    Resumed(u64),
    /// Skipped from one position to another, ms.
    Skipped {
        /// Position before the skip.
        from: u64,
        /// Position after it (a step start or the end).
        to: u64,
    },
}

/// What the person sees (or hears through a screen reader).
pub trait View {
    /// Longest wait between two looks at the clock, ms.
    fn repaint_ms(&self) -> u64;
    /// Shows the practice now (the full screen repaints; plain mode does nothing).
    fn show(&mut self, m: &Moment) -> anyhow::Result<()>;
    /// A cue fell due.
    fn cue(&mut self, cue: &Cue) -> anyhow::Result<()>;
    /// The person paused, resumed or skipped.
    fn event(&mut self, e: &Event) -> anyhow::Result<()>;
}

/// Rings bells; must never fail or block.
pub trait Ring {
    /// Rings one bell with this many strikes.
    fn ring(&mut self, strikes: u8);
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Where the practice stopped, ms into the timeline.
    pub elapsed_ms: u64,
    /// Time practised, ms: pauses and skipped stretches excluded.
    pub practised_ms: u64,
    /// Ran until the chosen time was up (a timed sit's closing bell, else the
    /// end of the timeline), or stopped an open-ended timer.
    pub completed: bool,
    /// The person ended a timed practice before its time was up.
    pub ended_early: bool,
}

fn fire(
    s: &mut Session,
    now: u64,
    view: &mut dyn View,
    bells: &mut dyn Ring,
) -> anyhow::Result<()> {
    for cue in s.due_cues(now) {
        if let CueKind::Bell { strikes } = cue.what {
            bells.ring(strikes);
        }
        view.cue(cue)?;
    }
    Ok(())
}

/// Plays `tl` until it ends or the person quits.
pub fn run(
    tl: &Timeline,
    clock: &dyn Clock,
    keys: &mut dyn Keys,
    view: &mut dyn View,
    bells: &mut dyn Ring,
) -> anyhow::Result<Outcome> {
    let mut s = Session::start(tl, clock.now_ms());
    loop {
        let now = clock.now_ms();
        fire(&mut s, now, view, bells)?;
        if s.is_over(now) {
            break;
        }
        view.show(&Moment::at(tl, s.elapsed(now), s.is_paused()))?;
        let repaint = view.repaint_ms().max(1);
        let timeout = s.until_next(now).map_or(repaint, |d| d.clamp(1, repaint));
        let Some(command) = keys.wait(clock.real_ms(timeout))?.and_then(Command::of) else {
            continue;
        };
        let now = clock.now_ms();
        // What fell due while we waited happens before the key takes effect.
        fire(&mut s, now, view, bells)?;
        if s.is_over(now) {
            // The practice reached its end while the key was on its way.
            continue;
        }
        match command {
            Command::TogglePause if s.is_paused() => {
                s.resume(now);
                view.event(&Event::Resumed(s.elapsed(now)))?;
            }
            Command::TogglePause => {
                s.pause(now);
                view.event(&Event::Paused(s.elapsed(now)))?;
            }
            Command::Skip => {
                let from = s.elapsed(now);
                s.skip(now);
                view.event(&Event::Skipped {
                    from,
                    to: s.elapsed(now),
                })?;
            }
            Command::Quit => s.end(now),
        }
    }
    let now = clock.now_ms();
    let open = tl.open_ended;
    if open && !s.completed(now) {
        // An open-ended sit ends when the person stops it: close it with a bell.
        if let Some(strikes) = tl.cues.iter().find_map(|c| match c.what {
            CueKind::Bell { strikes } => Some(strikes),
            _ => None,
        }) {
            bells.ring(strikes);
        }
    }
    Ok(Outcome {
        elapsed_ms: s.elapsed(now),
        practised_ms: s.practised(now),
        completed: s.time_up(now) || open,
        ended_early: s.ended_early(now) && !open,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::player::fake::{BellLog, FakeClock, FakeKeys, Recorder};
    use backcalm_core::timeline::IntervalBells;
    use backcalm_core::{compile, Length, Library, Options};

    /// The fake clock's origin: not zero, so the loop must count from its start.
    const T0: u64 = 7_000;

    fn practice(id: &str, o: &Options) -> Timeline {
        let lib = Library::embedded().expect("the shipped content loads");
        compile(lib.get(id).expect("shipped practice"), o).expect("compiles")
    }

    fn clock() -> FakeClock {
        let c = FakeClock::default();
        c.0.set(T0);
        c
    }

    /// Plays `tl` with waits that end late by up to `late_ms`.
    fn play(
        tl: &Timeline,
        keys: FakeKeys,
        c: &FakeClock,
    ) -> (Outcome, Recorder, FakeKeys, BellLog) {
        let mut keys = keys;
        let mut view = Recorder::new(c);
        let mut bells = BellLog::default();
        let outcome = run(tl, c, &mut keys, &mut view, &mut bells).expect("plays");
        (outcome, view, keys, bells)
    }

    #[test]
    fn ten_minutes_with_late_wakeups_end_on_time_and_fire_every_cue_once_in_order() {
        let tl = practice("paced-breathing", &Options::minutes(10));
        assert!(tl.cues.len() > 100, "a long pacer run: {}", tl.cues.len());
        for seed in [1, 0x9e37_79b9_7f4a_7c15, 42] {
            let c = clock();
            let (o, view, keys, _) = play(&tl, FakeKeys::new(&c, seed, 40), &c);
            assert_eq!(
                view.fired(),
                tl.cues,
                "seed {seed}: every cue once, in order"
            );
            for (cue, fired_at) in &view.cues {
                let late = fired_at - T0 - cue.at_ms;
                assert!(late <= 40, "seed {seed}: {cue:?} fired {late} ms late");
            }
            assert!(o.completed && !o.ended_early);
            assert_eq!((o.elapsed_ms, o.practised_ms), (600_000, 600_000));
            let ran = c.now_ms() - T0;
            assert!(
                (600_000..=600_050).contains(&ran),
                "seed {seed}: the loop stopped at {ran} ms"
            );
            assert!(
                keys.timeouts.iter().all(|t| (1..=100).contains(t)),
                "seed {seed}: waits stay short"
            );
        }
    }

    #[test]
    fn a_timer_rings_each_bell_once() {
        let mut o = Options::minutes(10);
        o.interval = Some(IntervalBells::Every(2));
        o.strikes = Some(2);
        let tl = practice("meditation-timer", &o);
        let c = clock();
        let (out, view, _, bells) = play(&tl, FakeKeys::new(&c, 7, 40), &c);
        assert_eq!(view.fired(), tl.cues);
        assert_eq!(bells.0, vec![2; 6], "start, four interval bells, end");
        assert!(out.completed);
    }

    #[test]
    fn ending_a_timed_sit_while_its_closing_bell_rings_out_is_not_ending_early() {
        let tl = practice("meditation-timer", &Options::minutes(2));
        assert_eq!(tl.total_ms, 126_000, "two minutes and the ring-out");
        for (quit_at, early) in [(119_000, true), (122_000, false)] {
            let c = clock();
            let keys = FakeKeys::new(&c, 5, 0).press(T0 + quit_at, Key::Char('q'));
            let (o, _, _, bells) = play(&tl, keys, &c);
            assert_eq!(
                (o.ended_early, o.completed),
                (early, !early),
                "quit at {quit_at} ms"
            );
            assert_eq!(
                bells.0.len(),
                if early { 1 } else { 2 },
                "quit at {quit_at} ms"
            );
        }
    }

    #[test]
    fn a_five_second_stall_loses_and_doubles_nothing() {
        let tl = practice("paced-breathing", &Options::minutes(10));
        let c = clock();
        let mut keys = FakeKeys::new(&c, 99, 40);
        keys.stall = Some((T0 + 300_000, 5_000));
        let (o, view, keys, _) = play(&tl, keys, &c);
        assert!(keys.stall.is_none(), "the stall happened");
        assert_eq!(view.fired(), tl.cues);
        let late: Vec<u64> = view
            .cues
            .iter()
            .map(|(cue, at)| at - T0 - cue.at_ms)
            .collect();
        assert!(
            late.iter().any(|l| *l > 1_000),
            "some cue fell inside the stall"
        );
        assert!(late.iter().all(|l| *l <= 5_040), "{late:?}");
        assert_eq!(o.practised_ms, 600_000);
        assert!((600_000..=600_050).contains(&(c.now_ms() - T0)));
    }

    #[test]
    fn thirty_seconds_paused_do_not_count() {
        let tl = practice("paced-breathing", &Options::minutes(10));
        let c = clock();
        let keys = FakeKeys::new(&c, 3, 0)
            .press(T0 + 10_000, Key::Space)
            .press(T0 + 40_000, Key::Char('p'))
            .press(T0 + 70_000, Key::Char('q'));
        let (o, view, _, _) = play(&tl, keys, &c);
        assert_eq!(view.events, [Event::Paused(10_000), Event::Resumed(10_000)]);
        assert_eq!((o.elapsed_ms, o.practised_ms), (40_000, 40_000));
        assert!(o.ended_early && !o.completed);
        let expected: Vec<Cue> = tl
            .cues
            .iter()
            .filter(|c| c.at_ms <= 40_000)
            .cloned()
            .collect();
        assert_eq!(
            view.fired(),
            expected,
            "nothing fired during the pause or after quitting"
        );
    }

    #[test]
    fn skip_moves_to_the_next_step_and_fires_none_of_the_skipped_cues() {
        let tl = practice("paced-breathing", &Options::minutes(3));
        // A second into the first pacer step.
        let at = tl.steps[1].start_ms + 1_000;
        let next = tl.next_step_start(at);
        assert_eq!(next, tl.steps[2].start_ms);
        let skipped = tl
            .cues
            .iter()
            .filter(|c| (at..next).contains(&c.at_ms))
            .count();
        assert!(skipped > 5, "breaths and prompts to skip: {skipped}");
        let c = clock();
        let keys = FakeKeys::new(&c, 5, 0).press(T0 + at, Key::Char('n'));
        let (o, view, _, _) = play(&tl, keys, &c);
        assert_eq!(view.events, [Event::Skipped { from: at, to: next }]);
        let expected: Vec<Cue> = tl
            .cues
            .iter()
            .filter(|c| !(at..next).contains(&c.at_ms))
            .cloned()
            .collect();
        assert_eq!(view.fired(), expected);
        assert!(o.completed);
        assert_eq!(
            o.practised_ms,
            180_000 - (next - at),
            "skipped time is not practised"
        );
    }

    #[test]
    fn stopping_an_open_timer_completes_it_with_a_closing_bell() {
        let mut o = Options::minutes(10);
        o.length = Length::Open;
        let tl = practice("meditation-timer", &o);
        let c = clock();
        let keys = FakeKeys::new(&c, 11, 0).press(T0 + 90_000, Key::Esc);
        let (out, _, _, bells) = play(&tl, keys, &c);
        assert_eq!(out.practised_ms, 90_000);
        assert!(
            out.completed && !out.ended_early,
            "stopping is how an open sit ends"
        );
        assert_eq!(bells.0, [1, 1], "the start bell and a closing bell");
    }

    #[test]
    fn a_key_pressed_as_the_practice_ends_changes_nothing() {
        let tl = practice("paced-breathing", &Options::minutes(1));
        let c = clock();
        let keys = FakeKeys::new(&c, 2, 0).press(T0 + 60_000, Key::Space);
        let (o, view, _, _) = play(&tl, keys, &c);
        assert!(view.events.is_empty(), "{:?}", view.events);
        assert!(o.completed && !o.ended_early);
        assert_eq!(view.fired(), tl.cues);
    }

    #[test]
    fn keys_without_a_meaning_change_nothing() {
        let tl = practice("paced-breathing", &Options::minutes(1));
        let c = clock();
        let keys = FakeKeys::new(&c, 13, 0)
            .press(T0 + 1_000, Key::Char('x'))
            .press(T0 + 2_000, Key::Enter);
        let (o, view, _, _) = play(&tl, keys, &c);
        assert!(view.events.is_empty());
        assert!(o.completed && o.practised_ms == 60_000);
    }
}
