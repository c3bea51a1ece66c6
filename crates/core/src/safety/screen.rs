//! A taken screen as a journal record, and the draft every edge fills to
//! make one (the JSON API's body, the page's form, the CLI's answers), so the
//! rules for a new screen are written once: its answers assessed, its id,
//! zone and time read, a time ahead of the clock refused.

use super::{assess, Action, CrisisNumbers, ScreenError};
use crate::journal::{Defaults, FieldError, Filled, Repeat};
use crate::time::parse_instant;
use crate::TzName;
use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// One completed safety screen.
///
/// Made only by [`ScreenDraft::validate`] or, for a screen read back from the
/// journal, [`ScreenRecord::stored`] (`non_exhaustive` forbids building one
/// from its fields elsewhere).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScreenRecord {
    /// Stable id (idempotency key).
    pub id: Uuid,
    /// When it was taken.
    pub taken_at: Timestamp,
    /// The person's zone then.
    pub tz: TzName,
    /// Question id → answered yes (`true`) or no.
    pub answers: BTreeMap<String, bool>,
    /// What the answers called for ([`assess`]).
    pub action: Action,
}

impl ScreenRecord {
    /// A screen as the journal holds it. Its answers may be of an earlier
    /// version of the screen, and its action is the one they called for
    /// when it was taken, kept as it was: it is not assessed again.
    pub fn stored(
        id: Uuid,
        taken_at: Timestamp,
        tz: TzName,
        answers: BTreeMap<String, bool>,
        action: Action,
    ) -> Self {
        ScreenRecord {
            id,
            taken_at,
            tz,
            answers,
            action,
        }
    }

    /// The local calendar day it was taken on, in its own zone.
    pub fn local_date(&self) -> Date {
        self.taken_at.to_zoned(self.tz.zone()).date()
    }
}

impl Repeat for ScreenRecord {
    fn keep_filled(&mut self, stored: &Self, filled: &Filled) {
        if filled.has("taken_at") {
            self.taken_at = stored.taken_at;
        }
        if filled.has("tz") {
            self.tz = stored.tz.clone();
        }
    }
}

/// What an edge knows about a new screen before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreenDraft {
    /// Client-chosen id (idempotency key); a new one when absent.
    pub id: Option<String>,
    /// RFC 3339 instant; now when absent.
    pub taken_at: Option<String>,
    /// IANA zone; the edge's zone when absent.
    pub tz: Option<String>,
    /// Question id → yes (`true`) or no.
    pub answers: BTreeMap<String, bool>,
}

