use super::trees::{self, Shape};
use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};
use crate::values::Tree;

pub fn spec() -> Spec<Tree, i32> {
    Spec {
        info: Info {
            order: 40,
            id: 1161,
            slug: "maximum-level-sum-of-a-binary-tree",
            title: "Maximum Level Sum of a Binary Tree",
            category: "Binary Tree - BFS",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (Tree(vec![Some(1), Some(7), Some(0), Some(7), Some(-8), None, None]), 2),
            (Tree(vec![Some(989), None, Some(10250), Some(98693), Some(-89388), None, None, None, Some(-32127)]), 2),
            (Tree(vec![Some(-100_000)]), 1),
            (Tree(vec![Some(5), Some(2), Some(3)]), 1),
            (Tree(vec![Some(-5), Some(-2), Some(-3), Some(-1), Some(-1), Some(-1), Some(-1)]), 3),
            (Tree(vec![Some(-1), Some(-1), None, Some(-1)]), 1),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn max_level_sum(root: Option<Rc<RefCell<TreeNode>>>) -> i32";

fn with_values(rng: &mut Rng, shape: &Shape, lo: i32, hi: i32) -> Tree {
    let values = inputs::ints(rng, shape.len(), lo, hi);
    shape.level_order(&values)
}

fn small(rng: &mut Rng) -> Vec<Tree> {
    let mut cases = vec![
        with_values(rng, &Shape::complete(1), 100_000, 100_000),
        with_values(rng, &Shape::left_chain(40), -7, -7),
        with_values(rng, &Shape::zigzag(40), 0, 0),
        with_values(rng, &Shape::complete(10_000), 100_000, 100_000),
        with_values(rng, &Shape::complete(10_000), -100_000, -100_000),
    ];
    for _ in 0..50 {
        let shape = trees::any_shape(rng, 1, 40);
        let (lo, hi) = *inputs::pick(rng, &[(-1, 1), (-3, 0), (-100_000, 100_000), (99_990, 100_000)]);
        cases.push(with_values(rng, &shape, lo, hi));
    }
    cases
}

/// LeetCode caps the tree at 10^4 nodes; the perf trees hold 10^5, so that
/// the per-node cost of each solution shows past the harness's own decoding:
/// complete, random bushy, random deep, and a left chain (10^5 levels) of
/// equal values.
fn perf(rng: &mut Rng) -> Vec<Tree> {
    let n = 100_000;
    let (bushy, deep) = (Shape::random(rng, n, 0.0), Shape::random(rng, n, 0.9));
    vec![
        with_values(rng, &Shape::complete(n), -100_000, 100_000),
        with_values(rng, &bushy, -100_000, 100_000),
        with_values(rng, &deep, -100_000, 100_000),
        with_values(rng, &Shape::left_chain(n), -3, -3),
    ]
}
