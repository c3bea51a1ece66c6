//! What can go wrong while making sound, and what to do about it.

use std::path::PathBuf;

/// A failure to render or speak. Each message says what to do next.
#[derive(thiserror::Error, Debug)]
pub enum AudioError {
    /// The output could not be written.
    #[error(
        "could not write the audio: {0}; check that the disk has space and the folder is writable"
    )]
    Write(#[from] std::io::Error),
    /// The WAV encoder refused (an I/O failure underneath, usually).
    #[error("could not write the WAV file: {0}; check that the disk has space and the folder is writable")]
    Wav(#[from] hound::Error),
    /// The timeline is longer than a WAV file can hold.
    #[error("{minutes} minutes is too long for one WAV file (at most {max_minutes} minutes); choose a shorter length")]
    TooLong {
        /// The timeline's length in whole minutes.
        minutes: u64,
        /// The longest a WAV file can hold.
        max_minutes: u64,
    },
    /// espeak-ng could not be started.
    #[error("could not run {program}: {source}; install espeak-ng (apt-get install espeak-ng) or render without a voice")]
    VoiceStart {
        /// The program that was run.
        program: PathBuf,
        /// Why it did not start.
        source: std::io::Error,
    },
    /// espeak-ng ran but failed.
    #[error("espeak-ng failed ({status}): {stderr}; check that espeak-ng works (espeak-ng \"hello\") or render without a voice")]
    VoiceFailed {
        /// Its exit status.
        status: String,
        /// What it printed on stderr.
        stderr: String,
    },
    /// The MP3 encoder refused its settings or the samples.
    #[error("could not encode the MP3: {0}")]
    Encode(String),
    /// The voice's audio could not be read.
    #[error("the voice gave audio that cannot be read ({0}); reinstall espeak-ng or render without a voice")]
    VoiceOutput(String),
}
