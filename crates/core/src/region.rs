//! The body map: parts of the body and the sided regions a person marks.
//!
//! One vocabulary serves the journal (where it hurts), the body scan (where
//! attention goes) and the breathing practice (where breath feels easy or hard).
//! A region is a body part, optionally on one side: `lower-back`,
//! `lower-back-left`, `calf-right`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A part of the body, as the body map and the practices name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BodyPart {
    /// The head and scalp.
    Head,
    /// Forehead, eyes, jaw.
    Face,
    /// The neck.
    Neck,
    /// The shoulders.
    Shoulder,
    /// Upper and lower arms.
    Arm,
    /// Hands and fingers.
    Hand,
    /// The chest.
    Chest,
    /// The belly.
    Abdomen,
    /// Between the shoulder blades.
    UpperBack,
    /// The middle of the back, behind the lower ribs.
    MidBack,
    /// The lower back, above the pelvis.
    LowerBack,
    /// The buttocks.
    Buttock,
    /// The hips.
    Hip,
    /// The thighs.
    Thigh,
    /// The knees.
    Knee,
    /// The calves and shins.
    Calf,
    /// The feet.
    Foot,
}

impl BodyPart {
    /// Every body part, from head to feet.
    pub const ALL: [BodyPart; 17] = [
        BodyPart::Head,
        BodyPart::Face,
        BodyPart::Neck,
        BodyPart::Shoulder,
        BodyPart::Arm,
        BodyPart::Hand,
        BodyPart::Chest,
        BodyPart::Abdomen,
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

    /// The id used in files, URLs and the CLI, e.g. `lower-back`.
    pub fn id(self) -> &'static str {
        match self {
            BodyPart::Head => "head",
            BodyPart::Face => "face",
            BodyPart::Neck => "neck",
            BodyPart::Shoulder => "shoulder",
            BodyPart::Arm => "arm",
            BodyPart::Hand => "hand",
            BodyPart::Chest => "chest",
            BodyPart::Abdomen => "abdomen",
            BodyPart::UpperBack => "upper-back",
            BodyPart::MidBack => "mid-back",
            BodyPart::LowerBack => "lower-back",
            BodyPart::Buttock => "buttock",
            BodyPart::Hip => "hip",
            BodyPart::Thigh => "thigh",
            BodyPart::Knee => "knee",
            BodyPart::Calf => "calf",
            BodyPart::Foot => "foot",
        }
    }

    /// Plain words for a prompt or a label, e.g. "lower back".
    pub fn words(self) -> &'static str {
        match self {
            BodyPart::Head => "head",
            BodyPart::Face => "face",
            BodyPart::Neck => "neck",
            BodyPart::Shoulder => "shoulders",
            BodyPart::Arm => "arms",
            BodyPart::Hand => "hands",
            BodyPart::Chest => "chest",
            BodyPart::Abdomen => "belly",
            BodyPart::UpperBack => "upper back",
            BodyPart::MidBack => "middle of the back",
            BodyPart::LowerBack => "lower back",
            BodyPart::Buttock => "buttocks",
            BodyPart::Hip => "hips",
            BodyPart::Thigh => "thighs",
            BodyPart::Knee => "knees",
            BodyPart::Calf => "calves",
            BodyPart::Foot => "feet",
        }
    }
}

impl fmt::Display for BodyPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Which side of the body a region is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// The left side.
    Left,
    /// The right side.
    Right,
}

/// A place on the body map: a part, on one side or on both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Region {
    /// The body part.
    pub part: BodyPart,
    /// `None` for the whole part (both sides, or the middle).
    pub side: Option<Side>,
}

impl Region {
    /// The whole of a part, both sides.
    pub fn whole(part: BodyPart) -> Self {
        Region { part, side: None }
    }

    /// Every region the body map offers: each part whole, then left and right.
    pub fn all() -> Vec<Region> {
        let mut out = Vec::with_capacity(BodyPart::ALL.len() * 3);
        for part in BodyPart::ALL {
            out.push(Region::whole(part));
            out.push(Region {
                part,
                side: Some(Side::Left),
            });
            out.push(Region {
                part,
                side: Some(Side::Right),
            });
        }
        out
    }

    /// Plain words, e.g. "left calf" or "lower back".
    pub fn words(self) -> String {
        match self.side {
            None => self.part.words().to_string(),
            Some(Side::Left) => format!("left side of the {}", self.part.words()),
            Some(Side::Right) => format!("right side of the {}", self.part.words()),
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.side {
            None => f.write_str(self.part.id()),
            Some(Side::Left) => write!(f, "{}-left", self.part.id()),
            Some(Side::Right) => write!(f, "{}-right", self.part.id()),
        }
    }
}

/// A region id that is not on the body map.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown body region {given:?}; use a part ({known}), optionally with -left or -right")]
pub struct UnknownRegion {
    /// What was given.
    pub given: String,
    /// The part ids, comma-separated.
    pub known: String,
}

fn part_from_id(id: &str) -> Option<BodyPart> {
    BodyPart::ALL.into_iter().find(|p| p.id() == id)
}

impl FromStr for BodyPart {
    type Err = UnknownRegion;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        part_from_id(s.trim()).ok_or_else(|| unknown(s))
    }
}

fn unknown(s: &str) -> UnknownRegion {
    UnknownRegion {
        given: s.to_string(),
        known: BodyPart::ALL
            .iter()
            .map(|p| p.id())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

impl FromStr for Region {
    type Err = UnknownRegion;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if let Some(part) = part_from_id(t) {
            return Ok(Region::whole(part));
        }
        for (suffix, side) in [("-left", Side::Left), ("-right", Side::Right)] {
            if let Some(part) = t.strip_suffix(suffix).and_then(part_from_id) {
                return Ok(Region {
                    part,
                    side: Some(side),
                });
            }
        }
        Err(unknown(s))
    }
}

impl Serialize for Region {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Region {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Joins region words into a spoken list: "your lower back and left calf".
pub fn spoken_list(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_round_trips_through_its_id() {
        for r in Region::all() {
            let id = r.to_string();
            assert_eq!(id.parse::<Region>().as_ref(), Ok(&r), "{id}");
        }
        assert_eq!(Region::all().len(), 51);
    }

    #[test]
    fn sided_ids_parse_to_part_and_side() {
        let r: Region = "lower-back-left".parse().expect("valid");
        assert_eq!(r.part, BodyPart::LowerBack);
        assert_eq!(r.side, Some(Side::Left));
        assert_eq!(r.words(), "left side of the lower back");
    }

    #[test]
    fn unknown_region_names_the_value_and_the_choices() {
        let err = "spleen".parse::<Region>().expect_err("not a region");
        let msg = err.to_string();
        assert!(msg.contains("\"spleen\""), "{msg}");
        assert!(msg.contains("lower-back"), "{msg}");
    }

    #[test]
    fn spoken_list_joins_with_and() {
        let v = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        assert_eq!(spoken_list(&v), "a, b and c");
        assert_eq!(spoken_list(&v[..1]), "a");
    }
}
