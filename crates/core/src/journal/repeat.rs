//! A create sent again: the same record, or a conflict?
//!
//! Clients retry: a lost answer, a double click, an outbox sending again. A
//! create repeated with the same id is the same record when every field the
//! client sent is equal. Fields the client left out were filled in by the
//! server ("now", the default zone, a default label), and those may differ
//! between two calls, so they are kept from the first call and not compared.

/// The fields of a new record that the server filled in because the client
/// left them out, by their names in the API (`recorded_at`, `tz`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filled(Vec<&'static str>);

impl Filled {
    /// Nothing filled in: every field came from the caller (imports, the CLI).
    pub fn none() -> Self {
        Filled::default()
    }

    /// Adds `field` when `left_out` (pass `draft.field.is_none()`).
    pub fn and(mut self, field: &'static str, left_out: bool) -> Self {
        if left_out && !self.0.contains(&field) {
            self.0.push(field);
        }
        self
    }

    /// Whether the server filled in `field`.
    pub fn has(&self, field: &str) -> bool {
        self.0.contains(&field)
    }
}

/// A record that a client may create again with the same id.
pub trait Repeat: Clone + PartialEq {
    /// Takes the fields `filled` names from `stored` (the first call's record).
    fn keep_filled(&mut self, stored: &Self, filled: &Filled);

    /// Whether this record, made from a create whose left-out fields are
    /// `filled`, is a repeat of `stored`: equal in every field the client sent.
    fn repeats(&self, stored: &Self, filled: &Filled) -> bool {
        let mut me = self.clone();
        me.keep_filled(stored, filled);
        me == *stored
    }
}

impl Repeat for super::CheckIn {
    fn keep_filled(&mut self, stored: &Self, filled: &Filled) {
        if filled.has("recorded_at") {
            self.recorded_at = stored.recorded_at;
        }
        if filled.has("tz") {
            self.tz = stored.tz.clone();
        }
    }
}

impl Repeat for super::SessionRecord {
    fn keep_filled(&mut self, stored: &Self, filled: &Filled) {
        if filled.has("started_at") {
            self.started_at = stored.started_at;
        }
        if filled.has("actual_s") {
            self.actual_s = stored.actual_s;
        }
        if filled.has("completed") {
            self.completed = stored.completed;
        }
        if filled.has("tz") {
            self.tz = stored.tz.clone();
        }
    }
}
