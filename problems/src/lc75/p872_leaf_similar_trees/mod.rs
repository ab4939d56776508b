use rand::Rng as _;

use super::trees::Shape;
use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};
use crate::values::Tree;

type Input = (Tree, Tree);

pub fn spec() -> Spec<Input, bool> {
    Spec {
        info: Info {
            order: 34,
            id: 872,
            slug: "leaf-similar-trees",
            title: "Leaf-Similar Trees",
            category: "Binary Tree - DFS",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (
                (
                    tree(&[
                        Some(3),
                        Some(5),
                        Some(1),
                        Some(6),
                        Some(2),
                        Some(9),
                        Some(8),
                        None,
                        None,
                        Some(7),
                        Some(4),
                    ]),
                    tree(&[
                        Some(3),
                        Some(5),
                        Some(1),
                        Some(6),
                        Some(7),
                        Some(4),
                        Some(2),
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        Some(9),
                        Some(8),
                    ]),
                ),
                true,
            ),
            ((tree(&[Some(1), Some(2), Some(3)]), tree(&[Some(1), Some(3), Some(2)])), false),
            ((tree(&[Some(1), Some(2), Some(3)]), tree(&[Some(7), Some(2), Some(4), None, None, Some(3)])), true),
            ((tree(&[Some(5)]), tree(&[Some(5)])), true),
            ((tree(&[Some(5)]), tree(&[Some(6)])), false),
            ((tree(&[Some(1), Some(2)]), tree(&[Some(2)])), true),
            ((tree(&[Some(1), Some(2), Some(3)]), tree(&[Some(1), Some(2)])), false),
            ((tree(&[Some(0), Some(200), Some(200)]), tree(&[Some(9), None, Some(200), Some(200)])), false),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str =
    "pub fn leaf_similar(root1: Option<Rc<RefCell<TreeNode>>>, root2: Option<Rc<RefCell<TreeNode>>>) -> bool";

fn tree(values: &[Option<i32>]) -> Tree {
    Tree(values.to_vec())
}

/// A random tree of at most `max_nodes` nodes whose leaves are `leaves`.
fn with_leaves(rng: &mut Rng, leaves: &[i32], max_nodes: usize) -> Tree {
    loop {
        let unary = *inputs::pick(rng, &[0.0, 0.15, 0.35]);
        let shape = Shape::with_leaves(rng, leaves.len(), unary);
        if shape.len() <= max_nodes {
            let mut values = inputs::ints(rng, shape.len(), 0, 200);
            for (&node, &v) in shape.leaves().iter().zip(leaves) {
                values[node] = v;
            }
            return shape.level_order(&values);
        }
    }
}

/// Two trees of at most 200 nodes with `k` leaves in the first: equal leaf
/// sequences, or ones that differ in one value, in the order of two
/// values, or by one leaf more or less at the end.
fn pair(rng: &mut Rng, k: usize) -> Input {
    let hi = *inputs::pick(rng, &[2, 200]);
    let leaves = inputs::ints(rng, k, 0, hi);
    let mut other = leaves.clone();
    match rng.random_range(0..6) {
        0..=1 => {}
        2 => {
            let i = rng.random_range(0..k);
            other[i] = (other[i] + 1 + rng.random_range(0..hi)) % (hi + 1);
        }
        3 => {
            let (i, j) = (rng.random_range(0..k), rng.random_range(0..k));
            other.swap(i, j);
        }
        4 if k > 1 => {
            other.pop();
        }
        _ if k < 100 => other.push(rng.random_range(0..=hi)),
        _ => other[0] = hi + 1 - other[0].min(1),
    }
    (with_leaves(rng, &leaves, 200), with_leaves(rng, &other, 200))
}

fn small(rng: &mut Rng) -> Vec<Input> {
    let mut cases = vec![
        (tree(&[Some(0)]), tree(&[Some(0), Some(0)])),
        (Shape::left_chain(200).level_order(&[7; 200]), tree(&[Some(7)])),
        (Shape::complete(127).level_order(&(0..127).collect::<Vec<_>>()), Shape::complete(127).level_order(&[1; 127])),
    ];
    for _ in 0..60 {
        let most = *inputs::pick(rng, &[3, 10, 90]);
        let k = inputs::len(rng, 1, most);
        cases.push(pair(rng, k));
    }
    cases
}

/// LeetCode caps each tree at 200 nodes, too small to time one case: the
/// perf run is 2000 pairs of trees of up to 200 nodes with 60 to 99 leaves.
fn perf(rng: &mut Rng) -> Vec<Input> {
    (0..2000)
        .map(|_| {
            let k = inputs::len(rng, 60, 99);
            pair(rng, k)
        })
        .collect()
}
