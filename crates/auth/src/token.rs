//! Session and invitation tokens: 256 random bits, given to the browser
//! (or in a link) once, and kept in the database only as their SHA-256.
//! A stolen copy of the database signs no one in.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::fmt;

const BYTES: usize = 32;
/// The length of a token as text: 32 bytes in unpadded base64url.
pub const TEXT_LEN: usize = 43;

/// A token as the client holds it. `Debug` does not print it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

/// What the database keeps of a token: its SHA-256, in hex.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenHash(String);

/// The operating system could not give random bytes.
#[derive(Debug, thiserror::Error)]
#[error("the operating system's random number generator failed: {0}")]
pub struct NoRandomness(pub(crate) getrandom::Error);

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token([redacted])")
    }
}

impl Token {
    /// A new token from the operating system's generator.
    pub fn generate() -> Result<Token, NoRandomness> {
        let mut bytes = [0u8; BYTES];
        getrandom::getrandom(&mut bytes).map_err(NoRandomness)?;
        Ok(Token(URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// A token as it came back from a client: `None` unless it has exactly
    /// a token's shape (so nothing else is ever hashed and looked up).
    pub fn parse(text: &str) -> Option<Token> {
        let ok = text.len() == TEXT_LEN
            && URL_SAFE_NO_PAD
                .decode(text)
                .is_ok_and(|bytes| bytes.len() == BYTES);
        ok.then(|| Token(text.to_string()))
    }

    /// The text to give the client, once.
    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// What to store and look up.
    pub fn hash(&self) -> TokenHash {
        TokenHash::of(&self.0)
    }

    /// The anti-forgery token for the forms of pages answered to whoever
    /// holds this token: derived from it, so any server that sees the
    /// cookie computes the same value and none keeps it. A page shows it,
    /// so it must reveal nothing of the token, and it is never the stored
    /// [`TokenHash`] either (a domain-separated SHA-256, in base64url).
    pub fn form_token(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(FORM_TOKEN_DOMAIN);
        hasher.update(self.0.as_bytes());
        URL_SAFE_NO_PAD.encode(hasher.finalize())
    }
}

/// Sets form tokens apart from every other use of SHA-256 over a token.
const FORM_TOKEN_DOMAIN: &[u8] = b"backcalm form token\0";

impl TokenHash {
    /// The SHA-256 of `secret`, as lowercase hex.
    pub(crate) fn of(secret: &str) -> TokenHash {
        let digest = Sha256::digest(secret.as_bytes());
        TokenHash(digest.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// A hash read back from the database.
    pub fn from_stored(hex: String) -> TokenHash {
        TokenHash(hex)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_read_back() {
        let a = Token::generate().unwrap();
        let b = Token::generate().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.reveal().len(), TEXT_LEN);
        assert_eq!(Token::parse(a.reveal()), Some(a.clone()));
        assert_eq!(format!("{a:?}"), "Token([redacted])");
    }

    #[test]
    fn only_the_hash_is_kept_and_it_is_sha256() {
        // SHA-256 of the 43 characters below, computed independently with `sha256sum`.
        let t = Token::parse("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").unwrap();
        assert_eq!(
            t.hash().as_str(),
            "0f007385b6f9d4b7eeb2748605afe1a984a0a3bfa3f014d09e2a784ce9e5cd1a"
        );
        assert_eq!(t.hash(), t.clone().hash());
        assert_ne!(t.hash(), Token::generate().unwrap().hash());
    }

    #[test]
    fn the_form_token_is_fixed_per_token_and_is_neither_it_nor_its_hash() {
        let t = Token::parse("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").unwrap();
        // base64url of SHA-256("backcalm form token\0" + the 43 characters),
        // computed independently with `printf | sha256sum | xxd -r -p | basenc --base64url`, less its `=`.
        assert_eq!(
            t.form_token(),
            "GjartJVj7usqKW76l2lrwjK_6PoGmJJNN5r6kkaDn7o"
        );
        assert_eq!(t.form_token(), t.clone().form_token());
        assert_ne!(t.form_token(), t.reveal());
        assert_ne!(t.form_token(), t.hash().as_str());
        assert_ne!(t.form_token(), Token::generate().unwrap().form_token());
    }

    #[test]
    fn anything_not_shaped_like_a_token_is_refused() {
        for bad in [
            "",
            "short",
            &"A".repeat(44),
            &format!("{}=", "A".repeat(42)),
            &"!".repeat(43),
        ] {
            assert_eq!(Token::parse(bad), None, "{bad}");
        }
    }
}
