//! The content model: practice scripts as data (`content/practices/*.toml`).
//!
//! A file is parsed into [`Practice`] and checked as a whole, so a bad file is
//! refused at load with its file, line and field named ([`ContentError`]).
//! The shipped files are compiled into the binary ([`Library::embedded`]); the
//! edges can load another folder's files and hand their text in here.

use crate::pace::Pace;
use crate::region::BodyPart;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Seconds of gentle tension a PMR hold lasts, from the end of the words that
/// start it to the release, at any voice from [`SLOWEST_WPM`] with gaps
/// between sentences to [`QUICKEST_WPM`] without (CLINICAL.md: tense about 5-7 s).
pub const HOLD_RANGE_S: std::ops::RangeInclusive<u32> = 5..=7;
/// The shortest rest after a PMR release, seconds (CLINICAL.md: release 20-40 s).
pub const REST_MIN_S: u32 = 20;

/// Time a bell rings out before the end of a practice, and before the first words.
pub const BELL_TAIL_MS: u64 = 6_000;
/// Quiet after the start bell before the first words are spoken.
pub const BELL_LEAD_MS: u64 = 3_000;

mod speech;
pub use speech::{
    sentence_breaks, sentences, speech_ms, words_ms, BUDGET_WPM, QUICKEST_WPM, SENTENCE_GAP_MS,
    SLOWEST_WPM,
};

/// The seven kinds of practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Natural breath awareness or paced breathing.
    Breathing,
    /// Guided imagery.
    Imagery,
    /// Body scan.
    BodyScan,
    /// Progressive muscle relaxation.
    Pmr,
    /// Mindful movement.
    Movement,
    /// Guided sitting meditation: breath, sounds, thoughts.
    Meditation,
    /// Unguided meditation timer.
    Timer,
}

impl Kind {
    /// Every kind, in the order the library lists them.
    pub const ALL: [Kind; 7] = [
        Kind::Breathing,
        Kind::Imagery,
        Kind::BodyScan,
        Kind::Pmr,
        Kind::Movement,
        Kind::Meditation,
        Kind::Timer,
    ];

    /// The id used in JSON and the CLI.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Breathing => "breathing",
            Kind::Imagery => "imagery",
            Kind::BodyScan => "body-scan",
            Kind::Pmr => "pmr",
            Kind::Movement => "movement",
            Kind::Meditation => "meditation",
            Kind::Timer => "timer",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Breathing => "Breathing",
            Kind::Imagery => "Guided imagery",
            Kind::BodyScan => "Body scan",
            Kind::Pmr => "Progressive muscle relaxation",
            Kind::Movement => "Mindful movement",
            Kind::Meditation => "Sitting meditation",
            Kind::Timer => "Meditation timer",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// When a step is included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Condition {
    /// Only when the person marked breath areas earlier; `{areas}` in the text names them.
    BreathAreas,
    /// Only when painful regions were given; `{painful}` names them.
    Painful,
    /// Only when the pace's out-breath is longer than its in-breath (not box, not even).
    LongExhale,
    /// Only when the pace stops after a few cycles (4-7-8). Such a step is
    /// never dropped from short versions: it carries what makes the pace safe.
    LimitedPace,
}

impl Condition {
    /// Whether a step under this condition may drop out of a short version
    /// (last of all, after the optional steps).
    pub fn droppable(self) -> bool {
        !matches!(self, Condition::LimitedPace)
    }
}

/// A prompt spoken a fixed time after its step begins (e.g. "and release" in PMR).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Follow {
    /// Seconds after the step begins.
    pub after_s: u32,
    /// The words.
    pub text: String,
}

