use rand::Rng as _;

use super::trees::{self, Shape};
use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};
use crate::values::Tree;

/// The tree, then the values of `p` and `q` (values are distinct).
type Input = (Tree, i32, i32);

/// The value of the returned node when it stands for a node of the input
/// tree; `None` when it does not (no node, or a node that is not in the tree).
type Output = Option<i32>;

pub fn spec() -> Spec<Input, Output> {
    Spec {
        info: Info {
            order: 38,
            id: 236,
            slug: "lowest-common-ancestor-of-a-binary-tree",
            title: "Lowest Common Ancestor of a Binary Tree",
            category: "Binary Tree - DFS",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Custom { owner: "Solution", methods: &[SIGNATURE], items: ITEMS, body: BODY },
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((example(), 5, 1), Some(3)),
            ((example(), 5, 4), Some(5)),
            ((example(), 7, 8), Some(3)),
            ((example(), 7, 6), Some(5)),
            ((example(), 0, 8), Some(1)),
            ((Tree(vec![Some(1), Some(2)]), 1, 2), Some(1)),
            ((Tree(vec![Some(1), Some(2)]), 2, 1), Some(1)),
            (
                (Tree(vec![Some(-1_000_000_000), None, Some(1_000_000_000)]), 1_000_000_000, -1_000_000_000),
                Some(-1_000_000_000),
            ),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn lowest_common_ancestor(root: Option<Rc<RefCell<TreeNode>>>, p: Option<Rc<RefCell<TreeNode>>>, q: Option<Rc<RefCell<TreeNode>>>) -> Option<Rc<RefCell<TreeNode>>>";

/// Finds nodes by value and by identity, without recursion (trees may be
/// 10^5 deep).
const ITEMS: &str = r#"
type __MarcoLink = Option<std::rc::Rc<std::cell::RefCell<TreeNode>>>;

fn __marco_nodes(root: &__MarcoLink) -> Vec<std::rc::Rc<std::cell::RefCell<TreeNode>>> {
    let mut all = Vec::new();
    let mut stack: Vec<_> = root.iter().cloned().collect();
    while let Some(node) = stack.pop() {
        stack.extend(node.borrow().left.clone());
        stack.extend(node.borrow().right.clone());
        all.push(node);
    }
    all
}

/// Whether two subtrees hold the same values in the same shape.
fn __marco_same_subtree(a: &std::rc::Rc<std::cell::RefCell<TreeNode>>, b: &std::rc::Rc<std::cell::RefCell<TreeNode>>) -> bool {
    let mut stack = vec![(Some(a.clone()), Some(b.clone()))];
    while let Some(pair) = stack.pop() {
        match pair {
            (None, None) => {}
            (Some(x), Some(y)) => {
                let (x, y) = (x.borrow(), y.borrow());
                if x.val != y.val {
                    return false;
                }
                stack.push((x.left.clone(), y.left.clone()));
                stack.push((x.right.clone(), y.right.clone()));
            }
            _ => return false,
        }
    }
    true
}
"#;

/// Hands the solution the tree's own nodes `p` and `q`, and reports which
/// node of the tree it returned. A node is known by its value (values are
/// distinct) and the subtree under it, not by its address: a solution that
/// returns an equal copy of the right subtree has found the right node.
const BODY: &str = r#"
let root: __MarcoLink = r.read().expect("input");
let p_val: i32 = r.read().expect("input");
let q_val: i32 = r.read().expect("input");
let nodes = __marco_nodes(&root);
let p = nodes.iter().find(|n| n.borrow().val == p_val).cloned();
let q = nodes.iter().find(|n| n.borrow().val == q_val).cloned();
let returned = Solution::lowest_common_ancestor(root.clone(), p, q);
let found: Option<i32> = returned.and_then(|a| {
    let val = a.borrow().val;
    let own = nodes.iter().find(|n| n.borrow().val == val)?;
    (std::rc::Rc::ptr_eq(own, &a) || __marco_same_subtree(own, &a)).then_some(val)
});
w.put(&found);
"#;

fn example() -> Tree {
    Tree(vec![Some(3), Some(5), Some(1), Some(6), Some(2), Some(0), Some(8), None, None, Some(7), Some(4)])
}

/// Distinct values on the shape, and `p`, `q` as given by node index.
fn case(rng: &mut Rng, shape: &Shape, p: usize, q: usize) -> Input {
    let bound = if shape.len() < 50 && inputs::chance(rng, 0.5) { 100 } else { 1_000_000_000 };
    let sorted = trees::distinct_sorted(rng, shape.len(), -bound, bound);
    let values = inputs::shuffled(rng, sorted);
    (shape.level_order(&values), values[p], values[q])
}

/// Two distinct nodes: anywhere, one above the other, or the root.
fn random_pair(rng: &mut Rng, shape: &Shape) -> (usize, usize) {
    let n = shape.len();
    let p = rng.random_range(0..n);
    let mut q = rng.random_range(0..n - 1);
    if q >= p {
        q += 1;
    }
    match rng.random_range(0..4) {
        0 => {
            // q an ancestor of p (when p is not the root).
            let parents = shape.parents();
            let mut a = p;
            while let Some(up) = parents[a] {
                a = up;
                if inputs::chance(rng, 0.3) {
                    break;
                }
            }
            if a == p { (p, q) } else { (p, a) }
        }
        1 if p != 0 => (0, p),
        _ => (p, q),
    }
}

fn small(rng: &mut Rng) -> Vec<Input> {
    let mut cases = vec![
        case(rng, &Shape::complete(2), 1, 0),
        case(rng, &Shape::right_chain(2), 0, 1),
        case(rng, &Shape::complete(3), 1, 2),
        case(rng, &Shape::left_chain(40), 39, 20),
        case(rng, &Shape::zigzag(40), 38, 39),
    ];
    for _ in 0..60 {
        let shape = trees::any_shape(rng, 2, 40);
        let (p, q) = random_pair(rng, &shape);
        cases.push(case(rng, &shape, p, q));
    }
    cases
}

/// LeetCode's largest trees, 10^5 nodes: complete and random bushy (with
/// two far-apart leaves, the last and one at a third of the nodes), random
/// deep (random pair), a left chain and a zig-zag chain (the pair's
/// ancestor 50 nodes down, the other node at the bottom). Checking both
/// sides for both nodes at every step down costs the naive solution a scan
/// of the subtree per step.
fn perf(rng: &mut Rng) -> Vec<Input> {
    let n = 100_000;
    let mut cases = Vec::new();
    for shape in [Shape::complete(n), Shape::random(rng, n, 0.0)] {
        let leaves = shape.leaves();
        let (p, q) = (leaves[leaves.len() - 1], leaves[leaves.len() / 3]);
        cases.push(case(rng, &shape, p, q));
    }
    let deep = Shape::random(rng, n, 0.9);
    let (p, q) = random_pair(rng, &deep);
    cases.push(case(rng, &deep, p, q));
    cases.push(case(rng, &Shape::left_chain(n), 50, n - 1));
    cases.push(case(rng, &Shape::zigzag(n), n - 1, 50));
    cases
}
