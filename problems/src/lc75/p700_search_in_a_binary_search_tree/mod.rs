use rand::Rng as _;

use super::trees::{self, Shape};
use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};
use crate::values::Tree;

type Input = (Tree, i32);

pub fn spec() -> Spec<Input, Tree> {
    Spec {
        info: Info {
            order: 41,
            id: 700,
            slug: "search-in-a-binary-search-tree",
            title: "Search in a Binary Search Tree",
            category: "Binary Search Tree",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((tree(&[Some(4), Some(2), Some(7), Some(1), Some(3)]), 2), tree(&[Some(2), Some(1), Some(3)])),
            ((tree(&[Some(4), Some(2), Some(7), Some(1), Some(3)]), 5), tree(&[])),
            (
                (tree(&[Some(4), Some(2), Some(7), Some(1), Some(3)]), 4),
                tree(&[Some(4), Some(2), Some(7), Some(1), Some(3)]),
            ),
            ((tree(&[Some(4), Some(2), Some(7), Some(1), Some(3)]), 3), tree(&[Some(3)])),
            ((tree(&[Some(10_000_000)]), 1), tree(&[])),
            ((tree(&[Some(1), None, Some(5), Some(3), None, Some(2), Some(4)]), 3), tree(&[Some(3), Some(2), Some(4)])),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str =
    "pub fn search_bst(root: Option<Rc<RefCell<TreeNode>>>, val: i32) -> Option<Rc<RefCell<TreeNode>>>";

fn tree(values: &[Option<i32>]) -> Tree {
    Tree(values.to_vec())
}

/// A binary search tree on `shape` and a value to look for: a node's value
/// (`kinds` 0), a leaf's (1), or one between or beyond them (2 and 3).
fn case(rng: &mut Rng, shape: &Shape, hi: i32, kinds: std::ops::Range<u32>) -> Input {
    let sorted = trees::distinct_sorted(rng, shape.len(), 1, hi);
    let values = shape.bst_values(&sorted);
    let val = match rng.random_range(kinds) {
        0 => sorted[rng.random_range(0..sorted.len())],
        1 => values[*inputs::pick(rng, &shape.leaves())],
        _ => loop {
            let v = rng.random_range(1..=hi);
            if sorted.binary_search(&v).is_err() || sorted.len() as i32 == hi {
                break v;
            }
        },
    };
    (shape.level_order(&values), val)
}

fn small(rng: &mut Rng) -> Vec<Input> {
    let mut cases = vec![
        (tree(&[Some(1)]), 1),
        (tree(&[Some(1)]), 10_000_000),
        (Shape::right_chain(50).level_order(&(1..=50).collect::<Vec<_>>()), 50),
        (Shape::left_chain(50).level_order(&(1..=50).rev().collect::<Vec<_>>()), 25),
    ];
    for _ in 0..50 {
        let shape = trees::any_shape(rng, 1, 40);
        let hi = *inputs::pick(rng, &[60, 10_000_000]);
        cases.push(case(rng, &shape, hi, 0..4));
    }
    cases
}

/// LeetCode's largest trees, 5000 nodes, 20 of them: random bushy, complete,
/// left, right and zig-zag chains (sorted insertions), each searched for a
/// leaf's value or a missing one (small results, so that writing them does
/// not hide the search). Searching the whole tree costs the naive
/// solution up to 5000 nodes per search, the walk down only the depth.
fn perf(rng: &mut Rng) -> Vec<Input> {
    let n = 5000;
    let mut cases = Vec::new();
    for _ in 0..4 {
        let shapes = [
            Shape::random(rng, n, 0.0),
            Shape::complete(n),
            Shape::left_chain(n),
            Shape::right_chain(n),
            Shape::zigzag(n),
        ];
        for shape in &shapes {
            cases.push(case(rng, shape, 10_000_000, 1..4));
        }
    }
    cases
}
