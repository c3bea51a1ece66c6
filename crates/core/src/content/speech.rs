//! How long words take to say: the budget every script is checked against.
//!
//! The rendered voice speaks each sentence of a prompt on its own, with
//! [`SENTENCE_GAP_MS`] of quiet between them, at [`BUDGET_WPM`] measured on
//! the output (`backcalm-audio` tests 105-115 on a real render), so a script
//! that passes these checks fits the voice.

/// Words a minute that spoken prompts are budgeted at when checking a script,
/// and that the rendered voice speaks at: calm, a little slower than talk.
pub const BUDGET_WPM: u32 = 110;

/// Quiet between two sentences of one prompt, so each one can land.
pub const SENTENCE_GAP_MS: u64 = 1_000;

/// How long `text` takes to say at `wpm` words a minute, in milliseconds,
/// with [`SENTENCE_GAP_MS`] between its sentences.
pub fn speech_ms(text: &str, wpm: u32) -> u64 {
    let words = text.split_whitespace().count() as u64;
    let gaps = sentences(text).count().saturating_sub(1) as u64;
    words * 60_000 / u64::from(wpm.max(1)) + gaps * SENTENCE_GAP_MS
}

/// The sentences of `text`, trimmed, in order: a sentence ends at `.`, `!`,
/// `?` or `…` (and any closing quotes or brackets after it) followed by white
/// space. Text with no such ending is one sentence; blank text is none.
pub fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text.trim();
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut after_end = false;
        let mut cut = rest.len();
        for (i, c) in rest.char_indices() {
            if c.is_whitespace() && after_end {
                cut = i;
                break;
            }
            after_end = match c {
                '.' | '!' | '?' | '…' => true,
                '"' | '\'' | ')' | ']' | '”' | '’' => after_end,
                _ => false,
            };
        }
        let (sentence, tail) = rest.split_at(cut);
        rest = tail.trim_start();
        Some(sentence)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_their_stop_and_white_space() {
        let s: Vec<&str> =
            sentences("  Breathe in. Hold… And out!  Easy? \"Yes.\" Then rest").collect();
        assert_eq!(
            s,
            [
                "Breathe in.",
                "Hold…",
                "And out!",
                "Easy?",
                "\"Yes.\"",
                "Then rest"
            ]
        );
        // A stop inside a word or number does not end a sentence.
        assert_eq!(sentences("Try 4.5 s, or 4-7-8.").count(), 1);
        assert_eq!(sentences(" \n ").count(), 0);
        assert_eq!(
            sentences("One.\nTwo.").collect::<Vec<_>>(),
            ["One.", "Two."]
        );
    }

    #[test]
    fn speech_takes_the_words_at_the_rate_plus_a_gap_between_sentences() {
        // 7 words at 105 a minute is 4 s; one gap between the two sentences.
        assert_eq!(
            speech_ms("Let the breath come. Let it go.", 105),
            4_000 + 1_000
        );
        assert_eq!(speech_ms("one two three four five six seven", 105), 4_000);
        assert_eq!(speech_ms("", 105), 0);
        assert_eq!(speech_ms("a b", 0), 120_000, "a rate of 0 counts as 1");
    }
}
