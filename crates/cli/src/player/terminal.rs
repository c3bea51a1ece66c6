//! The real terminal: raw mode and the alternate screen, keys from crossterm,
//! and the full-screen view drawn with ratatui.

use super::moment::Moment;
use super::run::{Event, Key, Keys, View};
use super::screen::{self, Look};
use backcalm_core::Cue;
use crossterm::event::{self, Event as TermEvent, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::{cursor, execute, terminal};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::{self, Stdout};
use std::sync::Once;
use std::time::Duration;

/// Full screen while alive; on drop (also when unwinding from a panic) the
/// terminal is given back: cursor shown, alternate screen left, raw mode off.
#[derive(Debug)]
pub struct TerminalGuard {
    _private: (),
}

impl TerminalGuard {
    /// Takes over the terminal.
    pub fn enter() -> io::Result<TerminalGuard> {
        install_panic_restore();
        terminal::enable_raw_mode()?;
        // From here on, an error still gives the terminal back through Drop.
        let guard = TerminalGuard { _private: () };
        execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide)?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Gives the terminal back; safe to call more than once.
fn restore() {
    // Each step is tried even if another failed: a half-restored terminal is worse.
    let _ = execute!(io::stdout(), cursor::Show, terminal::LeaveAlternateScreen);
    let _ = terminal::disable_raw_mode();
}

/// Restores the terminal before a panic message is printed, so the message is
/// readable and lands on the normal screen; then runs the previous hook.
fn install_panic_restore() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if terminal::is_raw_mode_enabled().unwrap_or(false) {
                restore();
            }
            previous(info);
        }));
    });
}

/// Keys from the terminal.
#[derive(Debug, Default)]
pub struct TermKeys;

impl Keys for TermKeys {
    fn wait(&mut self, timeout_ms: u64) -> anyhow::Result<Option<Key>> {
        if !event::poll(Duration::from_millis(timeout_ms))? {
            return Ok(None);
        }
        Ok(match event::read()? {
            TermEvent::Key(k) if k.kind != KeyEventKind::Release => match k.code {
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                    Some(Key::Interrupt)
                }
                KeyCode::Char(' ') => Some(Key::Space),
                KeyCode::Char(c) => Some(Key::Char(c)),
                KeyCode::Enter => Some(Key::Enter),
                KeyCode::Esc => Some(Key::Esc),
                _ => None,
            },
            // A resize or anything else: wake up and repaint.
            _ => None,
        })
    }
}

/// The full-screen view.
pub struct ScreenView {
    term: Terminal<CrosstermBackend<Stdout>>,
    look: Look,
}

impl std::fmt::Debug for ScreenView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScreenView")
            .field("look", &self.look)
            .finish_non_exhaustive()
    }
}

impl ScreenView {
    /// Draws on stdout; call inside a [`TerminalGuard`].
    pub fn new(look: Look) -> io::Result<Self> {
        let mut term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        term.clear()?;
        Ok(ScreenView { term, look })
    }

    /// Asks on screen whether to keep a session that was ended early: y or n.
    pub fn ask_save(
        &mut self,
        keys: &mut dyn Keys,
        title: &str,
        summary: &str,
    ) -> anyhow::Result<bool> {
        let lines = [summary.to_string(), "Save this session? (y/n)".to_string()];
        let help = ["y save it · n don't save", "y save · n don't", "y · n"];
        loop {
            let look = self.look;
            self.term
                .draw(|f| screen::draw_question(f, title, &lines, &help, look))?;
            match keys.wait(60_000)? {
                Some(Key::Char('y' | 'Y')) => return Ok(true),
                Some(Key::Char('n' | 'N') | Key::Interrupt) => return Ok(false),
                _ => {}
            }
        }
    }
}

impl View for ScreenView {
    fn repaint_ms(&self) -> u64 {
        // Ten pictures a second keep the pacer smooth without busy work.
        100
    }

    fn show(&mut self, m: &Moment) -> anyhow::Result<()> {
        let look = self.look;
        self.term.draw(|f| screen::draw(f, m, look))?;
        Ok(())
    }

    fn cue(&mut self, _: &Cue) -> anyhow::Result<()> {
        // The screen shows the latest prompt and phase from the timeline itself.
        Ok(())
    }

    fn event(&mut self, _: &Event) -> anyhow::Result<()> {
        Ok(())
    }
}
