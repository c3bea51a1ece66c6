//! The terminal player: plays a compiled `Timeline` full screen, or as plain
//! lines for screen readers and pipes, and asks pain and stress around it.
//!
//! Interface contract used by `commands/practice.rs`:
//! `play(&Timeline, &PlayConfig) -> anyhow::Result<PlayResult>`.
//!
//! Pieces: [`clock`] (the one monotonic clock), [`session`] (pause, skip and
//! end as pure state), [`run`] (the loop, generic over keys, view and bells),
//! [`moment`] and [`screen`] (what is shown), [`terminal`] (the real terminal),
//! [`plain`] (line mode), [`ratings`] (the questions).

mod clock;
#[cfg(test)]
mod fake;
mod moment;
mod plain;
mod ratings;
mod run;
mod screen;
mod session;
mod terminal;

use backcalm_core::{Region, Timeline};
use clock::MonotonicClock;
use ratings::{ask_places, ask_rating, ask_ratings, ask_yes_no, LineSource, Ratings, ReadLines};
use run::{Outcome, Ring};
use std::io::{self, IsTerminal, Write};

/// How to play.
#[derive(Debug, Clone)]
pub struct PlayConfig {
    /// Plain line mode (no full-screen repainting): for screen readers, pipes, `--plain`.
    pub plain: bool,
    /// Colours allowed (false under `NO_COLOR`).
    pub color: bool,
    /// Ring bells through aplay/paplay when available.
    pub bells: bool,
    /// Ask pain and stress before and after, and the questions below after (all skippable).
    pub ask_ratings: bool,
    /// Ask how pleasant the images were, 0-10 (guided imagery).
    pub ask_pleasantness: bool,
    /// Ask for places in the body afterwards, with this question (body scan, natural breath).
    pub places_question: Option<&'static str>,
}

/// What happened, for the session record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlayResult {
    /// Time actually practised, ms (pauses excluded).
    pub actual_ms: u64,
    /// Ran to the end.
    pub completed: bool,
    /// The person wants it saved.
    pub save: bool,
    /// Pain before, 0-10.
    pub pain_before: Option<u8>,
    /// Pain after, 0-10.
    pub pain_after: Option<u8>,
    /// Stress before, 0-10.
    pub stress_before: Option<u8>,
    /// Stress after, 0-10.
    pub stress_after: Option<u8>,
    /// How pleasant the images were, 0-10 (guided imagery).
    pub pleasantness: Option<u8>,
    /// Places marked afterwards (tense, or where breathing felt easy or hard).
    pub regions: Vec<Region>,
}

/// Bells through the system's sound player, or silence.
#[derive(Debug)]
struct Bells(Option<backcalm_audio::Chime>);

impl Ring for Bells {
    fn ring(&mut self, strikes: u8) {
        if let Some(chime) = &self.0 {
            chime.ring(strikes);
        }
    }
}

/// Plays the timeline in the terminal.
///
/// Full screen unless `cfg.plain`; in both modes the ratings (when asked) are
/// read line by line from stdin and skipped at end of input.
pub fn play(tl: &Timeline, cfg: &PlayConfig) -> anyhow::Result<PlayResult> {
    let clock = MonotonicClock::start();
    let mut bells = Bells(cfg.bells.then(backcalm_audio::Chime::detect));
    if cfg.plain {
        play_plain(tl, cfg, &clock, &mut bells)
    } else {
        play_screen(tl, cfg, &clock, &mut bells)
    }
}

fn play_plain(
    tl: &Timeline,
    cfg: &PlayConfig,
    clock: &MonotonicClock,
    bells: &mut Bells,
) -> anyhow::Result<PlayResult> {
    let mut stdin = plain::StdinLines::spawn();
    let mut out = io::stdout();
    let before = ask(cfg.ask_ratings, &mut stdin, &mut out)?;
    let interactive = io::stdin().is_terminal();
    write!(out, "{}", plain::header(tl, interactive))?;
    let mut view = plain::PlainView::new(tl, io::stdout());
    let outcome = if interactive {
        run::run(tl, clock, &mut stdin, &mut view, bells)?
    } else {
        run::run(tl, clock, &mut plain::NoKeys, &mut view, bells)?
    };
    writeln!(out, "{}", plain::summary_line(tl, &outcome))?;
    let save = outcome.completed || ask_yes_no(&mut stdin, &mut out, "Save this session?")?;
    let after = ask_after(cfg, save, &mut stdin, &mut out)?;
    Ok(result(&outcome, save, before, after))
}

