use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<i32, i32> {
    Spec {
        info: Info {
            order: 62,
            id: 790,
            slug: "domino-and-tromino-tiling",
            title: "Domino and Tromino Tiling",
            category: "DP - 1D",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (3, 5),
            (1, 1),
            (2, 2),
            (4, 11),
            (5, 24),
            (30, 312_342_182),
            (100, 190_242_381),
            (999, 326_038_248),
            (1000, 979_232_805),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn num_tilings(n: i32) -> i32";

/// Every `n` up to 60 (where the count first passes the modulus), then
/// random ones and the largest.
fn small(rng: &mut Rng) -> Vec<i32> {
    let mut cases: Vec<i32> = (1..=60).collect();
    cases.extend((0..20).map(|_| inputs::int(rng, 1, 1000)));
    cases.extend([998, 1000]);
    cases
}

/// One board is quick, so the perf run has 60 boards at or near the
/// largest width, 1000.
fn perf(rng: &mut Rng) -> Vec<i32> {
    (0..60).map(|i| if i % 3 == 0 { 1000 } else { inputs::int(rng, 900, 1000) }).collect()
}
