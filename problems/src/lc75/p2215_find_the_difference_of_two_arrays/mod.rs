use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec, excerpt};

type Input = (Vec<i32>, Vec<i32>);

pub fn spec() -> Spec<Input, Vec<Vec<i32>>> {
    Spec {
        info: Info {
            order: 20,
            id: 2215,
            slug: "find-the-difference-of-two-arrays",
            title: "Find the Difference of Two Arrays",
            category: "Hash Map / Set",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((vec![1, 2, 3], vec![2, 4, 6]), vec![vec![1, 3], vec![4, 6]]),
            ((vec![1, 2, 3, 3], vec![1, 1, 2, 2]), vec![vec![3], vec![]]),
            ((vec![5], vec![5]), vec![vec![], vec![]]),
            ((vec![-1000], vec![1000]), vec![vec![-1000], vec![1000]]),
            ((vec![7, 7, 7], vec![8, 8]), vec![vec![7], vec![8]]),
            ((vec![3, 1, 2], vec![2, 2]), vec![vec![1, 3], vec![]]),
        ],
        small,
        perf,
        check: Check::Validate(validate),
    }
}

const SIGNATURE: &str = "pub fn find_difference(nums1: Vec<i32>, nums2: Vec<i32>) -> Vec<Vec<i32>>";

/// Each list's order is free: compare them sorted.
#[allow(clippy::ptr_arg)] // the checker's type is fixed: fn(&I, &O, &O)
fn validate(_: &Input, expected: &Vec<Vec<i32>>, actual: &Vec<Vec<i32>>) -> Result<(), String> {
    if actual.len() != 2 {
        return Err(format!("expected two lists, got {}", actual.len()));
    }
    for (which, (want, got)) in expected.iter().zip(actual).enumerate() {
        let (mut want, mut got) = (want.clone(), got.clone());
        want.sort_unstable();
        got.sort_unstable();
        if want != got {
            return Err(format!(
                "list {} (values only in nums{}), sorted: expected {}, got {}",
                which + 1,
                which + 1,
                excerpt(&want),
                excerpt(&got)
            ));
        }
    }
    Ok(())
}

fn small(rng: &mut Rng) -> Vec<Input> {
    let mut cases = vec![
        (vec![0], vec![0]),
        (vec![-1000, 1000], vec![-1000, 1000]),
        (vec![1; 30], vec![2; 30]),
        ((-1000..1000).step_by(2).collect(), vec![0]),
        (vec![1], (-1000..1000).rev().step_by(2).collect()),
        ((1..=20).collect(), (1..=20).rev().collect()),
    ];
    for _ in 0..40 {
        let (n, m) = (inputs::len(rng, 1, 30), inputs::len(rng, 1, 30));
        let (lo, hi) = *inputs::pick(rng, &[(-5, 5), (0, 10), (-1000, 1000), (-20, 0)]);
        cases.push((inputs::ints(rng, n, lo, hi), inputs::ints(rng, m, lo, hi)));
    }
    cases
}

/// LeetCode caps each array at 1000 values; the perf arrays hold 10^4
/// (values stay within -1000..=1000), in shapes where most lookups fail, the
/// naive scan's worst case.
fn perf(rng: &mut Rng) -> Vec<Input> {
    let n = 10_000;
    vec![
        (inputs::ints(rng, n, -1000, 0), inputs::ints(rng, n, 1, 1000)),
        (inputs::ints(rng, n, -1000, 1000), inputs::ints(rng, n, -1000, 1000)),
        ((0..n as i32).map(|i| i % 2001 - 1000).collect(), vec![1000; n]),
    ]
}
