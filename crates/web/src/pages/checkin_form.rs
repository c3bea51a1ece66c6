//! The check-in form as a view: what was entered (kept as text, so a refused
//! form comes back exactly as it was sent) and the choices to show.

use super::checkin_map::{self, MapView};
use askama::Template;
use backcalm_core::journal::Feel;
use backcalm_core::region::Side;
use backcalm_core::{BodyPart, CheckIn, CheckInDraft, FieldError, Region};

/// Body parts shown first: the back and the legs (PRODUCT.md, the body map).
const BACK_AND_LEGS: [BodyPart; 11] = [
    BodyPart::Neck,
    BodyPart::Shoulder,
    BodyPart::UpperBack,
    BodyPart::MidBack,
    BodyPart::LowerBack,
    BodyPart::Buttock,
    BodyPart::Hip,
    BodyPart::Thigh,
    BodyPart::Knee,
    BodyPart::Calf,
    BodyPart::Foot,
];

/// The rest, behind "more places".
const ELSEWHERE: [BodyPart; 6] = [
    BodyPart::Head,
    BodyPart::Face,
    BodyPart::Arm,
    BodyPart::Hand,
    BodyPart::Chest,
    BodyPart::Abdomen,
];

/// The form's fields as sent.
#[derive(Debug, Clone, Default)]
pub struct Entered {
    /// The record id, fixed when the form is shown so that sending it twice saves it once.
    pub id: String,
    /// The anti-forgery token.
    pub csrf: String,
    pub pain: String,
    pub stress: String,
    pub sleep: String,
    pub feel: Vec<String>,
    pub regions: Vec<String>,
    pub activity: String,
    pub note: String,
    /// The "this is a flare-up" box is ticked.
    pub flare: bool,
}

impl Entered {
    /// A stored check-in as the form shows it, for editing.
    pub fn from_checkin(c: &CheckIn, csrf: &str) -> Self {
        let rating =
            |r: Option<backcalm_core::Rating>| r.map(|r| r.to_string()).unwrap_or_default();
        Entered {
            id: c.id.to_string(),
            csrf: csrf.to_string(),
            pain: c.pain.to_string(),
            stress: rating(c.stress),
            sleep: rating(c.sleep),
            feel: c.feel.iter().map(|f| f.id().to_string()).collect(),
            regions: c.regions.iter().map(|r| r.to_string()).collect(),
            activity: c
                .activity
                .as_ref()
                .map(|n| n.as_str().to_string())
                .unwrap_or_default(),
            note: c
                .note
                .as_ref()
                .map(|n| n.as_str().to_string())
                .unwrap_or_default(),
            flare: c.flare,
        }
    }

    /// Collects the form pairs; unknown names are ignored.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut e = Entered::default();
        for (k, v) in pairs {
            match k.as_str() {
                "id" => e.id = v.clone(),
                "csrf" => e.csrf = v.clone(),
                "pain" => e.pain = v.clone(),
                "stress" => e.stress = v.clone(),
                "sleep" => e.sleep = v.clone(),
                "feel" => e.feel.push(v.clone()),
                "where" => e.regions.push(v.clone()),
                "activity" => e.activity = v.clone(),
                "note" => e.note = v.clone(),
                // A ticked box sends its value; an unticked one sends nothing.
                "flare" => e.flare = !v.trim().is_empty(),
                _ => {}
            }
        }
        e
    }

    /// The draft core validates; only the numbers can fail here.
    pub fn to_draft(&self) -> Result<CheckInDraft, FieldError> {
        let text = |s: &str| (!s.trim().is_empty()).then(|| s.to_string());
        Ok(CheckInDraft {
            id: text(&self.id),
            recorded_at: None,
            tz: None,
            pain: number("pain", &self.pain)?,
            stress: number("stress", &self.stress)?,
            sleep: number("sleep", &self.sleep)?,
            feel: self.feel.clone(),
            regions: self.regions.clone(),
            activity: text(&self.activity),
            note: text(&self.note),
            flare: Some(self.flare),
        })
    }
}

