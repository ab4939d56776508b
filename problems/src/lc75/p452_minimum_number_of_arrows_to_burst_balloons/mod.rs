use rand::Rng as _;

use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

type Points = Vec<Vec<i32>>;

pub fn spec() -> Spec<Points, i32> {
    Spec {
        info: Info {
            order: 73,
            id: 452,
            slug: "minimum-number-of-arrows-to-burst-balloons",
            title: "Minimum Number of Arrows to Burst Balloons",
            category: "Intervals",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![vec![10, 16], vec![2, 8], vec![1, 6], vec![7, 12]], 2),
            (vec![vec![1, 2], vec![3, 4], vec![5, 6], vec![7, 8]], 4),
            (vec![vec![1, 2], vec![2, 3], vec![3, 4], vec![4, 5]], 2),
            (vec![vec![0, 1]], 1),
            (vec![vec![MIN, MAX]], 1),
            (vec![vec![MIN, MIN + 1], vec![MAX - 1, MAX]], 2),
            (vec![vec![MIN, MAX], vec![0, MAX], vec![1, MAX]], 1),
            (vec![vec![MIN, -1], vec![0, MAX], vec![-1, 0]], 2),
            (vec![vec![1, 10], vec![2, 3], vec![4, 5]], 2),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn find_min_arrow_shots(points: Vec<Vec<i32>>) -> i32";

const MIN: i32 = i32::MIN;
const MAX: i32 = i32::MAX;

/// `n` balloons with starts in `lo..=hi` and widths in `1..=max_width`
/// (clipped at `i32::MAX`).
fn random(rng: &mut Rng, n: usize, lo: i32, hi: i32, max_width: i64) -> Points {
    (0..n)
        .map(|_| {
            let start = inputs::int(rng, lo, hi.min(MAX - 1));
            let width = rng.random_range(1..=max_width);
            vec![start, (start as i64 + width).min(MAX as i64) as i32]
        })
        .collect()
}

fn small(rng: &mut Rng) -> Vec<Points> {
    let mut cases = vec![
        vec![vec![MIN, MAX]; 20],
        vec![vec![MIN, MIN + 1]; 3],
        vec![vec![MAX - 1, MAX]; 3],
        vec![vec![MIN, 0], vec![5, MAX], vec![MIN, MIN + 1], vec![MAX - 1, MAX]],
        vec![vec![0, MAX], vec![MAX - 1, MAX], vec![MAX - 2, MAX]],
        vec![vec![MIN, 0], vec![MIN, 1], vec![1, 2]],
        (0..30).map(|i| vec![i, i + 1]).collect(),
        (0..30).rev().map(|i| vec![2 * i, 2 * i + 1]).collect(),
        (0..30).map(|i| vec![-i - 1, i + 1]).collect(),
    ];
    for _ in 0..50 {
        let n = inputs::len(rng, 1, 20);
        let (lo, hi, max_width) = *inputs::pick(
            rng,
            &[
                (0, 20, 5),
                (-10, 10, 3),
                (MIN, MAX, 1 << 32),
                (MIN, MIN + 10, 5),
                (MAX - 10, MAX, 5),
                (MIN, MAX, 1 << 28),
            ],
        );
        cases.push(random(rng, n, lo, hi, max_width));
    }
    cases
}

/// LeetCode's largest input, 10^5 balloons: narrow and wide ones over the
/// whole range, all equal and spanning everything, nested around 0, and
/// disjoint balloons in sorted and reverse order.
fn perf(rng: &mut Rng) -> Vec<Points> {
    let n = 100_000;
    vec![
        random(rng, n, MIN, MAX, 100_000),
        random(rng, n, MIN, MAX, 1 << 32),
        vec![vec![MIN, MAX]; n],
        (0..n as i32).map(|i| vec![-i - 1, i + 1]).collect(),
        (0..n as i32).map(|i| vec![3 * i - MAX / 2, 3 * i + 1 - MAX / 2]).collect(),
        (0..n as i64)
            .rev()
            .map(|i| {
                let start = MIN as i64 + 42_000 * i;
                vec![start as i32, (start + 20_000) as i32]
            })
            .collect(),
    ]
}
