//! Hosted mode's security rules, as pure functions with no database and no
//! web framework: the password rule and its argon2id hashes, session and
//! invitation tokens (kept only as hashes), the share code a clinician reads
//! out, usernames, account names, roles, and the sign-in rate limit.
//!
//! Time is a parameter here, as in core: callers pass "now". Randomness
//! comes from the operating system ([`getrandom`]); functions that need it
//! say so in their names (`generate`, `new_random`).

pub mod account_name;
pub mod password;
pub mod rate_limit;
pub mod role;
pub mod scope;
pub mod share_code;
pub mod token;
pub mod username;

pub use account_name::{AccountName, AccountNameError};
pub use password::{PasswordError, PasswordHash};
pub use rate_limit::{Attempts, RateLimit};
pub use role::Role;
pub use scope::Scope;
pub use share_code::ShareCode;
pub use token::{Token, TokenHash};
pub use username::Username;
