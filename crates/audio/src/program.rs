//! Finding a helper program (espeak-ng, aplay, paplay) on `PATH`.

use std::path::{Path, PathBuf};

/// The first executable called `name` in a directory on `PATH`.
pub(crate) fn on_path(name: &str) -> Option<PathBuf> {
    let dirs = std::env::var_os("PATH")?;
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(&dirs)
        .map(|d| d.join(&file))
        .find(|p| is_executable(p))
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_program_every_unix_has_and_not_a_made_up_one() {
        let sh = on_path("sh").expect("sh is on PATH on every unix");
        assert!(sh.ends_with("sh"), "{sh:?}");
        assert_eq!(on_path("backcalm-no-such-program-3f9a"), None);
    }
}
