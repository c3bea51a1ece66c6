//! The password rule and password hashes.
//!
//! A new password needs at least 10 characters and must not be easy to
//! guess: zxcvbn, whose dictionaries of common passwords, words and names
//! ship in the binary, must estimate it at score 3 or more (over 10^8
//! guesses), counting the person's username and name as known words. So
//! `password123`, `qwertyuiop` and `sam.jones2026` are refused.
//!
//! Hashes are argon2id with the OWASP Password Storage Cheat Sheet's first
//! setting: 19 MiB of memory, 2 passes, 1 lane, a 16-byte salt from the
//! operating system, kept in the PHC string format, which records the
//! parameters beside the hash so they can be raised later without breaking
//! stored hashes ([`PasswordHash::needs_rehash`]).

use argon2::password_hash::{rand_core::OsRng, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::fmt;

/// Fewest characters a password may have.
pub const MIN_CHARS: usize = 10;
/// Most characters: enough for any passphrase, and a bound on hashing work.
pub const MAX_CHARS: usize = 256;

/// argon2id's memory in KiB, passes and lanes.
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;

/// Why a new password is refused; the message says what would do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error(
        "a password needs at least {MIN_CHARS} characters; a few unrelated words make a good one"
    )]
    TooShort,
    #[error("a password can have at most {MAX_CHARS} characters")]
    TooLong,
    #[error("this password is too easy to guess{}; a few unrelated words make a better one", reason(.0))]
    Guessable(Option<String>),
}

fn reason(r: &Option<String>) -> String {
    match r {
        Some(r) => format!(" ({})", r.trim_end_matches('.').to_lowercase()),
        None => String::new(),
    }
}

/// Checks a new password against the rule, knowing the account's username
/// and name (a password built from them is easy to guess).
pub fn check_new(password: &str, known_words: &[&str]) -> Result<(), PasswordError> {
    let count = password.chars().count();
    if count < MIN_CHARS {
        return Err(PasswordError::TooShort);
    }
    if count > MAX_CHARS {
        return Err(PasswordError::TooLong);
    }
    // "Sam Jones" and "sam.jones" are known as sam, jones and samjones too.
    let mut words: Vec<String> = vec!["backcalm".to_string()];
    for known in known_words {
        let lower = known.to_lowercase();
        let parts: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
            .collect();
        words.push(parts.concat());
        words.extend(parts.iter().map(|p| p.to_string()));
        words.push(lower.clone());
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(password, &words);
    if (estimate.score() as u8) < 3 {
        let warning = estimate
            .feedback()
            .and_then(|f| f.warning())
            .map(|w| w.to_string());
        return Err(PasswordError::Guessable(warning));
    }
    Ok(())
}

/// A stored password hash (PHC string: `$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(..)")
    }
}

/// A stored hash that is not a PHC string this build can verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the stored password hash is not an argon2 PHC string")]
pub struct UnreadableHash;

fn hasher() -> Argon2<'static> {
    // The constants are within argon2's limits, which `Params::new` checks.
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

impl PasswordHash {
    /// Hashes `password` with a fresh salt. The rule is checked by
    /// [`check_new`], not here, so that an admin's reset can hash too.
    pub fn generate(password: &str) -> PasswordHash {
        let salt = SaltString::generate(&mut OsRng);
        match hasher().hash_password(password.as_bytes(), &salt) {
            Ok(hash) => PasswordHash(hash.to_string()),
            // Only a salt or output length outside argon2's limits fails,
            // and both are fixed here.
            Err(e) => unreachable!("argon2 refused its own parameters: {e}"),
        }
    }

    /// A hash read back from the database.
    pub fn parse(stored: &str) -> Result<PasswordHash, UnreadableHash> {
        argon2::PasswordHash::new(stored).map_err(|_| UnreadableHash)?;
        Ok(PasswordHash(stored.to_string()))
    }

    /// The PHC string to store.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `password` is the one hashed, in time that does not depend
    /// on how much of it matches.
    pub fn verify(&self, password: &str) -> bool {
        match argon2::PasswordHash::new(&self.0) {
            Ok(parsed) => hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            Err(_) => false,
        }
    }

    /// Whether the hash was made with other parameters than today's, so
    /// it should be replaced at the next successful sign-in.
    pub fn needs_rehash(&self) -> bool {
        let Ok(parsed) = argon2::PasswordHash::new(&self.0) else {
            return true;
        };
        let Ok(params) = Params::try_from(&parsed) else {
            return true;
        };
        parsed.algorithm.as_str() != "argon2id"
            || params.m_cost() != MEMORY_KIB
            || params.t_cost() != PASSES
            || params.p_cost() != LANES
    }
}

/// Does the work of one verification against nothing, so that a sign-in
/// with an unknown username takes as long as one with a wrong password.
pub fn verify_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<PasswordHash> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| PasswordHash::generate("not anyone's password at all"));
    let _ = dummy.verify(password);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_long_and_common_passwords_are_refused_with_a_reason() {
        assert_eq!(check_new("abc12345", &[]), Err(PasswordError::TooShort));
        assert_eq!(
            check_new(&"x".repeat(257), &[]),
            Err(PasswordError::TooLong)
        );
        for common in [
            "password123",
            "qwertyuiop",
            "1234567890",
            "iloveyou12",
            "Password1!",
        ] {
            let err = check_new(common, &[]).expect_err(common);
            assert!(
                matches!(err, PasswordError::Guessable(_)),
                "{common}: {err:?}"
            );
            assert!(
                err.to_string()
                    .starts_with("this password is too easy to guess"),
                "{err}"
            );
        }
        let err = check_new("password123", &[]).unwrap_err().to_string();
        assert!(err.contains("common password"), "{err}");
    }

    #[test]
    fn a_password_made_of_the_persons_own_names_is_guessable() {
        assert!(check_new("samjones1980", &["sam.jones", "Sam Jones"]).is_err());
    }

    #[test]
    fn unrelated_words_pass() {
        assert_eq!(check_new("kettle orbit lantern moss", &["sam"]), Ok(()));
        assert_eq!(check_new("Tq8#vLm2!pZr", &[]), Ok(()));
    }

    #[test]
    fn a_hash_verifies_its_password_only_and_records_its_parameters() {
        let hash = PasswordHash::generate("kettle orbit lantern moss");
        assert!(
            hash.as_str().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{}",
            hash.as_str()
        );
        assert!(hash.verify("kettle orbit lantern moss"));
        assert!(!hash.verify("kettle orbit lantern mos"));
        assert!(!hash.verify(""));
        assert!(!hash.needs_rehash());
        let again = PasswordHash::parse(hash.as_str()).expect("reads back");
        assert!(again.verify("kettle orbit lantern moss"));
        // Two hashes of one password differ by their salt.
        assert_ne!(PasswordHash::generate("kettle orbit lantern moss"), hash);
        assert_eq!(format!("{hash:?}"), "PasswordHash(..)");
    }

    #[test]
    fn old_parameters_ask_for_a_rehash_and_garbage_is_refused() {
        let weaker = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 1, 1, None).unwrap(),
        );
        let salt = SaltString::generate(&mut OsRng);
        let old = weaker
            .hash_password(b"kettle orbit lantern moss", &salt)
            .unwrap();
        let old = PasswordHash::parse(&old.to_string()).unwrap();
        assert!(
            old.verify("kettle orbit lantern moss"),
            "old hashes still verify"
        );
        assert!(old.needs_rehash());
        assert_eq!(PasswordHash::parse("plain text"), Err(UnreadableHash));
    }
}
