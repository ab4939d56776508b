use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

type Input = (Vec<i32>, Vec<i32>, i32);

pub fn spec() -> Spec<Input, i64> {
    Spec {
        info: Info {
            order: 51,
            id: 2542,
            slug: "maximum-subsequence-score",
            title: "Maximum Subsequence Score",
            category: "Heap / Priority Queue",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((vec![1, 3, 3, 2], vec![2, 1, 3, 4], 3), 12),
            ((vec![4, 2, 3, 1, 1], vec![7, 5, 10, 9, 6], 1), 30),
            ((vec![5], vec![7], 1), 35),
            ((vec![0, 0], vec![5, 5], 2), 0),
            ((vec![3, 3], vec![0, 4], 1), 12),
            ((vec![1, 2, 3], vec![3, 2, 1], 3), 6),
            ((vec![2, 1, 14, 12], vec![11, 7, 13, 6], 3), 168),
            ((vec![100_000; 3], vec![100_000; 3], 3), 30_000_000_000),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn max_score(nums1: Vec<i32>, nums2: Vec<i32>, k: i32) -> i64";

fn small(rng: &mut Rng) -> Vec<Input> {
    let big = 100_000;
    let mut cases = vec![
        (vec![100_000; big], vec![100_000; big], big as i32),
        (vec![100_000; big], (1..=big as i32).collect(), 50_000),
        (vec![0; 20], vec![0; 20], 5),
        ((1..=20).collect(), (1..=20).collect(), 1),
        ((1..=20).collect(), (1..=20).rev().collect(), 20),
    ];
    for _ in 0..60 {
        let n = inputs::len(rng, 1, 12);
        let k = inputs::len(rng, 1, n) as i32;
        let hi = *inputs::pick(rng, &[3, 10, 100_000]);
        cases.push((inputs::ints(rng, n, 0, hi), inputs::ints(rng, n, 0, hi), k));
    }
    cases
}

/// LeetCode's largest arrays, 10^5 values, with `k` of 1, 200, 700 and
/// all of them, random and with `nums2` sorted both ways. Summing the
/// chosen values afresh at every step costs the naive solution `n * k`
/// additions; `k = n / 2` (5 * 10^9 additions) would take it far past its
/// time limit, so the middle values of `k` stay smaller.
fn perf(rng: &mut Rng) -> Vec<Input> {
    let n = 100_000;
    let ascending: Vec<i32> = (0..n as i32).collect();
    let descending: Vec<i32> = ascending.iter().rev().copied().collect();
    let mut random = || inputs::ints(rng, n, 0, 100_000);
    vec![
        (random(), random(), 1),
        (random(), random(), 200),
        (random(), random(), 700),
        (random(), random(), n as i32),
        (random(), ascending, 500),
        (random(), descending, 500),
    ]
}
