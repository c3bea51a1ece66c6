//! Plain line mode: one line per event, nothing repainted. For screen readers,
//! pipes and `--plain`. Typed lines (p, n, q and Enter) work as keys when stdin
//! is a terminal.

use super::moment::Moment;
use super::moment::{clock_up, seconds};
use super::ratings::LineSource;
use super::run::{Event, Key, Keys, Outcome, View};
use backcalm_core::{Cue, CueKind, Phase, Timeline};
use std::io::{self, BufRead, IsTerminal, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

/// Breaths announced phase by phase at the start of each pacer run; after that
/// the pacer goes on without a line per phase, so the output does not flood.
const BREATHS_ANNOUNCED: u32 = 3;

/// Writes the practice as lines: `00:03  Let your shoulders soften…`.
#[derive(Debug)]
pub struct PlainView<'t, W: Write> {
    tl: &'t Timeline,
    out: W,
    /// When the last breath phase ends: a breath cue starting then continues the run.
    breath_end: Option<u64>,
    /// In-breaths so far in this pacer run.
    breaths: u32,
}

impl<'t, W: Write> PlainView<'t, W> {
    /// A view writing to `out`.
    pub fn new(tl: &'t Timeline, out: W) -> Self {
        PlainView {
            tl,
            out,
            breath_end: None,
            breaths: 0,
        }
    }

    /// The output, back.
    #[cfg(test)]
    pub fn into_inner(self) -> W {
        self.out
    }

    fn line(&mut self, at_ms: u64, text: &str) -> io::Result<()> {
        writeln!(self.out, "{}  {}", clock_up(at_ms), text)?;
        self.out.flush()
    }
}

/// The first lines: what is playing and, when typing works, which keys there are.
pub fn header(tl: &Timeline, keys: bool) -> String {
    let length = match tl.minutes {
        _ if tl.open_ended => "open-ended".to_string(),
        Some(1) => "1 minute".to_string(),
        Some(m) => format!("{m} minutes"),
        None => clock_up(tl.total_ms),
    };
    let mut s = format!("{}, {length}.\n", tl.title);
    if keys {
        s.push_str("Type p and Enter to pause, n and Enter to skip a step, q and Enter to end.\n");
    }
    s
}

/// How it ended and how long was practised: "Finished: 10:00 practised."
pub fn summary(tl: &Timeline, o: &Outcome) -> String {
    let practised = clock_up(o.practised_ms);
    if o.ended_early {
        let total = clock_up(tl.total_ms);
        format!("Ended early: {practised} practised of {total}.")
    } else if tl.open_ended {
        format!("Ended: {practised} practised.")
    } else {
        format!("Finished: {practised} practised.")
    }
}

/// The last line of plain mode: the summary at the time it ended.
pub fn summary_line(tl: &Timeline, o: &Outcome) -> String {
    format!("{}  {}", clock_up(o.elapsed_ms), summary(tl, o))
}

