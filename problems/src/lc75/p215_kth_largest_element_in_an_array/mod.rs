use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

type Input = (Vec<i32>, i32);

pub fn spec() -> Spec<Input, i32> {
    Spec {
        info: Info {
            order: 49,
            id: 215,
            slug: "kth-largest-element-in-an-array",
            title: "Kth Largest Element in an Array",
            category: "Heap / Priority Queue",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((vec![3, 2, 1, 5, 6, 4], 2), 5),
            ((vec![3, 2, 3, 1, 2, 4, 5, 5, 6], 4), 4),
            ((vec![1], 1), 1),
            ((vec![-10_000], 1), -10_000),
            ((vec![7, 7, 7, 7], 3), 7),
            ((vec![2, 1], 2), 1),
            ((vec![5, 5, 4], 2), 5),
            ((vec![10_000, -10_000, 0], 3), -10_000),
            ((vec![-1, -1, -2, -3], 3), -2),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn find_kth_largest(nums: Vec<i32>, k: i32) -> i32";

fn small(rng: &mut Rng) -> Vec<Input> {
    let mut cases = vec![
        (vec![10_000; 100_000], 100_000),
        ((-10_000..=10_000).collect(), 1),
        ((-10_000..=10_000).rev().collect(), 20_001),
        (vec![-10_000, 10_000], 1),
        (vec![0; 30], 17),
    ];
    for _ in 0..50 {
        let n = inputs::len(rng, 1, 30);
        let k = inputs::len(rng, 1, n) as i32;
        let (lo, hi) = *inputs::pick(rng, &[(-10_000, 10_000), (-3, 3), (0, 1), (9_990, 10_000), (-10_000, -9_995)]);
        let mut nums = inputs::ints(rng, n, lo, hi);
        match inputs::len(rng, 0, 3) {
            0 => nums.sort_unstable(),
            1 => nums.sort_unstable_by(|a, b| b.cmp(a)),
            _ => {}
        }
        cases.push((nums, k));
    }
    cases
}

/// LeetCode's largest array, 10^5 values: random with the median, the
/// largest and the smallest asked for, random with many duplicates,
/// sorted both ways, and all equal.
fn perf(rng: &mut Rng) -> Vec<Input> {
    let n = 100_000;
    let mut ascending = inputs::ints(rng, n, -10_000, 10_000);
    ascending.sort_unstable();
    let descending: Vec<i32> = ascending.iter().rev().copied().collect();
    vec![
        (inputs::ints(rng, n, -10_000, 10_000), n as i32 / 2),
        (inputs::ints(rng, n, -10_000, 10_000), 1),
        (inputs::ints(rng, n, -10_000, 10_000), n as i32),
        (inputs::ints(rng, n, -5, 5), 12_345),
        (ascending, 777),
        (descending, n as i32 - 777),
        (vec![-3; n], 50_000),
    ]
}
