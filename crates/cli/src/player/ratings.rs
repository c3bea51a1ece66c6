//! The questions around a practice: pain and stress before and after, and
//! whether to save a session that was ended early. Asked line by line, so they
//! work with a screen reader, a pipe, or a closed stdin (then they are skipped).

use backcalm_core::{BodyPart, Rating, Region};
use std::io::{self, BufRead, Write};

/// Where typed lines come from.
pub trait LineSource {
    /// The next line without its line ending, or `None` at end of input.
    fn next_line(&mut self) -> Option<String>;
    /// Whether a terminal already shows what was typed; if not (a pipe), the
    /// questions repeat the answer so the output reads as a conversation.
    fn echoed(&self) -> bool;
}

/// Lines from any buffered reader (stdin in full-screen mode, bytes in tests).
#[derive(Debug)]
pub struct ReadLines<R> {
    reader: R,
    echoed: bool,
}

impl<R: BufRead> ReadLines<R> {
    /// Reads lines from `reader`; `echoed` when it is a terminal.
    pub fn new(reader: R, echoed: bool) -> Self {
        ReadLines { reader, echoed }
    }
}

impl<R: BufRead> LineSource for ReadLines<R> {
    fn next_line(&mut self) -> Option<String> {
        let mut line = String::new();
        match self.reader.read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line.trim_end_matches(['\n', '\r']).to_string()),
        }
    }

    fn echoed(&self) -> bool {
        self.echoed
    }
}

/// Reads the next answer, repeating it when the terminal did not show it.
fn answer(lines: &mut dyn LineSource, out: &mut dyn Write) -> io::Result<Option<String>> {
    let line = lines.next_line();
    match &line {
        Some(l) if !lines.echoed() => writeln!(out, "{l}")?,
        Some(_) => {}
        // Nobody is there to answer: end the prompt's line and move on.
        None => writeln!(out)?,
    }
    Ok(line)
}

/// Pain and stress at one moment; `None` where skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ratings {
    /// Pain, 0-10.
    pub pain: Option<u8>,
    /// Stress, 0-10.
    pub stress: Option<u8>,
}

/// Reads a rating as typed: empty skips, a whole number 0-10 counts.
pub fn parse_rating(typed: &str) -> Result<Option<u8>, String> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let n: i64 = t.parse().map_err(|_| {
        format!("{t:?} is not a number. Type a whole number from 0 to 10, or press Enter to skip.")
    })?;
    Rating::try_from(n)
        .map(|r| Some(r.get()))
        .map_err(|e| format!("{e}, or press Enter to skip."))
}

/// Asks one rating until it is valid or skipped; `None` at end of input.
pub fn ask_rating(
    lines: &mut dyn LineSource,
    out: &mut dyn Write,
    prompt: &str,
) -> io::Result<Option<u8>> {
    loop {
        write!(out, "{prompt} ")?;
        out.flush()?;
        let Some(line) = answer(lines, out)? else {
            return Ok(None);
        };
        match parse_rating(&line) {
            Ok(v) => return Ok(v),
            Err(why) => writeln!(out, "{why}")?,
        }
    }
}

/// Asks pain and then stress, both skippable.
pub fn ask_ratings(lines: &mut dyn LineSource, out: &mut dyn Write) -> io::Result<Ratings> {
    let pain = ask_rating(lines, out, "Pain now, 0-10 (Enter to skip):")?;
    let stress = ask_rating(lines, out, "Stress now, 0-10 (Enter to skip):")?;
    Ok(Ratings { pain, stress })
}

/// Reads places as typed: ids or words separated by commas (`lower-back-left,
/// chest`, `belly, shoulders`); empty skips. Sided places keep their side.
pub fn parse_places(typed: &str) -> Result<Vec<Region>, String> {
    let mut out: Vec<Region> = Vec::new();
    for token in typed.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let id = token
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("-");
        let region = id.parse::<Region>().ok().or_else(|| {
            BodyPart::ALL
                .into_iter()
                .find(|p| p.words().replace(' ', "-") == id)
                .map(Region::whole)
        });
        match region {
            Some(r) if !out.contains(&r) => out.push(r),
            Some(_) => {}
            None => {
                let known: Vec<&str> = BodyPart::ALL.iter().map(|p| p.id()).collect();
                return Err(format!(
                    "{token:?} is not a place on the body map. Use {}, optionally with -left or -right, separated by commas; or press Enter to skip.",
                    known.join(", ")
                ));
            }
        }
    }
    Ok(out)
}

/// Asks for places in the body until the answer reads or is skipped; none at end of input.
pub fn ask_places(
    lines: &mut dyn LineSource,
    out: &mut dyn Write,
    question: &str,
) -> io::Result<Vec<Region>> {
    loop {
        write!(
            out,
            "{question} Type places separated by commas, e.g. chest, lower-back (Enter to skip): "
        )?;
        out.flush()?;
        let Some(line) = answer(lines, out)? else {
            return Ok(Vec::new());
        };
        match parse_places(&line) {
            Ok(v) => return Ok(v),
            Err(why) => writeln!(out, "{why}")?,
        }
    }
}

