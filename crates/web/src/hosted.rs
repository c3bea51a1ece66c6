//! Hosted mode (`backcalm serve --accounts`): many people on one server, each
//! signed in with a session cookie and each with a journal of their own.
//!
//! This file holds what the state keeps for it: the settings and the
//! accounts store. Nothing about a sign-in lives in the process: sessions
//! and the failed sign-ins the rate limit counts are rows in the database,
//! so a restart forgets nothing and several servers over one database count
//! every failure once (docs/HOSTED.md).

use backcalm_auth::RateLimit;
use backcalm_store::{Store, StoreError};
use jiff::{SignedDuration, Timestamp};
use uuid::Uuid;

/// The cookie that carries the session token.
pub const SESSION_COOKIE: &str = "backcalm_session";

/// The cookie beside it that names the signed-in account to the pages'
/// script (not HttpOnly; the id opens nothing).
pub const ACCOUNT_COOKIE: &str = "backcalm_account";

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
#[derive(Debug, Clone)]
pub(crate) struct Hosted {
    pub(crate) config: HostedConfig,
    /// The store as the server, for accounts and sessions; a person's journal
    /// is always `accounts.for_person(id)` (see `crate::access::Journal`).
    pub(crate) accounts: Store,
    /// Web Push, when the server sends reminders to closed apps.
    pub(crate) push: Option<std::sync::Arc<crate::push::Push>>,
}

impl Hosted {
    pub(crate) fn new(config: HostedConfig, accounts: Store) -> Hosted {
        Hosted {
            config,
            accounts,
            push: None,
        }
    }

    /// Whether a sign-in for `username` from `address` may be tried now
    /// (`Ok(Ok(()))`); otherwise the seconds to wait. The failures are read
    /// from the database, so every server over it sees the same count.
    pub(crate) async fn may_try(
        &self,
        username: &str,
        address: &str,
        now: Timestamp,
    ) -> Result<Result<(), u64>, StoreError> {
        let since = self.config.rate_limit.since(now);
        let attempts = self
            .accounts
            .sign_in_failures(username, address, since)
            .await?;
        Ok(self.config.rate_limit.check(&attempts, now))
    }

    /// Counts a failed sign-in, in the database.
    pub(crate) async fn failed(
        &self,
        username: &str,
        address: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.accounts
            .record_sign_in_failure(Uuid::new_v4(), username, address, now)
            .await
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
            assert_eq!(h.may_try("sam", "a", at(m)).await.unwrap(), Ok(()));
            h.failed("sam", "a", at(m)).await.unwrap();
        }
        assert_eq!(h.may_try("sam", "b", at(5)).await.unwrap(), Err(600));
        assert_eq!(h.may_try("lee", "b", at(5)).await.unwrap(), Ok(()));
        assert_eq!(h.may_try("sam", "b", at(15)).await.unwrap(), Ok(()));
    }

    /// Two servers over one journal file (or a restarted one) share the
    /// count: failures are rows, not memory.
    #[tokio::test]
    async fn two_servers_over_one_database_count_every_failure_once() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("journal.sqlite").display());
        let one = Hosted::new(HostedConfig::default(), Store::open(&url).await.unwrap());
        let two = Hosted::new(HostedConfig::default(), Store::open(&url).await.unwrap());
        for m in 0..5 {
            let server = if m % 2 == 0 { &one } else { &two };
            assert_eq!(server.may_try("sam", "a", at(m)).await.unwrap(), Ok(()));
            server.failed("sam", "a", at(m)).await.unwrap();
        }
        // Five failures, split 3 + 2 between the servers: both hold "sam" back.
        assert_eq!(one.may_try("sam", "b", at(5)).await.unwrap(), Err(600));
        assert_eq!(two.may_try("sam", "b", at(5)).await.unwrap(), Err(600));
        // A server started afresh over the same file sees them too.
        drop(one);
        let three = Hosted::new(HostedConfig::default(), Store::open(&url).await.unwrap());
        assert_eq!(three.may_try("sam", "c", at(6)).await.unwrap(), Err(540));
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
