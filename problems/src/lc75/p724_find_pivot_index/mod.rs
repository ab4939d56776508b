use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<i32>, i32> {
    Spec {
        info: Info {
            order: 19,
            id: 724,
            slug: "find-pivot-index",
            title: "Find Pivot Index",
            category: "Prefix Sum",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![1, 7, 3, 6, 5, 6], 3),
            (vec![1, 2, 3], -1),
            (vec![2, 1, -1], 0),
            (vec![5], 0),
            (vec![0, 0, 0], 0),
            (vec![-1, -1, 0, 1, 1, 0], 5),
            (vec![1, -1, 4], 2),
            (vec![1, 0], 0),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn pivot_index(nums: Vec<i32>) -> i32";

/// Random values in `lo..=hi`, then nudged (staying within LeetCode's range)
/// until index `pivot` is a pivot; a smaller pivot may exist as well.
fn with_pivot(rng: &mut Rng, n: usize, pivot: usize, lo: i32, hi: i32) -> Vec<i32> {
    let mut nums = inputs::ints(rng, n, lo, hi);
    let mut diff: i32 = nums[..pivot].iter().sum::<i32>() - nums[pivot + 1..].iter().sum::<i32>();
    while diff != 0 {
        // Lower the heavier side or raise the lighter one; every step either
        // balances the sides or takes one element to the edge of the range.
        let down = diff > 0;
        let lowers = |j: usize| (j < pivot) == down;
        let movable: Vec<usize> =
            (0..n).filter(|&j| j != pivot && if lowers(j) { nums[j] > -1000 } else { nums[j] < 1000 }).collect();
        let j = *inputs::pick(rng, &movable);
        let room = if lowers(j) { nums[j] + 1000 } else { 1000 - nums[j] };
        let step = diff.abs().min(room);
        nums[j] += if lowers(j) { -step } else { step };
        diff -= diff.signum() * step;
    }
    nums
}

fn small(rng: &mut Rng) -> Vec<Vec<i32>> {
    let mut cases = vec![
        vec![0],
        vec![-1000],
        vec![0; 20],
        vec![1000; 21],
        vec![1000; 20],
        vec![-1000, 1000, -1000, 1000, -1000],
        vec![3, 4, 0, 7],
        vec![7, 0, 3, 4],
    ];
    for _ in 0..30 {
        let n = inputs::len(rng, 1, 40);
        let pivot = inputs::len(rng, 0, n - 1);
        cases.push(with_pivot(rng, n, pivot, -5, 5));
    }
    for _ in 0..15 {
        let n = inputs::len(rng, 1, 40);
        let (lo, hi) = *inputs::pick(rng, &[(-1000, 1000), (-2, 2), (0, 1), (-1, 0)]);
        cases.push(inputs::ints(rng, n, lo, hi));
    }
    cases
}

/// LeetCode's largest size, 10^4 values: the naive scan does the most work
/// when the pivot is last or missing.
fn perf(rng: &mut Rng) -> Vec<Vec<i32>> {
    let n = 10_000;
    vec![with_pivot(rng, n, n - 1, -1000, 1000), vec![1000; n], inputs::ints(rng, n, -1000, -1)]
}
