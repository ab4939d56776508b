use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<i32>, Vec<i32>> {
    Spec {
        info: Info {
            order: 74,
            id: 739,
            slug: "daily-temperatures",
            title: "Daily Temperatures",
            category: "Monotonic Stack",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![73, 74, 75, 71, 69, 72, 76, 73], vec![1, 1, 4, 2, 1, 1, 0, 0]),
            (vec![30, 40, 50, 60], vec![1, 1, 1, 0]),
            (vec![30, 60, 90], vec![1, 1, 0]),
            (vec![50], vec![0]),
            (vec![100, 100, 100], vec![0, 0, 0]),
            (vec![70, 70, 71], vec![2, 1, 0]),
            (vec![90, 80, 70, 60, 100], vec![4, 3, 2, 1, 0]),
            (vec![35, 30, 31, 32, 30, 36], vec![5, 1, 1, 2, 1, 0]),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn daily_temperatures(temperatures: Vec<i32>) -> Vec<i32>";

fn small(rng: &mut Rng) -> Vec<Vec<i32>> {
    let mut cases = vec![
        vec![30],
        vec![100],
        vec![30, 100],
        vec![100, 30],
        vec![65; 40],
        (30..=100).collect(),
        (30..=100).rev().collect(),
        (0..60).map(|i| 30 + i % 7).collect(),
        (0..60).map(|i| 100 - i % 7).collect(),
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 30);
        let (lo, hi) = *inputs::pick(rng, &[(30, 100), (30, 33), (98, 100)]);
        cases.push(inputs::ints(rng, n, lo, hi));
    }
    cases
}

/// LeetCode's largest input, 10^5 days: random temperatures and long
/// spells of equal days with a warmer day only at their end; then repeated
/// falls from 100 to 30 (5 * 10^4 days) and 5000 equal days. The naive scan
/// looks ahead to the warmer day or to the end, so a spell of `k` equal
/// days costs it `k^2 / 2` steps and every 100 as many steps as there are
/// days after it (a random day is a 100 one time in 71). The sizes keep the
/// naive scan near 1.4 * 10^8 steps in all.
fn perf(rng: &mut Rng) -> Vec<Vec<i32>> {
    let n = 100_000;
    let falls: Vec<i32> = (0..n / 2).map(|i| 100 - (i % 71) as i32).collect();
    // Spells of 500 equal days, each followed by one warmer day.
    let spells: Vec<i32> = (0..n).map(|i| if i % 501 == 500 { 100 } else { 30 + (i / 501 % 70) as i32 }).collect();
    vec![inputs::ints(rng, n, 30, 100), spells, falls, vec![100; 5000]]
}
