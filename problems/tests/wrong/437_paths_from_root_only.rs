// Counts only the paths that start at the root.
use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn path_sum(root: Option<Rc<RefCell<TreeNode>>>, target_sum: i32) -> i32 {
        fn down(node: &Option<Rc<RefCell<TreeNode>>>, sum: i64, target: i64) -> i32 {
            let Some(node) = node else { return 0 };
            let n = node.borrow();
            let sum = sum + n.val as i64;
            (sum == target) as i32 + down(&n.left, sum, target) + down(&n.right, sum, target)
        }
        down(&root, 0, target_sum as i64)
    }
}
