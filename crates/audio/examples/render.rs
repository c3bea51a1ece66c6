//! Renders a shipped practice to a WAV file, to listen to or to time:
//!
//! `cargo run --release -p backcalm-audio --example render -- paced-breathing 20 out.wav [--voice]`

use backcalm_audio::{render_wav, Espeak, Voice};
use backcalm_core::{compile, Library, Options};
use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [id, minutes, path, rest @ ..] = args.as_slice() else {
        return Err("usage: render PRACTICE MINUTES OUT.wav [--voice]".into());
    };
    let lib = Library::embedded()?;
    let practice = lib
        .get(id)
        .ok_or_else(|| format!("no practice {id:?}; choose from {}", lib.ids()))?;
    let tl = compile(practice, &Options::minutes(minutes.parse()?))?;
    let mut espeak = if rest.iter().any(|a| a == "--voice") {
        Some(Espeak::find().ok_or("espeak-ng is not on PATH; install it or leave out --voice")?)
    } else {
        None
    };
    let voice = espeak.as_mut().map(|e| e as &mut dyn Voice);
    let report = render_wav(&tl, voice, std::fs::File::create(path)?)?;
    println!("{path}: {report:?}");
    Ok(())
}
