use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<i32>, i32> {
    Spec {
        info: Info {
            order: 17,
            id: 1493,
            slug: "longest-subarray-of-1s-after-deleting-one-element",
            title: "Longest Subarray of 1's After Deleting One Element",
            category: "Sliding Window",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![1, 1, 0, 1], 3),
            (vec![0, 1, 1, 1, 0, 1, 1, 0, 1], 5),
            (vec![1, 1, 1], 2),
            (vec![1], 0),
            (vec![0], 0),
            (vec![0, 0, 0], 0),
            (vec![1, 0, 0, 1], 1),
            (vec![0, 1, 1], 2),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn longest_subarray(nums: Vec<i32>) -> i32";

/// `n` bits, each a one with probability `p`.
fn bits(rng: &mut Rng, n: usize, p: f64) -> Vec<i32> {
    (0..n).map(|_| inputs::chance(rng, p) as i32).collect()
}

fn small(rng: &mut Rng) -> Vec<Vec<i32>> {
    let mut cases = vec![
        vec![1, 1],
        vec![1, 1, 1, 1, 1, 1, 1],
        vec![0, 0],
        vec![1, 0],
        vec![0, 1],
        vec![1, 1, 0],
        vec![1, 0, 1, 0, 1, 0, 1],
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 50);
        let p = *inputs::pick(rng, &[0.2, 0.5, 0.8, 0.95, 1.0]);
        cases.push(bits(rng, n, p));
    }
    cases
}

/// LeetCode's largest size, 10^5 bits: zeros about 300 apart (the
/// naive scan from every start crosses two long runs of ones), random bits,
/// all ones and all zeros.
fn perf(rng: &mut Rng) -> Vec<Vec<i32>> {
    let n = 100_000;
    vec![
        (0..n).map(|i| (i % 300 != 299) as i32).collect(),
        bits(rng, n, 0.997),
        bits(rng, n, 0.5),
        vec![1; n],
        vec![0; n],
    ]
}
