//! A practice file (`content::parse_practice`) on any bytes.
//!
//! Never panics; a practice it accepts compiles to a Timeline at its
//! shortest, default and longest length without panicking.
#![no_main]

use backcalm_core::content::parse_practice;
use backcalm_core::timeline::{compile, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(practice) = parse_practice("practices/fuzz.toml", text) else {
        return;
    };
    for minutes in [
        practice.min_minutes,
        practice.default_minutes,
        practice.max_minutes,
    ] {
        let _ = compile(&practice, &Options::minutes(minutes));
    }
});