/// Asks a yes/no question until answered; no at end of input.
pub fn ask_yes_no(
    lines: &mut dyn LineSource,
    out: &mut dyn Write,
    question: &str,
) -> io::Result<bool> {
    loop {
        write!(out, "{question} (y/n) ")?;
        out.flush()?;
        let Some(line) = answer(lines, out)? else {
            return Ok(false);
        };
        match line.trim().to_lowercase().as_str() {
            "y" | "yes" => return Ok(true),
            "n" | "no" => return Ok(false),
            _ => writeln!(out, "Please type y for yes or n for no.")?,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Typed answers, as on a terminal that shows them.
    fn answers(typed: &str) -> ReadLines<&[u8]> {
        ReadLines::new(typed.as_bytes(), true)
    }

    #[test]
    fn ratings_are_whole_numbers_from_0_to_10_or_skipped() {
        assert_eq!(parse_rating(" 7 "), Ok(Some(7)));
        assert_eq!(parse_rating("0"), Ok(Some(0)));
        assert_eq!(parse_rating("10"), Ok(Some(10)));
        assert_eq!(parse_rating(""), Ok(None));
        assert_eq!(parse_rating("11"), Err("11 is not on the 0-10 scale; use a whole number from 0 to 10, or press Enter to skip.".into()));
        assert!(parse_rating("-1").is_err());
        assert!(parse_rating("4.5")
            .expect_err("not whole")
            .contains("not a number"));
        assert!(parse_rating("seven").is_err());
    }

    #[test]
    fn a_bad_answer_is_asked_again_with_the_reason() {
        let mut out = Vec::new();
        let r = ask_ratings(&mut answers("12\nabc\n6\n\n"), &mut out).expect("asks");
        assert_eq!(
            r,
            Ratings {
                pain: Some(6),
                stress: None
            }
        );
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            text,
            "Pain now, 0-10 (Enter to skip): 12 is not on the 0-10 scale; use a whole number from 0 to 10, or press Enter to skip.\n\
             Pain now, 0-10 (Enter to skip): \"abc\" is not a number. Type a whole number from 0 to 10, or press Enter to skip.\n\
             Pain now, 0-10 (Enter to skip): Stress now, 0-10 (Enter to skip): "
        );
    }

    #[test]
    fn closed_input_skips_without_hanging() {
        let mut out = Vec::new();
        assert_eq!(
            ask_ratings(&mut answers(""), &mut out).expect("asks"),
            Ratings::default()
        );
        assert!(!ask_yes_no(&mut answers(""), &mut out, "Save this session?").expect("asks"));
        // A closed stdin after a bad answer also ends the question.
        assert_eq!(
            ask_rating(&mut answers("x\n"), &mut out, "Pain:").expect("asks"),
            None
        );
    }

    #[test]
    fn yes_or_no_is_asked_until_answered() {
        let mut out = Vec::new();
        assert!(
            ask_yes_no(&mut answers("maybe\nYes\n"), &mut out, "Save this session?").expect("asks")
        );
        assert!(!ask_yes_no(&mut answers("n\n"), &mut out, "Save this session?").expect("asks"));
        let text = String::from_utf8(out).expect("utf-8");
        assert!(
            text.contains("Please type y for yes or n for no.\nSave this session? (y/n) "),
            "{text}"
        );
    }

    #[test]
    fn piped_answers_are_repeated_so_the_output_reads_well() {
        let mut out = Vec::new();
        let r =
            ask_ratings(&mut ReadLines::new("3\n\n".as_bytes(), false), &mut out).expect("asks");
        assert_eq!(
            r,
            Ratings {
                pain: Some(3),
                stress: None
            }
        );
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            text,
            "Pain now, 0-10 (Enter to skip): 3\nStress now, 0-10 (Enter to skip): \n"
        );
    }

    #[test]
    fn places_are_ids_or_words_and_a_bad_one_is_asked_again() {
        let r = |s: &str| s.parse::<Region>().expect("region");
        assert_eq!(
            parse_places(" Lower back-left , belly,shoulders, chest, chest"),
            Ok(vec![
                r("lower-back-left"),
                r("abdomen"),
                r("shoulder"),
                r("chest")
            ])
        );
        assert_eq!(parse_places("  "), Ok(vec![]));
        let mut out = Vec::new();
        let got = ask_places(
            &mut answers("spleen\nmiddle of the back\n"),
            &mut out,
            "Where did breathing feel easy or hard?",
        )
        .expect("asks");
        assert_eq!(got, vec![r("mid-back")]);
        let text = String::from_utf8(out).expect("utf-8");
        assert!(
            text.contains("\"spleen\" is not a place on the body map. Use head, face,"),
            "{text}"
        );
        assert_eq!(
            text.matches("Where did breathing feel easy or hard?")
                .count(),
            2,
            "{text}"
        );
        assert_eq!(
            ask_places(&mut answers(""), &mut Vec::new(), "Where?").expect("asks"),
            vec![]
        );
    }

    #[test]
    fn windows_line_endings_are_fine() {
        let mut out = Vec::new();
        assert_eq!(
            ask_rating(&mut answers("3\r\n"), &mut out, "Pain:").expect("asks"),
            Some(3)
        );
    }
}
