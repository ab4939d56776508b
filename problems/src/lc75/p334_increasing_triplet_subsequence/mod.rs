use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<i32>, bool> {
    Spec {
        info: Info {
            order: 8,
            id: 334,
            slug: "increasing-triplet-subsequence",
            title: "Increasing Triplet Subsequence",
            category: "Array / String",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![1, 2, 3, 4, 5], true),
            (vec![5, 4, 3, 2, 1], false),
            (vec![2, 1, 5, 0, 4, 6], true),
            (vec![1], false),
            (vec![1, 2], false),
            (vec![1, 1, 1], false),
            (vec![1, 1, 2, 2], false),
            (vec![5, 6, 1, 7], true),
            (vec![20, 100, 10, 12, 5, 13], true),
            (vec![i32::MIN, 0, i32::MAX], true),
            (vec![i32::MAX, i32::MAX, i32::MAX], false),
            (vec![2, 4, -2, -3], false),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn increasing_triplet(nums: Vec<i32>) -> bool";

/// `n` values with no increasing triplet: a falling sequence of
/// non-decreasing pairs, e.g. `[8, 9, 6, 7, 4, 5, ...]`, with some values
/// repeated.
fn no_triplet(rng: &mut Rng, n: usize) -> Vec<i32> {
    let mut v = Vec::with_capacity(n);
    let mut top = i32::MAX;
    while v.len() < n {
        let hi = top;
        let lo = hi - inputs::int(rng, 0, 3);
        v.push(lo);
        if v.len() < n {
            v.push(hi);
        }
        top = lo - inputs::int(rng, 1, 3);
    }
    v
}

fn small(rng: &mut Rng) -> Vec<Vec<i32>> {
    let mut cases = vec![
        vec![i32::MIN],
        vec![i32::MIN; 3],
        vec![7; 40],
        (0..40).rev().collect(),
        vec![3, 4, 1, 2, 0, 1],
        vec![1, 2, 1, 2, 1, 2],
        vec![1, 2, 1, 2, 1, 3],
        vec![i32::MAX, i32::MIN, i32::MAX - 1, i32::MAX],
    ];
    for _ in 0..25 {
        let n = inputs::len(rng, 1, 12);
        let hi = *inputs::pick(rng, &[2, 5, 1000]);
        cases.push(inputs::ints(rng, n, -hi, hi));
    }
    for _ in 0..15 {
        let n = inputs::len(rng, 1, 20);
        let mut v = no_triplet(rng, n);
        // Sometimes break it with one larger value somewhere.
        if n >= 3 && inputs::chance(rng, 0.5) {
            let i = inputs::len(rng, 0, n - 1);
            v[i] = i32::MAX;
        }
        cases.push(v);
    }
    cases
}

/// LeetCode's largest array, 5 * 10^5 values: no triplet at all (falling
/// pairs, falling, all equal), and the only triplet at the very end.
fn perf(rng: &mut Rng) -> Vec<Vec<i32>> {
    let n = 500_000;
    let mut late = no_triplet(rng, n);
    late[n - 1] = i32::MAX;
    late[n - 2] = i32::MAX - 1;
    vec![no_triplet(rng, n), (0..n as i32).rev().collect(), vec![-5; n], late]
}
