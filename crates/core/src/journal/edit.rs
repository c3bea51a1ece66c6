//! Changing a stored record: the one rule every edge follows (the API's
//! `PUT`, the web's edit pages). The record keeps its id; when it happened
//! and its zone are kept unless the draft gives them; "now" bounds the time
//! as for a new record. A session's practice must be one the library knows,
//! even when the stored session names one removed since.

use super::{CheckIn, CheckInDraft, Defaults, FieldError, SessionDraft, SessionRecord};
use jiff::Timestamp;

impl CheckInDraft {
    /// Validates this draft as the new version of `old`.
    pub fn validate_edit(&self, old: &CheckIn, now: Timestamp) -> Result<CheckIn, FieldError> {
        let mut draft = self.clone();
        draft.id = Some(old.id.to_string());
        if draft.recorded_at.is_none() {
            draft.recorded_at = Some(old.recorded_at_rfc3339());
        }
        draft.validate(&edit_defaults(old.id, &old.tz, now))
    }
}

impl SessionDraft {
    /// Validates this draft as the new version of `old`; `known_practice`
    /// tells the practices of the library.
    pub fn validate_edit(
        &self,
        old: &SessionRecord,
        now: Timestamp,
        known_practice: impl Fn(&str) -> bool,
    ) -> Result<SessionRecord, FieldError> {
        let mut draft = self.clone();
        draft.id = Some(old.id.to_string());
        if draft.started_at.is_none() {
            draft.started_at = Some(old.started_at_rfc3339());
        }
        draft.validate(&edit_defaults(old.id, &old.tz, now), known_practice)
    }
}

fn edit_defaults(id: uuid::Uuid, tz: &super::TzName, now: Timestamp) -> Defaults {
    Defaults {
        now,
        tz: tz.clone(),
        new_id: id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TzName;
    use uuid::Uuid;

    fn defaults() -> Defaults {
        Defaults {
            now: "2026-03-29T12:00:00Z".parse().expect("instant"),
            tz: TzName::new("Europe/London").expect("zone"),
            new_id: Uuid::from_u128(7),
        }
    }

    #[test]
    fn an_edit_keeps_the_id_time_and_zone_unless_given() {
        let d = defaults();
        let old = CheckInDraft {
            pain: Some(6),
            recorded_at: Some("2026-03-28T07:45:00Z".into()),
            ..Default::default()
        }
        .validate(&d)
        .expect("valid");
        let later: Timestamp = "2026-04-02T00:00:00Z".parse().expect("instant");
        let edited = CheckInDraft {
            id: Some(Uuid::from_u128(99).to_string()),
            pain: Some(3),
            ..Default::default()
        }
        .validate_edit(&old, later)
        .expect("valid");
        assert_eq!(edited.id, old.id, "the record keeps its id");
        assert_eq!(edited.recorded_at, old.recorded_at);
        assert_eq!(edited.tz, old.tz);
        assert_eq!(edited.pain.get(), 3);
        let future = CheckInDraft {
            pain: Some(3),
            recorded_at: Some("2026-04-03T00:00:00Z".into()),
            ..Default::default()
        }
        .validate_edit(&old, later)
        .expect_err("in the future");
        assert_eq!(future.field, "recorded_at");
    }

    #[test]
    fn a_session_edit_refuses_a_practice_the_library_no_longer_has() {
        let d = defaults();
        let old = SessionDraft {
            practice: Some("retired-practice".into()),
            minutes: Some(5),
            started_at: Some("2026-03-28T07:45:00Z".into()),
            ..Default::default()
        }
        .validate(&d, |_| true)
        .expect("valid when it was recorded");
        let draft = SessionDraft::from(&old);
        let err = draft
            .validate_edit(&old, d.now, |p| p == "body-scan")
            .expect_err("removed from the library");
        assert_eq!(err.field, "practice");
        let kept = draft.validate_edit(&old, d.now, |_| true).expect("known");
        assert_eq!((kept.id, kept.started_at), (old.id, old.started_at));
    }
}
