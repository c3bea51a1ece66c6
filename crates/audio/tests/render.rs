//! The renderer against real compiled timelines and hand-made ones.

use backcalm_audio::{bell, render_pcm, render_wav, AudioError, Espeak, Voice, SAMPLE_RATE};
use backcalm_core::timeline::IntervalBells;
use backcalm_core::{compile, Cue, CueKind, Kind, Library, Options, Timeline};
use std::io::Cursor;

const PER_MS: usize = 48;

fn ms(m: u64) -> usize {
    m as usize * PER_MS
}

fn rms(x: &[f32]) -> f32 {
    (x.iter().map(|v| v * v).sum::<f32>() / x.len().max(1) as f32).sqrt()
}

fn max_jump(x: &[f32]) -> f32 {
    x.windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .fold(0.0, f32::max)
}

fn library() -> Library {
    Library::embedded().unwrap_or_else(|e| panic!("the shipped content must load: {e}"))
}

fn timeline(total_ms: u64, cues: Vec<Cue>) -> Timeline {
    Timeline {
        id: "test".into(),
        title: "Test".into(),
        kind: Kind::Timer,
        minutes: None,
        total_ms,
        open_ended: false,
        pace: None,
        variant: None,
        steps: Vec::new(),
        cues,
    }
}

fn bell_at(at_ms: u64, strikes: u8) -> Cue {
    Cue {
        at_ms,
        what: CueKind::Bell { strikes },
    }
}

fn speak_at(at_ms: u64, text: &str) -> Cue {
    Cue {
        at_ms,
        what: CueKind::Speak {
            text: text.into(),
            step: "s".into(),
        },
    }
}

/// Writes `tl` as a WAV, checks its header, and gives back its samples.
fn wav_of(tl: &Timeline, voice: Option<&mut dyn Voice>) -> Vec<i16> {
    let mut out = Cursor::new(Vec::new());
    let report = render_wav(tl, voice, &mut out).unwrap();
    let bytes = out.into_inner();
    let n = tl.total_ms * 48;
    assert_eq!(report.samples, n, "{}: report", tl.id);
    assert_eq!(bytes.len() as u64, 44 + 2 * n, "{}: file size", tl.id);
    let r = hound::WavReader::new(Cursor::new(bytes)).unwrap();
    let spec = r.spec();
    assert_eq!(
        (
            spec.sample_rate,
            spec.channels,
            spec.bits_per_sample,
            spec.sample_format
        ),
        (48_000, 1, 16, hound::SampleFormat::Int),
        "{}: header",
        tl.id
    );
    assert_eq!(u64::from(r.duration()), n, "{}: header length", tl.id);
    // The samples follow the 44-byte header (hound's sample iterator is slow in a debug build).
    let bytes = r.into_inner().into_inner();
    bytes[44..]
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect()
}

#[test]
fn every_practice_renders_to_exactly_its_length_as_48k_mono_16_bit_without_clicks() {
    let lib = library();
    let mut rendered = 0;
    for p in lib.practices() {
        // The shortest version: longer ones differ only in silence, and a debug build renders slowly.
        let m = p.min_minutes;
        let tl = compile(p, &Options::minutes(m)).unwrap();
        // The timer runs on for its closing bell's ring-out.
        let ring_out = if p.kind == Kind::Timer { 6_000 } else { 0 };
        assert_eq!(
            tl.total_ms,
            u64::from(m) * 60_000 + ring_out,
            "{} at {m} min",
            p.id
        );
        let samples = wav_of(&tl, None);
        assert_eq!(samples.len(), ms(tl.total_ms));
        // The bells are in it: not a silent file.
        let bells = tl
            .cues
            .iter()
            .filter(|c| matches!(c.what, CueKind::Bell { .. }))
            .count();
        let loud = samples.iter().map(|s| s.unsigned_abs()).max().unwrap_or(0);
        assert_eq!(
            loud > 5_000,
            bells > 0,
            "{} at {m} min: {bells} bells, peak {loud}",
            p.id
        );
        // No clicks: silence at both ends, and no step bigger than 0.05 of full scale.
        assert_eq!(
            (samples[0], samples[samples.len() - 1]),
            (0, 0),
            "{}: ends",
            p.id
        );
        let jump = samples
            .windows(2)
            .map(|w| (i32::from(w[1]) - i32::from(w[0])).abs())
            .max()
            .unwrap_or(0);
        assert!(jump < 1_638, "{}: a step of {jump} between samples", p.id);
        rendered += 1;
    }
    assert!(rendered >= 6, "only {rendered} practices rendered");
}

