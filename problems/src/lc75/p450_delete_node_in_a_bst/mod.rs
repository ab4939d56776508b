use rand::Rng as _;

use super::trees::{self, Shape};
use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec, excerpt};
use crate::values::Tree;

type Input = (Tree, i32);

pub fn spec() -> Spec<Input, Tree> {
    Spec {
        info: Info {
            order: 42,
            id: 450,
            slug: "delete-node-in-a-bst",
            title: "Delete Node in a BST",
            category: "Binary Search Tree",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((example(), 3), tree(&[Some(5), Some(4), Some(6), Some(2), None, None, Some(7)])),
            ((example(), 0), example()),
            ((tree(&[]), 0), tree(&[])),
            ((example(), 5), tree(&[Some(6), Some(3), Some(7), Some(2), Some(4)])),
            ((example(), 7), tree(&[Some(5), Some(3), Some(6), Some(2), Some(4)])),
            ((tree(&[Some(100_000)]), 100_000), tree(&[])),
            ((tree(&[Some(2), Some(1)]), 2), tree(&[Some(1)])),
        ],
        small,
        perf,
        check: Check::Validate(validate),
    }
}

const SIGNATURE: &str =
    "pub fn delete_node(root: Option<Rc<RefCell<TreeNode>>>, key: i32) -> Option<Rc<RefCell<TreeNode>>>";

fn tree(values: &[Option<i32>]) -> Tree {
    Tree(values.to_vec())
}

fn example() -> Tree {
    tree(&[Some(5), Some(3), Some(6), Some(2), Some(4), None, Some(7)])
}

/// Any binary search tree is right if it holds exactly the input's values
/// without `key`: its in-order values must be those values, ascending.
fn validate((input, key): &Input, _: &Tree, actual: &Tree) -> Result<(), String> {
    let (_, values) = trees::parse(input).map_err(|e| format!("the input does not parse (a bug): {e}"))?;
    let mut want: Vec<i32> = values.into_iter().filter(|v| v != key).collect();
    want.sort_unstable();
    let (shape_out, values_out) = trees::parse(actual).map_err(|e| format!("the result is not a tree: {e}"))?;
    let got: Vec<i32> = shape_out.in_order().into_iter().map(|n| values_out[n]).collect();
    if got.windows(2).any(|w| w[0] >= w[1]) {
        return Err(format!("the result is not a binary search tree: its in-order values are {}", excerpt(&got)));
    }
    if got != want {
        let mut wrong = String::new();
        if let Some(extra) = got.iter().find(|v| want.binary_search(v).is_err()) {
            wrong = format!(" ({extra} should not be there)");
        } else if let Some(missing) = want.iter().find(|v| got.binary_search(v).is_err()) {
            wrong = format!(" ({missing} is missing)");
        }
        return Err(format!(
            "the result holds {} values{wrong}; expected {} values {}, got {}",
            got.len(),
            want.len(),
            excerpt(&want),
            excerpt(&got)
        ));
    }
    Ok(())
}

/// A binary search tree on `shape` and a key: the root, a node with two
/// children, a leaf, any node, or a missing value.
fn case(rng: &mut Rng, shape: &Shape, bound: i32) -> Input {
    let sorted = trees::distinct_sorted(rng, shape.len(), -bound, bound);
    let values = shape.bst_values(&sorted);
    let full: Vec<usize> = (0..shape.len()).filter(|&n| shape.left[n].is_some() && shape.right[n].is_some()).collect();
    let key = match rng.random_range(0..6) {
        _ if shape.len() == 0 => rng.random_range(-bound..=bound),
        0 => values[0],
        1 if !full.is_empty() => values[*inputs::pick(rng, &full)],
        2 => values[*inputs::pick(rng, &shape.leaves())],
        3 => values[rng.random_range(0..shape.len())],
        _ => rng.random_range(-bound..=bound),
    };
    (shape.level_order(&values), key)
}

fn small(rng: &mut Rng) -> Vec<Input> {
    let mut cases = vec![
        (tree(&[]), 100_000),
        (tree(&[Some(-100_000)]), -100_000),
        (tree(&[Some(-100_000)]), 100_000),
        (Shape::right_chain(30).level_order(&(1..=30).collect::<Vec<_>>()), 1),
        (Shape::left_chain(30).level_order(&(1..=30).rev().collect::<Vec<_>>()), 15),
        (Shape::complete(31).level_order(&Shape::complete(31).bst_values(&(1..=31).collect::<Vec<_>>())), 16),
    ];
    for _ in 0..60 {
        let shape = trees::any_shape(rng, 0, 40);
        let bound = *inputs::pick(rng, &[50, 100_000]);
        cases.push(case(rng, &shape, bound));
    }
    cases
}

/// LeetCode's largest trees, 10^4 nodes: complete (the root deleted),
/// random bushy and random deep (a node with two children deleted), and a
/// right chain (sorted insertions; its middle node deleted). Rebuilding the
/// tree by insertions costs the naive solution `n * depth` steps, `n^2 / 2`
/// on the chain.
fn perf(rng: &mut Rng) -> Vec<Input> {
    let n = 10_000;
    let complete = Shape::complete(n);
    let sorted = trees::distinct_sorted(rng, n, -100_000, 100_000);
    let values = complete.bst_values(&sorted);
    let mut cases = vec![(complete.level_order(&values), values[0])];
    for deep in [0.0, 0.9] {
        let shape = Shape::random(rng, n, deep);
        let sorted = trees::distinct_sorted(rng, n, -100_000, 100_000);
        let values = shape.bst_values(&sorted);
        let full: Vec<usize> = (0..n).filter(|&i| shape.left[i].is_some() && shape.right[i].is_some()).collect();
        cases.push((shape.level_order(&values), values[full[full.len() / 2]]));
    }
    let chain: Vec<i32> = (0..n as i32).map(|i| 2 * i - n as i32).collect();
    cases.push((Shape::right_chain(n).level_order(&chain), chain[n / 2]));
    cases
}
