//! Samples to MP3, for the screen-off player: one compressed file a phone
//! keeps playing with its screen locked.
//!
//! MP3 because every browser plays it (iOS Safari included); mono at 24 kHz
//! and a constant bitrate, because voice and bells need no more and a
//! constant rate keeps the file's size, duration and seek points exact:
//! at [`SCREEN_OFF_KBPS`] a 20-minute session is 7.2 MB. The encoder is LAME,
//! built from the source bundled in the `mp3lame-sys` crate.
//!
//! [`render_mp3`] encodes a timeline while it is mixed, a second at a time,
//! so a long session never sits in memory as raw samples (a 20-minute one
//! would take 230 MB as `f32`).

use crate::{render_wav, wav, AudioError, RenderReport, Voice};
use backcalm_core::Timeline;
use mp3lame_encoder::{Bitrate, Builder, Encoder, FlushGap, Mode, MonoPcm, Quality};
use std::fmt;
use std::io::{self, Seek, SeekFrom, Write};
use std::num::NonZeroU32;

/// The sample rate of every MP3 made here: MPEG-2's highest, ample for voice and bells.
pub const MP3_SAMPLE_RATE: u32 = 24_000;

/// The bitrate of the screen-off file: clean speech and bells, 6 kB a second.
pub const SCREEN_OFF_KBPS: u32 = 48;

/// Samples handed to LAME at a time (one second at 48 kHz).
const CHUNK: usize = 48_000;

/// The constant bitrates MPEG-2 Layer III allows at 24 kHz, as LAME takes them.
fn bitrate(kbps: u32) -> Option<Bitrate> {
    Some(match kbps {
        8 => Bitrate::Kbps8,
        16 => Bitrate::Kbps16,
        24 => Bitrate::Kbps24,
        32 => Bitrate::Kbps32,
        40 => Bitrate::Kbps40,
        48 => Bitrate::Kbps48,
        64 => Bitrate::Kbps64,
        80 => Bitrate::Kbps80,
        96 => Bitrate::Kbps96,
        112 => Bitrate::Kbps112,
        128 => Bitrate::Kbps128,
        160 => Bitrate::Kbps160,
        _ => return None,
    })
}

/// An MP3 being made: push samples in order, then [`finish`](Mp3Encoder::finish).
pub struct Mp3Encoder {
    lame: Encoder,
    out: Vec<u8>,
    /// Samples as 16-bit PCM, the same values a WAV of the session holds.
    scratch: Vec<i16>,
}

impl fmt::Debug for Mp3Encoder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mp3Encoder")
            .field("bytes_so_far", &self.out.len())
            .finish_non_exhaustive()
    }
}

impl Mp3Encoder {
    /// An encoder of mono samples at `sample_rate` into a constant-bitrate
    /// MP3 of `kbps` at [`MP3_SAMPLE_RATE`].
    pub fn new(sample_rate: u32, kbps: u32) -> Result<Self, AudioError> {
        let rate = bitrate(kbps).ok_or_else(|| {
            AudioError::Encode(format!(
                "{kbps} kbps is not an MP3 bitrate at 24 kHz; use 16, 24, 32, 40, 48, 64, 80, 96, 112, 128 or 160"
            ))
        })?;
        if !(8_000..=192_000).contains(&sample_rate) {
            return Err(AudioError::Encode(format!(
                "{sample_rate} Hz is not a sample rate the encoder takes; give 8000 to 192000"
            )));
        }
        let refused = |what: &str, e: mp3lame_encoder::BuildError| {
            AudioError::Encode(format!("LAME refused the {what} ({e})"))
        };
        let mut b = Builder::new()
            .ok_or_else(|| AudioError::Encode("LAME could not allocate an encoder".into()))?;
        b.set_num_channels(1).map_err(|e| refused("channels", e))?;
        b.set_sample_rate(sample_rate)
            .map_err(|e| refused("input rate", e))?;
        b.set_output_sample_rate(NonZeroU32::new(MP3_SAMPLE_RATE))
            .map_err(|e| refused("output rate", e))?;
        b.set_mode(Mode::Mono).map_err(|e| refused("mode", e))?;
        b.set_brate(rate).map_err(|e| refused("bitrate", e))?;
        // 5 is LAME's default trade of speed for quality; at these rates lower is no audible gain.
        b.set_quality(Quality::Good)
            .map_err(|e| refused("quality", e))?;
        // No "Info" frame: it does not fit a 48 kbps frame at 24 kHz, and at a
        // constant rate players work out the duration from the size exactly.
        b.set_to_write_vbr_tag(false)
            .map_err(|e| refused("Info tag", e))?;
        let lame = b.build().map_err(|e| refused("settings", e))?;
        Ok(Mp3Encoder {
            lame,
            out: Vec::new(),
            scratch: Vec::with_capacity(CHUNK),
        })
    }