/// One step of a script.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Unique within the file.
    pub id: String,
    /// The words spoken as the step begins (also the caption). Empty for a silent step.
    #[serde(default)]
    pub text: String,
    /// Shortest length of the step in seconds, words included.
    #[serde(default)]
    pub min_s: u32,
    /// Share of the extra silence when the practice is longer; 0 never stretches.
    #[serde(default = "one")]
    pub weight: f64,
    /// May drop out of short versions.
    #[serde(default)]
    pub optional: bool,
    /// Among optional steps, lower ranks drop out first.
    #[serde(default)]
    pub rank: i32,
    /// The body part this step attends to; `regions` when it covers several.
    pub region: Option<BodyPart>,
    /// The body parts this step attends to, when it covers several (a PMR
    /// group such as the neck and shoulders). Use either this or `region`.
    #[serde(default)]
    pub regions: Vec<BodyPart>,
    /// The breath pacer runs through this step (paced breathing).
    #[serde(default)]
    pub pacer: bool,
    /// Included only under this condition.
    pub when: Option<Condition>,
    /// Said when the step covers a painful region: added after `text` in a
    /// body scan, instead of it (and of the follow-ups) in PMR and movement.
    pub painful_text: Option<String>,
    /// Extra seconds at a painful region (body scan).
    #[serde(default)]
    pub linger_s: u32,
    /// A PMR step that tenses the back: gentle mode says `gentle_text`, skip mode leaves it out.
    #[serde(default)]
    pub back: bool,
    /// Half-strength words for a back step.
    pub gentle_text: Option<String>,
    /// PMR: seconds of gentle tension, counted from the end of the words that
    /// start it (said at [`SLOWEST_WPM`] with [`SENTENCE_GAP_MS`] between
    /// sentences). With a hold, `follow` prompts
    /// are timed from the end of the hold: the first, at `after_s = 0`, is the release.
    #[serde(default)]
    pub hold_s: u32,
    /// Paced breathing: said instead of `text` once a pace with a cycle limit
    /// (4-7-8) has stopped, so the voice never sends the person back to the pacer.
    pub unpaced_text: Option<String>,
    /// Said instead of `text` when the person chose to sit (mindful movement).
    pub seated_text: Option<String>,
    /// Prompts later in the step.
    #[serde(default)]
    pub follow: Vec<Follow>,
    /// Placeholder where the chosen imagery scene goes.
    #[serde(default)]
    pub scene: bool,
    /// Movement: a lying or seated way to do the same.
    pub alternative: Option<String>,
    /// Movement: when to stop.
    pub stop_if: Option<String>,
}

fn one() -> f64 {
    1.0
}

impl Step {
    /// The body parts this step attends to (`region` or `regions`).
    pub fn parts(&self) -> Vec<BodyPart> {
        self.region
            .into_iter()
            .chain(self.regions.iter().copied())
            .collect()
    }

    /// Whether this step attends to any of `parts`.
    pub fn covers_any(&self, parts: &std::collections::BTreeSet<BodyPart>) -> bool {
        self.parts().iter().any(|p| parts.contains(p))
    }
}

/// An imagery scene: steps that replace the `scene = true` placeholder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    /// Id used by `--scene`.
    pub id: String,
    /// A title, e.g. "A quiet beach".
    pub title: String,
    /// The scene's steps.
    pub steps: Vec<Step>,
}

/// Defaults for the unguided timer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimerDefaults {
    /// Strikes per bell, 1 or 2.
    #[serde(default = "one_u8")]
    pub strikes: u8,
    /// Settling-in delay before the first bell, seconds.
    #[serde(default)]
    pub delay_s: u32,
}

fn one_u8() -> u8 {
    1
}

/// Which bells a guided practice rings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bells {
    /// A bell to begin and one to end.
    #[default]
    StartEnd,
    /// No bells.
    None,
}

/// A practice script, as written in its file and checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    /// Unique id, e.g. `paced-breathing`.
    pub id: String,
    /// Which kind.
    pub kind: Kind,
    /// Title.
    pub title: String,
    /// One or two sentences for the library.
    pub summary: String,
    /// Who wrote it.
    pub author: String,
    /// Sources it leans on (CLINICAL.md entries).
    pub sources: Vec<String>,
    /// How to get comfortable, with alternatives.
    pub posture: String,
    /// Safety note shown before starting ("stop if ...").
    pub caution: Option<String>,
    /// Shortest whole-minute version.
    pub min_minutes: u32,
    /// Longest whole-minute version.
    pub max_minutes: u32,
    /// The length offered first.
    pub default_minutes: u32,
    /// Bells at start and end.
    #[serde(default)]
    pub bells: Bells,
    /// The default pace, for paced breathing.
    pub pace: Option<PaceSpec>,
    /// Paced breathing: said as a pace with a cycle limit (4-7-8) stops, in
    /// place of the next pacer step's words (a natural-breath prompt).
    pub pacer_done_text: Option<String>,
    /// Timer defaults, for the unguided timer.
    pub timer: Option<TimerDefaults>,
    /// The script.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Imagery scenes to choose from.
    #[serde(default)]
    pub scenes: Vec<Scene>,
}

/// A pace as written in a file: seconds per phase.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaceSpec {
    /// Seconds in.
    pub inhale: f64,
    /// Seconds held after breathing in.
    #[serde(default)]
    pub hold_in: f64,
    /// Seconds out.
    pub exhale: f64,
    /// Seconds rested after breathing out.
    #[serde(default)]
    pub hold_out: f64,
}

impl PaceSpec {
    /// The pace in milliseconds, unchecked.
    pub fn to_pace(self) -> Pace {
        let ms = |s: f64| (s.max(0.0) * 1000.0).round() as u32;
        Pace {
            inhale_ms: ms(self.inhale),
            hold_in_ms: ms(self.hold_in),
            exhale_ms: ms(self.exhale),
            hold_out_ms: ms(self.hold_out),
            max_cycles: None,
        }
    }
}

