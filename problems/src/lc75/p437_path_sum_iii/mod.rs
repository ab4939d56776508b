use super::trees::{self, Shape};
use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};
use crate::values::Tree;

type Input = (Tree, i32);

pub fn spec() -> Spec<Input, i32> {
    Spec {
        info: Info {
            order: 36,
            id: 437,
            slug: "path-sum-iii",
            title: "Path Sum III",
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
                (
                    Tree(vec![
                        Some(10),
                        Some(5),
                        Some(-3),
                        Some(3),
                        Some(2),
                        None,
                        Some(11),
                        Some(3),
                        Some(-2),
                        None,
                        Some(1),
                    ]),
                    8,
                ),
                3,
            ),
            (
                (
                    Tree(vec![
                        Some(5),
                        Some(4),
                        Some(8),
                        Some(11),
                        None,
                        Some(13),
                        Some(4),
                        Some(7),
                        Some(2),
                        None,
                        None,
                        Some(5),
                        Some(1),
                    ]),
                    22,
                ),
                3,
            ),
            ((Tree(vec![]), 0), 0),
            ((Tree(vec![Some(0)]), 0), 1),
            ((Tree(vec![Some(0), Some(0), None, Some(0)]), 0), 6),
            ((Tree(vec![Some(1_000_000_000), Some(-1_000_000_000)]), 0), 1),
            // The root path sums to 2^32 - 5: 32-bit sums wrap around to -5.
            ((overflow_chain(-5), -5), 0),
            ((Tree(vec![Some(1), Some(-1), Some(1), Some(1), None, Some(-1)]), 1), 5),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn path_sum(root: Option<Rc<RefCell<TreeNode>>>, target_sum: i32) -> i32";

/// A chain whose five values sum to `2^32 + target`: in wrapping 32-bit
/// arithmetic, exactly `target`.
fn overflow_chain(target: i32) -> Tree {
    let last = ((1_i64 << 32) + target as i64 - 4_000_000_000) as i32;
    Shape::left_chain(5).level_order(&[1_000_000_000, 1_000_000_000, 1_000_000_000, 1_000_000_000, last])
}

/// Values that make sums near the target likely: small ones, or extremes
/// that cancel out.
fn values(rng: &mut Rng, n: usize) -> Vec<i32> {
    match inputs::int(rng, 0, 3) {
        0 => inputs::ints(rng, n, -3, 3),
        1 => inputs::ints(rng, n, -10, 10),
        2 => {
            let pool = [1_000_000_000, -1_000_000_000, 999_999_999, -999_999_999, 0, 1, -1, 2];
            (0..n).map(|_| *inputs::pick(rng, &pool)).collect()
        }
        _ => inputs::ints(rng, n, -1_000_000_000, 1_000_000_000),
    }
}

fn case(rng: &mut Rng, shape: &Shape) -> Input {
    let values = values(rng, shape.len());
    let target = *inputs::pick(rng, &[0, 1, -1, 2, 3, -5, 8, 1000, -1000]);
    (shape.level_order(&values), target)
}

fn small(rng: &mut Rng) -> Vec<Input> {
    let mut cases = vec![
        (overflow_chain(1000), 1000),
        (overflow_chain(0), 0),
        (Shape::left_chain(1000).level_order(&[0; 1000]), 0),
        (Shape::complete(1000).level_order(&[1_000_000_000; 1000]), 1000),
        (Shape::zigzag(40).level_order(&[-1_000_000_000; 40]), -1000),
    ];
    for _ in 0..50 {
        let shape = trees::any_shape(rng, 0, 30);
        cases.push(case(rng, &shape));
    }
    cases
}

/// LeetCode caps the tree at 1000 nodes: the perf run is 60 trees of 1000
/// nodes, ten of each shape: complete, random bushy, random deep, and left,
/// right and zig-zag chains. Summing down from every node costs the naive
/// solution `n * depth` steps, `n^2 / 2` on a chain.
fn perf(rng: &mut Rng) -> Vec<Input> {
    let n = 1000;
    let mut cases = Vec::new();
    for _ in 0..10 {
        let shapes = [
            Shape::complete(n),
            Shape::random(rng, n, 0.0),
            Shape::random(rng, n, 0.9),
            Shape::left_chain(n),
            Shape::right_chain(n),
            Shape::zigzag(n),
        ];
        for shape in &shapes {
            cases.push(case(rng, shape));
        }
    }
    cases
}
