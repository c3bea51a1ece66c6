//! The full-screen player's picture: pure functions from a [`Moment`] to a
//! ratatui frame, so they can be tested against a `TestBackend`.
//!
//! The look is deliberately quiet: no borders, no flashing, one soft colour on
//! the pacer (none at all without colour), everything centred.

use super::moment::Moment;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// How the screen may look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    /// Colours allowed (false under `NO_COLOR`).
    pub color: bool,
}

/// Widest the pacer bar grows, in cells.
const BAR_MAX: u16 = 48;
/// Widest a line of prompt text runs, in cells: short lines read calmly.
const TEXT_MAX: u16 = 64;

impl Look {
    fn bar(self) -> Style {
        if self.color {
            Style::new().fg(Color::Cyan)
        } else {
            Style::new()
        }
    }

    fn quiet(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    fn strong(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
}

/// Draws the practice at one moment.
pub fn draw(f: &mut Frame, m: &Moment, look: Look) {
    let area = f.area();
    let help = key_help(m);
    let help = [help[0].as_str(), help[1].as_str(), help[2].as_str()];
    let body = frame_chrome(f, area, &m.tl.title, step_words(m, area.width), &help, look);
    let width = body.width.saturating_sub(4).clamp(1, TEXT_MAX);

    let mut pacer: Vec<Line> = Vec::new();
    if m.paused {
        pacer.push(Line::styled(
            "Paused — press space to continue",
            look.strong(),
        ));
        pacer.push(Line::raw(""));
    } else if m.tl.pace.is_some() {
        match (m.phase(), m.fullness()) {
            (Some((words, left)), Some(full)) => {
                pacer.push(Line::styled(format!("{words} · {left} s"), look.strong()));
                pacer.push(bar(full, body.width.saturating_sub(4).min(BAR_MAX), look));
            }
            // Keep the pacer's place so the prompt does not jump between steps.
            _ => pacer.extend([Line::raw(""), Line::raw("")]),
        }
    }
    let caption: Vec<Line> = m.caption().map(|c| wrap(&c, width)).unwrap_or_default();
    let time = vec![Line::styled(m.clock_words(), look.quiet())];
    let lines = stack(&[pacer, caption, time], 1, body.height);
    let top = body.y + body.height.saturating_sub(lines.len() as u16) / 2;
    let area = Rect {
        y: top,
        height: (lines.len() as u16).min(body.height),
        ..body
    };
    f.render_widget(Paragraph::new(lines).alignment(Alignment::Center), area);
}

/// Draws a question after the practice, e.g. whether to save it.
pub fn draw_question(f: &mut Frame, title: &str, lines: &[String], help: &[&str; 3], look: Look) {
    let body = frame_chrome(f, f.area(), title, None, help, look);
    let width = body.width.saturating_sub(4).clamp(1, TEXT_MAX);
    let blocks: Vec<Vec<Line>> = lines.iter().map(|l| wrap(l, width)).collect();
    let lines = stack(&blocks, 0, body.height);
    let top = body.y + body.height.saturating_sub(lines.len() as u16) / 2;
    let area = Rect {
        y: top,
        height: (lines.len() as u16).min(body.height),
        ..body
    };
    f.render_widget(Paragraph::new(lines).alignment(Alignment::Center), area);
}

/// The key help, longest first: only the keys that do something here.
fn key_help(m: &Moment) -> [String; 3] {
    let pause = if m.paused { "continue" } else { "pause" };
    let skip = m.tl.steps.len() > 1;
    let end = if m.tl.open_ended { "end" } else { "end early" };
    let mut long = vec![format!("space {pause}")];
    let mut short = vec![format!("space {pause}")];
    let mut tiny = vec!["spc".to_string()];
    if skip {
        long.push("n skip step".into());
        short.push("n skip".into());
        tiny.push("n".into());
    }
    long.push(format!("q {end}"));
    short.push("q end".into());
    tiny.push("q".into());
    [long.join(" · "), short.join(" · "), tiny.join(" · ")]
}

fn step_words(m: &Moment, width: u16) -> Option<String> {
    let (n, of) = m.step_words()?;
    Some(if width >= 50 {
        format!("step {n} of {of}")
    } else {
        format!("{n}/{of}")
    })
}

/// The title row and the key help row; returns the rows left between them.
fn frame_chrome(
    f: &mut Frame,
    area: Rect,
    title: &str,
    right: Option<String>,
    help: &[&str; 3],
    look: Look,
) -> Rect {
    if area.height < 5 || area.width < 12 {
        return area;
    }
    let right = right.unwrap_or_default();
    let room = (area.width as usize).saturating_sub(right.chars().count() + 4);
    let header = Line::from(vec![
        Span::styled(format!(" {}", fit(title, room)), look.quiet()),
        Span::raw(" ".repeat(room.saturating_sub(fit(title, room).chars().count()) + 2)),
        Span::styled(right, look.quiet()),
    ]);
    f.render_widget(Paragraph::new(header), Rect { height: 1, ..area });
    let keys = help
        .iter()
        .find(|h| h.chars().count() + 2 <= area.width as usize)
        .unwrap_or(&help[2]);
    let footer = Line::styled(format!(" {keys}"), look.quiet());
    f.render_widget(
        Paragraph::new(footer),
        Rect {
            y: area.bottom() - 1,
            height: 1,
            ..area
        },
    );
    Rect {
        y: area.y + 1,
        height: area.height - 2,
        ..area
    }
}

/// Cuts `s` to `room` characters with an ellipsis.
fn fit(s: &str, room: usize) -> String {
    if s.chars().count() <= room {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(room.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The pacer: a bar that widens from the middle as the lungs fill.
fn bar(fullness: f64, width: u16, look: Look) -> Line<'static> {
    let width = usize::from(width);
    // Whole pairs of cells, so the bar stays centred as it grows.
    let filled = (((fullness * width as f64 / 2.0).round() as usize) * 2).min(width);
    let left = (width - filled) / 2;
    let right = width - filled - left;
    Line::from(vec![
        Span::styled("·".repeat(left), look.quiet()),
        Span::styled("█".repeat(filled), look.bar()),
        Span::styled("·".repeat(right), look.quiet()),
    ])
}

/// Word-wraps `text` to at most `width` cells in as few lines as fit, with the
/// lines as even as possible (no lone word on the last line).
fn wrap(text: &str, width: u16) -> Vec<Line<'static>> {
    let lines = wrap_greedy(text, width);
    let mut narrow = width;
    while narrow > 1 && wrap_greedy(text, narrow - 1).len() == lines.len() {
        narrow -= 1;
    }
    wrap_greedy(text, narrow)
        .into_iter()
        .map(Line::raw)
        .collect()
}

/// Word-wraps `text` to `width` cells, filling each line; a word longer than a line is cut.
fn wrap_greedy(text: &str, width: u16) -> Vec<String> {
    let width = usize::from(width.max(1));
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        while word.chars().count() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            lines.push(head);
        }
        let need = if line.is_empty() {
            word.chars().count()
        } else {
            line.chars().count() + 1 + word.chars().count()
        };
        if need > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Stacks blocks with a blank line between them. When the height is short the
/// blanks go first, then lines of block `cut` (the prompt), so the pacer and the
/// time stay on screen.
fn stack<'a>(blocks: &[Vec<Line<'a>>], cut: usize, height: u16) -> Vec<Line<'a>> {
    let height = usize::from(height);
    let shown: Vec<&Vec<Line>> = blocks.iter().filter(|b| !b.is_empty()).collect();
    let content: usize = blocks.iter().map(Vec::len).sum();
    let gaps = content + shown.len().saturating_sub(1) <= height;
    let cut_take = height.saturating_sub(content - blocks.get(cut).map_or(0, Vec::len));
    let mut out: Vec<Line> = Vec::new();
    for (i, b) in blocks.iter().enumerate().filter(|(_, b)| !b.is_empty()) {
        if gaps && !out.is_empty() {
            out.push(Line::raw(""));
        }
        let room = height.saturating_sub(out.len());
        let take = if i == cut {
            b.len().min(cut_take)
        } else {
            b.len()
        }
        .min(room);
        let mut part: Vec<Line> = b[..take].to_vec();
        if take < b.len() {
            if let Some(last) = part.last_mut() {
                last.spans.push(Span::raw(" …"));
            }
        }
        out.append(&mut part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::player::fake::short_paced;
    use backcalm_core::timeline::Length;
    use backcalm_core::{compile, Library, Options, Timeline};
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    fn practice(id: &str, o: &Options) -> Timeline {
        let lib = Library::embedded().expect("the shipped content loads");
        compile(lib.get(id).expect("shipped practice"), o).expect("compiles")
    }

    /// Halfway through the first in-breath of the short paced fixture.
    fn half_in_breath() -> (Timeline, u64) {
        (short_paced(), 12_000)
    }

    fn render(m: &Moment, w: u16, h: u16, look: Look) -> Terminal<TestBackend> {
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
        t.draw(|f| draw(f, m, look)).expect("draws");
        t
    }

    fn colours_used(t: &Terminal<TestBackend>) -> usize {
        t.backend()
            .buffer()
            .content()
            .iter()
            .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
            .count()
    }

    #[test]
    fn in_breath_half_full() {
        let (tl, at) = half_in_breath();
        let m = Moment::at(&tl, at, false);
        let t = render(&m, 80, 24, Look { color: true });
        let filled = t
            .backend()
            .buffer()
            .content()
            .iter()
            .filter(|c| c.symbol() == "█")
            .count();
        assert_eq!(filled, 24, "half of the 48-cell bar");
        assert!(colours_used(&t) > 0, "the pacer has its colour");
        insta::assert_snapshot!(t.backend());
    }

    #[test]
    fn paused() {
        let (tl, at) = half_in_breath();
        let t = render(&Moment::at(&tl, at, true), 80, 24, Look { color: true });
        insta::assert_snapshot!(t.backend());
    }

    #[test]
    fn open_timer_counting_up() {
        let mut o = Options::minutes(10);
        o.length = Length::Open;
        let tl = practice("meditation-timer", &o);
        let t = render(
            &Moment::at(&tl, 754_000, false),
            80,
            24,
            Look { color: true },
        );
        insta::assert_snapshot!(t.backend());
    }

    #[test]
    fn narrow_terminal() {
        let (tl, at) = half_in_breath();
        let t = render(&Moment::at(&tl, at, false), 40, 24, Look { color: true });
        insta::assert_snapshot!(t.backend());
    }

    #[test]
    fn no_colour() {
        let (tl, at) = half_in_breath();
        let t = render(&Moment::at(&tl, at, false), 80, 24, Look { color: false });
        assert_eq!(colours_used(&t), 0, "NO_COLOR means no colour at all");
        // The buffer's debug form lists every style run: only bold and dim, no colour.
        insta::assert_snapshot!(format!("{:?}", t.backend().buffer()));
    }

    #[test]
    fn tiny_terminals_do_not_panic_and_keep_the_time() {
        let (tl, at) = half_in_breath();
        for (w, h) in [(20, 6), (12, 4), (8, 2), (1, 1), (200, 3)] {
            let t = render(&Moment::at(&tl, at, false), w, h, Look { color: false });
            let text = t.backend().to_string();
            if h >= 3 && w >= 12 {
                assert!(text.contains("left"), "{w}x{h}:\n{text}");
            }
        }
    }

    #[test]
    fn wrapped_lines_are_even() {
        let text = "Breathe with the pacer, light and effortless, only as slow as is easy.";
        let lines: Vec<String> = wrap(text, 64).iter().map(|l| l.to_string()).collect();
        assert_eq!(
            lines,
            [
                "Breathe with the pacer, light and",
                "effortless, only as slow as is easy."
            ]
        );
    }

    #[test]
    fn a_single_step_timer_offers_no_skip() {
        let tl = practice("meditation-timer", &Options::minutes(10));
        assert_eq!(
            key_help(&Moment::at(&tl, 0, false))[0],
            "space pause · q end early"
        );
        let (tl, at) = half_in_breath();
        assert_eq!(
            key_help(&Moment::at(&tl, at, true))[0],
            "space continue · n skip step · q end early"
        );
    }

    #[test]
    fn wrap_keeps_words_whole_and_cuts_only_overlong_ones() {
        let lines: Vec<String> = wrap("Let your shoulders soften. Soon", 12)
            .iter()
            .map(|l| l.to_string())
            .collect();
        assert_eq!(lines, ["Let your", "shoulders", "soften. Soon"]);
        let lines: Vec<String> = wrap("abcdefghij", 4)
            .iter()
            .map(|l| l.to_string())
            .collect();
        assert_eq!(lines, ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn stack_drops_gaps_then_cuts_the_longest_block() {
        let b = |n: usize| (0..n).map(|i| Line::raw(i.to_string())).collect::<Vec<_>>();
        assert_eq!(stack(&[b(2), b(3), b(1)], 1, 10).len(), 8);
        assert_eq!(
            stack(&[b(2), b(0), b(1)], 1, 10).len(),
            4,
            "no gap for an empty block"
        );
        let short = stack(&[b(2), b(5), b(1)], 1, 6);
        assert_eq!(short.len(), 6);
        assert_eq!(
            short.last().map(|l| l.to_string()).as_deref(),
            Some("0"),
            "the time line survives"
        );
        assert!(short[4].to_string().ends_with(" …"));
    }
}
