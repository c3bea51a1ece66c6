//! Timeline to sound: synthesized bells, an optional espeak-ng voice, WAV output.
//!
//! [`render_wav`] turns a core [`Timeline`](backcalm_core::Timeline) into a
//! 48 kHz mono 16-bit WAV of exactly `total_ms` milliseconds: a bell at every
//! bell cue ([`bell`]) and, when a [`Voice`] is given, the words of every speak
//! cue at its time. Without a voice the file holds the bells only and the
//! person reads the captions. [`Chime`] rings a bell live for the terminal
//! player.
//!
//! Nothing here reads a clock: the renderer places sound by the timeline's
//! milliseconds, so the same timeline always gives the same samples.

mod bell;
mod chime;
mod encode;
mod error;
mod program;
mod render;
mod voice;
mod wav;

pub use bell::{bell, bell_wav_bytes, BELL_MS};
pub use chime::Chime;
pub use encode::{encode_mp3, render_mp3, Mp3Encoder, MP3_SAMPLE_RATE, SCREEN_OFF_KBPS};
pub use error::AudioError;
pub use render::{render_pcm, render_wav, RenderReport};
pub use voice::{Espeak, Voice};

/// Samples a second in everything this crate makes.
pub const SAMPLE_RATE: u32 = 48_000;

/// Samples in one millisecond at [`SAMPLE_RATE`].
const SAMPLES_PER_MS: u64 = SAMPLE_RATE as u64 / 1000;