    /// Encodes samples in -1.0..1.0 (louder is clipped, as in a WAV file).
    pub fn push(&mut self, pcm: &[f32]) -> Result<(), AudioError> {
        for chunk in pcm.chunks(CHUNK) {
            let mut s = std::mem::take(&mut self.scratch);
            s.clear();
            s.extend(chunk.iter().map(|&x| wav::to_i16(x)));
            let done = self.push_i16(&s);
            self.scratch = s;
            done?;
        }
        Ok(())
    }

    /// Encodes 16-bit samples.
    fn push_i16(&mut self, pcm: &[i16]) -> Result<(), AudioError> {
        for chunk in pcm.chunks(CHUNK) {
            self.out
                .reserve(mp3lame_encoder::max_required_buffer_size(chunk.len()));
            self.lame
                .encode_to_vec(MonoPcm(chunk), &mut self.out)
                .map_err(|e| AudioError::Encode(format!("LAME failed on the samples ({e})")))?;
        }
        Ok(())
    }

    /// Ends the stream and gives back the whole file.
    pub fn finish(mut self) -> Result<Vec<u8>, AudioError> {
        // The last frames: LAME holds back up to about two frames' worth.
        self.out
            .reserve(mp3lame_encoder::max_required_buffer_size(0));
        self.lame
            .flush_to_vec::<FlushGap>(&mut self.out)
            .map_err(|e| AudioError::Encode(format!("LAME failed to finish ({e})")))?;
        Ok(self.out)
    }
}

/// Encodes mono samples at `sample_rate` (each in -1.0..1.0) as a
/// constant-bitrate MP3 of `kbps` at [`MP3_SAMPLE_RATE`].
pub fn encode_mp3(pcm: &[f32], sample_rate: u32, kbps: u32) -> Result<Vec<u8>, AudioError> {
    let mut enc = Mp3Encoder::new(sample_rate, kbps)?;
    enc.push(pcm)?;
    enc.finish()
}

/// Renders `tl` as [`render_wav`] does and encodes it as an MP3 of `kbps`,
/// a second at a time. The audio is the same as
/// `encode_mp3(&render_pcm(tl, voice)?.0, SAMPLE_RATE, kbps)`, without
/// holding the session's samples in memory.
pub fn render_mp3(
    tl: &Timeline,
    voice: Option<&mut dyn Voice>,
    kbps: u32,
) -> Result<(Vec<u8>, RenderReport), AudioError> {
    let mut enc = Mp3Encoder::new(crate::SAMPLE_RATE, kbps)?;
    let mut tap = WavTap::new(&mut enc);
    let report = match render_wav(tl, voice, &mut tap) {
        Ok(r) => r,
        // The encoder's own error says more than the writer's wrapping of it.
        Err(e) => return Err(tap.failed.take().unwrap_or(e)),
    };
    Ok((enc.finish()?, report))
}

/// Takes the WAV file [`render_wav`] writes and passes its samples to the
/// encoder as they arrive. The header is read to find where samples start;
/// the renderer's final rewrite of the header's length fields is ignored.
struct WavTap<'a> {
    enc: &'a mut Mp3Encoder,
    /// Where the next write lands.
    pos: u64,
    /// Bytes written so far, the file's length.
    end: u64,
    /// The bytes before the samples, until the `data` chunk is found.
    head: Vec<u8>,
    /// Where the samples start, once known.
    data_at: Option<u64>,
    /// The first byte of a sample split between two writes.
    half: Option<u8>,
    samples: Vec<i16>,
    /// What the encoder said when it failed, to report instead of an I/O error.
    failed: Option<AudioError>,
}

impl<'a> WavTap<'a> {
    fn new(enc: &'a mut Mp3Encoder) -> Self {
        WavTap {
            enc,
            pos: 0,
            end: 0,
            head: Vec::new(),
            data_at: None,
            half: None,
            samples: Vec::with_capacity(CHUNK),
            failed: None,
        }
    }

