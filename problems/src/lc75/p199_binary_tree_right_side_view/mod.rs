use super::trees::{self, Shape};
use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};
use crate::values::Tree;

pub fn spec() -> Spec<Tree, Vec<i32>> {
    Spec {
        info: Info {
            order: 39,
            id: 199,
            slug: "binary-tree-right-side-view",
            title: "Binary Tree Right Side View",
            category: "Binary Tree - BFS",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (Tree(vec![Some(1), Some(2), Some(3), None, Some(5), None, Some(4)]), vec![1, 3, 4]),
            (Tree(vec![Some(1), Some(2), Some(3), Some(4), None, None, None, Some(5)]), vec![1, 3, 4, 5]),
            (Tree(vec![Some(1), None, Some(3)]), vec![1, 3]),
            (Tree(vec![]), vec![]),
            (Tree(vec![Some(1), Some(2), Some(3), Some(4)]), vec![1, 3, 4]),
            (Tree(vec![Some(-100), Some(100)]), vec![-100, 100]),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn right_side_view(root: Option<Rc<RefCell<TreeNode>>>) -> Vec<i32>";

fn with_values(rng: &mut Rng, shape: &Shape) -> Tree {
    let values = inputs::ints(rng, shape.len(), -100, 100);
    shape.level_order(&values)
}

fn small(rng: &mut Rng) -> Vec<Tree> {
    let mut shapes = vec![Shape::default(), Shape::complete(1), Shape::left_chain(100), Shape::complete(100)];
    // A long left arm under a short right one: the view switches sides.
    shapes.push(Shape::complete(3).graft(1, true, &Shape::left_chain(20)));
    for _ in 0..50 {
        shapes.push(trees::any_shape(rng, 0, 40));
    }
    shapes.iter().map(|s| with_values(rng, s)).collect()
}

/// LeetCode caps the tree at 100 nodes, too small to time one case: the perf
/// run is 3000 trees of 100 nodes, of every kind (complete, chains, random
/// bushy and deep).
fn perf(rng: &mut Rng) -> Vec<Tree> {
    (0..3000)
        .map(|_| {
            let shape = trees::any_shape(rng, 100, 100);
            with_values(rng, &shape)
        })
        .collect()
}