#[test]
fn odd_lengths_render_to_the_exact_sample() {
    for total_ms in [0, 1, 999, 6_001, 61_237] {
        let tl = timeline(total_ms, vec![bell_at(0, 1)]);
        assert_eq!(wav_of(&tl, None).len(), ms(total_ms), "{total_ms} ms");
        let (pcm, report) = render_pcm(&tl, None).unwrap();
        assert_eq!((pcm.len(), report.samples), (ms(total_ms), total_ms * 48));
    }
}

#[test]
fn the_wav_holds_the_same_samples_as_the_pcm() {
    let tl = timeline(9_000, vec![bell_at(500, 2), bell_at(4_000, 1)]);
    let wav = wav_of(&tl, None);
    let (pcm, _) = render_pcm(&tl, None).unwrap();
    for (i, (w, p)) in wav.iter().zip(&pcm).enumerate() {
        assert!(
            (f32::from(*w) / 32_767.0 - p).abs() < 1e-4,
            "sample {i}: {w} vs {p}"
        );
    }
}

#[test]
fn overlapping_double_bells_have_no_clicks_and_stay_below_clipping() {
    let lib = library();
    let timer = lib
        .practices()
        .iter()
        .find(|p| p.kind == Kind::Timer)
        .expect("a timer practice");
    let timer_opts = Options {
        strikes: Some(2),
        interval: Some(IntervalBells::Every(1)),
        ..Options::minutes(3)
    };
    let tls = [
        compile(timer, &timer_opts).unwrap(),
        // Bells ringing over bells.
        timeline(
            12_000,
            vec![
                bell_at(0, 2),
                bell_at(1_000, 2),
                bell_at(3_000, 1),
                bell_at(7_000, 2),
            ],
        ),
    ];
    for tl in tls {
        let (pcm, _) = render_pcm(&tl, None).unwrap();
        assert_eq!(pcm[0], 0.0, "{}: first sample", tl.id);
        assert!(
            pcm[pcm.len() - 1].abs() < 1e-3,
            "{}: last sample {}",
            tl.id,
            pcm[pcm.len() - 1]
        );
        let jump = max_jump(&pcm);
        assert!(jump < 0.05, "{}: a step of {jump} between samples", tl.id);
        let peak = pcm.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        assert!((0.22..0.99).contains(&peak), "{}: peak {peak}", tl.id);
    }
}

#[test]
fn each_bell_sounds_at_its_cue_and_not_before() {
    let lib = library();
    let timer = lib
        .practices()
        .iter()
        .find(|p| p.kind == Kind::Timer)
        .expect("a timer practice");
    let opts = Options {
        interval: Some(IntervalBells::Every(1)),
        delay_s: Some(20),
        ..Options::minutes(3)
    };
    let tl = compile(timer, &opts).unwrap();
    let bells: Vec<u64> = tl
        .cues
        .iter()
        .filter(|c| matches!(c.what, CueKind::Bell { .. }))
        .map(|c| c.at_ms)
        .collect();
    assert!(bells.len() >= 3, "{bells:?}");
    let (pcm, _) = render_pcm(&tl, None).unwrap();
    for at in bells {
        let at = ms(at);
        let before = rms(&pcm[at - ms(300)..at]);
        let after = rms(&pcm[at + ms(20)..at + ms(320)]);
        assert!(
            after > 0.05 && after > 20.0 * before,
            "bell at {} ms: rms {before} before, {after} after",
            at / PER_MS
        );
    }
    // Nothing sounds during the settling-in delay.
    assert_eq!(rms(&pcm[..ms(20_000)]), 0.0);
}

