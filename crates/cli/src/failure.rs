//! How a failed command ends: the exit code and the one message a person sees.
//!
//! Exit 2 means "a value you gave is not allowed" (nothing was written);
//! exit 1 means something else went wrong (the journal could not be read, a
//! file could not be written). Either way the message says what to do, and
//! never shows a backtrace.

use backcalm_core::journal::UnknownFeel;
use backcalm_core::pace::PaceError;
use backcalm_core::region::UnknownRegion;
use backcalm_core::timeline::{Opt, OptionError};
use backcalm_core::FieldError;
use std::fmt;

/// Exit code for a refused value, the same as clap's usage errors.
pub const EXIT_REFUSED: u8 = 2;
/// Exit code for every other failure.
pub const EXIT_FAILED: u8 = 1;

/// A value the person gave that cannot be used; its message names the value and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl Refusal {
    /// A refusal worded like `err`.
    pub fn from_display(err: impl fmt::Display) -> Refusal {
        Refusal(err.to_string())
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refusal {}

/// A journal field error, named by the flag the person typed (`--pain`, `--at`).
pub fn refuse_field(e: FieldError) -> Refusal {
    let flag = match e.field.as_str() {
        "recorded_at" | "started_at" => "--at".to_string(),
        other => format!("--{}", other.replace('_', "-")),
    };
    Refusal(format!("{flag}: {}", e.message))
}

/// An option that does not fit the practice, named by its flag where the
/// message is worded to follow one ("--pace does not apply to …").
pub fn refuse_option(e: OptionError) -> Refusal {
    match e {
        OptionError::NotApplicable { option, .. } => Refusal(format!("{} {e}", flag(option))),
        _ => Refusal::from_display(e),
    }
}

/// How a refusal names an option. Painful places and breath areas, and the
/// two ways of asking for interval bells, are named together, as one choice.
fn flag(option: Opt) -> &'static str {
    match option {
        Opt::Minutes => "--minutes",
        Opt::Open => "open-ended length",
        Opt::Pace => "--pace",
        Opt::Scene => "--scene",
        Opt::Painful | Opt::BreathAreas => "--painful/--breath-areas",
        Opt::Interval | Opt::BellsAt => "--interval/--bells-at",
        Opt::Delay => "--delay",
        Opt::Strikes => "--strikes",
        Opt::Seated => "--seated",
    }
}

/// The exit code for an error that reached `main`.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    let refused = err.downcast_ref::<Refusal>().is_some()
        || err.downcast_ref::<FieldError>().is_some()
        || err.downcast_ref::<PaceError>().is_some()
        || err.downcast_ref::<UnknownRegion>().is_some()
        || err.downcast_ref::<UnknownFeel>().is_some();
    // A bad file in --content-dir (ContentError) is a file to fix rather than a
    // value to retype, so it stays a plain failure.
    if refused {
        EXIT_REFUSED
    } else {
        EXIT_FAILED
    }
}

/// Whether the error is stdout's reader having gone away (`| head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Prints the error chain on one line, as clap does: `error: what: why`.
pub fn report(err: &anyhow::Error) {
    eprintln!("error: {err:#}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;
    use backcalm_core::timeline::TimerError;

    #[test]
    fn refusals_exit_2_even_behind_context() {
        let e = anyhow::Error::new(Refusal("nope".into())).context("reading --minutes");
        assert_eq!(exit_code(&e), EXIT_REFUSED);
        let e: anyhow::Result<()> = Err(FieldError::new("pain", "bad")).context("log");
        assert_eq!(exit_code(&e.expect_err("error")), EXIT_REFUSED);
        assert_eq!(exit_code(&anyhow::anyhow!("disk full")), EXIT_FAILED);
    }

    #[test]
    fn field_errors_are_named_by_their_flag() {
        assert_eq!(
            refuse_field(FieldError::new("recorded_at", "is in the future")).0,
            "--at: is in the future"
        );
        assert_eq!(
            refuse_field(FieldError::new("pain", "11 is not")).0,
            "--pain: 11 is not"
        );
    }

    #[test]
    fn option_errors_are_worded_as_before_and_name_the_flag() {
        let not = |option| OptionError::NotApplicable {
            option,
            practice: "natural-breath".into(),
            kind: "breathing",
            hint: "interval bells are for the meditation timer",
        };
        assert_eq!(
            refuse_option(not(Opt::BellsAt)).0,
            "--interval/--bells-at does not apply to natural-breath (breathing); interval bells are for the meditation timer"
        );
        assert!(refuse_option(not(Opt::Seated))
            .0
            .starts_with("--seated does not apply"));
        assert!(refuse_option(not(Opt::Open))
            .0
            .starts_with("open-ended length does not apply to natural-breath"));
        assert_eq!(
            refuse_option(TimerError::Strikes(3).into()).0,
            "3 strikes is not offered; use 1 or 2"
        );
    }
}
