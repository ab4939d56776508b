use rand::Rng as _;

use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<i32>, Vec<i32>> {
    Spec {
        info: Info {
            order: 7,
            id: 238,
            slug: "product-of-array-except-self",
            title: "Product of Array Except Self",
            category: "Array / String",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![1, 2, 3, 4], vec![24, 12, 8, 6]),
            (vec![-1, 1, 0, -3, 3], vec![0, 0, 9, 0, 0]),
            (vec![2, 3], vec![3, 2]),
            (vec![0, 0], vec![0, 0]),
            (vec![0, 5], vec![5, 0]),
            (vec![-30, 30], vec![30, -30]),
            (vec![1, 0, 2, 0], vec![0, 0, 0, 0]),
            (vec![-1, -1, -1], vec![1, 1, 1]),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn product_except_self(nums: Vec<i32>) -> Vec<i32>";

/// `n` values, mostly `1` or `-1`, with `big` attempts at placing a value of
/// magnitude 2 to 30 (kept only while the product of all non-zero values
/// stays within `i32`, which bounds every prefix, suffix and answer) and
/// `zeros` zeros.
fn values(rng: &mut Rng, n: usize, big: usize, zeros: usize) -> Vec<i32> {
    let mut nums: Vec<i32> = (0..n).map(|_| if inputs::chance(rng, 0.5) { 1 } else { -1 }).collect();
    let mut magnitude: i64 = 1;
    for _ in 0..big {
        let v = inputs::int(rng, 2, 30) as i64;
        if magnitude * v > i32::MAX as i64 {
            continue;
        }
        magnitude *= v;
        let i = rng.random_range(0..n);
        if nums[i].abs() > 1 {
            magnitude /= v; // Keep the bound exact: the slot is taken.
            continue;
        }
        nums[i] *= v as i32;
    }
    for _ in 0..zeros {
        let i = rng.random_range(0..n);
        nums[i] = 0;
    }
    debug_assert!(fits(&nums));
    nums
}

/// The product of the absolute values of the non-zero elements fits in i32.
fn fits(nums: &[i32]) -> bool {
    let mut m: i64 = 1;
    nums.iter().filter(|&&x| x != 0).all(|&x| {
        m *= x.abs() as i64;
        m <= i32::MAX as i64
    })
}

fn small(rng: &mut Rng) -> Vec<Vec<i32>> {
    let mut cases = vec![
        vec![1; 100_000],
        vec![-1; 99_999],
        vec![0; 7],
        vec![2; 30],
        vec![-2; 30],
        vec![30, 30, 30, 30, 30, 30, -2],
        (1..=12).collect(),
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 2, 20);
        let big = inputs::len(rng, 0, n);
        let zeros = *inputs::pick(rng, &[0, 0, 1, 2]);
        cases.push(values(rng, n, big, zeros));
    }
    assert!(cases.iter().all(|c| fits(c)));
    cases
}

/// LeetCode's largest array, 10^5 values, several times: with no zero, one
/// zero and two zeros, and twice that size.
fn perf(rng: &mut Rng) -> Vec<Vec<i32>> {
    let n = 100_000;
    let cases = vec![
        values(rng, n, 40, 0),
        values(rng, n, 40, 1),
        values(rng, n, 40, 2),
        values(rng, 2 * n, 40, 0),
        vec![-1; 2 * n],
    ];
    assert!(cases.iter().all(|c| fits(c)));
    cases
}
