use rand::Rng as _;

use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec, excerpt};

pub fn spec() -> Spec<Vec<i32>, i32> {
    Spec {
        info: Info {
            order: 55,
            id: 162,
            slug: "find-peak-element",
            title: "Find Peak Element",
            category: "Binary Search",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![1, 2, 3, 1], 2),
            (vec![1, 2, 1, 3, 5, 6, 4], 5),
            (vec![7], 0),
            (vec![i32::MIN], 0),
            (vec![i32::MIN, i32::MAX], 1),
            (vec![i32::MAX, i32::MIN], 0),
            (vec![1, 2, 3, 4, 5], 4),
            (vec![5, 4, 3, 2, 1], 0),
            (vec![3, 1, 2], 0),
        ],
        small,
        perf,
        check: Check::Validate(validate),
    }
}

const SIGNATURE: &str = "pub fn find_peak_element(nums: Vec<i32>) -> i32";

/// Any peak is right: the index must be in range and its value larger than
/// each neighbour that exists.
#[allow(clippy::ptr_arg)] // the checker's type is fixed: fn(&I, &O, &O)
fn validate(nums: &Vec<i32>, _: &i32, &actual: &i32) -> Result<(), String> {
    let n = nums.len();
    if actual < 0 || actual as usize >= n {
        return Err(format!("index {actual} is outside the array of length {n}"));
    }
    let i = actual as usize;
    if i > 0 && nums[i] <= nums[i - 1] {
        return Err(format!("index {i} is no peak: nums[{i}] = {} <= nums[{}] = {}", nums[i], i - 1, nums[i - 1]));
    }
    if i + 1 < n && nums[i] <= nums[i + 1] {
        return Err(format!(
            "index {i} is no peak: nums[{i}] = {} <= nums[{}] = {} (array {})",
            nums[i],
            i + 1,
            nums[i + 1],
            excerpt(nums)
        ));
    }
    Ok(())
}

/// `n` values from `lo..=hi` with no two neighbours equal.
fn random_nums(rng: &mut Rng, n: usize, lo: i32, hi: i32) -> Vec<i32> {
    let mut nums: Vec<i32> = Vec::with_capacity(n);
    while nums.len() < n {
        let x = rng.random_range(lo..=hi);
        if nums.last() != Some(&x) {
            nums.push(x);
        }
    }
    nums
}

/// Rising to a single peak at `top`, then falling, `n` values in all.
fn mountain(n: usize, top: usize) -> Vec<i32> {
    (0..n).map(|i| if i <= top { i as i32 } else { 2 * top as i32 - i as i32 }).collect()
}

fn small(rng: &mut Rng) -> Vec<Vec<i32>> {
    let mut cases = vec![
        (0..1000).collect(),
        (0..1000).rev().collect(),
        (0..1000).map(|i| if i % 2 == 0 { i32::MIN } else { i32::MAX }).collect(),
        (0..1000).map(|i| i32::MIN + i).collect(),
        (0..1000).map(|i| i32::MAX - i).collect(),
        mountain(1000, 999),
        mountain(1000, 1),
        vec![i32::MIN, i32::MIN + 1],
        vec![i32::MAX - 1, i32::MAX],
    ];
    for _ in 0..60 {
        let n = inputs::len(rng, 1, 20);
        let (lo, hi) = *inputs::pick(rng, &[(-3, 3), (0, 1), (i32::MIN, i32::MAX), (i32::MIN, i32::MIN + 2)]);
        let mut nums = random_nums(rng, n, lo, hi);
        if inputs::chance(rng, 0.2) {
            nums = mountain(n, inputs::len(rng, 0, n - 1));
        }
        cases.push(nums);
    }
    cases
}

/// LeetCode's arrays hold at most 1000 values, so one search costs little:
/// the perf run asks 300 of them, rising all the way (the only peak is the
/// last value, found last by a left-to-right scan), mountains peaking near
/// the end, and random arrays.
fn perf(rng: &mut Rng) -> Vec<Vec<i32>> {
    let n = 1000;
    (0..300)
        .map(|i| match i % 4 {
            0 => (0..n as i32).map(|x| i32::MIN + 3 * x).collect(),
            1 => mountain(n, n - 1 - inputs::len(rng, 0, 5)),
            2 => (0..n as i32).map(|x| 5 * x).collect(),
            _ => random_nums(rng, n, i32::MIN, i32::MAX),
        })
        .collect()
}
