use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<i32>, ((), Vec<i32>)> {
    Spec {
        info: Info {
            order: 10,
            id: 283,
            slug: "move-zeroes",
            title: "Move Zeroes",
            category: "Two Pointers",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![0, 1, 0, 3, 12], ((), vec![1, 3, 12, 0, 0])),
            (vec![0], ((), vec![0])),
            (vec![7], ((), vec![7])),
            (vec![0, 0, 1], ((), vec![1, 0, 0])),
            (vec![1, 0, 0], ((), vec![1, 0, 0])),
            (vec![-1, 0, i32::MIN, 0, i32::MAX], ((), vec![-1, i32::MIN, i32::MAX, 0, 0])),
            (vec![2, 1], ((), vec![2, 1])),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn move_zeroes(nums: &mut Vec<i32>)";

/// `n` values, each zero with probability `p`, the rest from `-hi..=hi`
/// without zero.
fn values(rng: &mut Rng, n: usize, p: f64, hi: i32) -> Vec<i32> {
    (0..n)
        .map(|_| {
            if inputs::chance(rng, p) {
                0
            } else {
                let x = inputs::int(rng, 1, hi);
                if inputs::chance(rng, 0.5) { x } else { -x }
            }
        })
        .collect()
}

fn small(rng: &mut Rng) -> Vec<Vec<i32>> {
    let mut cases = vec![
        vec![0; 10_000],
        vec![i32::MIN; 3],
        (1..=20).collect(),
        (0..20).map(|i| (i % 2) * i).collect(),
        [vec![0; 10], vec![5; 10]].concat(),
        [vec![5; 10], vec![0; 10]].concat(),
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 20);
        let p = *inputs::pick(rng, &[0.1, 0.5, 0.9]);
        let hi = *inputs::pick(rng, &[3, i32::MAX]);
        cases.push(values(rng, n, p, hi));
    }
    cases
}

/// LeetCode's largest array, 10^4 values: 2000 zeros at the front (the
/// bubbling baseline needs a full pass per zero), 10% zeros at random, no
/// zeros, and zeros already at the end. Half zeros or alternating zeros
/// would need 5000 full passes, well past the baseline's time limit.
fn perf(rng: &mut Rng) -> Vec<Vec<i32>> {
    let n = 10_000;
    vec![
        [vec![0; 2_000], values(rng, n - 2_000, 0.0, i32::MAX)].concat(),
        values(rng, n, 0.1, i32::MAX),
        values(rng, n, 0.0, 1000),
        [values(rng, n - 2_000, 0.0, 1000), vec![0; 2_000]].concat(),
    ]
}
