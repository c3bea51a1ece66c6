//! The practice library: the built-in one, or a content folder read from disk.

use crate::failure::Refusal;
use anyhow::{anyhow, Context};
use backcalm_core::content::SourceFile;
use backcalm_core::{Library, Practice};
use std::path::Path;

/// Loads the library; a bad file is named with its line and field.
pub fn load(content_dir: Option<&Path>) -> anyhow::Result<Library> {
    match content_dir {
        None => Library::embedded().map_err(|e| anyhow!("the built-in practices do not load: {e}")),
        Some(dir) => {
            let files = read_folder(dir)?;
            // ContentError reads `file:line: field: message`; put the folder in front.
            Library::from_files(&files)
                .map_err(|e| anyhow!("a practice file is not usable: {}/{e}", dir.display()))
        }
    }
}

/// The lessons, questionnaires and 8-week program compiled into the binary
/// (`backcalm_app::shipped`). As in the web app, `--content-dir` changes the
/// practices, not these: the program and lessons are checked against the
/// shipped practices.
pub fn shipped() -> anyhow::Result<&'static backcalm_app::Shipped> {
    backcalm_app::shipped().map_err(|e| anyhow!("{e}; this is a bug in backcalm, please report it"))
}

/// The practice with this id, or a refusal that lists the ids there are.
pub fn practice<'a>(library: &'a Library, id: &str) -> anyhow::Result<&'a Practice> {
    library.get(id.trim()).ok_or_else(|| {
        Refusal(format!(
            "there is no practice {id:?}; choose one of: {}",
            library.ids()
        ))
        .into()
    })
}

/// Every text file under `dir`, with `/`-separated paths relative to it.
fn read_folder(dir: &Path) -> anyhow::Result<Vec<SourceFile>> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder)
            .with_context(|| format!("cannot read the content folder {}", folder.display()))?;
        for entry in entries {
            let path = entry
                .with_context(|| format!("cannot read {}", folder.display()))?
                .path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let Ok(relative) = path.strip_prefix(dir) else {
                continue;
            };
            let relative: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            // Sounds and pictures may sit beside the scripts; only text is content.
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            out.push(SourceFile {
                path: relative.join("/"),
                text,
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIMER: &str = r#"
id = "quiet-timer"
kind = "timer"
title = "Quiet timer"
summary = "Bells only."
author = "backcalm"
sources = ["none"]
posture = "Any comfortable position."
min_minutes = 1
max_minutes = 60
default_minutes = 10

[timer]
strikes = 2
"#;

    #[test]
    fn reads_a_content_folder_from_disk() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("practices")).expect("mkdir");
        std::fs::write(dir.path().join("practices/quiet-timer.toml"), TIMER).expect("write");
        std::fs::write(dir.path().join("practices/notes.txt"), "ignored").expect("write");
        let lib = load(Some(dir.path())).expect("loads");
        assert_eq!(lib.ids(), "quiet-timer");
        assert!(practice(&lib, "yoga").is_err());
    }

    #[test]
    fn a_bad_file_is_named_with_its_line_and_field() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("practices")).expect("mkdir");
        let bad = TIMER.replace("strikes = 2", "strikes = 3");
        std::fs::write(dir.path().join("practices/quiet-timer.toml"), bad).expect("write");
        let msg = load(Some(dir.path())).expect_err("refused").to_string();
        assert!(msg.contains("practices/quiet-timer.toml"), "{msg}");
        assert!(msg.contains("timer.strikes"), "{msg}");
    }
}
