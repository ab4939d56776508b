use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<i32, Vec<i32>> {
    Spec {
        info: Info {
            order: 67,
            id: 338,
            slug: "counting-bits",
            title: "Counting Bits",
            category: "Bit Manipulation",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (2, vec![0, 1, 1]),
            (5, vec![0, 1, 1, 2, 1, 2]),
            (0, vec![0]),
            (1, vec![0, 1]),
            (8, vec![0, 1, 1, 2, 1, 2, 2, 3, 1]),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn count_bits(n: i32) -> Vec<i32>";

fn small(rng: &mut Rng) -> Vec<i32> {
    let mut cases = vec![0, 1, 3, 4, 63, 64, 65, 1023, 65_535, 65_536, 100_000];
    cases.extend((0..25).map(|_| inputs::int(rng, 0, 100)));
    cases.extend((0..5).map(|_| inputs::int(rng, 0, 100_000)));
    cases
}

/// LeetCode's largest `n`, 10^5, four times, and one just under a power
/// of two (many numbers with many bits).
fn perf(_: &mut Rng) -> Vec<i32> {
    vec![100_000, 100_000, 100_000, 100_000, 65_535]
}
