use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<i32>, i32> {
    Spec {
        info: Info {
            order: 61,
            id: 198,
            slug: "house-robber",
            title: "House Robber",
            category: "DP - 1D",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![1, 2, 3, 1], 4),
            (vec![2, 7, 9, 3, 1], 12),
            (vec![0], 0),
            (vec![400], 400),
            (vec![1, 2], 2),
            (vec![2, 1, 1, 2], 4),
            (vec![5, 1, 1, 5, 1, 1, 5], 15),
            (vec![0, 0, 0], 0),
            (vec![400; 100], 20_000),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn rob(nums: Vec<i32>) -> i32";

fn small(rng: &mut Rng) -> Vec<Vec<i32>> {
    let mut cases = vec![
        vec![400; 99],
        vec![0; 100],
        (0..100).collect(),
        (0..100).rev().collect(),
        (0..100).map(|i| if i % 3 == 0 { 400 } else { 0 }).collect(),
        vec![7],
        vec![3, 9],
        vec![9, 3],
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 20);
        let hi = *inputs::pick(rng, &[1, 10, 400]);
        cases.push(inputs::ints(rng, n, 0, hi));
    }
    cases
}

/// LeetCode's street has at most 100 houses, too few to measure; the perf
/// streets have 10^5 houses (the totals still fit easily): random money,
/// all equal, and a pattern where skipping two houses pays.
fn perf(rng: &mut Rng) -> Vec<Vec<i32>> {
    let n = 100_000;
    vec![
        inputs::ints(rng, n, 0, 400),
        vec![400; n],
        (0..n).map(|i| if i % 3 == 0 { 400 } else { 1 }).collect(),
        inputs::ints(rng, n, 0, 3),
    ]
}