fn play_screen(
    tl: &Timeline,
    cfg: &PlayConfig,
    clock: &MonotonicClock,
    bells: &mut Bells,
) -> anyhow::Result<PlayResult> {
    let mut out = io::stdout();
    let before = ask(cfg.ask_ratings, &mut stdin_lines(), &mut out)?;
    let (outcome, save) = {
        let _guard = terminal::TerminalGuard::enter()?;
        let mut view = terminal::ScreenView::new(screen::Look { color: cfg.color })?;
        let mut keys = terminal::TermKeys;
        let outcome = run::run(tl, clock, &mut keys, &mut view, bells)?;
        let summary = plain::summary(tl, &outcome);
        let save = outcome.completed || view.ask_save(&mut keys, &tl.title, &summary)?;
        (outcome, save)
    };
    writeln!(out, "{}", plain::summary(tl, &outcome))?;
    let after = ask_after(cfg, save, &mut stdin_lines(), &mut out)?;
    Ok(result(&outcome, save, before, after))
}

/// Stdin as lines for the questions around a full-screen practice.
fn stdin_lines() -> ReadLines<io::StdinLock<'static>> {
    ReadLines::new(io::stdin().lock(), io::stdin().is_terminal())
}

fn ask(wanted: bool, lines: &mut dyn LineSource, out: &mut dyn Write) -> io::Result<Ratings> {
    if wanted {
        ask_ratings(lines, out)
    } else {
        Ok(Ratings::default())
    }
}

/// The answers after a saved session.
#[derive(Debug, Default, PartialEq, Eq)]
struct After {
    ratings: Ratings,
    pleasantness: Option<u8>,
    regions: Vec<Region>,
}

/// Pain and stress, then (for the practices that ask) pleasantness and places.
fn ask_after(
    cfg: &PlayConfig,
    save: bool,
    lines: &mut dyn LineSource,
    out: &mut dyn Write,
) -> io::Result<After> {
    if !(cfg.ask_ratings && save) {
        return Ok(After::default());
    }
    let ratings = ask_ratings(lines, out)?;
    let pleasantness = if cfg.ask_pleasantness {
        ask_rating(
            lines,
            out,
            "How pleasant were the images, 0 not at all to 10 very (Enter to skip):",
        )?
    } else {
        None
    };
    let regions = match cfg.places_question {
        Some(q) => ask_places(lines, out, q)?,
        None => Vec::new(),
    };
    Ok(After {
        ratings,
        pleasantness,
        regions,
    })
}

fn result(o: &Outcome, save: bool, before: Ratings, after: After) -> PlayResult {
    PlayResult {
        actual_ms: o.practised_ms,
        completed: o.completed,
        save,
        pain_before: before.pain,
        pain_after: after.ratings.pain,
        stress_before: before.stress,
        stress_after: after.ratings.stress,
        pleasantness: after.pleasantness,
        regions: after.regions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pleasantness: bool, places: Option<&'static str>) -> PlayConfig {
        PlayConfig {
            plain: true,
            color: false,
            bells: false,
            ask_ratings: true,
            ask_pleasantness: pleasantness,
            places_question: places,
        }
    }

    #[test]
    fn after_imagery_pleasantness_and_after_natural_breath_places_are_asked() {
        let mut out = Vec::new();
        let mut lines = ReadLines::new("4\n\n8\n".as_bytes(), true);
        let after = ask_after(&config(true, None), true, &mut lines, &mut out).expect("asks");
        assert_eq!(
            after,
            After {
                ratings: Ratings {
                    pain: Some(4),
                    stress: None
                },
                pleasantness: Some(8),
                regions: Vec::new(),
            }
        );
        let mut lines = ReadLines::new("\n\nchest\n".as_bytes(), true);
        let q = Some("Where did breathing feel easy or hard?");
        let after = ask_after(&config(false, q), true, &mut lines, &mut out).expect("asks");
        assert_eq!(after.pleasantness, None);
        assert_eq!(
            after.regions,
            vec!["chest".parse::<Region>().expect("region")]
        );
        // Not saved, or --no-ratings: nothing is asked.
        let mut lines = ReadLines::new("5\n5\n5\n".as_bytes(), true);
        assert_eq!(
            ask_after(&config(true, q), false, &mut lines, &mut out).expect("asks"),
            After::default()
        );
        let quiet = PlayConfig {
            ask_ratings: false,
            ..config(true, q)
        };
        assert_eq!(
            ask_after(&quiet, true, &mut lines, &mut out).expect("asks"),
            After::default()
        );
    }
}
