//! A timeline to one mixed track: bells and speech placed at their cues.
//!
//! Every sound is placed first (bells from the cache, speech from the voice),
//! then the track is mixed and handed out a chunk at a time, so a long
//! session never needs the whole file in memory.

use crate::{bell, wav, AudioError, Voice, SAMPLES_PER_MS};
use backcalm_core::content::{sentences, SENTENCE_GAP_MS};
use backcalm_core::{CueKind, Timeline};
use std::collections::HashMap;
use std::io::{BufWriter, Seek, Write};
use std::sync::Arc;

/// What a render did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderReport {
    /// Samples written: exactly `total_ms * 48`.
    pub samples: u64,
    /// Speak cues that were voiced.
    pub prompts_spoken: usize,
    /// No voice: the file has bells only, the words are left to the captions.
    pub captions_only: bool,
}

/// Speech level: leaves headroom for a bell under the words.
const SPEECH_GAIN: f32 = 0.6;
/// Fade at each edge of a spoken prompt, so a voice never clicks in or out.
const SPEECH_EDGE_MS: u64 = 5;
/// Fade of a sound cut off by the end of the file.
const CUT_FADE_MS: u64 = 20;
/// Samples mixed at a time: one second.
const CHUNK: usize = 48_000;
/// The most samples a WAV file's 32-bit length fields allow (2 bytes each, after the header).
const WAV_MAX_SAMPLES: u64 = (u32::MAX as u64 - 36) / 2;

/// Renders `tl` as a 48 kHz mono 16-bit WAV file of exactly `tl.total_ms * 48` samples.
///
/// With a voice, each speak cue is spoken at its time, sentence by sentence
/// with core's `SENTENCE_GAP_MS` of quiet between them; a prompt that would
/// start while the previous one is still being spoken waits for it and that
/// same gap, so words never overlap or run together. Without one, the file holds the bells and
/// [`RenderReport::captions_only`] is set. Sound that runs past the end is
/// faded out. `out` is buffered here; pass a `File` or a `Cursor` as is.
pub fn render_wav<W: Write + Seek>(
    tl: &Timeline,
    voice: Option<&mut dyn Voice>,
    out: W,
) -> Result<RenderReport, AudioError> {
    check_length(tl)?;
    let track = Track::place(tl, voice)?;
    let mut w = hound::WavWriter::new(BufWriter::with_capacity(1 << 16, out), wav::SPEC)?;
    track.mix(|chunk| {
        let mut s16 = w.get_i16_writer(chunk.len() as u32);
        for &x in chunk {
            s16.write_sample(wav::to_i16(x));
        }
        s16.flush()
    })?;
    w.finalize()?;
    Ok(track.report)
}

/// Renders `tl` into memory: the same samples [`render_wav`] writes, as `f32`.
///
/// Holds the whole session (4 bytes a sample, 11.5 MB a minute); for tests
/// and encoders of short sessions. Refuses what [`render_wav`] refuses.
pub fn render_pcm(
    tl: &Timeline,
    voice: Option<&mut dyn Voice>,
) -> Result<(Vec<f32>, RenderReport), AudioError> {
    check_length(tl)?;
    let track = Track::place(tl, voice)?;
    let mut out = Vec::with_capacity(usize::try_from(track.total).unwrap_or(0));
    track.mix(|chunk| {
        out.extend_from_slice(chunk);
        Ok::<(), AudioError>(())
    })?;
    Ok((out, track.report))
}

/// Refuses, before any work, a session longer than a WAV file can hold.
fn check_length(tl: &Timeline) -> Result<(), AudioError> {
    if total_samples(tl) > WAV_MAX_SAMPLES {
        return Err(AudioError::TooLong {
            minutes: tl.total_ms / 60_000,
            max_minutes: WAV_MAX_SAMPLES / (60_000 * SAMPLES_PER_MS),
        });
    }
    Ok(())
}

fn total_samples(tl: &Timeline) -> u64 {
    tl.total_ms.saturating_mul(SAMPLES_PER_MS)
}

/// A sound at a place in the track.
#[derive(Debug)]
struct Placed {
    /// First sample, from the start of the track.
    start: u64,
    audio: Arc<[f32]>,
    /// Samples of `audio` that fit before the end of the track.
    len: usize,
    /// Samples at the end of `len` faded to zero: 0 unless the end cut it off.
    fade: usize,
}

impl Placed {
    fn end(&self) -> u64 {
        self.start + self.len as u64
    }

    /// Adds the part of this sound that falls in `buf`, which starts at sample `at`.
    fn add_to(&self, buf: &mut [f32], at: u64) {
        let from = self.start.max(at);
        let to = self.end().min(at + buf.len() as u64);
        if from >= to {
            return;
        }
        let (first, last) = ((from - self.start) as usize, (to - self.start) as usize);
        let dst = &mut buf[(from - at) as usize..(to - at) as usize];
        let fade_from = self.len - self.fade;
        for ((y, &x), i) in dst.iter_mut().zip(&self.audio[first..last]).zip(first..) {
            let g = if i < fade_from {
                1.0
            } else {
                fade_down(i - fade_from, self.fade)
            };
            *y += g * x;
        }
    }
}