#[test]
fn a_double_strike_has_two_onsets_and_a_single_has_one() {
    let onsets = |strikes| {
        let (pcm, _) = render_pcm(&timeline(10_000, vec![bell_at(1_000, strikes)]), None).unwrap();
        // 50 ms windows; an onset is a window far louder than the one before.
        let w: Vec<f32> = pcm.chunks(ms(50)).map(rms).collect();
        (1..w.len())
            .filter(|&i| w[i] > 1.5 * w[i - 1] + 0.01)
            .map(|i| i * 50)
            .collect::<Vec<_>>()
    };
    assert_eq!(onsets(1), vec![1_000]);
    assert_eq!(onsets(2), vec![1_000, 3_500]);
}

#[test]
fn a_bell_cut_off_by_the_end_fades_to_silence() {
    let tl = timeline(4_000, vec![bell_at(2_000, 1)]);
    let (pcm, _) = render_pcm(&tl, None).unwrap();
    assert_eq!(pcm[pcm.len() - 1], 0.0);
    assert!(
        rms(&pcm[ms(3_000)..ms(3_500)]) > 0.05,
        "the bell is still ringing before the cut"
    );
    assert!(max_jump(&pcm) < 0.05);
    // A bell past the end is simply not there.
    let (pcm, _) = render_pcm(
        &timeline(1_000, vec![bell_at(1_000, 1), bell_at(5_000, 2)]),
        None,
    )
    .unwrap();
    assert_eq!(rms(&pcm), 0.0);
}

/// A voice that speaks every text as a 300 Hz tone, 100 ms a word, and remembers what it said.
#[derive(Default)]
struct ToneVoice {
    said: Vec<String>,
}

impl Voice for ToneVoice {
    fn speak(&mut self, text: &str) -> Result<Vec<f32>, AudioError> {
        self.said.push(text.to_string());
        let n = ms(100) * text.split_whitespace().count();
        Ok((0..n)
            .map(|i| 0.5 * (std::f32::consts::TAU * 300.0 * i as f32 / SAMPLE_RATE as f32).sin())
            .collect())
    }
}

#[test]
fn speech_is_placed_at_each_speak_cue_and_mixed_with_the_bells() {
    let tl = timeline(
        12_000,
        vec![
            bell_at(0, 1),
            speak_at(7_000, "one two three four five"),
            speak_at(9_000, "six seven eight"),
        ],
    );
    let mut voice = ToneVoice::default();
    let (pcm, report) = render_pcm(&tl, Some(&mut voice)).unwrap();
    assert_eq!(voice.said, ["one two three four five", "six seven eight"]);
    assert_eq!(report.prompts_spoken, 2);
    assert!(!report.captions_only);
    // Silence between the bell's end and the first words, and between prompts.
    assert_eq!(rms(&pcm[ms(6_000)..ms(7_000)]), 0.0);
    assert!(rms(&pcm[ms(7_010)..ms(7_490)]) > 0.2, "first prompt");
    assert_eq!(rms(&pcm[ms(7_500)..ms(9_000)]), 0.0);
    assert!(rms(&pcm[ms(9_010)..ms(9_290)]) > 0.2, "second prompt");
    assert_eq!(rms(&pcm[ms(9_300)..]), 0.0);
    // The bell is there with the voice, too.
    assert!(rms(&pcm[ms(20)..ms(500)]) > 0.05);
    assert!(max_jump(&pcm) < 0.05, "speech clicks: {}", max_jump(&pcm));
}

