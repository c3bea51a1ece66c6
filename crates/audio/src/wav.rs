//! WAV in and out: the format we write, and reading what a voice program gives.

use crate::SAMPLE_RATE;

/// What every file here is: 48 kHz, mono, 16-bit PCM.
pub(crate) const SPEC: hound::WavSpec = hound::WavSpec {
    channels: 1,
    sample_rate: SAMPLE_RATE,
    bits_per_sample: 16,
    sample_format: hound::SampleFormat::Int,
};

/// A sample in -1.0..1.0 as 16-bit PCM; louder is clipped, not wrapped.
#[inline]
pub(crate) fn to_i16(x: f32) -> i16 {
    // `as` saturates, so anything past full scale clips.
    (x * 32767.0).round() as i16
}

/// Writes `samples` as a complete WAV file.
pub(crate) fn write_all<W: std::io::Write + std::io::Seek>(
    out: W,
    samples: &[f32],
) -> Result<(), hound::Error> {
    let mut w = hound::WavWriter::new(out, SPEC)?;
    let mut s16 = w.get_i16_writer(samples.len() as u32);
    for &x in samples {
        s16.write_sample(to_i16(x));
    }
    s16.flush()?;
    w.finalize()
}

/// Mono samples and their rate, read from a 16-bit PCM WAV file.
///
/// Tolerant of what programs write to a pipe: a data length that runs past
/// the end (they cannot seek back to fix it) is cut to what is there. More
/// than one channel is mixed down.
pub(crate) fn read_pcm16(bytes: &[u8]) -> Result<(u32, Vec<f32>), String> {
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return Err(format!("not a WAV file ({} bytes)", bytes.len()));
    }
    let mut format: Option<(u16, u16, u32, u16)> = None;
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let size = u32::from_le_bytes([bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]])
            as usize;
        let body = &bytes[at + 8..];
        let body = &body[..size.min(body.len())];
        match id {
            b"fmt " if body.len() >= 16 => {
                let u16_at = |i: usize| u16::from_le_bytes([body[i], body[i + 1]]);
                let rate = u32::from_le_bytes([body[4], body[5], body[6], body[7]]);
                format = Some((u16_at(0), u16_at(2), rate, u16_at(14)));
            }
            b"data" => {
                let (tag, channels, rate, bits) = format.ok_or("data before its format")?;
                // 1 is PCM; 0xFFFE (extensible) carries PCM too at 16 bits.
                if !(tag == 1 || tag == 0xFFFE) || bits != 16 || channels == 0 || rate == 0 {
                    return Err(format!(
                        "format {tag} with {bits} bits, {channels} channels at {rate} Hz"
                    ));
                }
                let frame = 2 * usize::from(channels);
                let scale = 1.0 / (32768.0 * f32::from(channels));
                let mono = body
                    .chunks_exact(frame)
                    .map(|f| {
                        f.chunks_exact(2)
                            .map(|s| f32::from(i16::from_le_bytes([s[0], s[1]])))
                            .sum::<f32>()
                            * scale
                    })
                    .collect();
                return Ok((rate, mono));
            }
            _ => {}
        }
        // Chunks are padded to an even length.
        at += 8 + size + (size & 1);
    }
    Err("no audio data in the WAV file".into())
}

/// `samples` at `from` Hz, linearly interpolated to `to` Hz. Plenty for speech.
pub(crate) fn resample(samples: &[f32], from: u32, to: u32) -> Vec<f32> {
    if from == to || samples.is_empty() || from == 0 || to == 0 {
        return samples.to_vec();
    }
    let (from, to) = (u64::from(from), u64::from(to));
    let out_len = samples.len() as u64 * to / from;
    let last = samples.len() - 1;
    (0..out_len)
        .map(|j| {
            // Integer position so long clips do not drift.
            let pos = j * from;
            let i = (pos / to) as usize;
            let frac = (pos % to) as f32 / to as f32;
            let a = samples[i.min(last)];
            let b = samples[(i + 1).min(last)];
            a + (b - a) * frac
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav(tag: u16, channels: u16, rate: u32, data_len: u32, samples: &[i16]) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(b"RIFF");
        b.extend_from_slice(&0x7fff_f024u32.to_le_bytes());
        b.extend_from_slice(b"WAVE");
        b.extend_from_slice(b"LIST");
        b.extend_from_slice(&3u32.to_le_bytes());
        b.extend_from_slice(b"abc\0");
        b.extend_from_slice(b"fmt ");
        b.extend_from_slice(&16u32.to_le_bytes());
        b.extend_from_slice(&tag.to_le_bytes());
        b.extend_from_slice(&channels.to_le_bytes());
        b.extend_from_slice(&rate.to_le_bytes());
        b.extend_from_slice(&(rate * 2 * u32::from(channels)).to_le_bytes());
        b.extend_from_slice(&(2 * channels).to_le_bytes());
        b.extend_from_slice(&16u16.to_le_bytes());
        b.extend_from_slice(b"data");
        b.extend_from_slice(&data_len.to_le_bytes());
        for s in samples {
            b.extend_from_slice(&s.to_le_bytes());
        }
        b
    }

    #[test]
    fn reads_a_piped_wav_whose_length_field_is_too_big() {
        // What espeak-ng --stdout writes: it cannot seek back to fix the length.
        let bytes = wav(1, 1, 22_050, 0x7fff_f000, &[0, 16_384, -16_384, 32_767]);
        let (rate, s) = read_pcm16(&bytes).unwrap();
        assert_eq!(rate, 22_050);
        assert_eq!(s, vec![0.0, 0.5, -0.5, 32_767.0 / 32_768.0]);
    }

    #[test]
    fn mixes_stereo_down_and_refuses_what_is_not_16_bit_pcm() {
        let (_, s) = read_pcm16(&wav(1, 2, 16_000, 8, &[16_384, 0, -16_384, -16_384])).unwrap();
        assert_eq!(s, vec![0.25, -0.5]);
        assert!(read_pcm16(&wav(3, 1, 16_000, 4, &[0, 0]))
            .unwrap_err()
            .contains("format 3"));
        assert!(read_pcm16(b"not a wav at all").is_err());
        assert!(read_pcm16(&[]).is_err());
    }

    #[test]
    fn resampling_keeps_length_in_time_pitch_and_level() {
        let from = 22_050u32;
        let tone: Vec<f32> = (0..from)
            .map(|n| 0.5 * (std::f32::consts::TAU * 200.0 * n as f32 / from as f32).sin())
            .collect();
        let out = resample(&tone, from, SAMPLE_RATE);
        assert_eq!(out.len(), SAMPLE_RATE as usize);
        let crossings = out
            .windows(2)
            .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
            .count();
        assert!(
            (398..=402).contains(&crossings),
            "{crossings} zero crossings for 200 Hz over 1 s"
        );
        let peak = out.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        assert!((0.49..=0.5).contains(&peak), "peak {peak}");
    }

    #[test]
    fn to_i16_rounds_and_clips() {
        assert_eq!(to_i16(0.0), 0);
        assert_eq!(to_i16(1.0), 32_767);
        assert_eq!(to_i16(-1.0), -32_767);
        assert_eq!(to_i16(3.0), 32_767);
        assert_eq!(to_i16(-3.0), -32_768);
        assert_eq!(to_i16(0.5), 16_384);
    }
}
