use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

type Input = (Vec<i32>, i32);

pub fn spec() -> Spec<Input, i32> {
    Spec {
        info: Info {
            order: 65,
            id: 714,
            slug: "best-time-to-buy-and-sell-stock-with-transaction-fee",
            title: "Best Time to Buy and Sell Stock with Transaction Fee",
            category: "DP - Multidimensional",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((vec![1, 3, 2, 8, 4, 9], 2), 8),
            ((vec![1, 3, 7, 5, 10, 3], 3), 6),
            ((vec![5], 0), 0),
            ((vec![5, 4, 3, 2, 1], 0), 0),
            ((vec![1, 2], 0), 1),
            ((vec![1, 2], 1), 0),
            ((vec![1, 5, 1, 5], 1), 6),
            ((vec![1, 5, 1, 5], 3), 2),
            ((vec![1, 49_999], 49_999), 0),
            ((vec![1, 49_999, 1, 49_999], 0), 99_996),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn max_profit(prices: Vec<i32>, fee: i32) -> i32";

fn small(rng: &mut Rng) -> Vec<Input> {
    let mut cases = vec![
        (vec![7; 20], 0),
        ((1..=30).collect(), 0),
        ((1..=30).collect(), 29),
        ((1..=30).collect(), 28),
        ((1..=30).rev().collect(), 0),
        ((0..30).map(|i| if i % 2 == 0 { 1 } else { 49_999 }).collect(), 0),
        ((0..30).map(|i| if i % 2 == 0 { 1 } else { 49_999 }).collect(), 49_999),
        ((0..30).map(|i| if i % 2 == 0 { 10 } else { 14 }).collect(), 3),
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 20);
        let hi = *inputs::pick(rng, &[5, 20, 49_999]);
        let fee = inputs::int(rng, 0, (hi / 2).max(2));
        cases.push((inputs::ints(rng, n, 1, hi), fee));
    }
    cases
}

/// LeetCode's largest input, 5 * 10^4 days: random prices with small and
/// large fees, a rising market, a falling one, and a zigzag where every
/// swing pays with no fee (the largest total, 1.25 * 10^9).
fn perf(rng: &mut Rng) -> Vec<Input> {
    let n = 50_000;
    vec![
        (inputs::ints(rng, n, 1, 49_999), 2),
        (inputs::ints(rng, n, 1, 49_999), 10_000),
        ((1..=n as i32).map(|p| p.min(49_999)).collect(), 100),
        ((1..=n as i32).rev().map(|p| p.min(49_999)).collect(), 0),
        ((0..n).map(|i| if i % 2 == 0 { 1 } else { 49_999 }).collect(), 0),
    ]
}
