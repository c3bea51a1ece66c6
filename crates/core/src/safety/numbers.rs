//! The emergency and crisis numbers messages name (CLINICAL.md, Crisis and
//! emergency numbers): defaults for the UK, the US and the EU, or the
//! person's own.

use serde::{Deserialize, Serialize};

/// Emergency and help numbers for one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrisisLine {
    /// Where the numbers apply, as said in a sentence ("the UK", "the US").
    pub place: String,
    /// The emergency number, e.g. "999".
    pub emergency: String,
    /// Same-day medical advice when a doctor cannot be reached, e.g. "NHS 111".
    pub urgent_advice: Option<String>,
    /// A crisis line for emotional distress, e.g. "Samaritans 116 123 (free, 24/7)".
    pub crisis: Option<String>,
}

/// The numbers messages name. Defaults are CLINICAL.md's: the UK (999, NHS
/// 111, Samaritans 116 123), the US (911, 988) and the EU (112, 116 123 with
/// "check your own country"); a person may replace them with their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrisisNumbers {
    /// One entry per place, in the order to mention them.
    pub lines: Vec<CrisisLine>,
}

impl Default for CrisisNumbers {
    fn default() -> Self {
        let line =
            |place: &str, emergency: &str, urgent: Option<&str>, crisis: Option<&str>| CrisisLine {
                place: place.into(),
                emergency: emergency.into(),
                urgent_advice: urgent.map(Into::into),
                crisis: crisis.map(Into::into),
            };
        CrisisNumbers {
            lines: vec![
                line(
                    "the UK",
                    "999",
                    Some("NHS 111"),
                    Some("Samaritans 116 123 (free, 24/7)"),
                ),
                line(
                    "the US",
                    "911",
                    None,
                    Some("988 Suicide & Crisis Lifeline (call or text)"),
                ),
                // 116 123 is reserved EU-wide for emotional support, but not
                // answered in every member state (CLINICAL.md).
                line(
                    "the EU",
                    "112",
                    None,
                    Some("116 123 emotional support line (check it is answered in your country)"),
                ),
            ],
        }
    }
}

impl CrisisNumbers {
    /// "999 in the UK, 911 in the US, 112 in the EU"; "your local emergency number" when empty.
    pub fn emergency_phrase(&self) -> String {
        let parts: Vec<String> = self
            .lines
            .iter()
            .filter(|l| !l.emergency.trim().is_empty())
            .map(|l| format!("{} in {}", l.emergency.trim(), l.place.trim()))
            .collect();
        if parts.is_empty() {
            "your local emergency number".into()
        } else {
            parts.join(", ")
        }
    }

    /// "NHS 111 in the UK", or `None` when no place has a same-day advice line.
    pub fn urgent_advice_phrase(&self) -> Option<String> {
        let parts: Vec<String> = self
            .lines
            .iter()
            .filter_map(|l| {
                l.urgent_advice
                    .as_ref()
                    .map(|u| format!("{} in {}", u.trim(), l.place.trim()))
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// "Samaritans 116 123 (free, 24/7) in the UK, 988 … in the US", or `None`.
    pub fn crisis_phrase(&self) -> Option<String> {
        let parts: Vec<String> = self
            .lines
            .iter()
            .filter_map(|l| {
                l.crisis
                    .as_ref()
                    .map(|c| format!("{} in {}", c.trim(), l.place.trim()))
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}
