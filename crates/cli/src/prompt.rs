//! Questions asked in the terminal, one line per answer.
//!
//! Questions go to stderr so that stdout carries only the result (and JSON
//! stays clean). The end of input is never taken as an answer: a command
//! that needs answers stops without storing anything, and a confirmation
//! counts it as "no".

use std::io::{self, BufRead, Write};

/// Asks questions on `output` and reads answers from `input`.
#[derive(Debug)]
pub struct Prompt<R, W> {
    input: R,
    output: W,
}

/// A prompt on the terminal: stdin and stderr.
pub fn terminal() -> Prompt<io::StdinLock<'static>, io::Stderr> {
    Prompt::new(io::stdin().lock(), io::stderr())
}

impl<R: BufRead, W: Write> Prompt<R, W> {
    /// A prompt over any reader and writer (tests use in-memory ones).
    pub fn new(input: R, output: W) -> Self {
        Prompt { input, output }
    }

    /// What was written so far (tests read the questions back).
    #[cfg(test)]
    pub fn into_output(self) -> W {
        self.output
    }

    /// Writes text as it is (a heading, an explanation).
    pub fn say(&mut self, text: &str) -> io::Result<()> {
        self.output.write_all(text.as_bytes())?;
        self.output.flush()
    }

    /// Asks `question` and returns the answer trimmed; `None` at the end of input.
    pub fn line(&mut self, question: &str) -> io::Result<Option<String>> {
        self.say(question)?;
        let mut answer = String::new();
        if self.input.read_line(&mut answer)? == 0 {
            self.say("\n")?;
            return Ok(None);
        }
        Ok(Some(answer.trim().to_string()))
    }

    /// Asks until the answer is yes or no; `None` at the end of input.
    pub fn yes_no(&mut self, question: &str) -> io::Result<Option<bool>> {
        loop {
            let Some(answer) = self.line(question)? else {
                return Ok(None);
            };
            match answer.to_lowercase().as_str() {
                "y" | "yes" => return Ok(Some(true)),
                "n" | "no" => return Ok(Some(false)),
                _ => self.say("Please answer y (yes) or n (no).\n")?,
            }
        }
    }

    /// Asks until the answer is a whole number from `min` to `max`; `None` at the end of input.
    pub fn number(&mut self, question: &str, min: u8, max: u8) -> io::Result<Option<u8>> {
        loop {
            let Some(answer) = self.line(question)? else {
                return Ok(None);
            };
            match answer.parse::<u8>() {
                Ok(n) if (min..=max).contains(&n) => return Ok(Some(n)),
                _ => self.say(&format!(
                    "Please type a whole number from {min} to {max}.\n"
                ))?,
            }
        }
    }

    /// A `[y/N]` question: only y or yes is yes; anything else, or the end of input, is no.
    pub fn confirm(&mut self, question: &str) -> io::Result<bool> {
        let answer = self.line(&format!("{question} [y/N] "))?;
        Ok(matches!(
            answer.map(|a| a.to_lowercase()).as_deref(),
            Some("y" | "yes")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt(input: &str) -> Prompt<&[u8], Vec<u8>> {
        Prompt::new(input.as_bytes(), Vec::new())
    }

    #[test]
    fn yes_no_asks_again_until_it_understands() {
        let mut p = prompt("maybe\nY\n");
        assert_eq!(p.yes_no("Fever? ").expect("reads"), Some(true));
        let asked = String::from_utf8(p.output).expect("utf-8");
        assert_eq!(asked, "Fever? Please answer y (yes) or n (no).\nFever? ");
        assert_eq!(prompt("no\n").yes_no("?").expect("reads"), Some(false));
        assert_eq!(prompt("").yes_no("?").expect("reads"), None);
        assert_eq!(prompt("what\n").yes_no("?").expect("reads"), None);
    }

    #[test]
    fn numbers_stay_in_range() {
        let mut p = prompt("11\nfour\n 4 \n");
        assert_eq!(p.number("Pain? ", 0, 10).expect("reads"), Some(4));
        assert_eq!(prompt("").number("?", 0, 10).expect("reads"), None);
    }

    #[test]
    fn only_yes_confirms() {
        assert!(prompt("yes\n").confirm("Go?").expect("reads"));
        assert!(!prompt("\n").confirm("Go?").expect("reads"));
        assert!(!prompt("").confirm("Go?").expect("reads"));
        assert!(!prompt("sure\n").confirm("Go?").expect("reads"));
    }
}