/// Why a draft is not a screen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScreenDraftError {
    /// The answers cannot be assessed (unknown, retired or missing questions).
    #[error(transparent)]
    Answers(#[from] ScreenError),
    /// `taken_at` is ahead of the clock by more than the allowance for skew.
    #[error("is in the future; use the time the questions were answered")]
    Future,
    /// The id, zone or time cannot be read.
    #[error("{}", .0.message)]
    Field(#[from] FieldError),
}

impl ScreenDraftError {
    /// The field at fault, as the API names it (`answers.ID`, `id`, `tz`, `taken_at`).
    pub fn field(&self) -> String {
        match self {
            ScreenDraftError::Answers(
                ScreenError::UnknownQuestion { id, .. }
                | ScreenError::Replaced { id, .. }
                | ScreenError::Unanswered { id, .. },
            ) => format!("answers.{id}"),
            ScreenDraftError::Future => "taken_at".to_string(),
            ScreenDraftError::Field(f) => f.field.clone(),
        }
    }
}

impl ScreenDraft {
    /// A draft of these answers, everything else left to the defaults.
    pub fn of(answers: BTreeMap<String, bool>) -> Self {
        ScreenDraft {
            answers,
            ..ScreenDraft::default()
        }
    }

    /// The fields the server fills in because this draft leaves them out.
    pub fn filled(&self) -> Filled {
        Filled::none()
            .and("taken_at", self.taken_at.is_none())
            .and("tz", self.tz.is_none())
    }

    /// Assesses the answers, then reads the id, zone and time; the first
    /// problem found is returned.
    pub fn validate(&self, d: &Defaults) -> Result<ScreenRecord, ScreenDraftError> {
        // The action does not depend on the numbers; only the message does.
        let action = assess(&self.answers, &CrisisNumbers::default())?.action;
        let id = crate::journal::parse_id(self.id.as_deref(), d)?;
        let tz = crate::journal::parse_tz(self.tz.as_deref(), d)?;
        let taken_at = match self.taken_at.as_deref() {
            None => d.now,
            Some(s) => parse_instant("taken_at", s)?,
        };
        if d.is_ahead(taken_at) {
            return Err(ScreenDraftError::Future);
        }
        Ok(ScreenRecord {
            id,
            taken_at,
            tz,
            answers: self.answers.clone(),
            action,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::safety::questions;

    fn all(yes: &[&str]) -> BTreeMap<String, bool> {
        questions()
            .iter()
            .map(|q| (q.id.to_string(), yes.contains(&q.id)))
            .collect()
    }

    fn defaults() -> Defaults {
        Defaults {
            now: "2026-06-01T09:00:00.123456789Z".parse().expect("instant"),
            tz: TzName::new("Europe/London").expect("zone"),
            new_id: Uuid::from_u128(7),
        }
    }

    #[test]
    fn a_draft_of_answers_only_is_assessed_and_filled_in() {
        let d = defaults();
        let s = ScreenDraft::of(all(&[])).validate(&d).expect("valid");
        assert_eq!(s.id, Uuid::from_u128(7));
        assert_eq!(s.taken_at, d.now, "now as the clock gave it");
        assert_eq!(s.tz.as_str(), "Europe/London");
        assert_eq!(s.action, Action::None);
        assert_eq!(s.answers, all(&[]));
        assert!(ScreenDraft::of(all(&[])).filled().has("taken_at"));
        assert!(ScreenDraft::of(all(&[])).filled().has("tz"));
        let emergency = questions()
            .iter()
            .find(|q| q.action == Action::Emergency)
            .expect("an emergency question");
        // A yes that calls for emergency services stands without the other answers.
        let only = BTreeMap::from([(emergency.id.to_string(), true)]);
        let s = ScreenDraft::of(only).validate(&d).expect("valid");
        assert_eq!(s.action, Action::Emergency);
    }

    #[test]
    fn the_client_s_id_zone_and_time_are_read_and_checked() {
        let d = defaults();
        let draft = ScreenDraft {
            id: Some(" 00000000-0000-0000-0000-00000000000a ".into()),
            taken_at: Some("2026-06-01T10:09:00+01:00".into()),
            tz: Some("europe/paris".into()),
            answers: all(&[]),
        };
        let s = draft.validate(&d).expect("valid");
        assert_eq!(s.id, Uuid::from_u128(10));
        assert_eq!(s.tz.as_str(), "Europe/Paris");
        assert_eq!(s.taken_at.to_string(), "2026-06-01T09:09:00Z");
        assert!(!draft.filled().has("taken_at") && !draft.filled().has("tz"));
        let err = |draft: ScreenDraft| draft.validate(&d).expect_err("refused");
        let e = err(ScreenDraft {
            taken_at: Some("2026-06-01T09:10:01Z".into()),
            ..draft.clone()
        });
        assert_eq!(e, ScreenDraftError::Future);
        assert_eq!(e.field(), "taken_at");
        assert_eq!(
            e.to_string(),
            "is in the future; use the time the questions were answered"
        );
        let e = err(ScreenDraft {
            id: Some("seven".into()),
            ..draft.clone()
        });
        assert_eq!(e.field(), "id");
        assert_eq!(
            e.to_string(),
            "\"seven\" is not a UUID; leave it out to get a new one"
        );
        let e = err(ScreenDraft {
            tz: Some("Mars/Olympus".into()),
            ..draft.clone()
        });
        assert_eq!(e.field(), "tz");
        let e = err(ScreenDraft {
            taken_at: Some("yesterday".into()),
            ..draft.clone()
        });
        assert_eq!(e.field(), "taken_at");
        assert_eq!(
            e.to_string(),
            crate::time::instant("yesterday")
                .expect_err("not a time")
                .to_string()
        );
    }

    #[test]
    fn answers_are_checked_first_and_name_their_question() {
        let mut answers = all(&[]);
        let first = questions()[0].id;
        answers.remove(first);
        let e = ScreenDraft {
            id: Some("not a uuid".into()),
            ..ScreenDraft::of(answers)
        }
        .validate(&defaults())
        .expect_err("unanswered");
        assert!(matches!(
            e,
            ScreenDraftError::Answers(ScreenError::Unanswered { .. })
        ));
        assert_eq!(e.field(), format!("answers.{first}"));
        let e = ScreenDraft::of(BTreeMap::from([("moon".to_string(), true)]))
            .validate(&defaults())
            .expect_err("unknown");
        assert_eq!(e.field(), "answers.moon");
    }
}
