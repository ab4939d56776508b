use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn leaf_similar(root1: Option<Rc<RefCell<TreeNode>>>, root2: Option<Rc<RefCell<TreeNode>>>) -> bool {
        let mut leaves = Vec::with_capacity(128);
        let mut stack = Vec::with_capacity(64);
        Self::walk(root1, &mut stack, |v| {
            leaves.push(v);
            true
        });
        // The second tree's leaves are compared as they come: stop at the
        // first difference.
        let mut i = 0;
        let same = Self::walk(root2, &mut stack, |v| {
            let ok = leaves.get(i) == Some(&v);
            i += 1;
            ok
        });
        same && i == leaves.len()
    }

    /// Feeds the leaves left to right to `visit` until it says stop; false
    /// if it did.
    fn walk(
        root: Option<Rc<RefCell<TreeNode>>>,
        stack: &mut Vec<Rc<RefCell<TreeNode>>>,
        mut visit: impl FnMut(i32) -> bool,
    ) -> bool {
        stack.clear();
        stack.extend(root);
        while let Some(node) = stack.pop() {
            let n = node.borrow();
            match (&n.left, &n.right) {
                (None, None) => {
                    if !visit(n.val) {
                        return false;
                    }
                }
                (left, right) => {
                    stack.extend(right.clone());
                    stack.extend(left.clone());
                }
            }
        }
        true
    }
}
