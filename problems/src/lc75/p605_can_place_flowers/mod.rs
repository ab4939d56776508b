use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<(Vec<i32>, i32), bool> {
    Spec {
        info: Info {
            order: 4,
            id: 605,
            slug: "can-place-flowers",
            title: "Can Place Flowers",
            category: "Array / String",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((vec![1, 0, 0, 0, 1], 1), true),
            ((vec![1, 0, 0, 0, 1], 2), false),
            ((vec![0], 1), true),
            ((vec![1], 0), true),
            ((vec![1], 1), false),
            ((vec![0, 0], 1), true),
            ((vec![0, 0], 2), false),
            ((vec![0, 0, 1], 1), true),
            ((vec![1, 0, 0], 1), true),
            ((vec![0, 1, 0], 1), false),
            ((vec![0, 0, 0, 0, 0], 3), true),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn can_place_flowers(flowerbed: Vec<i32>, n: i32) -> bool";

/// A valid bed of `len` plots: each plot whose left neighbour is empty gets
/// a flower with probability `p`.
fn bed(rng: &mut Rng, len: usize, p: f64) -> Vec<i32> {
    let mut plots = vec![0; len];
    for i in 0..len {
        if (i == 0 || plots[i - 1] == 0) && inputs::chance(rng, p) {
            plots[i] = 1;
        }
    }
    plots
}

/// How many flowers fit, planting greedily.
fn capacity(plots: &[i32]) -> i32 {
    let mut plots = plots.to_vec();
    let mut count = 0;
    for i in 0..plots.len() {
        let free = |j: Option<usize>| j.is_none_or(|j| plots.get(j).is_none_or(|&x| x == 0));
        if plots[i] == 0 && free(i.checked_sub(1)) && free(Some(i + 1)) {
            plots[i] = 1;
            count += 1;
        }
    }
    count
}

fn small(rng: &mut Rng) -> Vec<(Vec<i32>, i32)> {
    let mut cases = vec![
        (vec![0], 0),
        (vec![0; 20_000], 10_000),
        (vec![0; 20_000], 10_001),
        (vec![0; 19_999], 10_000),
        ((0..20_000).map(|i| i % 2).collect(), 1),
        ((0..20_000).map(|i| i % 2).collect(), 0),
        ((0..30).map(|i| (i % 3 == 0) as i32).collect(), 1),
        ((0..31).map(|i| (i % 4 == 0) as i32).collect(), 7),
    ];
    for _ in 0..50 {
        let len = inputs::len(rng, 1, 30);
        let p = *inputs::pick(rng, &[0.0, 0.2, 0.5, 0.9]);
        let plots = bed(rng, len, p);
        // Around the exact capacity, where the answer flips.
        let fits = capacity(&plots);
        let n = (fits + inputs::int(rng, -2, 2)).clamp(0, len as i32);
        cases.push((plots, n));
    }
    cases
}

/// LeetCode's largest bed, 2 * 10^4 plots. Planting one flower per scan
/// from the start costs the naive solution a quadratic number of steps: an
/// empty bed, a bed whose first half is full, a sparse bed and a full one.
/// The flower counts stay below the capacities (a count above one makes
/// the naive solution plant every flower that fits before it answers), so
/// that its run stays within a couple of seconds.
fn perf(rng: &mut Rng) -> Vec<(Vec<i32>, i32)> {
    let len = 20_000;
    let sparse = bed(rng, len, 0.05);
    let fits = capacity(&sparse);
    let half_full: Vec<i32> = (0..len).map(|i| (i < len / 2 && i % 2 == 0) as i32).collect();
    let full: Vec<i32> = (0..len).map(|i| (i % 2) as i32).collect();
    vec![(vec![0; len], 4_000), (half_full, 1_500), (sparse, fits.min(3_000)), (full, 1)]
}
