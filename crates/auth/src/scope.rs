//! What a person shares with a clinician.

use std::fmt;
use std::str::FromStr;

/// One part of a journal a person may share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Pain check-ins (without their notes unless [`Scope::Notes`]).
    Checkins,
    /// Practice sessions.
    Sessions,
    /// Questionnaire answers (PEG-3, PHQ-2, GAD-2).
    Questionnaires,
    /// Free-text notes in whatever else is shared; without it they are removed.
    Notes,
    /// The red-flag screen's outcome: when it was last taken and the action
    /// it called for (not which answers were yes).
    Screens,
}

impl Scope {
    /// Every scope, in the order they are listed.
    pub const ALL: [Scope; 5] = [
        Scope::Checkins,
        Scope::Sessions,
        Scope::Questionnaires,
        Scope::Notes,
        Scope::Screens,
    ];

    /// The scope's name in the API (`checkins`, `sessions`, `questionnaires`, `notes`, `screens`).
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Checkins => "checkins",
            Scope::Sessions => "sessions",
            Scope::Questionnaires => "questionnaires",
            Scope::Notes => "notes",
            Scope::Screens => "screens",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a scope.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not something that can be shared; use checkins, sessions, questionnaires, notes or screens"
)]
pub struct UnknownScope(pub String);

impl FromStr for Scope {
    type Err = UnknownScope;

    fn from_str(s: &str) -> Result<Scope, UnknownScope> {
        Scope::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownScope(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_read_back_by_name_and_others_are_refused() {
        for s in Scope::ALL {
            assert_eq!(s.as_str().parse::<Scope>(), Ok(s));
        }
        assert_eq!(
            "diary".parse::<Scope>(),
            Err(UnknownScope("diary".to_string()))
        );
    }
}