/// Gain `i` samples into a raised-cosine fade of `len` samples: 1 at the start, exactly 0 on the last.
fn fade_down(i: usize, len: usize) -> f32 {
    if len <= 1 {
        return 0.0;
    }
    let g = 0.5 * (1.0 + (std::f32::consts::PI * i as f32 / (len - 1) as f32).cos());
    if i + 1 >= len {
        0.0
    } else {
        g
    }
}

/// Every sound of a timeline in place, ready to mix.
#[derive(Debug)]
struct Track {
    total: u64,
    /// In order of `start`.
    placed: Vec<Placed>,
    report: RenderReport,
}

impl Track {
    fn place(tl: &Timeline, mut voice: Option<&mut dyn Voice>) -> Result<Track, AudioError> {
        let total = total_samples(tl);
        let cut_fade = (CUT_FADE_MS * SAMPLES_PER_MS) as usize;
        // Prompts repeat within a practice ("breathe in"); speak each text once.
        let mut spoken: HashMap<&str, Arc<[f32]>> = HashMap::new();
        let mut voice_free_at = 0u64;
        let mut prompts_spoken = 0;
        let mut placed = Vec::new();
        for cue in &tl.cues {
            let at = cue.at_ms.saturating_mul(SAMPLES_PER_MS);
            let (start, audio) = match (&cue.what, voice.as_deref_mut()) {
                (CueKind::Bell { strikes }, _) => (at, bell(*strikes)),
                (CueKind::Speak { text, .. }, Some(v)) => {
                    let start = at.max(voice_free_at);
                    if start >= total {
                        continue;
                    }
                    let audio = match spoken.get(text.as_str()) {
                        Some(a) => a.clone(),
                        None => {
                            let a = speak_prompt(v, text)?;
                            spoken.insert(text, a.clone());
                            a
                        }
                    };
                    if audio.is_empty() {
                        continue;
                    }
                    voice_free_at = start + audio.len() as u64 + SENTENCE_GAP_MS * SAMPLES_PER_MS;
                    prompts_spoken += 1;
                    (start, audio)
                }
                (CueKind::Speak { .. }, None) | (CueKind::Breath { .. }, _) => continue,
            };
            if start >= total || audio.is_empty() {
                continue;
            }
            let len = (total - start).min(audio.len() as u64) as usize;
            let fade = if len < audio.len() {
                len.min(cut_fade)
            } else {
                0
            };
            placed.push(Placed {
                start,
                audio,
                len,
                fade,
            });
        }
        placed.sort_by_key(|p| p.start);
        let captions_only = voice.is_none();
        Ok(Track {
            total,
            placed,
            report: RenderReport {
                samples: total,
                prompts_spoken,
                captions_only,
            },
        })
    }

    /// Hands the mixed track to `sink` in order, a chunk at a time.
    fn mix<E>(&self, mut sink: impl FnMut(&[f32]) -> Result<(), E>) -> Result<(), E> {
        let mut buf = vec![0.0f32; CHUNK];
        let mut at = 0u64;
        while at < self.total {
            let n = (self.total - at).min(CHUNK as u64) as usize;
            let chunk = &mut buf[..n];
            chunk.fill(0.0);
            let starts_before_end = self.placed.partition_point(|p| p.start < at + n as u64);
            for p in self.placed[..starts_before_end]
                .iter()
                .filter(|p| p.end() > at)
            {
                p.add_to(chunk, at);
            }
            sink(chunk)?;
            at += n as u64;
        }
        Ok(())
    }
}

/// A prompt spoken one sentence at a time, with [`SENTENCE_GAP_MS`] of silence
/// between sentences: a voice's own pause at a full stop is too short to
/// let a sentence land.
fn speak_prompt(voice: &mut dyn Voice, text: &str) -> Result<Arc<[f32]>, AudioError> {
    let gap = (SENTENCE_GAP_MS * SAMPLES_PER_MS) as usize;
    let mut out: Vec<f32> = Vec::new();
    for sentence in sentences(text) {
        let said = prepare_speech(voice.speak(sentence)?);
        if said.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.resize(out.len() + gap, 0.0);
        }
        out.extend_from_slice(&said);
    }
    Ok(out.into())
}

/// A voice's samples made safe to mix: finite, in range, at speech level, faded in and out.
fn prepare_speech(raw: Vec<f32>) -> Vec<f32> {
    let mut s: Vec<f32> = raw
        .into_iter()
        .map(|x| {
            if x.is_finite() {
                x.clamp(-1.0, 1.0) * SPEECH_GAIN
            } else {
                0.0
            }
        })
        .collect();
    let edge = ((SPEECH_EDGE_MS * SAMPLES_PER_MS) as usize).min(s.len() / 2);
    let len = s.len();
    for i in 0..edge {
        let g = fade_down(i, edge);
        s[edge - 1 - i] *= g;
        s[len - edge + i] *= g;
    }
    s
}