fn number(field: &str, s: &str) -> Result<Option<i64>, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<i64>().map(Some).map_err(|_| {
        FieldError::new(
            field,
            format!("{t:?} is not a whole number; choose one from 0 to 10"),
        )
    })
}

/// A radio button or checkbox.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// The checkboxes of one body part: the whole of it, its left and its right side.
pub struct PartGroup {
    /// The part, e.g. "Lower back".
    pub legend: String,
    pub boxes: Vec<Choice>,
}

/// Whether the form records a new check-in or changes a stored one.
#[derive(Debug, Clone)]
pub enum Mode {
    /// A new check-in: POST /checkin, or POST /api/v1/checkins with JavaScript.
    New,
    /// Editing a stored check-in; `when` is its time as people read it.
    Edit { when: String },
}

#[derive(Template)]
#[template(path = "checkin.html")]
pub struct CheckInPage {
    pub current: &'static str,
    /// The page's heading.
    pub heading: String,
    /// Where the form is sent without JavaScript.
    pub action: String,
    /// Where, and how, the script sends it: the JSON API.
    pub api_url: String,
    pub api_method: &'static str,
    /// Whether this is an edit (the script then keeps the record's time and id).
    pub editing: bool,
    pub submit_label: &'static str,
    pub id: String,
    pub csrf: String,
    pub pain: Vec<Choice>,
    pub stress: Vec<Choice>,
    pub sleep: Vec<Choice>,
    pub feel: Vec<Choice>,
    pub back_and_legs: Vec<PartGroup>,
    pub elsewhere: Vec<PartGroup>,
    /// Open "more places" when something in it is ticked.
    pub elsewhere_open: bool,
    /// The drawn body map, used when the script runs.
    pub map: Vec<MapView>,
    pub map_w: u16,
    pub map_h: u16,
    pub activity: String,
    pub note: String,
    pub flare: bool,
    /// The field at fault ("" when none) and what to do.
    pub error_field: String,
    pub error_message: String,
}