impl Practice {
    /// Every whole-minute length this practice offers.
    pub fn minutes(&self) -> Vec<u32> {
        (self.min_minutes..=self.max_minutes).collect()
    }

    /// The default pace for a paced practice.
    pub fn default_pace(&self) -> Option<Pace> {
        self.pace.map(PaceSpec::to_pace)
    }

    /// Whether this practice runs the breath pacer.
    pub fn is_paced(&self) -> bool {
        self.steps.iter().any(|s| s.pacer)
    }

    /// The scene with this id.
    pub fn scene(&self, id: &str) -> Option<&Scene> {
        self.scenes.iter().find(|s| s.id == id)
    }
}

/// A content file that cannot be used: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {field}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ContentError {
    /// The file name.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The field (e.g. `steps[arrive].min_s`).
    pub field: String,
    /// What is wrong and what to do.
    pub message: String,
}

/// Finds the line where `id = "<id>"` is written, to point at a step.
fn line_of_id(text: &str, id: &str) -> Option<usize> {
    let needle_a = format!("id = \"{id}\"");
    let needle_b = format!("id=\"{id}\"");
    text.lines()
        .position(|l| l.contains(&needle_a) || l.contains(&needle_b))
        .map(|i| i + 1)
}

/// Parses and checks one practice file's text.
pub fn parse_practice(file: &str, text: &str) -> Result<Practice, ContentError> {
    let practice: Practice =
        toml::from_str(text).map_err(|e| crate::located::toml_error(file, text, 1, &e))?;
    crate::validate::check(&practice).map_err(|(step, field, message)| ContentError {
        file: file.to_string(),
        line: step.as_deref().and_then(|id| line_of_id(text, id)),
        field: match step {
            Some(id) => format!("steps[{id}].{field}"),
            None => field,
        },
        message,
    })?;
    Ok(practice)
}

/// The shipped content, compiled in.
static EMBEDDED: include_dir::Dir<'_> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/../../content");

/// A content file: its path relative to the content folder, and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// e.g. `practices/body-scan.toml`.
    pub path: String,
    /// The file's text.
    pub text: String,
}

/// The files compiled into the binary.
pub fn embedded_files() -> Vec<SourceFile> {
    fn walk(dir: &include_dir::Dir<'_>, out: &mut Vec<SourceFile>) {
        for f in dir.files() {
            if let Some(text) = f.contents_utf8() {
                out.push(SourceFile {
                    path: f.path().to_string_lossy().into_owned(),
                    text: text.to_string(),
                });
            }
        }
        for d in dir.dirs() {
            walk(d, out);
        }
    }
    let mut out = Vec::new();
    walk(&EMBEDDED, &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// All practices, checked, in library order.
#[derive(Debug, Clone)]
pub struct Library {
    practices: Vec<Practice>,
}

impl Library {
    /// Builds the library from content files; practice files are those under `practices/` ending in `.toml`.
    pub fn from_files(files: &[SourceFile]) -> Result<Library, ContentError> {
        let mut practices: Vec<Practice> = Vec::new();
        for f in files {
            let is_practice = f.path.starts_with("practices/") && f.path.ends_with(".toml");
            if !is_practice {
                continue;
            }
            let p = parse_practice(&f.path, &f.text)?;
            if practices.iter().any(|q| q.id == p.id) {
                return Err(ContentError {
                    file: f.path.clone(),
                    line: line_of_id(&f.text, &p.id),
                    field: "id".into(),
                    message: format!(
                        "practice id {:?} is used by another file; ids must be unique",
                        p.id
                    ),
                });
            }
            practices.push(p);
        }
        if practices.is_empty() {
            return Err(ContentError {
                file: "practices/".into(),
                line: None,
                field: "(files)".into(),
                message: "no practice files found; expected practices/*.toml".into(),
            });
        }
        practices
            .sort_by(|a, b| (a.kind, a.min_minutes, &a.id).cmp(&(b.kind, b.min_minutes, &b.id)));
        Ok(Library { practices })
    }

    /// The library shipped in the binary.
    pub fn embedded() -> Result<Library, ContentError> {
        Library::from_files(&embedded_files())
    }

    /// Every practice.
    pub fn practices(&self) -> &[Practice] {
        &self.practices
    }

    /// The practice with this id.
    pub fn get(&self, id: &str) -> Option<&Practice> {
        self.practices.iter().find(|p| p.id == id)
    }

    /// The ids, comma-separated, for error messages.
    pub fn ids(&self) -> String {
        self.practices
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}
