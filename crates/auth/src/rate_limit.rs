//! The sign-in rate limit: after 5 failed sign-ins for one account, or 20
//! from one address, within 15 minutes, further attempts wait until enough
//! of those failures are older than the window.
//!
//! The rule is a pure function of the failures the database holds, so
//! several servers over one database count the same failures.

use jiff::{SignedDuration, Timestamp};

/// The limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub per_account: usize,
    pub per_address: usize,
    pub window: SignedDuration,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            per_account: 5,
            per_address: 20,
            window: SignedDuration::from_mins(15),
        }
    }
}

/// The failed sign-ins that count: those for the account tried, and those
/// from the address the attempt comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attempts {
    pub account: Vec<Timestamp>,
    pub address: Vec<Timestamp>,
}

impl RateLimit {
    /// The earliest instant the database needs failures from.
    pub fn since(&self, now: Timestamp) -> Timestamp {
        now.checked_sub(self.window).unwrap_or(Timestamp::MIN)
    }

    /// `Ok` when an attempt may go ahead now; otherwise how long to wait
    /// (whole seconds, at least 1), for `Retry-After`.
    pub fn check(&self, failures: &Attempts, now: Timestamp) -> Result<(), u64> {
        let wait = [
            self.wait(&failures.account, self.per_account, now),
            self.wait(&failures.address, self.per_address, now),
        ]
        .into_iter()
        .flatten()
        .max();
        match wait {
            None => Ok(()),
            Some(wait) => Err(wait),
        }
    }

    /// How long until fewer than `limit` of `times` are inside the window.
    fn wait(&self, times: &[Timestamp], limit: usize, now: Timestamp) -> Option<u64> {
        let since = self.since(now);
        let mut inside: Vec<Timestamp> = times.iter().copied().filter(|t| *t > since).collect();
        if inside.len() < limit {
            return None;
        }
        inside.sort();
        // The attempt may go once this one has left the window.
        let leaving = inside[inside.len() - limit];
        let free_at = leaving.checked_add(self.window).unwrap_or(Timestamp::MAX);
        let secs = now.duration_until(free_at).as_secs_f64().ceil();
        Some((secs as u64).max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(min: i64, sec: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + min * 60 + sec).unwrap()
    }

    #[test]
    fn four_failures_for_an_account_still_let_the_fifth_try() {
        let rule = RateLimit::default();
        let f = Attempts {
            account: (0..4).map(|m| at(m, 0)).collect(),
            address: vec![],
        };
        assert_eq!(rule.check(&f, at(5, 0)), Ok(()));
    }

    #[test]
    fn five_failures_wait_until_the_oldest_leaves_the_window() {
        let rule = RateLimit::default();
        let f = Attempts {
            account: (0..5).map(|m| at(m, 0)).collect(),
            address: vec![],
        };
        // The first failure, at minute 0, leaves the window at minute 15.
        assert_eq!(rule.check(&f, at(5, 0)), Err(600));
        assert_eq!(rule.check(&f, at(14, 59)), Err(1));
        assert_eq!(rule.check(&f, at(15, 0)), Ok(()));
    }

    #[test]
    fn failures_outside_the_window_do_not_count() {
        let rule = RateLimit::default();
        let mut account: Vec<_> = (0..10).map(|m| at(m - 30, 0)).collect();
        account.push(at(0, 0));
        let f = Attempts {
            account,
            address: vec![],
        };
        assert_eq!(rule.check(&f, at(1, 0)), Ok(()));
    }

    #[test]
    fn twenty_from_one_address_over_many_accounts_are_limited_too() {
        let rule = RateLimit::default();
        let address: Vec<_> = (0..20).map(|s| at(0, s * 10)).collect();
        let f = Attempts {
            account: vec![at(0, 0)],
            address,
        };
        // 20 failures from 0:00 to 3:10; the first leaves at 15:00.
        assert_eq!(rule.check(&f, at(4, 0)), Err(11 * 60));
        let nineteen = Attempts {
            account: vec![],
            address: (0..19).map(|s| at(0, s)).collect(),
        };
        assert_eq!(rule.check(&nineteen, at(1, 0)), Ok(()));
    }

    #[test]
    fn the_longer_of_the_two_waits_is_the_answer() {
        let rule = RateLimit::default();
        let f = Attempts {
            account: (0..5).map(|m| at(m + 2, 0)).collect(),
            address: (0..20).map(|s| at(0, s)).collect(),
        };
        // The account frees at 17:00, the address at 15:00.
        assert_eq!(rule.check(&f, at(7, 0)), Err(600));
    }
}
