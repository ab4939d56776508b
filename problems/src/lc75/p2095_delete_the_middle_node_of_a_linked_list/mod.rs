use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};
use crate::values::List;

pub fn spec() -> Spec<List, List> {
    Spec {
        info: Info {
            order: 29,
            id: 2095,
            slug: "delete-the-middle-node-of-a-linked-list",
            title: "Delete the Middle Node of a Linked List",
            category: "Linked List",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (List(vec![1, 3, 4, 7, 1, 2, 6]), List(vec![1, 3, 4, 1, 2, 6])),
            (List(vec![1, 2, 3, 4]), List(vec![1, 2, 4])),
            (List(vec![2, 1]), List(vec![2])),
            (List(vec![5]), List(vec![])),
            (List(vec![1, 2, 3]), List(vec![1, 3])),
            (List(vec![7, 7, 7, 7, 7, 7]), List(vec![7, 7, 7, 7, 7])),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn delete_middle(head: Option<Box<ListNode>>) -> Option<Box<ListNode>>";

fn small(rng: &mut Rng) -> Vec<List> {
    let mut cases = vec![
        List(vec![100_000]),
        List(vec![1, 100_000]),
        List((1..=10).collect()),
        List((1..=11).rev().collect()),
        List(vec![3; 8]),
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 30);
        let hi = *inputs::pick(rng, &[3, 100, 100_000]);
        cases.push(List(inputs::ints(rng, n, 1, hi)));
    }
    cases
}

/// LeetCode's longest lists, 10^5 nodes: random, ascending, all equal, and
/// one node shorter (odd length).
fn perf(rng: &mut Rng) -> Vec<List> {
    let n = 100_000;
    vec![
        List(inputs::ints(rng, n, 1, 100_000)),
        List((1..=n as i32).collect()),
        List(vec![100_000; n]),
        List(inputs::ints(rng, n - 1, 1, 100_000)),
    ]
}
