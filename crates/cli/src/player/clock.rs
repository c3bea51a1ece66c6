//! The player's clock: monotonic milliseconds, injected so tests control time.

use std::time::Instant;

/// A monotonic clock in milliseconds from an arbitrary origin.
pub trait Clock {
    /// Milliseconds since the clock's origin; never goes backwards.
    fn now_ms(&self) -> u64;

    /// How long to wait, in real milliseconds, for `ms` of this clock to pass.
    fn real_ms(&self, ms: u64) -> u64 {
        ms
    }
}

/// The environment variable that runs the player's clock faster than real
/// time, for the CLI's own tests (a one-minute practice in a second at 60):
/// a whole number from 1 to 1000; anything else is real time. Not for
/// people: nothing documents it but this.
pub const SPEED_VAR: &str = "BACKCALM_PLAYER_SPEED";

/// The speed [`SPEED_VAR`] asks for, 1 when it asks for none or for nonsense.
pub fn speed_from(value: Option<&str>) -> u64 {
    value
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| (1..=1000).contains(s))
        .unwrap_or(1)
}

/// The real clock: the system's monotonic clock, which does not jump when the
/// wall clock is changed (and on Linux stands still while the machine sleeps).
#[derive(Debug, Clone, Copy)]
pub struct MonotonicClock {
    origin: Instant,
    /// How many of its milliseconds pass in a real one (1 but in tests).
    speed: u64,
}

impl MonotonicClock {
    /// A clock whose origin is now, at the speed [`SPEED_VAR`] asks for.
    pub fn start() -> Self {
        MonotonicClock {
            origin: instant_now(),
            speed: speed_from(std::env::var(SPEED_VAR).ok().as_deref()),
        }
    }
}

impl Clock for MonotonicClock {
    fn now_ms(&self) -> u64 {
        let since = instant_now().saturating_duration_since(self.origin);
        u64::try_from(since.as_millis())
            .unwrap_or(u64::MAX)
            .saturating_mul(self.speed)
    }

    fn real_ms(&self, ms: u64) -> u64 {
        ms.div_ceil(self.speed)
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
    fn only_a_whole_speed_from_1_to_1000_counts() {
        assert_eq!(speed_from(None), 1);
        assert_eq!(speed_from(Some("60")), 60);
        assert_eq!(speed_from(Some(" 1000 ")), 1000);
        for nonsense in ["0", "1001", "-5", "fast", "1.5", ""] {
            assert_eq!(speed_from(Some(nonsense)), 1, "{nonsense}");
        }
    }

    #[test]
    fn a_fast_clock_waits_its_share_of_real_time() {
        let c = MonotonicClock {
            origin: instant_now(),
            speed: 60,
        };
        assert_eq!(c.real_ms(60_000), 1_000);
        assert_eq!(c.real_ms(1), 1, "never a wait of nothing");
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(c.now_ms() >= 1_200, "{}", c.now_ms());
    }

    #[test]
    fn the_monotonic_clock_never_goes_backwards() {
        let c = MonotonicClock::start();
        let a = c.now_ms();
        std::thread::sleep(std::time::Duration::from_millis(5));
        let b = c.now_ms();
        assert!(b >= a + 5, "{a} then {b}");
    }
}
