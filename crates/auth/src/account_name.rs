//! The name an account is shown by: on a clinician's patient list, in the
//! audit trail, in `backcalm account list`.

use std::fmt;

/// The most characters a name may have (the database checks the same).
pub const MAX_CHARS: usize = 200;

/// A name of 1 to 200 characters on one line, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountName(String);

/// Why a name cannot be used; the message says what would do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountNameError {
    #[error("a name is needed: the name people know this account by, 1 to 200 characters")]
    Empty,
    #[error("the name has {0} characters; keep it to 200")]
    TooLong(usize),
    #[error(
        "the name has a line break or another control character (U+{0:04X}); keep it to one line"
    )]
    Control(u32),
}

impl AccountName {
    /// Checks and trims what was typed.
    pub fn parse(typed: &str) -> Result<AccountName, AccountNameError> {
        let name = typed.trim();
        if name.is_empty() {
            return Err(AccountNameError::Empty);
        }
        // Counted as the database counts (characters, not bytes).
        let count = name.chars().count();
        if count > MAX_CHARS {
            return Err(AccountNameError::TooLong(count));
        }
        if let Some(c) = name.chars().find(|c| c.is_control()) {
            return Err(AccountNameError::Control(u32::from(c)));
        }
        Ok(AccountName(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_kept_as_typed() {
        assert_eq!(
            AccountName::parse("  Dr. Ana Núñez ").map(|n| n.to_string()),
            Ok("Dr. Ana Núñez".to_string())
        );
        assert!(AccountName::parse("A").is_ok());
    }

    #[test]
    fn two_hundred_characters_not_bytes_are_allowed() {
        let most = "é".repeat(MAX_CHARS);
        assert_eq!(AccountName::parse(&most).map(|n| n.0), Ok(most.clone()));
        assert_eq!(
            AccountName::parse(&format!("{most}x")),
            Err(AccountNameError::TooLong(201))
        );
    }

    #[test]
    fn empty_names_and_control_characters_are_refused() {
        assert_eq!(AccountName::parse(""), Err(AccountNameError::Empty));
        assert_eq!(AccountName::parse(" \t\n"), Err(AccountNameError::Empty));
        assert_eq!(
            AccountName::parse("Sam\nJones"),
            Err(AccountNameError::Control(0x0A))
        );
        assert_eq!(
            AccountName::parse("Sam \u{1b}[31mJones")
                .unwrap_err()
                .to_string(),
            "the name has a line break or another control character (U+001B); keep it to one line"
        );
    }
}
