use super::trees::{self, Shape};
use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};
use crate::values::Tree;

pub fn spec() -> Spec<Tree, i32> {
    Spec {
        info: Info {
            order: 37,
            id: 1372,
            slug: "longest-zigzag-path-in-a-binary-tree",
            title: "Longest ZigZag Path in a Binary Tree",
            category: "Binary Tree - DFS",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (
                tree(&[
                    Some(1),
                    None,
                    Some(1),
                    Some(1),
                    Some(1),
                    None,
                    None,
                    Some(1),
                    Some(1),
                    None,
                    Some(1),
                    None,
                    None,
                    None,
                    Some(1),
                ]),
                3,
            ),
            (tree(&[Some(1), Some(1), Some(1), None, Some(1), None, None, Some(1), Some(1), None, Some(1)]), 4),
            (tree(&[Some(1)]), 0),
            (tree(&[Some(1), Some(2)]), 1),
            (tree(&[Some(1), Some(2), Some(3), Some(4), Some(5), Some(6), Some(7)]), 2),
            // Left, left, right, left: the best path starts below the root.
            (tree(&[Some(1), Some(2), None, Some(3), None, None, Some(4), Some(5)]), 3),
            (Shape::left_chain(10).level_order(&[100; 10]), 1),
            (Shape::zigzag(10).level_order(&[7; 10]), 9),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn longest_zig_zag(root: Option<Rc<RefCell<TreeNode>>>) -> i32";

fn tree(values: &[Option<i32>]) -> Tree {
    Tree(values.to_vec())
}

fn with_values(rng: &mut Rng, shape: &Shape) -> Tree {
    let values = inputs::ints(rng, shape.len(), 1, 100);
    shape.level_order(&values)
}

/// A chain that zig-zags in runs: it switches direction with chance
/// `switch` at each step, so it holds zig-zags of many lengths.
fn runs(rng: &mut Rng, n: usize, switch: f64) -> Shape {
    let mut sides = vec![true; n];
    for i in 1..n {
        sides[i] = if inputs::chance(rng, switch) { !sides[i - 1] } else { sides[i - 1] };
    }
    Shape::chain(n, |i| sides[i])
}

fn small(rng: &mut Rng) -> Vec<Tree> {
    let mut shapes = vec![Shape::complete(1), Shape::right_chain(30), Shape::zigzag(2), Shape::complete(63)];
    for _ in 0..20 {
        let n = inputs::len(rng, 2, 40);
        shapes.push(runs(rng, n, 0.7));
    }
    for _ in 0..40 {
        shapes.push(trees::any_shape(rng, 1, 40));
    }
    shapes.iter().map(|s| with_values(rng, s)).collect()
}

/// LeetCode's largest trees, 5 * 10^4 nodes: complete, random bushy, random
/// deep, a left chain, and a chain of zig-zag runs. Walking the zig-zag from
/// every node costs the naive solution the sum of all zig-zag lengths: its
/// worst case, one zig-zag chain, is cut to 5000 nodes (1.25 * 10^7 moves).
fn perf(rng: &mut Rng) -> Vec<Tree> {
    let n = 50_000;
    let shapes = [
        Shape::complete(n),
        Shape::random(rng, n, 0.0),
        Shape::random(rng, n, 0.9),
        Shape::left_chain(n),
        runs(rng, n, 0.95),
        Shape::zigzag(5_000),
    ];
    shapes.iter().map(|s| with_values(rng, s)).collect()
}
