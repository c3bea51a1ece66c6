//! The drawn body map of the check-in form: the back and the front of a
//! figure, each place a button over its shape.
//!
//! Geometry is in the units of the SVG's view box (200 × 400). The same
//! numbers draw the shapes and, through `data-` attributes that the page's
//! script turns into positions, place the buttons over them — one source,
//! so a button always covers its shape. Each button stands for one of core's
//! region ids; on the back the person's left is on the viewer's left, on the
//! front it is on the viewer's right.

use backcalm_core::region::Side;
use backcalm_core::{BodyPart, Region};

/// The view box's width and height.
pub const VIEW_W: u16 = 200;
/// The view box's height.
pub const VIEW_H: u16 = 400;

/// One place on the drawing.
#[derive(Debug, Clone)]
pub struct Spot {
    /// The region id it marks, e.g. `lower-back-left`.
    pub region: String,
    /// Its accessible name, e.g. "Lower back, left side".
    pub name: String,
    pub x: u16,
    pub y: u16,
    pub w: u16,
    pub h: u16,
    /// Corner radius: the head is drawn round.
    pub rx: u16,
}

/// The back or the front of the figure.
#[derive(Debug, Clone)]
pub struct MapView {
    /// `back` or `front`.
    pub id: &'static str,
    /// Its heading.
    pub title: &'static str,
    /// What the viewer sees at the left and right edges.
    pub viewer_left: &'static str,
    pub viewer_right: &'static str,
    pub spots: Vec<Spot>,
}

/// A part's singular name for a button.
fn singular(part: BodyPart, front: bool) -> &'static str {
    match part {
        BodyPart::Head => "Head",
        BodyPart::Face => "Face",
        BodyPart::Neck => "Neck",
        BodyPart::Shoulder => "Shoulder",
        BodyPart::Arm => "Arm",
        BodyPart::Hand => "Hand",
        BodyPart::Chest => "Chest",
        BodyPart::Abdomen => "Belly",
        BodyPart::UpperBack => "Upper back",
        BodyPart::MidBack => "Middle of the back",
        BodyPart::LowerBack => "Lower back",
        BodyPart::Buttock => "Buttock",
        BodyPart::Hip => "Hip",
        BodyPart::Thigh => "Thigh",
        BodyPart::Knee => "Knee",
        BodyPart::Calf if front => "Shin",
        BodyPart::Calf => "Calf",
        BodyPart::Foot => "Foot",
    }
}

/// Where a shape sits across the figure, as the viewer sees it.
#[derive(Clone, Copy)]
enum At {
    /// The whole part, in the middle (head, neck, chest).
    Whole,
    /// The middle strip of a part that also has sides (the spine).
    Middle,
    ViewerLeft,
    ViewerRight,
}

fn spot(part: BodyPart, at: At, front: bool, rect: (u16, u16, u16, u16)) -> Spot {
    let word = singular(part, front);
    // On the back the person's left is the viewer's left; on the front it is mirrored.
    let side = match (at, front) {
        (At::ViewerLeft, false) | (At::ViewerRight, true) => Some(Side::Left),
        (At::ViewerRight, false) | (At::ViewerLeft, true) => Some(Side::Right),
        (At::Whole | At::Middle, _) => None,
    };
    let name = match (side, at) {
        (Some(Side::Left), _) => format!("{word}, left side"),
        (Some(Side::Right), _) => format!("{word}, right side"),
        (None, At::Middle) => format!("{word}, middle"),
        (None, _) => word.to_string(),
    };
    let (x, y, w, h) = rect;
    let rx = match part {
        BodyPart::Head | BodyPart::Face => w.min(h) / 2,
        _ => 9,
    };
    Spot {
        region: Region { part, side }.to_string(),
        name,
        x,
        y,
        w,
        h,
        rx,
    }
}

/// A part drawn as two mirrored shapes; `x` and `w` are the viewer-left one's.
fn pair(out: &mut Vec<Spot>, part: BodyPart, front: bool, x: u16, y: u16, w: u16, h: u16) {
    out.push(spot(part, At::ViewerLeft, front, (x, y, w, h)));
    out.push(spot(
        part,
        At::ViewerRight,
        front,
        (VIEW_W - x - w, y, w, h),
    ));
}

/// A band of the back across the torso: left, the spine in the middle, right.
fn band(out: &mut Vec<Spot>, part: BodyPart, y: u16, h: u16) {
    out.push(spot(part, At::ViewerLeft, false, (60, y, 29, h)));
    out.push(spot(part, At::Middle, false, (89, y, 22, h)));
    out.push(spot(part, At::ViewerRight, false, (111, y, 29, h)));
}

