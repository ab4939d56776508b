use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<(Vec<i32>, i32), i32> {
    Spec {
        info: Info {
            order: 13,
            id: 1679,
            slug: "max-number-of-k-sum-pairs",
            title: "Max Number of K-Sum Pairs",
            category: "Two Pointers",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((vec![1, 2, 3, 4], 5), 2),
            ((vec![3, 1, 3, 4, 3], 6), 1),
            ((vec![1], 2), 0),
            ((vec![1, 1], 2), 1),
            ((vec![2, 2, 2], 4), 1),
            ((vec![3], 6), 0),
            ((vec![1, 1, 1, 1], 3), 0),
            ((vec![1_000_000_000, 1_000_000_000], 1_000_000_000), 0),
            ((vec![500_000_000, 500_000_000], 1_000_000_000), 1),
            ((vec![2, 5, 4, 4, 1, 3, 4, 4, 1, 4, 4, 1, 2, 1, 2, 2, 3, 2, 4, 2], 3), 4),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn max_operations(nums: Vec<i32>, k: i32) -> i32";

fn small(rng: &mut Rng) -> Vec<(Vec<i32>, i32)> {
    let mut cases = vec![
        (vec![1_000_000_000; 20], 1_000_000_000),
        (vec![7; 21], 14),
        (vec![7; 20], 14),
        ((1..=30).collect(), 31),
        ((1..=30).collect(), 1),
    ];
    for _ in 0..45 {
        let n = inputs::len(rng, 1, 20);
        let hi = *inputs::pick(rng, &[3, 10, 1_000_000_000]);
        let nums = inputs::ints(rng, n, 1, hi);
        // Mostly a sum that some pairs reach.
        let k = if inputs::chance(rng, 0.8) && n >= 2 {
            let (a, b) = (*inputs::pick(rng, &nums), *inputs::pick(rng, &nums));
            (a as i64 + b as i64).min(1_000_000_000) as i32
        } else {
            inputs::int(rng, 1, 2 * hi.min(500_000_000))
        };
        cases.push((nums, k));
    }
    cases
}

/// LeetCode's largest array, 10^5 values: small values that pair up often,
/// values 1..n that all pair, random large values with few pairs, and all
/// equal values with and without pairs.
fn perf(rng: &mut Rng) -> Vec<(Vec<i32>, i32)> {
    let n = 100_000;
    vec![
        (inputs::ints(rng, n, 1, 1000), 1000),
        (inputs::shuffled(rng, (1..=n as i32).collect()), n as i32 + 1),
        (inputs::ints(rng, n, 1, 1_000_000_000), 999_999_999),
        (vec![3; n], 6),
        (vec![3; n], 7),
    ]
}