    /// Passes 16-bit little-endian sample bytes to the encoder.
    fn feed(&mut self, mut bytes: &[u8]) -> io::Result<()> {
        self.samples.clear();
        if let (Some(lo), Some((&hi, rest))) = (self.half, bytes.split_first()) {
            self.samples.push(i16::from_le_bytes([lo, hi]));
            self.half = None;
            bytes = rest;
        }
        let pairs = bytes.chunks_exact(2);
        if let [odd] = pairs.remainder() {
            self.half = Some(*odd);
        }
        self.samples
            .extend(pairs.map(|p| i16::from_le_bytes([p[0], p[1]])));
        let samples = std::mem::take(&mut self.samples);
        let done = self.enc.push_i16(&samples);
        self.samples = samples;
        done.map_err(|e| {
            let msg = e.to_string();
            self.failed = Some(e);
            io::Error::other(msg)
        })
    }
}

/// Where the samples of a WAV file start, once `head` holds the `data` chunk's header.
fn data_offset(head: &[u8]) -> Option<u64> {
    if head.len() < 12 {
        return None;
    }
    let mut at = 12usize;
    while head.len() >= at + 8 {
        let size = u32::from_le_bytes([head[at + 4], head[at + 5], head[at + 6], head[at + 7]]);
        if &head[at..at + 4] == b"data" {
            return Some(at as u64 + 8);
        }
        // Chunks are padded to an even length.
        at += 8 + size as usize + (size as usize & 1);
    }
    None
}