/// Arms, hands, shoulders, hips and legs: the same shapes on both views.
fn limbs(out: &mut Vec<Spot>, front: bool) {
    pair(out, BodyPart::Shoulder, front, 24, 68, 34, 30);
    pair(out, BodyPart::Arm, front, 24, 100, 32, 86);
    pair(out, BodyPart::Hand, front, 6, 190, 28, 34);
    pair(out, BodyPart::Hip, front, 36, 192, 22, 40);
    if front {
        pair(out, BodyPart::Thigh, front, 62, 192, 36, 108);
    } else {
        pair(out, BodyPart::Thigh, front, 62, 248, 36, 52);
    }
    pair(out, BodyPart::Knee, front, 62, 302, 36, 24);
    pair(out, BodyPart::Calf, front, 62, 328, 36, 44);
    pair(out, BodyPart::Foot, front, 56, 374, 42, 22);
}

/// The back of the figure: where back pain is marked first.
fn back() -> MapView {
    let mut s = vec![
        spot(BodyPart::Head, At::Whole, false, (78, 4, 44, 40)),
        spot(BodyPart::Neck, At::Whole, false, (84, 46, 32, 20)),
    ];
    band(&mut s, BodyPart::UpperBack, 68, 50);
    band(&mut s, BodyPart::MidBack, 120, 40);
    band(&mut s, BodyPart::LowerBack, 162, 40);
    pair(&mut s, BodyPart::Buttock, false, 60, 206, 39, 38);
    limbs(&mut s, false);
    MapView {
        id: "back",
        title: "Back",
        viewer_left: "Your left",
        viewer_right: "Your right",
        spots: s,
    }
}

/// The front of the figure.
fn front() -> MapView {
    let mut s = vec![
        spot(BodyPart::Face, At::Whole, true, (78, 4, 44, 40)),
        spot(BodyPart::Neck, At::Whole, true, (84, 46, 32, 20)),
        spot(BodyPart::Chest, At::Whole, true, (60, 68, 80, 56)),
        spot(BodyPart::Abdomen, At::Whole, true, (60, 126, 80, 62)),
    ];
    limbs(&mut s, true);
    MapView {
        id: "front",
        title: "Front",
        viewer_left: "Your right",
        viewer_right: "Your left",
        spots: s,
    }
}

/// Both views, back first; in each, places in reading order (top to
/// bottom, then left to right), which is also the keyboard's order.
pub fn views() -> Vec<MapView> {
    let mut v = vec![back(), front()];
    for view in &mut v {
        view.spots.sort_by_key(|s| (s.y, s.x));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlaps(a: &Spot, b: &Spot) -> bool {
        a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
    }

    #[test]
    fn every_spot_is_a_known_region_inside_the_view_and_apart_from_the_others() {
        for v in views() {
            for (i, a) in v.spots.iter().enumerate() {
                assert!(a.region.parse::<Region>().is_ok(), "{}", a.region);
                assert!(a.x + a.w <= VIEW_W && a.y + a.h <= VIEW_H, "{}", a.name);
                // At 256 px wide a unit is 1.28 px: 19 units make a 24 px target.
                assert!(a.w >= 19 && a.h >= 19, "{} is too small to touch", a.name);
                for b in &v.spots[i + 1..] {
                    assert!(!overlaps(a, b), "{} overlaps {}", a.name, b.name);
                }
            }
        }
    }

    #[test]
    fn sides_follow_the_person_not_the_viewer() {
        let [back, front] = [&views()[0], &views()[1]];
        let find = |v: &MapView, id: &str| v.spots.iter().find(|s| s.region == id).cloned();
        let b = find(back, "thigh-left").expect("left thigh on the back");
        let f = find(front, "thigh-left").expect("left thigh on the front");
        assert!(b.x < 100, "on the back the left is on the viewer's left");
        assert!(f.x > 100, "on the front the left is on the viewer's right");
        assert_eq!(b.name, "Thigh, left side");
        assert_eq!(
            find(back, "lower-back").map(|s| s.name),
            Some("Lower back, middle".to_string())
        );
    }

    #[test]
    fn the_map_covers_the_back_and_legs_named_in_the_product() {
        let ids: Vec<String> = views()
            .into_iter()
            .flat_map(|v| v.spots.into_iter().map(|s| s.region))
            .collect();
        for needed in [
            "lower-back-left",
            "lower-back-right",
            "mid-back-left",
            "upper-back-right",
            "neck",
            "buttock-left",
            "thigh-right",
            "calf-left",
            "foot-right",
            "shoulder-left",
            "hip-right",
            "knee-left",
        ] {
            assert!(ids.iter().any(|i| i == needed), "{needed}");
        }
    }
}
