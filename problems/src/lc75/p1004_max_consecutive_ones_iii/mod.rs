use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<(Vec<i32>, i32), i32> {
    Spec {
        info: Info {
            order: 16,
            id: 1004,
            slug: "max-consecutive-ones-iii",
            title: "Max Consecutive Ones III",
            category: "Sliding Window",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((vec![1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0], 2), 6),
            ((vec![0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1], 3), 10),
            ((vec![1, 0, 0, 1, 1, 0, 1], 1), 4),
            ((vec![0], 0), 0),
            ((vec![0], 1), 1),
            ((vec![1], 0), 1),
            ((vec![0, 0, 0], 2), 2),
            ((vec![1, 0, 1, 0, 1], 5), 5),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn longest_ones(nums: Vec<i32>, k: i32) -> i32";

/// `n` bits, each a one with probability `p`.
fn bits(rng: &mut Rng, n: usize, p: f64) -> Vec<i32> {
    (0..n).map(|_| inputs::chance(rng, p) as i32).collect()
}

fn small(rng: &mut Rng) -> Vec<(Vec<i32>, i32)> {
    let mut cases = vec![
        (vec![1], 1),
        (vec![0, 0, 0, 0], 0),
        (vec![0, 0, 0, 0], 4),
        (vec![0, 0, 0, 0, 0], 3),
        (vec![1, 1, 1, 1], 0),
        (vec![1, 1, 1, 1], 2),
        (vec![0, 1, 1, 1], 0),
        (vec![1, 1, 1, 0], 1),
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 50);
        let p = *inputs::pick(rng, &[0.1, 0.5, 0.8, 0.95]);
        let k = if inputs::chance(rng, 0.2) { 0 } else { inputs::int(rng, 0, n as i32) };
        cases.push((bits(rng, n, p), k));
    }
    cases
}

/// LeetCode's largest size, 10^5 bits, and twice that, in shapes that keep
/// the window moving and all-zero or all-one extremes.
fn perf(rng: &mut Rng) -> Vec<(Vec<i32>, i32)> {
    let n = 100_000;
    vec![
        (bits(rng, n, 0.5), 5_000),
        (bits(rng, 2 * n, 0.9), 100),
        (vec![0; n], 0),
        (vec![0; n], n as i32 / 2),
        (vec![1; 2 * n], 0),
        ((0..2 * n).map(|i| (i % 3 != 0) as i32).collect(), 20_000),
    ]
}
