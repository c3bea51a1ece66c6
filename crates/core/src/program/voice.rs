//! The one line the program may say on a day, in our voice (CONTENT.md):
//! an invitation, never a reproach about what was not done.

use super::plan::Today;

/// Phrases the program never says, in its own lines or in `program.toml`:
/// counting what was not done stresses people (PRODUCT.md, Insights).
pub const GUILT_PHRASES: [&str; 10] = [
    "missed",
    "missing",
    "failed",
    "failure",
    "streak",
    "should have",
    "you should",
    "you must",
    "behind",
    "lazy",
];

/// The first guilt phrase in `text`, case-insensitively.
pub(super) fn guilt(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    GUILT_PHRASES.into_iter().find(|p| lower.contains(p))
}

/// Today's line, chosen by priority; `None` once the person has practised
/// today, because a second nudge on the same day is one too many.
pub(super) fn message(t: &Today) -> Option<String> {
    if t.practised_today {
        return None;
    }
    let practice = &t.practice_title;
    let m = t.minutes;
    let line = if let Some(f) = &t.flare {
        let why = if f.tapped {
            "You marked today as a flare"
        } else {
            "Your pain today is well above your usual level"
        };
        let instead = f
            .instead_of
            .as_ref()
            .map(|p| format!(" {p} can wait until things settle."))
            .unwrap_or_default();
        format!(
            "{why}, so today is for going gently: {practice} for {m} {}, in whatever position is easiest.{instead} Be as kind to yourself as you would be to a friend in pain.",
            if m == 1 { "minute" } else { "minutes" }
        )
    } else if t.complete {
        format!(
            "All eight weeks are done; {practice} for {m} minutes is here whenever it suits you."
        )
    } else if let Some(aside) = &t.set_aside {
        format!(
            "{} has not seemed to suit you lately, so today offers {practice} instead; {} is still there whenever you want it.",
            aside.kind.label(),
            aside.kind.label().to_lowercase()
        )
    } else if t.week_day == 1 && t.repeat > 0 {
        format!(
            "Week {} comes round again, at your own pace: {practice}, {m} minutes, whenever suits you.",
            t.current_week
        )
    } else if t.week_day == 1 {
        // The week's title and intro are shown beside this line everywhere
        // it appears; it says only what is new today.
        format!(
            "Week {} starts today: {practice}, {m} minutes, whenever suits you.",
            t.current_week
        )
    } else if let Some(p) = &t.proposal {
        format!(
            "Your recent {}-minute sessions felt comfortable; {} minutes is there if you would like to try it, and {} is just as fine.",
            p.from_minutes, p.to_minutes, p.from_minutes
        )
    } else if t.peg_due {
        "When you have a moment, three short questions (PEG) help you see how the weeks are going."
            .to_string()
    } else {
        format!("{practice}, {m} minutes, whenever suits you today.")
    };
    Some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guilt_is_found_in_any_case() {
        assert_eq!(guilt("You MISSED a day"), Some("missed"));
        assert_eq!(guilt("Your Streak ends"), Some("streak"));
        assert_eq!(guilt("A few quiet minutes, whenever suits you."), None);
    }
}
