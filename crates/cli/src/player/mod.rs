//! The terminal player (being written): plays a compiled `Timeline`.
//!
//! Interface contract used by `commands/practice.rs`:
//! `play(&Timeline, &PlayConfig) -> anyhow::Result<PlayResult>`.

use backcalm_core::Timeline;

/// How to play.
#[derive(Debug, Clone)]
pub struct PlayConfig {
    /// Plain line mode (no full-screen repainting): for screen readers, pipes, `--plain`.
    pub plain: bool,
    /// Colours allowed (false under `NO_COLOR`).
    pub color: bool,
    /// Ring bells through aplay/paplay when available.
    pub bells: bool,
    /// Ask pain and stress before and after (skippable).
    pub ask_ratings: bool,
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
}

/// Plays the timeline in the terminal.
pub fn play(tl: &Timeline, cfg: &PlayConfig) -> anyhow::Result<PlayResult> {
    let _ = cfg;
    anyhow::bail!("the terminal player for {} is not built yet", tl.id)
}
