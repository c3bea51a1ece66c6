//! `render`: WAV files of the exact length.

use crate::{Bc, Run};

/// The fields of a canonical WAV header, and the data chunk's length.
fn wav_format(bytes: &[u8]) -> (u16, u16, u32, u16, u32) {
    assert_eq!(&bytes[0..4], b"RIFF");
    assert_eq!(&bytes[8..12], b"WAVE");
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let u32_at =
        |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let mut at = 12;
    let mut fmt = None;
    while at + 8 <= bytes.len() {
        let size = u32_at(at + 4);
        match &bytes[at..at + 4] {
            b"fmt " => {
                fmt = Some((
                    u16_at(at + 8),
                    u16_at(at + 10),
                    u32_at(at + 12),
                    u16_at(at + 22),
                ))
            }
            b"data" => {
                let (format, channels, rate, bits) = fmt.expect("fmt before data");
                assert_eq!(
                    bytes.len() - (at + 8),
                    size as usize,
                    "data runs to the end of the file"
                );
                return (format, channels, rate, bits, size);
            }
            _ => {}
        }
        at += 8 + size as usize + (size as usize % 2);
    }
    panic!("no data chunk");
}

#[test]
fn render_writes_48_khz_mono_of_the_exact_length() {
    let bc = Bc::new();
    let out = bc.scratch("breathing.wav");
    let path = out.to_str().expect("utf-8 path");
    let r = bc.ok(&[
        "render",
        "paced-breathing",
        "--minutes",
        "1",
        "--no-voice",
        "-o",
        path,
    ]);
    assert_eq!(
        r.stdout,
        format!("Wrote {path} (01:00, bells only, no voice)\n")
    );
    assert!(
        r.stderr.is_empty(),
        "--no-voice says nothing about espeak-ng: {}",
        r.stderr
    );
    let (format, channels, rate, bits, data) = wav_format(&std::fs::read(&out).expect("the file"));
    assert_eq!((format, channels, rate, bits), (1, 1, 48_000, 16));
    assert_eq!(u64::from(data), 60_000 * 48 * 2);
    assert!(!bc.data.exists(), "rendering must not create the data dir");
}

#[test]
fn render_without_espeak_says_so_once_and_still_writes() {
    let bc = Bc::new();
    let out = bc.scratch("timer.wav");
    let path = out.to_str().expect("utf-8 path");
    let empty_path = bc.scratch("no-programs");
    std::fs::create_dir(&empty_path).expect("mkdir");
    let r: Run = bc
        .command(&["render", "natural-breath", "--minutes", "1", "-o", path])
        .env("PATH", &empty_path)
        .output()
        .expect("runs")
        .into();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "espeak-ng not found: writing bells only; captions are in `backcalm practice show`\n"
    );
    let (_, _, _, _, data) = wav_format(&std::fs::read(&out).expect("the file"));
    assert_eq!(u64::from(data), 60_000 * 48 * 2);
}

#[test]
fn render_speaks_with_espeak_ng() {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join("espeak-ng").is_file()))
        .unwrap_or(false);
    assert!(
        found,
        "espeak-ng is needed for this test: apt-get install espeak-ng (scripts/test does)"
    );
    let bc = Bc::new();
    let out = bc.scratch("spoken.wav");
    let path = out.to_str().expect("utf-8 path");
    let tl = bc
        .ok(&[
            "practice",
            "show",
            "natural-breath",
            "--minutes",
            "2",
            "--json",
        ])
        .json();
    let prompts = tl["cues"]
        .as_array()
        .expect("cues")
        .iter()
        .filter(|c| c["kind"] == "speak")
        .count();
    let r = bc.ok(&["render", "natural-breath", "--minutes", "2", "-o", path]);
    assert_eq!(
        r.stdout,
        format!("Wrote {path} (02:00, {prompts} prompts spoken)\n")
    );
    let (_, _, _, _, data) = wav_format(&std::fs::read(&out).expect("the file"));
    assert_eq!(u64::from(data), 120_000 * 48 * 2);
}
