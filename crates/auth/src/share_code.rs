//! The code a clinician gives a person to share their journal: twelve
//! characters in three groups (`7KQ2-M9XD-3HTP`), from the 32 letters and
//! digits that are not easily mistaken for one another when read aloud or
//! typed (Crockford's base 32: no I, L, O or U). 60 random bits: far beyond
//! guessing within its seven days, with sign-in attempts rate-limited.

use std::fmt;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LEN: usize = 12;

/// A share code, normalised: twelve characters of [`ALPHABET`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ShareCode(String);

impl fmt::Debug for ShareCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ShareCode([redacted])")
    }
}

/// What a person typed is not a share code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "a share code has 12 letters and digits, like 7KQ2-M9XD-3HTP; check it with your clinician"
)]
pub struct NotAShareCode;

impl ShareCode {
    /// A new code from the operating system's generator.
    pub fn generate() -> Result<ShareCode, crate::token::NoRandomness> {
        let mut bytes = [0u8; LEN];
        getrandom::getrandom(&mut bytes).map_err(crate::token::NoRandomness)?;
        // 256 is a multiple of 32, so taking the low 5 bits keeps every
        // character equally likely.
        let code = bytes
            .iter()
            .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
            .collect();
        Ok(ShareCode(code))
    }

    /// Reads a code as typed or heard: case, spaces and dashes do not
    /// matter, and O is read as 0, I and L as 1.
    pub fn parse(typed: &str) -> Result<ShareCode, NotAShareCode> {
        let mut code = String::with_capacity(LEN);
        for c in typed.chars() {
            let c = match c.to_ascii_uppercase() {
                ' ' | '-' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
                return Err(NotAShareCode);
            }
            code.push(c);
        }
        if code.len() != LEN {
            return Err(NotAShareCode);
        }
        Ok(ShareCode(code))
    }

    /// The twelve characters, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code in three groups, as shown and read out.
    /// What is stored of the code: its SHA-256, like a token's, so a copy
    /// of the database holds no code a person could still type.
    pub fn hash(&self) -> crate::TokenHash {
        crate::TokenHash::of(&self.0)
    }

    pub fn grouped(&self) -> String {
        format!("{}-{}-{}", &self.0[..4], &self.0[4..8], &self.0[8..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_twelve_clear_characters_and_read_back_grouped_or_not() {
        let code = ShareCode::generate().unwrap();
        assert_eq!(code.as_str().len(), 12);
        assert!(code.as_str().bytes().all(|b| ALPHABET.contains(&b)));
        assert_eq!(ShareCode::parse(&code.grouped()), Ok(code.clone()));
        assert_eq!(ShareCode::parse(code.as_str()), Ok(code));
    }

    #[test]
    fn what_people_type_is_forgiven_where_it_is_unambiguous() {
        let want = ShareCode::parse("7KQ2-M9XD-3H10").unwrap();
        assert_eq!(ShareCode::parse(" 7kq2 m9xd 3hlo ").unwrap(), want);
        assert_eq!(ShareCode::parse("7KQ2M9XD3HI0").unwrap(), want);
        assert_eq!(want.grouped(), "7KQ2-M9XD-3H10");
    }

    #[test]
    fn wrong_lengths_and_letters_are_not_codes() {
        for bad in [
            "",
            "7KQ2-M9XD",
            "7KQ2-M9XD-3H10-1",
            "7KQ2-M9XD-3HU0",
            "7KQ2_M9XD_3H10",
            "7KQ2-M9XD-3HÖ0",
        ] {
            assert_eq!(ShareCode::parse(bad), Err(NotAShareCode), "{bad}");
        }
    }

    #[test]
    fn every_character_turns_up() {
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..200 {
            seen.extend(ShareCode::generate().unwrap().as_str().chars());
        }
        assert_eq!(seen.len(), 32, "{seen:?}");
    }
}
