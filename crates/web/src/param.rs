//! A URL query parameter that could not be used, and how the API answers it.

use crate::problem::Problem;

/// A parameter that could not be used: which, why, and whether it was unreadable (400) or unacceptable (422).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadParam {
    /// The query parameter.
    pub param: String,
    /// What was wrong and what to do.
    pub message: String,
    /// True when the value could not even be read (400); false when it was read but refused (422).
    pub malformed: bool,
}

impl BadParam {
    pub(crate) fn malformed(param: &str, message: impl Into<String>) -> Self {
        BadParam {
            param: param.to_string(),
            message: message.into(),
            malformed: true,
        }
    }

    pub(crate) fn refused(param: &str, message: impl Into<String>) -> Self {
        BadParam {
            param: param.to_string(),
            message: message.into(),
            malformed: false,
        }
    }
}

impl From<BadParam> for Problem {
    fn from(b: BadParam) -> Self {
        if b.malformed {
            Problem::bad_request(format!("{}: {}", b.param, b.message)).with_field(b.param)
        } else {
            Problem::invalid(b.param.clone(), format!("{}: {}", b.param, b.message))
        }
    }
}
