use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};
use crate::values::List;

pub fn spec() -> Spec<List, i32> {
    Spec {
        info: Info {
            order: 32,
            id: 2130,
            slug: "maximum-twin-sum-of-a-linked-list",
            title: "Maximum Twin Sum of a Linked List",
            category: "Linked List",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (List(vec![5, 4, 2, 1]), 6),
            (List(vec![4, 2, 2, 3]), 7),
            (List(vec![1, 100_000]), 100_001),
            (List(vec![100_000, 100_000]), 200_000),
            (List(vec![1, 1]), 2),
            (List(vec![1, 9, 2, 3, 1, 1]), 10),
            (List(vec![3, 1, 1, 3, 1, 9]), 12),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn pair_sum(head: Option<Box<ListNode>>) -> i32";

fn small(rng: &mut Rng) -> Vec<List> {
    let mut cases = vec![
        List(vec![1; 2]),
        List(vec![100_000; 10]),
        List((1..=20).collect()),
        List((1..=20).rev().collect()),
        // The best twins sit in the middle.
        List(vec![1, 1, 1, 50, 60, 1, 1, 1]),
    ];
    for _ in 0..40 {
        let n = 2 * inputs::len(rng, 1, 15);
        let hi = *inputs::pick(rng, &[2, 20, 100_000]);
        cases.push(List(inputs::ints(rng, n, 1, hi)));
    }
    cases
}

/// LeetCode's longest lists, 10^5 nodes: random, ascending, all equal.
fn perf(rng: &mut Rng) -> Vec<List> {
    let n = 100_000;
    vec![List(inputs::ints(rng, n, 1, 100_000)), List((1..=n as i32).collect()), List(vec![100_000; n])]
}
