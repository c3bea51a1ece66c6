//! How a real render sounds, measured on its samples: the speech rate, the
//! quiet between sentences, and the levels of the voice and the bells.
//!
//! Every guided practice is rendered at its shortest length with espeak-ng,
//! and again without a voice; the difference is the voice alone. The voice
//! is cut into sentences where it is silent for longer than a pause inside a
//! sentence. This needs espeak-ng and fails, never skips, without it.

use backcalm_audio::{bell, render_pcm, Espeak};
use backcalm_core::content::sentences;
use backcalm_core::{compile, CueKind, Kind, Library, Options, Timeline};

/// 10 ms at 48 kHz: the frame the voice is judged in.
const FRAME: usize = 480;
/// A frame is voiced when its RMS is above this (about -50 dBFS).
const VOICED_RMS: f32 = 0.003;
/// Silences shorter than this are pauses inside a sentence: espeak-ng pauses
/// up to about 0.7 s at a colon or semicolon at this rate.
const PAUSE_FRAMES: usize = 85;

fn espeak() -> Espeak {
    Espeak::find().expect(
        "espeak-ng is not on PATH; install it (apt-get install espeak-ng): \
         this test measures the real voice and must not pass without it",
    )
}

fn db(x: f64) -> f64 {
    20.0 * x.log10()
}

fn peak(x: &[f32]) -> f64 {
    f64::from(x.iter().fold(0.0f32, |m, v| m.max(v.abs())))
}

/// Frames of `[start, end)` where the voice is, sentence by sentence.
fn sentence_runs(voice: &[f32]) -> Vec<(usize, usize)> {
    let voiced: Vec<bool> = voice
        .chunks(FRAME)
        .map(|f| (f.iter().map(|v| v * v).sum::<f32>() / f.len() as f32).sqrt() > VOICED_RMS)
        .collect();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (i, _) in voiced.iter().enumerate().filter(|(_, v)| **v) {
        match runs.last_mut() {
            Some(run) if i - run.1 < PAUSE_FRAMES => run.1 = i + 1,
            _ => runs.push((i, i + 1)),
        }
    }
    runs
}

/// The words of each sentence spoken, grouped by prompt, in the order spoken.
fn prompts(tl: &Timeline) -> Vec<Vec<usize>> {
    tl.cues
        .iter()
        .filter_map(|c| match &c.what {
            CueKind::Speak { text, .. } => Some(
                sentences(text)
                    .map(|s| s.split_whitespace().count())
                    .collect(),
            ),
            _ => None,
        })
        .collect()
}

#[derive(Default)]
struct Measured {
    words: usize,
    voiced_frames: usize,
    prompt_wpm: Vec<f64>,
    gaps_ms: Vec<usize>,
    voice_peak: f64,
    voice_power: f64,
    bell_peak: f64,
    mix_peak: f64,
}

impl Measured {
    fn add(&mut self, tl: &Timeline) {
        let mut voice = espeak();
        let (mix, report) = render_pcm(tl, Some(&mut voice)).expect("renders with espeak-ng");
        let (bells, _) = render_pcm(tl, None).expect("renders without a voice");
        let said = prompts(tl);
        assert_eq!(
            report.prompts_spoken,
            said.len(),
            "{}: every prompt is spoken",
            tl.id
        );
        let alone: Vec<f32> = mix.iter().zip(&bells).map(|(m, b)| m - b).collect();
        let runs = sentence_runs(&alone);
        let counts: Vec<usize> = said.iter().map(Vec::len).collect();
        assert_eq!(
            runs.len(),
            counts.iter().sum::<usize>(),
            "{}: one stretch of voice per sentence (sentences per prompt {counts:?}); \
             a sentence gap is missing or too short, or a pause inside a sentence too long",
            tl.id
        );
        let mut runs = runs.into_iter();
        for sentence_words in &said {
            let mine: Vec<(usize, usize)> = runs.by_ref().take(sentence_words.len()).collect();
            let frames: usize = mine.iter().map(|(a, b)| b - a).sum();
            let words: usize = sentence_words.iter().sum();
            self.words += words;
            self.voiced_frames += frames;
            self.prompt_wpm
                .push(words as f64 * 60.0 / (frames as f64 * FRAME as f64 / 48_000.0));
            self.gaps_ms
                .extend(mine.windows(2).map(|w| (w[1].0 - w[0].1) * FRAME / 48));
            for (a, b) in mine {
                let span = &alone[a * FRAME..(b * FRAME).min(alone.len())];
                self.voice_power += span.iter().map(|v| f64::from(v * v)).sum::<f64>();
            }
        }
        self.voice_peak = self.voice_peak.max(peak(&alone));
        self.bell_peak = self.bell_peak.max(peak(&bells));
        self.mix_peak = self.mix_peak.max(peak(&mix));
    }

