//! Binary tree shapes for the tree problems' generators, and LeetCode's level
//! order both ways (to build inputs, and to read results in checkers).

use rand::Rng as _;

use crate::spec::Rng;
use crate::values::Tree;

/// A binary tree's shape as an arena: node 0 is the root (when there is
/// one); each node's children are indices of later nodes.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    pub left: Vec<Option<usize>>,
    pub right: Vec<Option<usize>>,
}

impl Shape {
    pub fn len(&self) -> usize {
        self.left.len()
    }

    fn push(&mut self) -> usize {
        self.left.push(None);
        self.right.push(None);
        self.len() - 1
    }

    fn attach(&mut self, parent: usize, is_left: bool) -> usize {
        let child = self.push();
        if is_left {
            self.left[parent] = Some(child)
        } else {
            self.right[parent] = Some(child)
        }
        child
    }

    /// A random shape of `n` nodes: each new node takes a free child slot.
    /// With chance `deep` the slot is one of the newest node's, which grows
    /// long random paths (1.0 gives a random zig-zagging chain); otherwise
    /// any free slot, uniformly (shallow, bushy trees).
    pub fn random(rng: &mut Rng, n: usize, deep: f64) -> Shape {
        let mut shape = Shape::default();
        if n == 0 {
            return shape;
        }
        shape.push();
        let mut slots = vec![(0, true), (0, false)];
        while shape.len() < n {
            let i = if rng.random_bool(deep) {
                slots.len() - 1 - rng.random_range(0..slots.len().min(2))
            } else {
                rng.random_range(0..slots.len())
            };
            let (parent, is_left) = slots.swap_remove(i);
            let child = shape.attach(parent, is_left);
            slots.push((child, true));
            slots.push((child, false));
        }
        shape
    }

    /// A random shape with exactly `leaves` leaves: a random full binary
    /// tree where, with chance `unary` at each node, a node with one child
    /// (on a random side) is put above it.
    pub fn with_leaves(rng: &mut Rng, leaves: usize, unary: f64) -> Shape {
        fn grow(shape: &mut Shape, rng: &mut Rng, leaves: usize, unary: f64) -> usize {
            let node = shape.push();
            if rng.random_bool(unary) {
                let child = grow(shape, rng, leaves, unary);
                if rng.random_bool(0.5) { shape.left[node] = Some(child) } else { shape.right[node] = Some(child) }
            } else if leaves > 1 {
                let split = rng.random_range(1..leaves);
                let left = grow(shape, rng, split, unary);
                let right = grow(shape, rng, leaves - split, unary);
                (shape.left[node], shape.right[node]) = (Some(left), Some(right));
            }
            node
        }
        let mut shape = Shape::default();
        if leaves > 0 {
            grow(&mut shape, rng, leaves, unary);
        }
        shape
    }

    /// The leaves, left to right.
    pub fn leaves(&self) -> Vec<usize> {
        self.in_order().into_iter().filter(|&n| self.left[n].is_none() && self.right[n].is_none()).collect()
    }

    /// The complete tree of `n` nodes (heap order: every level full but the
    /// last, which fills from the left).
    pub fn complete(n: usize) -> Shape {
        let child = |i: usize| (i < n).then_some(i);
        Shape { left: (0..n).map(|i| child(2 * i + 1)).collect(), right: (0..n).map(|i| child(2 * i + 2)).collect() }
    }

    /// A chain of `n` nodes; `sides(i)` says whether node `i + 1` is the left
    /// child of node `i`.
    pub fn chain(n: usize, sides: impl Fn(usize) -> bool) -> Shape {
        let mut shape = Shape::default();
        if n > 0 {
            shape.push();
        }
        for i in 0..n.saturating_sub(1) {
            shape.attach(i, sides(i));
        }
        shape
    }

    /// Every node the left child of the one before.
    pub fn left_chain(n: usize) -> Shape {
        Shape::chain(n, |_| true)
    }

    /// Every node the right child of the one before.
    pub fn right_chain(n: usize) -> Shape {
        Shape::chain(n, |_| false)
    }

    /// Children alternate sides, starting with a left child.
    pub fn zigzag(n: usize) -> Shape {
        Shape::chain(n, |i| i % 2 == 0)
    }

    /// `self` with `other` hung under node `at` on its free side (`is_left`
    /// says which); `other`'s nodes follow `self`'s.
    pub fn graft(mut self, at: usize, is_left: bool, other: &Shape) -> Shape {
        if other.len() == 0 {
            return self;
        }
        let offset = self.len();
        let shift = |c: Option<usize>| c.map(|c| c + offset);
        self.left.extend(other.left.iter().map(|&c| shift(c)));
        self.right.extend(other.right.iter().map(|&c| shift(c)));
        let slot = if is_left { &mut self.left[at] } else { &mut self.right[at] };
        assert!(slot.is_none(), "graft onto a taken slot");
        *slot = Some(offset);
        self
    }

