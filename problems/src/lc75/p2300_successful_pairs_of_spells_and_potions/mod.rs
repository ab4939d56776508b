use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};
use rand::Rng as _;

type Input = (Vec<i32>, Vec<i32>, i64);

pub fn spec() -> Spec<Input, Vec<i32>> {
    Spec {
        info: Info {
            order: 54,
            id: 2300,
            slug: "successful-pairs-of-spells-and-potions",
            title: "Successful Pairs of Spells and Potions",
            category: "Binary Search",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((vec![5, 1, 3], vec![1, 2, 3, 4, 5], 7), vec![4, 0, 3]),
            ((vec![3, 1, 2], vec![8, 5, 8], 16), vec![2, 0, 2]),
            ((vec![1], vec![1], 1), vec![1]),
            ((vec![1], vec![1], 2), vec![0]),
            ((vec![100_000], vec![100_000], 10_000_000_000), vec![1]),
            ((vec![100_000, 99_999], vec![100_000, 1], 10_000_000_000), vec![1, 0]),
            ((vec![2, 4], vec![3, 3, 3], 6), vec![3, 3]),
            ((vec![50_000], vec![50_000, 50_001, 42_949], 2_147_483_648), vec![2]),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn successful_pairs(spells: Vec<i32>, potions: Vec<i32>, success: i64) -> Vec<i32>";

fn small(rng: &mut Rng) -> Vec<Input> {
    let mut cases = vec![
        (vec![100_000; 20], vec![100_000; 20], 10_000_000_000),
        (vec![1; 20], vec![1; 20], 1),
        ((1..=30).collect(), (1..=30).rev().collect(), 100),
        (vec![65_536, 32_768, 46_341], vec![65_536, 32_768, 46_341, 46_340], 2_147_483_648),
    ];
    for _ in 0..60 {
        let (n, m) = (inputs::len(rng, 1, 15), inputs::len(rng, 1, 15));
        let hi = *inputs::pick(rng, &[10, 1000, 100_000]);
        let spells = inputs::ints(rng, n, 1, hi);
        let potions = inputs::ints(rng, m, 1, hi);
        let success = match rng.random_range(0..3) {
            0 => rng.random_range(1..=10_000_000_000),
            1 => rng.random_range(1..=(hi as i64) * (hi as i64)),
            _ => spells[0] as i64 * potions[0] as i64,
        };
        cases.push((spells, potions, success));
    }
    cases
}

/// LeetCode's largest arrays, 10^5 spells and 10^5 potions, with
/// thresholds that split the potions in the middle, that every pair
/// meets, and that no pair meets; and potions all equal.
fn perf(rng: &mut Rng) -> Vec<Input> {
    let n = 100_000;
    let mut random = || inputs::ints(rng, n, 1, 100_000);
    vec![
        (random(), random(), 2_500_000_000),
        (random(), random(), 1),
        (random(), random(), 10_000_000_000),
        (random(), vec![77_777; n], 4_000_000_000),
    ]
}
