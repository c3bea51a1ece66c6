//! Voices: something that turns words into samples. The real one is espeak-ng.

use crate::{program::on_path, wav, AudioError, SAMPLE_RATE};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Speaks words as mono samples at [`SAMPLE_RATE`], each in -1.0..1.0.
pub trait Voice {
    /// The samples of `text` spoken once, with no long silence around it.
    fn speak(&mut self, text: &str) -> Result<Vec<f32>, AudioError>;
}

/// The espeak-ng speech synthesizer, run once per sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Espeak {
    program: PathBuf,
    /// Words a minute as heard in the output, not espeak-ng's `-s`.
    wpm: u32,
}

/// Words a minute heard in the output by default: the rate core budgets
/// prompts at, so the words fit the steps; calm, a little slower than talk.
const DEFAULT_WPM: u32 = backcalm_core::content::BUDGET_WPM;

/// espeak-ng's `-s` is nominal: on these scripts' short, plain words its
/// English voice speaks about 1.23 times faster than asked (measured on the
/// output with silences trimmed: `-s 130` gave 150-160 words a minute, `-s 90`
/// gave 111). So `-s` is the wanted rate times this fraction.
const NOMINAL_PER_HEARD: (u32, u32) = (81, 100);
/// espeak-ng's own bounds for `-s`.
const NOMINAL_RANGE: std::ops::RangeInclusive<u32> = 80..=450;
/// The rates that `-s` can give, as heard.
const WPM_RANGE: std::ops::RangeInclusive<u32> = 99..=555;
const _: () = assert!(
    *WPM_RANGE.start() * NOMINAL_PER_HEARD.0 / NOMINAL_PER_HEARD.1 >= *NOMINAL_RANGE.start()
        && *WPM_RANGE.end() * NOMINAL_PER_HEARD.0 / NOMINAL_PER_HEARD.1 <= *NOMINAL_RANGE.end()
);
/// A little below espeak-ng's default pitch of 50: softer, less chirpy.
const PITCH: &str = "40";

impl Espeak {
    /// espeak-ng from `PATH`, or `None` when it is not installed.
    pub fn find() -> Option<Espeak> {
        on_path("espeak-ng").map(|program| Espeak {
            program,
            wpm: DEFAULT_WPM,
        })
    }

    /// Speaks at about `wpm` words a minute as heard (kept within 99-555,
    /// what espeak-ng's range of `-s` gives).
    pub fn with_rate(self, wpm: u32) -> Self {
        Espeak {
            wpm: wpm.clamp(*WPM_RANGE.start(), *WPM_RANGE.end()),
            ..self
        }
    }

    /// The words a minute it speaks at, as heard.
    pub fn rate(&self) -> u32 {
        self.wpm
    }

    /// The `-s` that gives [`Espeak::rate`] on the output.
    fn nominal_rate(&self) -> u32 {
        (self.wpm * NOMINAL_PER_HEARD.0 / NOMINAL_PER_HEARD.1)
            .clamp(*NOMINAL_RANGE.start(), *NOMINAL_RANGE.end())
    }
}

impl Voice for Espeak {
    fn speak(&mut self, text: &str) -> Result<Vec<f32>, AudioError> {
        // Words on one line: newlines and other control characters are not speech.
        let line: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let line = line.trim();
        if line.is_empty() {
            return Ok(Vec::new());
        }
        let start_err = |source| AudioError::VoiceStart {
            program: self.program.clone(),
            source,
        };
        // The words go in on stdin, never as an argument, so text like
        // "--help" is spoken, not obeyed; no shell is involved.
        let mut child = Command::new(&self.program)
            .args([
                "--stdout",
                "-s",
                &self.nominal_rate().to_string(),
                "-p",
                PITCH,
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(start_err)?;
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| AudioError::VoiceOutput("no stdin pipe".into()))?;
        // Write from another thread so a long text cannot deadlock against a full stdout pipe.
        let output = std::thread::scope(|s| {
            let writer = s.spawn(move || stdin.write_all(line.as_bytes()));
            let output = child.wait_with_output();
            (writer.join(), output)
        });
        let output = match output {
            (_, Err(e)) => return Err(start_err(e)),
            (Ok(Err(e)), Ok(out)) if out.status.success() => return Err(start_err(e)),
            (_, Ok(out)) => out,
        };
        if !output.status.success() {
            return Err(AudioError::VoiceFailed {
                status: output.status.to_string(),
                stderr: String::from_utf8_lossy(&output.stderr).trim().to_string(),
            });
        }
        let (rate, samples) = wav::read_pcm16(&output.stdout).map_err(AudioError::VoiceOutput)?;
        Ok(trim_silence(wav::resample(&samples, rate, SAMPLE_RATE)))
    }
}

/// Below this a sample counts as silence when trimming.
const SILENCE: f32 = 1.0 / 1000.0;
/// Kept either side of the words, so trimming never clips a soft onset.
const MARGIN_MS: usize = 10;

/// Cuts the silence espeak-ng puts around the words (about half a second
/// after them), so a prompt ends when its words do and the next one need
/// not wait for nothing.
fn trim_silence(mut s: Vec<f32>) -> Vec<f32> {
    let margin = MARGIN_MS * SAMPLE_RATE as usize / 1000;
    let Some(first) = s.iter().position(|x| x.abs() > SILENCE) else {
        return Vec::new();
    };
    let last = s.iter().rposition(|x| x.abs() > SILENCE).unwrap_or(first);
    s.truncate((last + 1 + margin).min(s.len()));
    s.drain(..first.saturating_sub(margin));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_is_heard_words_a_minute_and_asks_espeak_for_less() {
        let e = Espeak {
            program: "espeak-ng".into(),
            wpm: DEFAULT_WPM,
        };
        assert_eq!((e.rate(), e.nominal_rate()), (110, 89));
        let slowest = e.clone().with_rate(10);
        assert_eq!((slowest.rate(), slowest.nominal_rate()), (99, 80));
        let fastest = e.clone().with_rate(1_000);
        assert_eq!((fastest.rate(), fastest.nominal_rate()), (555, 449));
        assert_eq!(e.with_rate(150).nominal_rate(), 121);
    }

    #[test]
    fn a_missing_program_is_an_error_that_says_to_install_espeak_ng() {
        let mut e = Espeak {
            program: "/nonexistent/backcalm/espeak-ng".into(),
            wpm: DEFAULT_WPM,
        };
        let err = e.speak("hello").unwrap_err();
        assert!(matches!(err, AudioError::VoiceStart { .. }), "{err:?}");
        assert!(err.to_string().contains("install espeak-ng"), "{err}");
    }

    #[test]
    fn silence_around_the_words_is_trimmed_to_a_short_margin() {
        let margin = 480;
        let mut s = vec![0.0f32; 10_000];
        s.extend([0.3; 1_000]);
        s.extend(vec![0.0005; 20_000]);
        let t = trim_silence(s);
        assert_eq!(t.len(), margin + 1_000 + margin);
        assert!(t[margin..margin + 1_000].iter().all(|x| *x == 0.3));
        assert_eq!(trim_silence(vec![0.0; 100]), Vec::<f32>::new());
        // Words right at the edges lose nothing.
        assert_eq!(trim_silence(vec![0.5, 0.0, -0.5]), vec![0.5, 0.0, -0.5]);
    }

    #[test]
    fn nothing_to_say_is_silence_without_running_anything() {
        let mut e = Espeak {
            program: "/nonexistent/backcalm/espeak-ng".into(),
            wpm: DEFAULT_WPM,
        };
        assert_eq!(e.speak(" \n\t ").unwrap(), Vec::<f32>::new());
    }
}
