use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};
use crate::values::List;

pub fn spec() -> Spec<List, List> {
    Spec {
        info: Info {
            order: 30,
            id: 328,
            slug: "odd-even-linked-list",
            title: "Odd Even Linked List",
            category: "Linked List",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (List(vec![1, 2, 3, 4, 5]), List(vec![1, 3, 5, 2, 4])),
            (List(vec![2, 1, 3, 5, 6, 4, 7]), List(vec![2, 3, 6, 7, 1, 5, 4])),
            (List(vec![]), List(vec![])),
            (List(vec![-1_000_000]), List(vec![-1_000_000])),
            (List(vec![1, 2]), List(vec![1, 2])),
            (List(vec![1, 2, 3]), List(vec![1, 3, 2])),
            (List(vec![4, 4, 1, 1]), List(vec![4, 1, 4, 1])),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn odd_even_list(head: Option<Box<ListNode>>) -> Option<Box<ListNode>>";

fn small(rng: &mut Rng) -> Vec<List> {
    let mut cases = vec![
        List(vec![]),
        List(vec![1_000_000, -1_000_000]),
        List((1..=10).collect()),
        List((1..=11).rev().collect()),
        List(vec![0; 9]),
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 0, 30);
        let bound = *inputs::pick(rng, &[2, 100, 1_000_000]);
        cases.push(List(inputs::ints(rng, n, -bound, bound)));
    }
    cases
}

/// LeetCode caps the list at 10^4 nodes; the perf lists hold 10^5 (random,
/// ascending, odd length), so that the per-node cost of each solution shows
/// past the harness's own decoding.
fn perf(rng: &mut Rng) -> Vec<List> {
    let n = 100_000;
    vec![
        List(inputs::ints(rng, n, -1_000_000, 1_000_000)),
        List((0..n as i32).collect()),
        List(inputs::ints(rng, n - 1, -1_000_000, 1_000_000)),
    ]
}
