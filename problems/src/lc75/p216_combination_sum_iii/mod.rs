use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec, excerpt};

type Input = (i32, i32);

pub fn spec() -> Spec<Input, Vec<Vec<i32>>> {
    Spec {
        info: Info {
            order: 58,
            id: 216,
            slug: "combination-sum-iii",
            title: "Combination Sum III",
            category: "Backtracking",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((3, 7), vec![vec![1, 2, 4]]),
            ((3, 9), vec![vec![1, 2, 6], vec![1, 3, 5], vec![2, 3, 4]]),
            ((4, 1), vec![]),
            ((2, 3), vec![vec![1, 2]]),
            ((2, 17), vec![vec![8, 9]]),
            ((2, 18), vec![]),
            ((9, 45), vec![vec![1, 2, 3, 4, 5, 6, 7, 8, 9]]),
            ((9, 46), vec![]),
            ((8, 37), vec![vec![1, 2, 3, 4, 5, 6, 7, 9]]),
            ((2, 10), vec![vec![1, 9], vec![2, 8], vec![3, 7], vec![4, 6]]),
        ],
        small,
        perf,
        check: Check::Validate(validate),
    }
}

const SIGNATURE: &str = "pub fn combination_sum3(k: i32, n: i32) -> Vec<Vec<i32>>";

/// The order of the sets, and of the numbers within a set, is free:
/// compare both sorted (a set listed twice still counts twice).
#[allow(clippy::ptr_arg)] // the checker's type is fixed: fn(&I, &O, &O)
fn validate(_: &Input, expected: &Vec<Vec<i32>>, actual: &Vec<Vec<i32>>) -> Result<(), String> {
    let normalise = |sets: &Vec<Vec<i32>>| {
        let mut sets: Vec<Vec<i32>> = sets
            .iter()
            .map(|set| {
                let mut set = set.clone();
                set.sort_unstable();
                set
            })
            .collect();
        sets.sort_unstable();
        sets
    };
    let (want, got) = (normalise(expected), normalise(actual));
    if want == got {
        Ok(())
    } else {
        Err(format!(
            "sorted, expected {} sets {}, got {} sets {}",
            want.len(),
            excerpt(&want),
            got.len(),
            excerpt(&got)
        ))
    }
}

/// Every `(k, n)` LeetCode allows: 8 * 60 cases.
fn every_case() -> Vec<Input> {
    (2..=9).flat_map(|k| (1..=60).map(move |n| (k, n))).collect()
}

fn small(_: &mut Rng) -> Vec<Input> {
    every_case()
}

/// Every `(k, n)` LeetCode allows, 480 cases, five times over: one case
/// costs little.
fn perf(_: &mut Rng) -> Vec<Input> {
    (0..5).flat_map(|_| every_case()).collect()
}