/// The pace in words: "4 s in, 6 s out".
fn pace_words(tl: &Timeline) -> String {
    let Some(p) = tl.pace else {
        return String::new();
    };
    p.phases()
        .map(|(phase, ms)| {
            let what = match phase {
                Phase::In => "in",
                Phase::HoldIn => "hold",
                Phase::Out => "out",
                Phase::HoldOut => "rest",
            };
            format!("{} {what}", seconds(ms))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl<W: Write> View for PlainView<'_, W> {
    fn repaint_ms(&self) -> u64 {
        1_000
    }

    fn show(&mut self, _: &Moment) -> anyhow::Result<()> {
        Ok(())
    }

    fn cue(&mut self, cue: &Cue) -> anyhow::Result<()> {
        match &cue.what {
            CueKind::Speak { text, .. } => self.line(cue.at_ms, text)?,
            CueKind::Bell { strikes: 1 } => self.line(cue.at_ms, "[bell]")?,
            CueKind::Bell { strikes } => {
                self.line(cue.at_ms, &format!("[bell, {strikes} strikes]"))?
            }
            CueKind::Breath { phase, ms } => {
                if self.breath_end != Some(cue.at_ms) {
                    self.breaths = 0;
                }
                self.breath_end = Some(cue.at_ms + u64::from(*ms));
                if *phase == Phase::In {
                    self.breaths += 1;
                }
                if self.breaths <= BREATHS_ANNOUNCED {
                    self.line(cue.at_ms, &format!("{} ({})", phase.words(), seconds(*ms)))?;
                } else if self.breaths == BREATHS_ANNOUNCED + 1 && *phase == Phase::In {
                    let words = format!("The pacer goes on quietly: {}.", pace_words(self.tl));
                    self.line(cue.at_ms, &words)?;
                }
            }
        }
        Ok(())
    }

    fn event(&mut self, e: &Event) -> anyhow::Result<()> {
        match *e {
            Event::Paused(at) => self.line(at, "Paused. Type p and Enter to go on.")?,
            Event::Resumed(at) => self.line(at, "Going on.")?,
            Event::Skipped { from, to } if to >= self.tl.total_ms => {
                self.line(from, "Skipped to the end.")?
            }
            Event::Skipped { from, to } => {
                let n = self.tl.steps.partition_point(|s| s.start_ms <= to);
                self.line(
                    from,
                    &format!("Skipped to step {n} of {}.", self.tl.steps.len()),
                )?;
            }
        }
        Ok(())
    }
}

/// Stdin read line by line on a thread of its own, so waiting for a line can
/// time out. The same lines serve the questions and, during the practice, keys.
#[derive(Debug)]
pub struct StdinLines {
    rx: Receiver<String>,
    echoed: bool,
}

impl StdinLines {
    /// Starts reading stdin. The thread ends at end of input; if it is still
    /// waiting for a line when the program ends, it simply ends with it.
    pub fn spawn() -> Self {
        let (tx, rx) = mpsc::channel();
        let reader = move || {
            for line in io::stdin().lock().lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        };
        // Without a thread there is no input: the questions are skipped, keys are ignored.
        let _ = std::thread::Builder::new()
            .name("backcalm-stdin".into())
            .spawn(reader);
        StdinLines {
            rx,
            echoed: io::stdin().is_terminal(),
        }
    }

    #[cfg(test)]
    pub fn from_receiver(rx: Receiver<String>) -> Self {
        StdinLines { rx, echoed: true }
    }
}

impl LineSource for StdinLines {
    fn next_line(&mut self) -> Option<String> {
        self.rx
            .recv()
            .ok()
            .map(|l| l.trim_end_matches('\r').to_string())
    }

    fn echoed(&self) -> bool {
        self.echoed
    }
}

/// A typed line as a key: "p", "n", "q" (or the words pause, next, skip, quit).
fn key_of_line(line: &str) -> Option<Key> {
    match line.trim().to_lowercase().as_str() {
        "" => Some(Key::Enter),
        "p" | "pause" => Some(Key::Char('p')),
        "n" | "next" | "skip" => Some(Key::Char('n')),
        "q" | "quit" | "end" | "stop" => Some(Key::Char('q')),
        _ => None,
    }
}

impl Keys for StdinLines {
    fn wait(&mut self, timeout_ms: u64) -> anyhow::Result<Option<Key>> {
        match self.rx.recv_timeout(Duration::from_millis(timeout_ms)) {
            Ok(line) => Ok(key_of_line(&line)),
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => {
                // Input has ended: keep time without keys.
                std::thread::sleep(Duration::from_millis(timeout_ms));
                Ok(None)
            }
        }
    }
}

/// No keys at all (stdin is not a terminal): just let the time pass.
#[derive(Debug)]
pub struct NoKeys;

impl Keys for NoKeys {
    fn wait(&mut self, timeout_ms: u64) -> anyhow::Result<Option<Key>> {
        std::thread::sleep(Duration::from_millis(timeout_ms));
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::player::fake::{short_paced as short, BellLog, FakeClock, FakeKeys, FOLLOW};
    use crate::player::run::run;

    fn transcript(tl: &Timeline, late_ms: u64, keys: impl FnOnce(FakeKeys) -> FakeKeys) -> String {
        let c = FakeClock::default();
        let mut keys = keys(FakeKeys::new(&c, 17, late_ms));
        let mut view = PlainView::new(tl, Vec::new());
        let outcome = run(tl, &c, &mut keys, &mut view, &mut BellLog::default()).expect("plays");
        let mut text = header(tl, true);
        text.push_str(&String::from_utf8(view.into_inner()).expect("utf-8"));
        text.push_str(&summary_line(tl, &outcome));
        text
    }

    #[test]
    fn one_line_per_event_and_the_pacer_does_not_flood() {
        let text = transcript(&short(), 40, |k| k);
        assert_eq!(
            text,
            format!(
                "Short breathing, 01:20.\n\
             Type p and Enter to pause, n and Enter to skip a step, q and Enter to end.\n\
             00:00  [bell]\n\
             00:03  Let yourself settle…\n\
             00:10  Breathe in (4 s)\n\
             00:10  {FOLLOW}\n\
             00:14  Breathe out (6 s)\n\
             00:20  Breathe in (4 s)\n\
             00:24  Breathe out (6 s)\n\
             00:30  Breathe in (4 s)\n\
             00:34  Breathe out (6 s)\n\
             00:40  The pacer goes on quietly: 4 s in, 6 s out.\n\
             01:10  Open your eyes.\n\
             01:14  [bell, 2 strikes]\n\
             01:20  Finished: 01:20 practised."
            )
        );
    }

    #[test]
    fn pause_skip_and_quit_are_told_in_lines() {
        let text = transcript(&short(), 0, |k| {
            k.press(5_000, Key::Char('p'))
                .press(9_000, Key::Char('p'))
                .press(10_000, Key::Char('n'))
                .press(19_000, Key::Char('q'))
        });
        // Paused at 00:05 for 4 s; at 00:06 of the practice "n" jumps to the pacer at 00:10.
        assert_eq!(
            text,
            format!(
                "Short breathing, 01:20.\n\
             Type p and Enter to pause, n and Enter to skip a step, q and Enter to end.\n\
             00:00  [bell]\n\
             00:03  Let yourself settle…\n\
             00:05  Paused. Type p and Enter to go on.\n\
             00:05  Going on.\n\
             00:06  Skipped to step 2 of 3.\n\
             00:10  Breathe in (4 s)\n\
             00:10  {FOLLOW}\n\
             00:14  Breathe out (6 s)\n\
             00:19  Ended early: 00:15 practised of 01:20."
            )
        );
    }

    #[test]
    fn typed_lines_become_keys() {
        assert_eq!(key_of_line("p"), Some(Key::Char('p')));
        assert_eq!(key_of_line(" Q "), Some(Key::Char('q')));
        assert_eq!(key_of_line("skip"), Some(Key::Char('n')));
        assert_eq!(key_of_line(""), Some(Key::Enter));
        assert_eq!(key_of_line("hello"), None);
    }

    #[test]
    fn closed_stdin_neither_hangs_nor_spins() {
        let (tx, rx) = mpsc::channel::<String>();
        drop(tx);
        let mut lines = StdinLines::from_receiver(rx);
        assert_eq!(lines.next_line(), None);
        assert_eq!(lines.wait(5).expect("waits"), None);
    }
}
