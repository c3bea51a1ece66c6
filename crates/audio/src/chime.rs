//! Ringing a bell now, through the system's sound player, for the terminal player.

use crate::{bell_wav_bytes, program::on_path};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A live bell: pipes a bell's WAV into `aplay` or `paplay`.
///
/// Best effort by design: with no player, or a player that fails (no sound
/// device, a remote session), ringing does nothing and says nothing. The
/// screen shows the bell anyway. It never blocks: each ring runs in its own
/// thread and child process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chime {
    player: Option<Player>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Player {
    program: PathBuf,
    args: &'static [&'static str],
}

impl Chime {
    /// Uses `aplay -q` (ALSA) if it is on `PATH`, else `paplay` (PulseAudio,
    /// PipeWire), else nothing.
    pub fn detect() -> Chime {
        let aplay = on_path("aplay").map(|program| Player {
            program,
            args: &["-q"],
        });
        let player =
            aplay.or_else(|| on_path("paplay").map(|program| Player { program, args: &[] }));
        Chime { player }
    }

    /// A chime that never makes a sound (no player, or sound turned off).
    pub fn silent() -> Chime {
        Chime { player: None }
    }

    /// The player program in use, if any (to say "bells through aplay").
    pub fn player(&self) -> Option<&Path> {
        self.player.as_ref().map(|p| p.program.as_path())
    }

    /// Rings a bell of `strikes` strikes in the background and returns at once.
    pub fn ring(&self, strikes: u8) {
        let Some(player) = self.player.clone() else {
            return;
        };
        // If no thread can be started there is nothing useful to do; stay quiet.
        let _ = std::thread::Builder::new()
            .name("backcalm-chime".into())
            .spawn(move || player.play(strikes));
    }
}

impl Player {
    /// Plays one bell and waits for the player to finish; every failure is ignored.
    fn play(&self, strikes: u8) {
        let child = Command::new(&self.program)
            .args(self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let Ok(mut child) = child else { return };
        if let Some(mut stdin) = child.stdin.take() {
            let _ = stdin.write_all(&bell_wav_bytes(strikes));
        }
        // Reap the child so no zombie is left behind.
        let _ = child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_silent_chime_rings_without_error_or_effect() {
        let c = Chime::silent();
        assert_eq!(c.player(), None);
        c.ring(1);
        c.ring(2);
    }

    #[test]
    fn a_player_that_does_not_exist_is_ignored() {
        let c = Chime {
            player: Some(Player {
                program: "/nonexistent/backcalm/aplay".into(),
                args: &["-q"],
            }),
        };
        c.ring(1);
        // The failure happens in the background thread; give it time, then prove nothing broke.
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert_eq!(c.player(), Some(Path::new("/nonexistent/backcalm/aplay")));
    }

    #[cfg(unix)]
    #[test]
    fn ringing_pipes_the_bell_wav_to_the_player_with_its_arguments() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("played.wav");
        let args = dir.path().join("args.txt");
        let script = dir.path().join("fake-aplay");
        // Records its arguments, then the WAV; renamed into place only once complete.
        let body = format!(
            "#!/bin/sh\necho \"$@\" > '{args}'\ncat > '{out}.part' && mv '{out}.part' '{out}'\n",
            args = args.display(),
            out = out.display()
        );
        std::fs::write(&script, body).unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let c = Chime {
            player: Some(Player {
                program: script,
                args: &["-q"],
            }),
        };
        c.ring(2);
        let expected = bell_wav_bytes(2);
        let mut got = None;
        for _ in 0..200 {
            got = std::fs::read(&out).ok();
            if got.is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let got = got.expect("the fake player never received a complete WAV");
        assert!(
            got == expected,
            "the player got {} bytes, expected the {}-byte bell WAV",
            got.len(),
            expected.len()
        );
        assert_eq!(std::fs::read_to_string(&args).unwrap().trim(), "-q");
    }
}
