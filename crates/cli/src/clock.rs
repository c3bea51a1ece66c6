//! The binary's one real clock and its idea of the local time zone.
//!
//! Architecture Invariant: nothing else in the binary reads the wall clock;
//! everything below gets "now" passed in from here.

use anyhow::Context;
use backcalm_core::TzName;

/// The environment variable that overrides the system time zone (tests use it).
pub const TZ_ENV: &str = "BACKCALM_TZ";

/// Now, as the computer's clock says, at the precision records keep
/// ([`backcalm_core::time::at_precision`]).
// The one place the binary reads the wall clock; see the module docs.
#[allow(clippy::disallowed_methods)]
pub fn wall_now() -> jiff::Timestamp {
    backcalm_core::time::at_precision(jiff::Timestamp::now())
}

/// The person's time zone: `BACKCALM_TZ` when set, else the system's IANA zone, else UTC.
///
/// A `BACKCALM_TZ` the time zone database does not know is an error rather
/// than a silent UTC, so records are never filed under the wrong day.
pub fn local_tz() -> anyhow::Result<TzName> {
    if let Some(name) = std::env::var_os(TZ_ENV) {
        let name = name.to_string_lossy();
        return TzName::new(name.trim())
            .map_err(crate::failure::Refusal::from_display)
            .context(TZ_ENV);
    }
    let system = jiff::tz::TimeZone::system();
    Ok(system
        .iana_name()
        .and_then(|n| TzName::new(n).ok())
        .unwrap_or_else(TzName::utc))
}

/// Today's local date in `tz`, as the computer's clock says.
pub fn today(tz: &TzName) -> jiff::civil::Date {
    wall_now().to_zoned(tz.zone()).date()
}
