//! Hosted mode (`backcalm serve --accounts`): many people on one server, each
//! signed in with a session cookie and each with a journal of their own.
//!
//! This file holds what the state keeps for it: the settings, the accounts
//! store, and the sign-in failures the rate limit counts. The failures are
//! kept in memory, per server process: a restart forgets them and two
//! servers over one database count separately (docs/HOSTED.md says so).

use backcalm_auth::{Attempts, RateLimit};
use backcalm_store::Store;
use jiff::{SignedDuration, Timestamp};
use std::collections::HashMap;
use std::sync::Mutex;

/// The cookie that carries the session token.
pub const SESSION_COOKIE: &str = "backcalm_session";

/// Hosted mode's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostedConfig {
    /// A session unused this long has ended.
    pub session_idle: SignedDuration,
    /// A session this old has ended, however recently it was used.
    pub session_absolute: SignedDuration,
    /// The sign-in rate limit.
    pub rate_limit: RateLimit,
}

impl Default for HostedConfig {
    fn default() -> Self {
        HostedConfig {
            session_idle: SignedDuration::from_hours(30 * 24),
            session_absolute: SignedDuration::from_hours(90 * 24),
            rate_limit: RateLimit::default(),
        }
    }
}

/// Last-seen times are written at most this often, not at every request.
pub(crate) const TOUCH_EVERY: SignedDuration = SignedDuration::from_mins(1);

/// What the state keeps in hosted mode.
#[derive(Debug)]
pub(crate) struct Hosted {
    pub(crate) config: HostedConfig,
    /// The store as the server, for accounts and sessions; a person's journal
    /// is always `accounts.for_person(id)` (see `crate::access::Journal`).
    pub(crate) accounts: Store,
    failures: Mutex<Failures>,
}

/// Failed sign-ins by username and by address, newest last.
#[derive(Debug, Default)]
struct Failures {
    by_account: HashMap<String, Vec<Timestamp>>,
    by_address: HashMap<String, Vec<Timestamp>>,
}

impl Hosted {
    pub(crate) fn new(config: HostedConfig, accounts: Store) -> Hosted {
        Hosted {
            config,
            accounts,
            failures: Mutex::new(Failures::default()),
        }
    }

    /// Whether a sign-in for `username` from `address` may be tried now;
    /// otherwise the seconds to wait.
    pub(crate) fn may_try(&self, username: &str, address: &str, now: Timestamp) -> Result<(), u64> {
        let mut guard = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let f = &mut *guard;
        let since = self.config.rate_limit.since(now);
        // Forget what no longer counts, so the maps stay small.
        for map in [&mut f.by_account, &mut f.by_address] {
            map.retain(|_, times| {
                times.retain(|t| *t > since);
                !times.is_empty()
            });
        }
        let attempts = Attempts {
            account: f.by_account.get(username).cloned().unwrap_or_default(),
            address: f.by_address.get(address).cloned().unwrap_or_default(),
        };
        self.config.rate_limit.check(&attempts, now)
    }

    /// Counts a failed sign-in.
    pub(crate) fn failed(&self, username: &str, address: &str, now: Timestamp) {
        let mut f = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        f.by_account
            .entry(username.to_string())
            .or_default()
            .push(now);
        f.by_address
            .entry(address.to_string())
            .or_default()
            .push(now);
    }

    /// Whether a session made at `created` and last used at `seen` has ended at `now`.
    pub(crate) fn expired(&self, created: Timestamp, seen: Timestamp, now: Timestamp) -> bool {
        let past = |t: Timestamp, d: SignedDuration| t.checked_add(d).is_ok_and(|end| end <= now);
        past(seen, self.config.session_idle) || past(created, self.config.session_absolute)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(min: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + min * 60).unwrap()
    }

    #[tokio::test]
    async fn five_failures_for_a_name_hold_it_back_and_others_go_on() {
        let store = Store::open("sqlite::memory:").await.unwrap();
        let h = Hosted::new(HostedConfig::default(), store);
        for m in 0..5 {
            assert_eq!(h.may_try("sam", "a", at(m)), Ok(()));
            h.failed("sam", "a", at(m));
        }
        assert_eq!(h.may_try("sam", "b", at(5)), Err(600));
        assert_eq!(h.may_try("lee", "b", at(5)), Ok(()));
        assert_eq!(h.may_try("sam", "b", at(15)), Ok(()));
    }

    #[tokio::test]
    async fn sessions_end_when_idle_or_old() {
        let store = Store::open("sqlite::memory:").await.unwrap();
        let h = Hosted::new(HostedConfig::default(), store);
        let day = 24 * 60;
        assert!(!h.expired(at(0), at(0), at(29 * day)));
        assert!(h.expired(at(0), at(0), at(30 * day)));
        assert!(!h.expired(at(0), at(85 * day), at(89 * day)));
        assert!(h.expired(at(0), at(89 * day), at(90 * day)));
    }
}
