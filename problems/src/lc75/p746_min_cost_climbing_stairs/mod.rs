use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<i32>, i32> {
    Spec {
        info: Info {
            order: 60,
            id: 746,
            slug: "min-cost-climbing-stairs",
            title: "Min Cost Climbing Stairs",
            category: "DP - 1D",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![10, 15, 20], 15),
            (vec![1, 100, 1, 1, 1, 100, 1, 1, 100, 1], 6),
            (vec![0, 0], 0),
            (vec![5, 3], 3),
            (vec![3, 5], 3),
            (vec![1, 999, 999, 1], 1000),
            (vec![999, 1, 999], 1),
            (vec![0, 1, 1, 0], 1),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn min_cost_climbing_stairs(cost: Vec<i32>) -> i32";

fn small(rng: &mut Rng) -> Vec<Vec<i32>> {
    let mut cases = vec![
        vec![999; 1000],
        vec![0; 1000],
        (0..1000).map(|i| if i % 2 == 0 { 999 } else { 0 }).collect(),
        (0..1000).collect(),
        (0..1000).rev().map(|i| i % 1000).collect(),
        vec![999, 999],
        vec![0, 999, 0],
        vec![999, 0, 999],
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 2, 20);
        let hi = *inputs::pick(rng, &[1, 5, 999]);
        cases.push(inputs::ints(rng, n, 0, hi));
    }
    cases
}

/// LeetCode's largest staircase has 1000 steps, too few to measure; the
/// perf staircases have 10^5 steps: random costs, all equal, and costs
/// that alternate cheap and dear.
fn perf(rng: &mut Rng) -> Vec<Vec<i32>> {
    let n = 100_000;
    vec![
        inputs::ints(rng, n, 0, 999),
        vec![999; n],
        (0..n).map(|i| if i % 3 == 0 { 0 } else { 999 }).collect(),
        inputs::ints(rng, n, 0, 9),
    ]
}
