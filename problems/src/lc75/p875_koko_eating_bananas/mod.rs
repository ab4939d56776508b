use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

type Input = (Vec<i32>, i32);

pub fn spec() -> Spec<Input, i32> {
    Spec {
        info: Info {
            order: 56,
            id: 875,
            slug: "koko-eating-bananas",
            title: "Koko Eating Bananas",
            category: "Binary Search",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((vec![3, 6, 7, 11], 8), 4),
            ((vec![30, 11, 23, 4, 20], 5), 30),
            ((vec![30, 11, 23, 4, 20], 6), 23),
            ((vec![1], 1), 1),
            ((vec![1_000_000_000], 1), 1_000_000_000),
            ((vec![1_000_000_000], 1_000_000_000), 1),
            ((vec![1_000_000_000], 2), 500_000_000),
            // The piles hold 3 * 10^9 bananas in all, more than an i32 holds.
            ((vec![1_000_000_000; 3], 1_000_000_000), 4),
            ((vec![1_000_000_000; 5], 1_000_000_000), 5),
            ((vec![5, 5, 5], 3), 5),
            ((vec![2, 2], 3), 2),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn min_eating_speed(piles: Vec<i32>, h: i32) -> i32";

fn small(rng: &mut Rng) -> Vec<Input> {
    let mut cases = vec![
        (vec![1_000_000_000; 10_000], 1_000_000_000),
        (vec![1_000_000_000; 10_000], 10_000),
        (vec![1; 10_000], 10_000),
        (vec![1; 10_000], 1_000_000_000),
        ((1..=20).collect(), 20),
        ((1..=20).collect(), 21),
    ];
    for _ in 0..60 {
        let n = inputs::len(rng, 1, 12);
        let hi = *inputs::pick(rng, &[10, 1000, 1_000_000_000]);
        let piles = inputs::ints(rng, n, 1, hi);
        let h = match inputs::len(rng, 0, 3) {
            0 => n as i32,
            1 => inputs::int(rng, n as i32, 2 * n as i32 + 3),
            2 => inputs::int(rng, n as i32, 1_000_000_000),
            _ => 1_000_000_000,
        };
        cases.push((piles, h));
    }
    cases
}

/// LeetCode's largest case, 10^4 piles of up to 10^9 bananas: `h` equal to
/// the number of piles (the answer is the largest pile), twice it, and
/// from 5 * 10^4 to 10^9 hours; piles all equal, and rising.
fn perf(rng: &mut Rng) -> Vec<Input> {
    let n = 10_000;
    let mut random = || inputs::ints(rng, n, 1, 1_000_000_000);
    vec![
        (random(), n as i32),
        (random(), 2 * n as i32),
        (random(), 1_000_000_000),
        (random(), 123_456_789),
        (random(), 700_000_000),
        (vec![999_999_999; n], 1_000_000_000),
        ((1..=n as i32).map(|i| i * 99_999).collect(), 54_321),
        (random(), 500_000_000),
    ]
}
