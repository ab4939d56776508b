use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

type Input = (Vec<i32>, i32);

pub fn spec() -> Spec<Input, f64> {
    Spec {
        info: Info {
            order: 14,
            id: 643,
            slug: "maximum-average-subarray-i",
            title: "Maximum Average Subarray I",
            category: "Sliding Window",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((vec![1, 12, -5, -6, 50, 3], 4), 12.75),
            ((vec![5], 1), 5.0),
            ((vec![-1], 1), -1.0),
            ((vec![-3, -2, -5], 2), -2.5),
            ((vec![0, 4, 0, 3, 2], 1), 4.0),
            ((vec![1, 2, 3], 3), 2.0),
            ((vec![10_000, 10_000, -10_000], 3), 10_000.0 / 3.0),
            ((vec![4, 2, 1, 3, 3], 2), 3.0),
        ],
        small,
        perf,
        check: Check::Validate(validate),
    }
}

const SIGNATURE: &str = "pub fn find_max_average(nums: Vec<i32>, k: i32) -> f64";

/// Within 1e-5 of the expected value, absolutely or relatively.
fn validate(_: &Input, expected: &f64, actual: &f64) -> Result<(), String> {
    let error = (actual - expected).abs();
    if error <= 1e-5 || error <= 1e-5 * expected.abs() {
        Ok(())
    } else {
        Err(format!("expected {expected} (within 1e-5), got {actual}"))
    }
}

fn small(rng: &mut Rng) -> Vec<Input> {
    let mut cases = vec![
        (vec![-10_000; 100_000], 100_000),
        (vec![10_000; 100_000], 1),
        (vec![-10_000; 30], 7),
        ((-15..15).collect(), 30),
        ((-15..15).rev().collect(), 4),
        (vec![0, 0, 0], 2),
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 20);
        let k = inputs::len(rng, 1, n) as i32;
        let (lo, hi) = *inputs::pick(rng, &[(-10_000, 10_000), (-10_000, -1), (-3, 3), (9_990, 10_000)]);
        cases.push((inputs::ints(rng, n, lo, hi), k));
    }
    cases
}

/// LeetCode's largest array, 10^5 values, with windows of 1, 250, 800,
/// all but 250 values, and all values. Summing every window afresh costs
/// the naive solution `(n - k + 1) * k` additions; a window of `n / 2`
/// (2.5 * 10^9 additions) would take it far past its time limit, so the
/// widths stay where it needs about 10^8 additions in all.
fn perf(rng: &mut Rng) -> Vec<Input> {
    let n = 100_000;
    vec![
        (inputs::ints(rng, n, -10_000, 10_000), 1),
        (inputs::ints(rng, n, -10_000, 10_000), 250),
        (inputs::ints(rng, n, -10_000, -9_000), 800),
        (inputs::ints(rng, n, -10_000, 10_000), n as i32 - 250),
        (vec![10_000; n], n as i32),
    ]
}
