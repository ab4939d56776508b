use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<i32>, i32> {
    Spec {
        info: Info {
            order: 12,
            id: 11,
            slug: "container-with-most-water",
            title: "Container With Most Water",
            category: "Two Pointers",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![1, 8, 6, 2, 5, 4, 8, 3, 7], 49),
            (vec![1, 1], 1),
            (vec![0, 0], 0),
            (vec![0, 10_000], 0),
            (vec![4, 3, 2, 1, 4], 16),
            (vec![1, 2, 1], 2),
            (vec![1, 2, 4, 3], 4),
            (vec![2, 3, 10, 5, 7, 8, 9], 36),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn max_area(height: Vec<i32>) -> i32";

fn small(rng: &mut Rng) -> Vec<Vec<i32>> {
    let mut cases = vec![
        vec![10_000; 100_000],
        vec![0; 50],
        (0..50).collect(),
        (0..50).rev().collect(),
        (0..51).map(|i: i32| 25 - (i - 25).abs()).collect(),
        (0..51).map(|i: i32| (i - 25).abs()).collect(),
        vec![10_000, 1, 1, 1, 1, 1, 10_000],
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 2, 20);
        let hi = *inputs::pick(rng, &[1, 5, 10_000]);
        cases.push(inputs::ints(rng, n, 0, hi));
    }
    cases
}

/// LeetCode's largest array, 10^5 walls: random heights, rising, falling,
/// all equal, and a mountain whose best pair sits in the middle.
fn perf(rng: &mut Rng) -> Vec<Vec<i32>> {
    let n = 100_000;
    vec![
        inputs::ints(rng, n, 0, 10_000),
        (0..n as i32).map(|i| i / 10).collect(),
        (0..n as i32).rev().map(|i| i / 10).collect(),
        vec![5_000; n],
        (0..n as i32).map(|i| 10_000 - (i - n as i32 / 2).abs() / 5).collect(),
    ]
}
