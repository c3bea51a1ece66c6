//! `backcalm render`: a practice to a WAV file.
//!
//! The file appears whole or not at all: the audio is written to a hidden
//! file beside the target and renamed into place when it is complete.

use super::{print_text, Globals};
use crate::args::RenderArgs;
use crate::failure::Refusal;
use anyhow::Context;
use backcalm_audio::{render_wav, Espeak, RenderReport, Voice, SAMPLE_RATE};
use backcalm_core::{CueKind, Timeline};
use std::fs::File;
use std::path::{Path, PathBuf};

/// `render`
pub fn render(g: &Globals, a: &RenderArgs) -> anyhow::Result<()> {
    let library = g.library()?;
    let p = crate::library::practice(&library, &a.id)?;
    let tl = crate::options::timeline(p, &a.options)?;
    if tl.open_ended {
        return Err(Refusal(
            "an open-ended timer cannot be written to a file; drop --open and give --minutes N"
                .to_string(),
        )
        .into());
    }
    let partial = partial_path(&a.output);
    let mut espeak = if a.no_voice { None } else { Espeak::find() };
    let has_words = tl
        .cues
        .iter()
        .any(|c| matches!(c.what, CueKind::Speak { .. }));
    if espeak.is_none() && !a.no_voice && has_words {
        eprintln!(
            "espeak-ng not found: writing bells only; captions are in `backcalm practice show`"
        );
    }
    let file =
        File::create(&partial).with_context(|| format!("cannot write {}", a.output.display()))?;
    let voice = espeak.as_mut().map(|e| e as &mut dyn Voice);
    let rendered = write_wav(&tl, voice, file)
        .with_context(|| format!("cannot render {} to {}", tl.id, a.output.display()))
        .and_then(|report| {
            std::fs::rename(&partial, &a.output)
                .with_context(|| format!("cannot write {}", a.output.display()))
                .map(|()| report)
        });
    let report = match rendered {
        Ok(r) => r,
        Err(e) => {
            // Best effort: the error about the render matters more than this one.
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    let length_ms = report.samples * 1000 / u64::from(SAMPLE_RATE);
    let spoken = match (report.captions_only, report.prompts_spoken) {
        (true, _) => "bells only, no voice".to_string(),
        (false, 1) => "1 prompt spoken".to_string(),
        (false, n) => format!("{n} prompts spoken"),
    };
    print_text(&format!(
        "Wrote {} ({}, {spoken})\n",
        a.output.display(),
        crate::text::mm_ss(length_ms)
    ))
}

/// Renders into `file` and makes sure every byte reached the disk.
fn write_wav(
    tl: &Timeline,
    voice: Option<&mut dyn Voice>,
    file: File,
) -> anyhow::Result<RenderReport> {
    let mut file = file;
    let report = render_wav(tl, voice, &mut file)?;
    file.sync_all()?;
    Ok(report)
}

/// `dir/.name.partial` beside the target.
fn partial_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "render.wav".into());
    target.with_file_name(format!(".{name}.partial"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_partial_file_sits_beside_the_target() {
        assert_eq!(
            partial_path(Path::new("/tmp/a/calm.wav")),
            PathBuf::from("/tmp/a/.calm.wav.partial")
        );
        assert_eq!(
            partial_path(Path::new("calm.wav")),
            PathBuf::from(".calm.wav.partial")
        );
    }
}
