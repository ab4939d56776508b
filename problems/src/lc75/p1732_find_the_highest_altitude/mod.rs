use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<i32>, i32> {
    Spec {
        info: Info {
            order: 18,
            id: 1732,
            slug: "find-the-highest-altitude",
            title: "Find the Highest Altitude",
            category: "Prefix Sum",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![-5, 1, 5, 0, -7], 1),
            (vec![-4, -3, -2, -1, 4, 3, 2], 0),
            (vec![-1], 0),
            (vec![100], 100),
            (vec![0, 0, 0], 0),
            (vec![-100, 100, 1], 1),
            (vec![3, -1, -1, -1, 2], 3),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn largest_altitude(gain: Vec<i32>) -> i32";

fn small(rng: &mut Rng) -> Vec<Vec<i32>> {
    let mut cases = vec![
        vec![-100; 100],
        vec![100; 100],
        vec![0; 1],
        (0..100).map(|i| if i % 2 == 0 { 100 } else { -100 }).collect(),
        (0..100).map(|i| i - 50).collect(),
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 100);
        let (lo, hi) = *inputs::pick(rng, &[(-100, 100), (-100, 20), (-20, 100), (-3, 3)]);
        cases.push(inputs::ints(rng, n, lo, hi));
    }
    cases
}

/// LeetCode caps `gain` at 100 values, too few to measure; the perf arrays
/// hold 10^4 (values stay within LeetCode's range).
fn perf(rng: &mut Rng) -> Vec<Vec<i32>> {
    let n = 10_000;
    vec![
        inputs::ints(rng, n, -100, 100),
        vec![100; n],
        vec![-100; n],
        (0..n).map(|i| if i < n / 2 { 100 } else { -100 }).collect(),
    ]
}
