use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<(Vec<i32>, i32), Vec<bool>> {
    Spec {
        info: Info {
            order: 3,
            id: 1431,
            slug: "kids-with-the-greatest-number-of-candies",
            title: "Kids With the Greatest Number of Candies",
            category: "Array / String",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((vec![2, 3, 5, 1, 3], 3), vec![true, true, true, false, true]),
            ((vec![4, 2, 1, 1, 2], 1), vec![true, false, false, false, false]),
            ((vec![12, 1, 12], 10), vec![true, false, true]),
            ((vec![1, 1], 1), vec![true, true]),
            ((vec![1, 100], 50), vec![false, true]),
            ((vec![50, 100], 50), vec![true, true]),
            ((vec![49, 100], 50), vec![false, true]),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn kids_with_candies(candies: Vec<i32>, extra_candies: i32) -> Vec<bool>";

fn small(rng: &mut Rng) -> Vec<(Vec<i32>, i32)> {
    let mut cases = vec![
        (vec![100; 100], 1),
        (vec![1; 2], 50),
        ((1..=100).collect(), 1),
        ((1..=100).rev().collect(), 50),
        (vec![1, 100, 51, 50, 49], 50),
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 2, 100);
        let hi = *inputs::pick(rng, &[3, 20, 100]);
        let most = if inputs::chance(rng, 0.5) { 3 } else { 50 };
        let extra = inputs::int(rng, 1, most);
        cases.push((inputs::ints(rng, n, 1, hi), extra));
    }
    cases
}

/// LeetCode caps the kids at 100; the perf cases have 6000, so that the
/// per-kid cost shows. Equal counts keep every kid in the running, so the
/// naive solution compares every pair.
fn perf(rng: &mut Rng) -> Vec<(Vec<i32>, i32)> {
    let n = 6_000;
    vec![(vec![100; n], 1), ((0..n).map(|i| 1 + (i % 100) as i32).collect(), 50), (inputs::ints(rng, n, 1, 100), 25)]
}
