//! What several test suites share, in one place: generated journals for the
//! export and import property tests ([`journal`]) and a fresh PostgreSQL
//! database per test ([`postgres`]).
//!
//! A dev-dependency only: nothing here is part of backcalm itself.

pub mod journal;
pub mod postgres;