#[test]
fn each_sentence_is_spoken_on_its_own_with_a_second_between() {
    let tl = timeline(
        6_000,
        vec![
            speak_at(500, "Breathe in. Breathe out slowly!  Rest"),
            speak_at(4_500, "Soft."),
        ],
    );
    let mut voice = ToneVoice::default();
    let (pcm, report) = render_pcm(&tl, Some(&mut voice)).unwrap();
    assert_eq!(
        voice.said,
        ["Breathe in.", "Breathe out slowly!", "Rest", "Soft."]
    );
    assert_eq!(report.prompts_spoken, 2);
    // 0.5-0.7 s, gap, 1.7-2.0 s, gap, 3.0-3.1 s; then the next prompt at 4.5 s.
    for (from, to) in [(510, 690), (1_710, 1_990), (3_010, 3_090), (4_510, 4_590)] {
        assert!(
            rms(&pcm[ms(from)..ms(to)]) > 0.2,
            "speech at {from}-{to} ms"
        );
    }
    for (from, to) in [(700, 1_700), (2_000, 3_000), (3_100, 4_500), (4_600, 6_000)] {
        assert_eq!(rms(&pcm[ms(from)..ms(to)]), 0.0, "quiet at {from}-{to} ms");
    }
}

#[test]
fn without_a_voice_the_file_has_bells_only_and_says_captions_only() {
    let tl = timeline(
        10_000,
        vec![bell_at(0, 1), speak_at(7_000, "one two three")],
    );
    let (pcm, report) = render_pcm(&tl, None).unwrap();
    assert_eq!(report.prompts_spoken, 0);
    assert!(report.captions_only);
    assert_eq!(rms(&pcm[ms(6_000)..]), 0.0);
    assert!(rms(&pcm[..ms(1_000)]) > 0.05);
}

#[test]
fn a_prompt_waits_for_the_one_before_instead_of_talking_over_it() {
    // Five words (500 ms) at 1 s; the next cue at 1.2 s waits until 1.5 s
    // and then a sentence gap (1 s), so the two do not run together.
    let tl = timeline(
        3_000,
        vec![speak_at(1_000, "a b c d e"), speak_at(1_200, "f g")],
    );
    let mut voice = ToneVoice::default();
    let (pcm, report) = render_pcm(&tl, Some(&mut voice)).unwrap();
    assert_eq!(report.prompts_spoken, 2);
    assert!(rms(&pcm[ms(1_010)..ms(1_490)]) > 0.2);
    assert_eq!(rms(&pcm[ms(1_500)..ms(2_500)]), 0.0, "a second's gap");
    assert!(rms(&pcm[ms(2_510)..ms(2_690)]) > 0.2);
    assert_eq!(
        rms(&pcm[ms(2_700)..]),
        0.0,
        "the second prompt ran 2.5-2.7 s"
    );
    let peak = pcm.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    assert!(peak < 0.31, "two prompts added up: peak {peak}");
}

#[test]
fn speech_running_past_the_end_is_faded_out_and_repeated_prompts_are_spoken_once() {
    let tl = timeline(
        2_000,
        vec![
            speak_at(500, "x y z"),
            speak_at(1_500, "again and again and again and again"),
        ],
    );
    let mut voice = ToneVoice::default();
    let (pcm, report) = render_pcm(&tl, Some(&mut voice)).unwrap();
    assert_eq!(report.prompts_spoken, 2);
    assert_eq!(pcm.len(), ms(2_000));
    assert!(
        rms(&pcm[ms(1_800)..ms(1_950)]) > 0.2,
        "still speaking at the end"
    );
    assert_eq!(pcm[pcm.len() - 1], 0.0);
    assert!(max_jump(&pcm) < 0.05);

    let tl = timeline(
        5_000,
        vec![
            speak_at(0, "same words"),
            speak_at(2_000, "same words"),
            speak_at(9_000, "late"),
        ],
    );
    let mut voice = ToneVoice::default();
    let (_, report) = render_pcm(&tl, Some(&mut voice)).unwrap();
    assert_eq!(
        voice.said,
        ["same words"],
        "a prompt after the end is not spoken either"
    );
    assert_eq!(report.prompts_spoken, 2);
}

