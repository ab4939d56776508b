// When the path turns the same way twice, restarts the count at 0 instead
// of 1 (forgets the move just made).
use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn longest_zig_zag(root: Option<Rc<RefCell<TreeNode>>>) -> i32 {
        fn dfs(node: &Rc<RefCell<TreeNode>>, from_left: bool, length: i32, best: &mut i32) {
            *best = (*best).max(length);
            let n = node.borrow();
            if let Some(left) = &n.left {
                dfs(left, true, if from_left { 0 } else { length + 1 }, best);
            }
            if let Some(right) = &n.right {
                dfs(right, false, if from_left { length + 1 } else { 0 }, best);
            }
        }
        let mut best = 0;
        if let Some(r) = &root {
            dfs(r, true, 0, &mut best);
        }
        best
    }
}
