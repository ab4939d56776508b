use super::trees::{self, Shape};
use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};
use crate::values::Tree;

pub fn spec() -> Spec<Tree, i32> {
    Spec {
        info: Info {
            order: 35,
            id: 1448,
            slug: "count-good-nodes-in-binary-tree",
            title: "Count Good Nodes in Binary Tree",
            category: "Binary Tree - DFS",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (Tree(vec![Some(3), Some(1), Some(4), Some(3), None, Some(1), Some(5)]), 4),
            (Tree(vec![Some(3), Some(3), None, Some(4), Some(2)]), 3),
            (Tree(vec![Some(1)]), 1),
            (Tree(vec![Some(-10_000), Some(10_000), Some(-10_000)]), 3),
            (Tree(vec![Some(5), Some(4), Some(6), Some(5), Some(3), Some(6), Some(7)]), 5),
            (Tree(vec![Some(2), None, Some(1), None, Some(2), None, Some(3)]), 3),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn good_nodes(root: Option<Rc<RefCell<TreeNode>>>) -> i32";

fn random_values(rng: &mut Rng, shape: &Shape, bound: i32) -> Tree {
    let values = inputs::ints(rng, shape.len(), -bound, bound);
    shape.level_order(&values)
}

/// Values that never fall going down (each node `step` more than its
/// parent, capped): every node is good.
fn rising(shape: &Shape, start: i32, step: i32) -> Tree {
    let mut values = vec![start; shape.len()];
    for n in shape.top_down() {
        for c in [shape.left[n], shape.right[n]].into_iter().flatten() {
            values[c] = (values[n] + step).min(10_000);
        }
    }
    shape.level_order(&values)
}

fn small(rng: &mut Rng) -> Vec<Tree> {
    let mut cases = vec![
        Tree(vec![Some(10_000)]),
        rising(&Shape::complete(31), -10_000, 1),
        rising(&Shape::left_chain(30), 0, 0),
        rising(&Shape::zigzag(30), 9_990, 1),
        random_values(rng, &Shape::right_chain(30), 2),
    ];
    for _ in 0..50 {
        let shape = trees::any_shape(rng, 1, 40);
        let bound = *inputs::pick(rng, &[2, 5, 10_000]);
        cases.push(random_values(rng, &shape, bound));
    }
    cases
}

/// LeetCode's largest trees, 10^5 nodes, with random values: complete,
/// random bushy, random deep, a left chain and a zig-zag chain; a complete
/// tree whose values rise going down (every node good). Checking each node
/// against its whole path costs the naive solution `depth` steps per good
/// node, so its worst case, a chain where every node is good, is cut to
/// 10^4 nodes (a right chain of equal values: 5 * 10^7 steps).
fn perf(rng: &mut Rng) -> Vec<Tree> {
    let n = 100_000;
    let mut cases: Vec<Tree> = [
        Shape::complete(n),
        Shape::random(rng, n, 0.0),
        Shape::random(rng, n, 0.9),
        Shape::left_chain(n),
        Shape::zigzag(n),
    ]
    .iter()
    .map(|s| random_values(rng, s, 10_000))
    .collect();
    cases.push(rising(&Shape::complete(n), -10_000, 1));
    cases.push(rising(&Shape::right_chain(10_000), 7, 0));
    cases
}
