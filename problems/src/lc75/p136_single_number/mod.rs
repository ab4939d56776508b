use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<i32>, i32> {
    Spec {
        info: Info {
            order: 68,
            id: 136,
            slug: "single-number",
            title: "Single Number",
            category: "Bit Manipulation",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![2, 2, 1], 1),
            (vec![4, 1, 2, 1, 2], 4),
            (vec![1], 1),
            (vec![-30_000], -30_000),
            (vec![0, 5, 5], 0),
            (vec![-1, -1, -2], -2),
            (vec![30_000, -30_000, 30_000], -30_000),
            (vec![7, 3, 3], 7),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn single_number(nums: Vec<i32>) -> i32";

/// `pairs` distinct values from `lo..=hi`, each twice, plus one more
/// distinct value once, shuffled.
fn list(rng: &mut Rng, pairs: usize, lo: i32, hi: i32) -> Vec<i32> {
    let values = inputs::shuffled(rng, (lo..=hi).collect());
    let mut nums: Vec<i32> = values[..pairs].iter().flat_map(|&x| [x, x]).collect();
    nums.push(values[pairs]);
    inputs::shuffled(rng, nums)
}

fn small(rng: &mut Rng) -> Vec<Vec<i32>> {
    let mut cases = vec![vec![0], vec![30_000], vec![-1, 0, 0], vec![0, -1, -1], list(rng, 14_999, -30_000, 30_000)];
    for _ in 0..40 {
        let pairs = inputs::len(rng, 0, 10);
        let (lo, hi) = *inputs::pick(rng, &[(-30_000, 30_000), (-15, 15), (-30_000, -29_980), (29_980, 30_000)]);
        cases.push(list(rng, pairs, lo, hi));
    }
    cases
}

/// LeetCode's largest list, 29999 values (14999 pairs and the single one),
/// several times over: values from the whole range, only negative ones and
/// the pairs in sorted order.
fn perf(rng: &mut Rng) -> Vec<Vec<i32>> {
    let pairs = 14_999;
    let mut sorted = list(rng, pairs, -30_000, 30_000);
    sorted.sort_unstable();
    vec![
        list(rng, pairs, -30_000, 30_000),
        list(rng, pairs, -30_000, 30_000),
        list(rng, pairs, -30_000, 30_000),
        list(rng, pairs, -30_000, -1),
        sorted,
    ]
}