fn scale(entered: &str, optional: bool) -> Vec<Choice> {
    let mut v: Vec<Choice> = (0..=10)
        .map(|n: u8| Choice {
            value: n.to_string(),
            label: n.to_string(),
            checked: entered.trim() == n.to_string(),
        })
        .collect();
    if optional {
        v.insert(
            0,
            Choice {
                value: String::new(),
                label: "Skip".into(),
                checked: entered.trim().is_empty(),
            },
        );
    }
    v
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn groups(parts: &[BodyPart], ticked: &[String]) -> Vec<PartGroup> {
    parts
        .iter()
        .map(|&part| {
            // Each box is read out alone by its label (the grid shows it by row and column).
            let boxes = [None, Some(Side::Left), Some(Side::Right)]
                .into_iter()
                .map(|side| {
                    let region = Region { part, side };
                    let value = region.to_string();
                    let checked = ticked.iter().any(|t| t.trim() == value);
                    Choice {
                        value,
                        label: capitalised(&region.words()),
                        checked,
                    }
                })
                .collect();
            PartGroup {
                legend: capitalised(part.words()),
                boxes,
            }
        })
        .collect()
}

/// Core's messages follow the field name ("pain: is required: …"); on the page
/// they follow the question's plain name instead.
fn sentence(e: &FieldError) -> String {
    let label = match e.field.as_str() {
        "pain" => "Pain",
        "stress" => "Stress",
        "sleep" => "Sleep",
        "feel" => "What it feels like",
        "where" => "Where it is",
        "activity" => "What you were doing",
        "note" => "The note",
        // Form-level problems (the hidden id) are whole sentences already.
        _ => return e.message.clone(),
    };
    if e.message.starts_with("is ") {
        format!("{label} {}", e.message)
    } else {
        format!("{label}: {}", e.message)
    }
}

impl CheckInPage {
    /// The form for a new check-in showing `e`, with `error` next to its field.
    pub fn new(e: &Entered, error: Option<&FieldError>) -> Self {
        CheckInPage::with_mode(&Mode::New, e, error)
    }

    /// The form in `mode` showing `e`, with `error` next to its field.
    pub fn with_mode(mode: &Mode, e: &Entered, error: Option<&FieldError>) -> Self {
        let elsewhere = groups(&ELSEWHERE, &e.regions);
        let (heading, action, api_url, api_method, submit_label) = match mode {
            Mode::New => (
                "Check in".to_string(),
                "/checkin".to_string(),
                "/api/v1/checkins".to_string(),
                "POST",
                "Save check-in",
            ),
            Mode::Edit { when } => (
                format!("Edit check-in from {when}"),
                format!("/history/checkins/{}/edit", e.id),
                format!("/api/v1/checkins/{}", e.id),
                "PUT",
                "Save changes",
            ),
        };
        CheckInPage {
            current: if matches!(mode, Mode::New) {
                "checkin"
            } else {
                "history"
            },
            heading,
            action,
            api_url,
            api_method,
            editing: !matches!(mode, Mode::New),
            submit_label,
            id: e.id.clone(),
            csrf: e.csrf.clone(),
            pain: scale(&e.pain, false),
            stress: scale(&e.stress, true),
            sleep: scale(&e.sleep, true),
            feel: Feel::ALL
                .iter()
                .map(|f| Choice {
                    value: f.id().to_string(),
                    label: f.label().to_string(),
                    checked: e.feel.iter().any(|x| x.trim() == f.id()),
                })
                .collect(),
            back_and_legs: groups(&BACK_AND_LEGS, &e.regions),
            elsewhere_open: elsewhere.iter().any(|g| g.boxes.iter().any(|b| b.checked)),
            elsewhere,
            map: checkin_map::views(),
            map_w: checkin_map::VIEW_W,
            map_h: checkin_map::VIEW_H,
            activity: e.activity.clone(),
            note: e.note.clone(),
            flare: e.flare,
            error_field: error.map(|f| f.field.clone()).unwrap_or_default(),
            error_message: error.map(sentence).unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn repeated_boxes_are_all_kept() {
        let e = Entered::from_pairs(&pairs(&[
            ("pain", "4"),
            ("feel", "sharp"),
            ("feel", "radiating"),
            ("where", "calf-left"),
        ]));
        let d = e.to_draft().expect("numbers are fine");
        assert_eq!(d.pain, Some(4));
        assert_eq!(d.feel, vec!["sharp".to_string(), "radiating".to_string()]);
        assert_eq!(d.regions, vec!["calf-left".to_string()]);
        assert_eq!(d.stress, None);
        assert_eq!(d.flare, Some(false), "an unticked box is no flare");
        let ticked = Entered::from_pairs(&pairs(&[("pain", "8"), ("flare", "yes")]));
        assert_eq!(ticked.to_draft().expect("fine").flare, Some(true));
        assert!(CheckInPage::new(&ticked, None).flare, "shown ticked again");
    }

    #[test]
    fn a_word_for_a_number_names_its_field() {
        let e = Entered::from_pairs(&pairs(&[("pain", "4"), ("sleep", "well")]));
        assert_eq!(e.to_draft().expect_err("not a number").field, "sleep");
    }

    #[test]
    fn the_page_keeps_what_was_ticked() {
        let e = Entered::from_pairs(&pairs(&[("pain", "7"), ("where", "hand-right")]));
        let page = CheckInPage::new(&e, None);
        assert!(page.pain.iter().any(|c| c.value == "7" && c.checked));
        assert!(page.elsewhere_open);
        assert!(page.stress[0].checked, "skip is chosen when nothing was");
    }

    #[test]
    fn messages_read_as_sentences_about_the_question() {
        let e = Entered::default();
        let page = CheckInPage::new(
            &e,
            Some(&FieldError::new(
                "pain",
                "is required: how much it hurts now, 0-10",
            )),
        );
        assert_eq!(
            page.error_message,
            "Pain is required: how much it hurts now, 0-10"
        );
        let page = CheckInPage::new(
            &e,
            Some(&FieldError::new("sleep", "11 is not on the 0-10 scale")),
        );
        assert_eq!(page.error_message, "Sleep: 11 is not on the 0-10 scale");
    }
}