impl Write for WavTap<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let len = buf.len() as u64;
        if self.pos < self.end {
            // The renderer going back to fill in the header's lengths: only ever
            // before the samples, and of no use to an MP3.
            let inside_header = self.data_at.is_some_and(|d| self.pos + len <= d);
            if !inside_header {
                return Err(io::Error::other("the WAV writer rewrote samples"));
            }
            self.pos += len;
            return Ok(buf.len());
        }
        if self.pos > self.end {
            return Err(io::Error::other("the WAV writer left a gap"));
        }
        self.pos += len;
        self.end += len;
        match self.data_at {
            Some(_) => self.feed(buf)?,
            None => {
                self.head.extend_from_slice(buf);
                if let Some(d) = data_offset(&self.head) {
                    self.data_at = Some(d);
                    let head = std::mem::take(&mut self.head);
                    self.feed(head.get(d as usize..).unwrap_or(&[]))?;
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Seek for WavTap<'_> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
            SeekFrom::End(d) => self.end.checked_add_signed(d),
        };
        self.pos = target.ok_or_else(|| io::Error::other("seek before the start"))?;
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{render_pcm, SAMPLE_RATE};
    use backcalm_core::{compile, Library, Options};

    /// MPEG-2 Layer III bitrates by header index, in kbps.
    const KBPS: [u32; 15] = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

    /// Walks every frame of an MPEG-2 Layer III mono file at 24 kHz: (frames, kbps of each).
    fn frames(mp3: &[u8]) -> (usize, Vec<u32>) {
        let mut at = 0;
        let mut rates = Vec::new();
        while at < mp3.len() {
            let h = &mp3[at..at + 4];
            assert_eq!(h[0], 0xFF, "frame sync at byte {at}");
            assert_eq!(h[1] & 0xFE, 0xF2, "MPEG-2 Layer III at byte {at}");
            let kbps = KBPS[usize::from(h[2] >> 4)];
            assert_eq!((h[2] >> 2) & 3, 1, "24 kHz at byte {at}");
            assert_eq!(h[3] >> 6, 3, "mono at byte {at}");
            let padding = usize::from((h[2] >> 1) & 1);
            at += 72 * kbps as usize * 1000 / MP3_SAMPLE_RATE as usize + padding;
            rates.push(kbps);
        }
        assert_eq!(at, mp3.len(), "the last frame ends the file");
        (rates.len(), rates)
    }

    fn timeline(id: &str, minutes: u32) -> Timeline {
        let lib = Library::embedded().expect("content");
        compile(lib.get(id).expect("practice"), &Options::minutes(minutes)).expect("compiles")
    }

    #[test]
    fn a_minute_is_whole_constant_rate_frames_of_the_right_length() {
        // (Not the timer: its closing bell rings out 6 s past the minute.)
        let tl = timeline("natural-breath", 1);
        let (mp3, report) = render_mp3(&tl, None, SCREEN_OFF_KBPS).expect("renders");
        assert!(report.captions_only);
        let (n, rates) = frames(&mp3);
        assert!(rates.iter().all(|&k| k == 48), "constant rate: {rates:?}");
        // 576 samples a frame; LAME adds its delay (about 1100 samples) and pads the last frame.
        let seconds = n as f64 * 576.0 / f64::from(MP3_SAMPLE_RATE);
        assert!((60.0..60.2).contains(&seconds), "{seconds} s");
        assert!(
            (355_000..=365_000).contains(&mp3.len()),
            "{} bytes",
            mp3.len()
        );
    }

    #[test]
    fn streaming_gives_the_same_file_as_encoding_the_whole_track() {
        let tl = timeline("meditation-timer", 1);
        let (pcm, _) = render_pcm(&tl, None).expect("pcm");
        let whole = encode_mp3(&pcm, SAMPLE_RATE, 32).expect("encodes");
        let (streamed, _) = render_mp3(&tl, None, 32).expect("renders");
        assert_eq!(whole.len(), streamed.len());
        assert!(whole == streamed, "same bytes");
        // The bells are in it: the audio frames are not all alike.
        let frame = 72 * 32 * 1000 / 24_000;
        let body = &streamed[frame..];
        assert!(body.chunks(frame).any(|f| f != &body[..frame]));
    }

    #[test]
    fn silence_and_a_tone_both_encode_and_the_tone_is_not_silence() {
        let silent = encode_mp3(&vec![0.0; 48_000], 48_000, 48).expect("silence");
        let tone: Vec<f32> = (0..48_000)
            .map(|i| 0.5 * (i as f32 * 440.0 * std::f32::consts::TAU / 48_000.0).sin())
            .collect();
        let loud = encode_mp3(&tone, 48_000, 48).expect("tone");
        assert_eq!(silent.len(), loud.len(), "constant rate");
        assert_ne!(silent[144..], loud[144..]);
        assert_eq!(frames(&loud).0, frames(&silent).0);
    }

    #[test]
    fn other_input_rates_are_resampled_to_24_khz() {
        let mp3 = encode_mp3(&vec![0.1; 22_050], 22_050, 64).expect("encodes");
        let (n, rates) = frames(&mp3);
        assert!(rates.iter().all(|&k| k == 64));
        let seconds = n as f64 * 576.0 / 24_000.0;
        assert!((1.0..1.2).contains(&seconds), "{seconds} s");
    }

    #[test]
    fn bitrates_and_rates_it_cannot_make_are_errors_that_say_what_to_use() {
        let e = Mp3Encoder::new(48_000, 50).unwrap_err();
        assert!(matches!(e, AudioError::Encode(_)), "{e:?}");
        assert!(e.to_string().contains("use 16, 24, 32"), "{e}");
        let e = Mp3Encoder::new(1_000, 48).unwrap_err();
        assert!(e.to_string().contains("8000 to 192000"), "{e}");
    }

    #[test]
    fn the_data_chunk_is_found_after_other_chunks_and_across_writes() {
        let mut wav = b"RIFF\0\0\0\0WAVE".to_vec();
        wav.extend(b"fmt \x03\0\0\0abc\0"); // odd size, padded
        wav.extend(b"data\x04\0\0\0");
        assert_eq!(data_offset(&wav), Some(wav.len() as u64));
        assert_eq!(data_offset(&wav[..wav.len() - 1]), None);
        wav.extend([0x01, 0x00, 0xFF, 0x7F]);
        let mut enc = Mp3Encoder::new(48_000, 32).expect("encoder");
        let mut tap = WavTap::new(&mut enc);
        // Split inside the header and inside a sample.
        for part in [&wav[..5], &wav[5..wav.len() - 3], &wav[wav.len() - 3..]] {
            tap.write_all(part).expect("write");
        }
        assert_eq!(tap.half, None);
        assert_eq!(
            tap.samples,
            vec![1, 0x7FFF],
            "the split sample, then the whole one"
        );
        // Filling in the length is fine; writing over samples is not.
        tap.seek(SeekFrom::Start(4)).expect("seek");
        tap.write_all(&[9, 9, 9, 9]).expect("header rewrite");
        tap.seek(SeekFrom::End(-2)).expect("seek");
        assert!(tap.write_all(&[0, 0]).is_err());
    }
}
