//! Guided imagery: the softening from head to feet reaches the feet in every
//! length and every scene.

use super::{build, practice};
use backcalm_core::timeline::Options;
use backcalm_core::BodyPart;

/// From the head down.
fn depth(b: BodyPart) -> usize {
    BodyPart::ALL.iter().position(|x| *x == b).unwrap_or(0)
}

#[test]
fn the_softening_goes_from_head_to_feet_at_every_length() {
    let p = practice("guided-imagery");
    for scene in &p.scenes {
        for m in p.minutes() {
            let o = Options {
                scene: Some(scene.id.clone()),
                ..Options::minutes(m)
            };
            let tl = build(p, &o);
            let softening: Vec<Vec<BodyPart>> = tl
                .steps
                .iter()
                .filter_map(|s| p.steps.iter().find(|x| x.id == s.id))
                .map(|s| s.parts())
                .filter(|parts| !parts.is_empty())
                .collect();
            let first = softening.first().expect("a softening");
            let last = softening.last().expect("a softening");
            assert!(
                first.contains(&BodyPart::Head),
                "starts at the head at {m} min"
            );
            assert!(
                last.contains(&BodyPart::Foot),
                "reaches the feet at {m} min, {}",
                scene.id
            );
            let tops: Vec<usize> = softening
                .iter()
                .map(|ps| ps.iter().map(|b| depth(*b)).min().unwrap_or(0))
                .collect();
            assert!(
                tops.windows(2).all(|w| w[0] < w[1]),
                "downward at {m} min: {softening:?}"
            );
        }
    }
}