    fn voiced_s(&self) -> f64 {
        self.voiced_frames as f64 * FRAME as f64 / 48_000.0
    }
}

#[test]
fn the_voice_speaks_at_105_to_115_words_a_minute_with_a_second_between_sentences_and_bells_6_db_under_it(
) {
    let lib = Library::embedded().expect("the shipped content loads");
    let mut m = Measured::default();
    for p in lib.practices().iter().filter(|p| p.kind != Kind::Timer) {
        let tl = compile(p, &Options::minutes(p.min_minutes)).expect("compiles");
        m.add(&tl);
    }
    let wpm = m.words as f64 * 60.0 / m.voiced_s();
    let mut by_prompt = m.prompt_wpm.clone();
    by_prompt.sort_by(f64::total_cmp);
    let median = by_prompt[by_prompt.len() / 2];
    let mean_gap = m.gaps_ms.iter().sum::<usize>() as f64 / m.gaps_ms.len().max(1) as f64;
    let voice_rms = (m.voice_power / (m.voiced_frames * FRAME) as f64).sqrt();
    let (voice_peak, voice_rms, bell_peak) = (db(m.voice_peak), db(voice_rms), db(m.bell_peak));
    // How loud a bell is while it sounds: the RMS of its first second.
    let strike = &bell(1)[..48_000];
    let bell_rms = db((strike.iter().map(|v| f64::from(v * v)).sum::<f64>() / 48_000.0).sqrt());
    // The figures, for the record (cargo test -- --nocapture).
    eprintln!(
        "{} words in {:.1} s of voice: {wpm:.1} words a minute; per prompt {:.0} to {:.0}, median {median:.0} \
         ({} prompts); {} gaps between sentences, {} to {} ms, mean {mean_gap:.0} ms; \
         voice peak {voice_peak:.1} dBFS, voice RMS while speaking {voice_rms:.1} dBFS, \
         bell peak {bell_peak:.1} dBFS, bell RMS over its first second {bell_rms:.1} dBFS, \
         mix peak {:.1} dBFS",
        m.words,
        m.voiced_s(),
        by_prompt[0],
        by_prompt[by_prompt.len() - 1],
        by_prompt.len(),
        m.gaps_ms.len(),
        m.gaps_ms.iter().min().unwrap_or(&0),
        m.gaps_ms.iter().max().unwrap_or(&0),
        db(m.mix_peak),
    );
    assert!(m.words > 500, "only {} words rendered", m.words);
    assert!((105.0..=115.0).contains(&wpm), "{wpm:.1} words a minute");
    assert!(
        (100.0..=120.0).contains(&median),
        "median prompt at {median:.0} words a minute"
    );
    assert!(
        m.gaps_ms.len() > 20,
        "only {} sentence gaps",
        m.gaps_ms.len()
    );
    assert!(
        m.gaps_ms.iter().all(|g| (900..=1_300).contains(g)),
        "gaps between sentences {:?} ms",
        m.gaps_ms
    );
    // The bell used to peak at -6.0 dBFS, 1 dB under the voice's peaks, and
    // its first second was about 7 dB louder than speech (RMS): now 6 dB less.
    assert!(
        (-7.0..=-3.0).contains(&voice_peak),
        "voice peak {voice_peak:.1} dBFS"
    );
    assert!(
        (-27.0..=-22.0).contains(&voice_rms),
        "speech at {voice_rms:.1} dBFS RMS"
    );
    assert!(
        (-12.1..=-11.9).contains(&bell_peak),
        "bell peak {bell_peak:.1} dBFS"
    );
    let under = voice_peak - bell_peak;
    assert!(
        (5.0..=9.0).contains(&under),
        "the bell peaks {under:.1} dB under the voice"
    );
    let over = bell_rms - voice_rms;
    assert!(
        (-1.0..=3.5).contains(&over),
        "a ringing bell is {over:.1} dB over speech (RMS)"
    );
    assert!(
        db(m.mix_peak) < -1.0,
        "the mix comes near clipping: {:.1} dBFS",
        db(m.mix_peak)
    );
}