    /// Node indices in in-order (left subtree, node, right subtree).
    pub fn in_order(&self) -> Vec<usize> {
        let mut order = Vec::with_capacity(self.len());
        let mut stack = Vec::new();
        let mut node = (self.len() > 0).then_some(0);
        while node.is_some() || !stack.is_empty() {
            while let Some(n) = node {
                stack.push(n);
                node = self.left[n];
            }
            let n = stack.pop().unwrap();
            order.push(n);
            node = self.right[n];
        }
        order
    }

    /// Node indices from the root down: each parent before its children.
    pub fn top_down(&self) -> Vec<usize> {
        let mut order = Vec::with_capacity(self.len());
        if self.len() > 0 {
            order.push(0);
        }
        let mut i = 0;
        while i < order.len() {
            let n = order[i];
            order.extend(self.left[n]);
            order.extend(self.right[n]);
            i += 1;
        }
        order
    }

    /// Each node's parent (`None` for the root).
    pub fn parents(&self) -> Vec<Option<usize>> {
        let mut parents = vec![None; self.len()];
        for n in 0..self.len() {
            for c in [self.left[n], self.right[n]].into_iter().flatten() {
                parents[c] = Some(n);
            }
        }
        parents
    }

    /// Values that make the shape a binary search tree: `sorted` (ascending)
    /// laid out in in-order. Indexed by node.
    pub fn bst_values(&self, sorted: &[i32]) -> Vec<i32> {
        let mut values = vec![0; self.len()];
        for (&n, &v) in self.in_order().iter().zip(sorted) {
            values[n] = v;
        }
        values
    }

    /// LeetCode's level order of the tree with `values[node]` at each node.
    pub fn level_order(&self, values: &[i32]) -> Tree {
        assert_eq!(values.len(), self.len(), "one value per node");
        let mut out = Vec::with_capacity(2 * self.len() + 1);
        for n in self.top_down() {
            if n == 0 {
                out.push(Some(values[0]));
            }
            for c in [self.left[n], self.right[n]] {
                out.push(c.map(|c| values[c]));
            }
        }
        while out.last() == Some(&None) {
            out.pop();
        }
        Tree(out)
    }
}

/// `n` distinct values from `lo..=hi`, ascending.
pub fn distinct_sorted(rng: &mut Rng, n: usize, lo: i32, hi: i32) -> Vec<i32> {
    assert!((hi as i64 - lo as i64 + 1) >= n as i64, "not enough distinct values");
    let mut values = std::collections::BTreeSet::new();
    while values.len() < n {
        values.insert(rng.random_range(lo..=hi));
    }
    values.into_iter().collect()
}

/// Reads LeetCode's level order back into a shape and its values.
pub fn parse(tree: &Tree) -> Result<(Shape, Vec<i32>), String> {
    let mut shape = Shape::default();
    let mut values = Vec::new();
    let mut items = tree.0.iter();
    match items.next() {
        None => return Ok((shape, values)),
        Some(None) if items.all(Option::is_none) => return Ok((shape, values)),
        Some(None) => return Err("the level order has nodes under a missing root".into()),
        Some(&Some(v)) => {
            shape.push();
            values.push(v);
        }
    }
    let mut parent = 0;
    while parent < shape.len() {
        for is_left in [true, false] {
            match items.next() {
                None => return Ok((shape, values)),
                Some(None) => {}
                Some(&Some(v)) => {
                    shape.attach(parent, is_left);
                    values.push(v);
                }
            }
        }
        parent += 1;
    }
    if items.any(|x| x.is_some()) {
        return Err("the level order has values after the last node's children".into());
    }
    Ok((shape, values))
}

/// A shape of `lo..=hi` nodes of a random kind: complete, a left, right or
/// zig-zag chain, or random (bushy, mixed or deep).
pub fn any_shape(rng: &mut Rng, lo: usize, hi: usize) -> Shape {
    let n = rng.random_range(lo..=hi);
    match rng.random_range(0..8) {
        0 => Shape::complete(n),
        1 => Shape::left_chain(n),
        2 => Shape::right_chain(n),
        3 => Shape::zigzag(n),
        4 => Shape::random(rng, n, 0.0),
        5 => Shape::random(rng, n, 0.5),
        _ => Shape::random(rng, n, 0.85),
    }
}
