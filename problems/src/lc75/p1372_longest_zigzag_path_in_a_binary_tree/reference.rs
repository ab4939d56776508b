use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn longest_zig_zag(root: Option<Rc<RefCell<TreeNode>>>) -> i32 {
        /// `from_left`: the zig-zag reaching `node` arrived as a left child
        /// (so it continues to the right), `length` moves long.
        fn dfs(node: &Rc<RefCell<TreeNode>>, from_left: bool, length: i32, best: &mut i32) {
            *best = (*best).max(length);
            let n = node.borrow();
            if let Some(left) = &n.left {
                dfs(left, true, if from_left { 1 } else { length + 1 }, best);
            }
            if let Some(right) = &n.right {
                dfs(right, false, if from_left { length + 1 } else { 1 }, best);
            }
        }
        let mut best = 0;
        if let Some(r) = &root {
            dfs(r, true, 0, &mut best);
        }
        best
    }
}
