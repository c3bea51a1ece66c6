//! The player's clock: monotonic milliseconds, injected so tests control time.

use std::time::Instant;

/// A monotonic clock in milliseconds from an arbitrary origin.
pub trait Clock {
    /// Milliseconds since the clock's origin; never goes backwards.
    fn now_ms(&self) -> u64;
}

/// The real clock: the system's monotonic clock, which does not jump when the
/// wall clock is changed (and on Linux stands still while the machine sleeps).
#[derive(Debug, Clone, Copy)]
pub struct MonotonicClock {
    origin: Instant,
}

impl MonotonicClock {
    /// A clock whose origin is now.
    pub fn start() -> Self {
        MonotonicClock {
            origin: instant_now(),
        }
    }
}

impl Clock for MonotonicClock {
    fn now_ms(&self) -> u64 {
        let since = instant_now().saturating_duration_since(self.origin);
        u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
    }
}

/// The one place the binary reads the real clock; everything else takes a [`Clock`].
#[allow(clippy::disallowed_methods)]
fn instant_now() -> Instant {
    Instant::now()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_monotonic_clock_never_goes_backwards() {
        let c = MonotonicClock::start();
        let a = c.now_ms();
        std::thread::sleep(std::time::Duration::from_millis(5));
        let b = c.now_ms();
        assert!(b >= a + 5, "{a} then {b}");
    }
}
