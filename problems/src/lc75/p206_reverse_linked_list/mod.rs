use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};
use crate::values::List;

pub fn spec() -> Spec<List, List> {
    Spec {
        info: Info {
            order: 31,
            id: 206,
            slug: "reverse-linked-list",
            title: "Reverse Linked List",
            category: "Linked List",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (List(vec![1, 2, 3, 4, 5]), List(vec![5, 4, 3, 2, 1])),
            (List(vec![1, 2]), List(vec![2, 1])),
            (List(vec![]), List(vec![])),
            (List(vec![-5000]), List(vec![-5000])),
            (List(vec![3, 3, -1]), List(vec![-1, 3, 3])),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn reverse_list(head: Option<Box<ListNode>>) -> Option<Box<ListNode>>";

fn small(rng: &mut Rng) -> Vec<List> {
    let mut cases = vec![
        List(vec![]),
        List(vec![5000, -5000]),
        List((1..=20).collect()),
        List(vec![0; 7]),
        List(inputs::ints(rng, 5000, -5000, 5000)),
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 0, 30);
        let bound = *inputs::pick(rng, &[1, 50, 5000]);
        cases.push(List(inputs::ints(rng, n, -bound, bound)));
    }
    cases
}

/// LeetCode's longest lists, 5000 nodes: random, ascending, descending and
/// all equal. Reversing the rest and then walking to its end costs the naive
/// solution `n^2 / 2` steps per list.
fn perf(rng: &mut Rng) -> Vec<List> {
    let n = 5000;
    vec![
        List(inputs::ints(rng, n, -5000, 5000)),
        List((-2500..2500).collect()),
        List((-2500..2500).rev().collect()),
        List(vec![7; n]),
    ]
}
