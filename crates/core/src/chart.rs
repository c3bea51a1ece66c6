//! What a chart over time shows, decided once for the web pages and the
//! clinician report: which days ([`Window`]), at what grain ([`bin_pain`]:
//! days, weekly or monthly means) and which dates label its axis
//! ([`date_ticks`]: never two alike, never overlapping).
//!
//! Pure like the rest of core: "today" and the drawing's sizes are parameters.

pub mod bins;
pub mod ticks;
pub mod window;

pub use bins::{bin_pain, Grain, PainPoint, DAILY_MAX_DAYS, WEEKLY_MAX_DAYS};
pub use ticks::{date_ticks, Axis, DateTick};
pub use window::{BadWindow, Window};
