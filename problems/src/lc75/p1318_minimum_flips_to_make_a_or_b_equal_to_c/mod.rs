use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

type Input = (i32, i32, i32);

pub fn spec() -> Spec<Input, i32> {
    Spec {
        info: Info {
            order: 69,
            id: 1318,
            slug: "minimum-flips-to-make-a-or-b-equal-to-c",
            title: "Minimum Flips to Make a OR b Equal to c",
            category: "Bit Manipulation",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((2, 6, 5), 3),
            ((4, 2, 7), 1),
            ((1, 2, 3), 0),
            ((1, 1, 1), 0),
            ((1, 1, 2), 3),
            ((7, 7, 1), 4),
            ((8, 3, 5), 3),
            ((1_000_000_000, 1_000_000_000, 1), 27),
            ((536_870_911, 536_870_911, 536_870_912), 59),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn min_flips(a: i32, b: i32, c: i32) -> i32";

/// A random value in `1..=10^9` built mostly from the bits of `base`, so
/// that the three numbers share bits often.
fn near(rng: &mut Rng, base: i32) -> i32 {
    let v = base ^ (inputs::int(rng, 0, 1_000_000_000) & inputs::int(rng, 0, 1_000_000_000));
    v.clamp(1, 1_000_000_000)
}

fn small(rng: &mut Rng) -> Vec<Input> {
    let max = 1_000_000_000;
    let mut cases = vec![(max, max, max), (max, max, 1), (1, 1, max), (max, 1, max - 1), (3, 5, 6)];
    for i in 0..40 {
        let hi = if i < 20 { 16 } else { max };
        let a = inputs::int(rng, 1, hi);
        let (b, c) =
            if hi == max { (near(rng, a), near(rng, a)) } else { (inputs::int(rng, 1, hi), inputs::int(rng, 1, hi)) };
        cases.push((a, b, c));
    }
    cases
}

/// One call is a few dozen bit operations: 5000 calls with random values
/// over the whole range.
fn perf(rng: &mut Rng) -> Vec<Input> {
    (0..5000)
        .map(|_| {
            let a = inputs::int(rng, 1, 1_000_000_000);
            (a, near(rng, a), inputs::int(rng, 1, 1_000_000_000))
        })
        .collect()
}