struct BrokenVoice;

impl Voice for BrokenVoice {
    fn speak(&mut self, _: &str) -> Result<Vec<f32>, AudioError> {
        Err(AudioError::VoiceOutput("test".into()))
    }
}

#[test]
fn a_failing_voice_fails_the_render_with_its_error() {
    let tl = timeline(2_000, vec![speak_at(0, "hello")]);
    let err = render_wav(&tl, Some(&mut BrokenVoice), Cursor::new(Vec::new())).unwrap_err();
    assert!(matches!(err, AudioError::VoiceOutput(_)), "{err:?}");
    assert!(err.to_string().contains("render without a voice"), "{err}");
}

#[test]
fn a_session_too_long_for_a_wav_file_is_refused_before_writing() {
    let tl = timeline(13 * 3_600_000, vec![]);
    let mut out = Cursor::new(Vec::new());
    let err = render_wav(&tl, None, &mut out).unwrap_err();
    assert!(
        matches!(
            err,
            AudioError::TooLong {
                minutes: 780,
                max_minutes: 745
            }
        ),
        "{err:?}"
    );
    assert!(out.into_inner().is_empty());
    assert!(matches!(
        render_pcm(&tl, None),
        Err(AudioError::TooLong { .. })
    ));
}

#[test]
fn the_bell_in_a_file_is_the_bell() {
    let tl = timeline(8_000, vec![bell_at(1_000, 1)]);
    let (pcm, _) = render_pcm(&tl, None).unwrap();
    assert_eq!(&pcm[ms(1_000)..ms(7_000)], &bell(1)[..]);
}

fn espeak() -> Espeak {
    Espeak::find().expect(
        "espeak-ng is not on PATH; install it (apt-get install espeak-ng) - scripts/test installs it for CI",
    )
}

#[test]
fn espeak_says_hello_in_a_plausible_time() {
    let samples = espeak().speak("hello").unwrap();
    let secs = samples.len() as f64 / f64::from(SAMPLE_RATE);
    assert!((0.3..=3.0).contains(&secs), "hello took {secs} s");
    assert!(
        rms(&samples) > 0.01,
        "hello is silent: rms {}",
        rms(&samples)
    );
    assert!(samples.iter().all(|x| x.abs() <= 1.0));
    // Slower speech takes longer.
    let slow = espeak()
        .with_rate(80)
        .speak("hello there, take a slow breath")
        .unwrap();
    let fast = espeak()
        .with_rate(250)
        .speak("hello there, take a slow breath")
        .unwrap();
    assert!(
        slow.len() > fast.len() * 3 / 2,
        "80 wpm: {} samples, 250 wpm: {}",
        slow.len(),
        fast.len()
    );
}

#[test]
fn espeak_speaks_text_that_looks_like_an_option_rather_than_obeying_it() {
    let samples = espeak().speak("--help").unwrap();
    assert!(
        samples.len() > ms(200) && rms(&samples) > 0.01,
        "{} samples",
        samples.len()
    );
}

#[test]
fn espeak_voices_a_rendered_practice() {
    let tl = timeline(
        6_000,
        vec![
            speak_at(500, "Breathe in."),
            speak_at(3_000, "Breathe out."),
        ],
    );
    let mut voice = espeak();
    let (pcm, report) = render_pcm(&tl, Some(&mut voice)).unwrap();
    assert_eq!(report.prompts_spoken, 2);
    assert_eq!(rms(&pcm[..ms(500)]), 0.0);
    assert!(rms(&pcm[ms(500)..ms(2_500)]) > 0.01);
    assert!(rms(&pcm[ms(3_000)..ms(5_000)]) > 0.01);
}
