use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<i32>, Vec<i32>> {
    Spec {
        info: Info {
            order: 75,
            id: 901,
            slug: "online-stock-span",
            title: "Online Stock Span",
            category: "Monotonic Stack",
            difficulty: Difficulty::Medium,
            signature: "struct StockSpanner; fn new() -> Self; fn next(&self, price: i32) -> i32",
            statement: include_str!("statement.md"),
        },
        api: Api::Custom {
            owner: "StockSpanner",
            methods: &["fn new() -> Self", "fn next(&mut self, price: i32) -> i32"],
            items: "",
            body: "let prices: Vec<i32> = r.read().unwrap();
            let mut spanner = StockSpanner::new();
            let spans: Vec<i32> = prices.iter().map(|&p| spanner.next(p)).collect();
            w.put(&spans);",
        },
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![100, 80, 60, 70, 60, 75, 85], vec![1, 1, 1, 2, 1, 4, 6]),
            (vec![1], vec![1]),
            (vec![5, 5, 5], vec![1, 2, 3]),
            (vec![3, 2, 1], vec![1, 1, 1]),
            (vec![1, 2, 3], vec![1, 2, 3]),
            (vec![7, 2, 7, 1, 7], vec![1, 1, 3, 1, 5]),
            (vec![100_000, 1, 100_000], vec![1, 1, 3]),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

fn small(rng: &mut Rng) -> Vec<Vec<i32>> {
    let mut cases = vec![
        vec![100_000; 30],
        (1..=30).collect(),
        (1..=30).rev().collect(),
        (0..30).map(|i| if i % 2 == 0 { 10 } else { 5 }).collect(),
        (0..30).map(|i| 1 + i % 4).collect(),
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 30);
        let hi = *inputs::pick(rng, &[3, 10, 100_000]);
        cases.push(inputs::ints(rng, n, 1, hi));
    }
    cases
}

/// LeetCode's largest sequence, 10^4 prices: rising and equal prices (every
/// span reaches back to the first day, the naive scan's worst case),
/// random, falling, and a sawtooth.
fn perf(rng: &mut Rng) -> Vec<Vec<i32>> {
    let n = 10_000;
    vec![
        (1..=n).collect(),
        vec![777; n as usize],
        inputs::ints(rng, n as usize, 1, 100_000),
        (1..=n).rev().collect(),
        (0..n).map(|i| 1 + i % 100 + i / 100).collect(),
    ]
}
