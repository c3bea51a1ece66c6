//! core's one reader of time and zone input (`backcalm_core::time`): any text
//! as an RFC 3339 instant, a `YYYY-MM-DD` day and a zone name.
//!
//! Never panics. What it accepts as an instant jiff reads as the same instant
//! (cut to microseconds), and it reads back from its own RFC 3339 form; an
//! accepted day reads back from its own text; an accepted zone name is spelled
//! as IANA does, and that spelling is accepted as itself.
#![no_main]

use backcalm_core::time::{at_precision, canonical_zone, date, instant};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(at) = instant(text) {
        let theirs: jiff::Timestamp = text.parse().expect("jiff reads what core accepts");
        assert_eq!(at, at_precision(theirs), "{text}");
        assert_eq!(instant(&at.to_string()), Ok(at), "{text}");
    }
    if let Ok(day) = date(text) {
        assert_eq!(date(&day.to_string()), Ok(day), "{text}");
    }
    if let Ok(name) = canonical_zone(text) {
        assert!(name.eq_ignore_ascii_case(text), "{text} -> {name}");
        assert_eq!(canonical_zone(name), Ok(name));
    }
});
