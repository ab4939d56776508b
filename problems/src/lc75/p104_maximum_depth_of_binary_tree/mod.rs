use super::trees::{self, Shape};
use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};
use crate::values::Tree;

pub fn spec() -> Spec<Tree, i32> {
    Spec {
        info: Info {
            order: 33,
            id: 104,
            slug: "maximum-depth-of-binary-tree",
            title: "Maximum Depth of Binary Tree",
            category: "Binary Tree - DFS",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (Tree(vec![Some(3), Some(9), Some(20), None, None, Some(15), Some(7)]), 3),
            (Tree(vec![Some(1), None, Some(2)]), 2),
            (Tree(vec![]), 0),
            (Tree(vec![Some(-100)]), 1),
            (Tree(vec![Some(1), Some(2), None, Some(3), None, Some(4)]), 4),
            (Tree(vec![Some(1), Some(2), Some(3), None, None, None, Some(4), Some(5)]), 4),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn max_depth(root: Option<Rc<RefCell<TreeNode>>>) -> i32";

fn tree(rng: &mut Rng, shape: &Shape) -> Tree {
    let values = inputs::ints(rng, shape.len(), -100, 100);
    shape.level_order(&values)
}

fn small(rng: &mut Rng) -> Vec<Tree> {
    let mut shapes = vec![Shape::default(), Shape::complete(1), Shape::complete(31), Shape::left_chain(40)];
    shapes.push(Shape::random(rng, 10_000, 0.0));
    for _ in 0..40 {
        shapes.push(trees::any_shape(rng, 0, 40));
    }
    shapes.iter().map(|s| tree(rng, s)).collect()
}

/// LeetCode caps the tree at 10^4 nodes; the perf trees hold 10^5, so that
/// the per-node cost of each solution shows past the harness's own decoding:
/// complete, random bushy, random deep, and left, right and zig-zag chains.
fn perf(rng: &mut Rng) -> Vec<Tree> {
    let n = 100_000;
    let shapes = [
        Shape::complete(n),
        Shape::random(rng, n, 0.0),
        Shape::random(rng, n, 0.9),
        Shape::left_chain(n),
        Shape::right_chain(n),
        Shape::zigzag(n),
    ];
    shapes.iter().map(|s| tree(rng, s)).collect()
}
