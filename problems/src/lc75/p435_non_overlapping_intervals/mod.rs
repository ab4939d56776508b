use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

type Intervals = Vec<Vec<i32>>;

pub fn spec() -> Spec<Intervals, i32> {
    Spec {
        info: Info {
            order: 72,
            id: 435,
            slug: "non-overlapping-intervals",
            title: "Non-overlapping Intervals",
            category: "Intervals",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![vec![1, 2], vec![2, 3], vec![3, 4], vec![1, 3]], 1),
            (vec![vec![1, 2], vec![1, 2], vec![1, 2]], 2),
            (vec![vec![1, 2], vec![2, 3]], 0),
            (vec![vec![0, 1]], 0),
            (vec![vec![1, 100], vec![11, 22], vec![1, 11], vec![2, 12]], 2),
            (vec![vec![-50_000, 50_000], vec![-50_000, 0], vec![0, 50_000]], 1),
            (vec![vec![0, 10], vec![1, 2], vec![3, 4], vec![5, 6]], 1),
            (vec![vec![1, 5], vec![2, 3]], 1),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn erase_overlap_intervals(intervals: Vec<Vec<i32>>) -> i32";

const LIMIT: i32 = 50_000;

/// `n` intervals with starts in `lo..=hi` and lengths in `1..=max_len`,
/// clipped to the allowed range.
fn random(rng: &mut Rng, n: usize, lo: i32, hi: i32, max_len: i32) -> Intervals {
    (0..n)
        .map(|_| {
            let start = inputs::int(rng, lo, hi).min(LIMIT - 1);
            let end = (start + inputs::int(rng, 1, max_len)).min(LIMIT);
            vec![start, end]
        })
        .collect()
}

fn small(rng: &mut Rng) -> Vec<Intervals> {
    let mut cases = vec![
        vec![vec![-LIMIT, LIMIT]; 30],
        (0..30).map(|i| vec![i, i + 1]).collect(),
        (0..30).rev().map(|i| vec![i, i + 1]).collect(),
        (0..30).map(|i| vec![-i, i + 1]).collect(),
        (0..30).map(|i| vec![i, i + 2]).collect(),
        vec![vec![LIMIT - 1, LIMIT], vec![-LIMIT, -LIMIT + 1], vec![-LIMIT, LIMIT]],
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 20);
        let (lo, hi, max_len) = *inputs::pick(rng, &[(0, 20, 5), (0, 10, 3), (-LIMIT, LIMIT, 2 * LIMIT), (-5, 5, 10)]);
        cases.push(random(rng, n, lo, hi, max_len));
    }
    cases
}

/// LeetCode's largest input, 10^5 intervals: short random ones, long random
/// ones, all equal, nested around 0, and a chain of touching intervals in
/// sorted and reverse order.
fn perf(rng: &mut Rng) -> Vec<Intervals> {
    let n = 100_000;
    vec![
        random(rng, n, -LIMIT, LIMIT, 100),
        random(rng, n, -LIMIT, LIMIT, 2 * LIMIT),
        vec![vec![-7, 7]; n],
        (0..n as i32).map(|i| vec![-(i % LIMIT) - 1, i % LIMIT + 1]).collect(),
        (0..n as i32).map(|i| vec![i - LIMIT, i - LIMIT + 1]).collect(),
        (0..n as i32).rev().map(|i| vec![i - LIMIT, i - LIMIT + 1]).collect(),
    ]
}
