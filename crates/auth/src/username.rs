//! Usernames: what a person types to sign in.

use std::fmt;

/// A username: 3 to 64 characters, lower-case ASCII letters, digits, `.`,
/// `-` and `_`, starting with a letter or digit. What a person types is
/// trimmed and lower-cased first, so `Sam.Jones ` signs in as `sam.jones`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Username(String);

/// Why a username cannot be used; the message says what would do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsernameError {
    #[error("a username needs at least 3 characters")]
    TooShort,
    #[error("a username can have at most 64 characters")]
    TooLong,
    #[error("a username can use only letters a-z, digits, '.', '-' and '_' (not {0:?})")]
    Character(char),
    #[error("a username must start with a letter or a digit")]
    Start,
}

impl Username {
    /// Checks and normalises what a person typed.
    pub fn parse(typed: &str) -> Result<Username, UsernameError> {
        let name = typed.trim().to_ascii_lowercase();
        let count = name.chars().count();
        if count < 3 {
            return Err(UsernameError::TooShort);
        }
        if count > 64 {
            return Err(UsernameError::TooLong);
        }
        if let Some(c) = name.chars().find(|c| {
            !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
        }) {
            return Err(UsernameError::Character(c));
        }
        if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Err(UsernameError::Start);
        }
        Ok(Username(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_trimmed_and_lower_cased() {
        assert_eq!(
            Username::parse("  Sam.Jones ").unwrap().as_str(),
            "sam.jones"
        );
        assert_eq!(Username::parse("dr_lee-2").unwrap().as_str(), "dr_lee-2");
    }

    #[test]
    fn what_cannot_be_a_username_says_why() {
        assert_eq!(Username::parse("ab"), Err(UsernameError::TooShort));
        assert_eq!(
            Username::parse(&"a".repeat(65)),
            Err(UsernameError::TooLong)
        );
        assert_eq!(
            Username::parse("sam jones"),
            Err(UsernameError::Character(' '))
        );
        assert_eq!(Username::parse("zoë"), Err(UsernameError::Character('ë')));
        assert_eq!(Username::parse("_sam"), Err(UsernameError::Start));
        assert_eq!(
            Username::parse(&"a".repeat(64)).map(|u| u.as_str().len()),
            Ok(64)
        );
    }
}
