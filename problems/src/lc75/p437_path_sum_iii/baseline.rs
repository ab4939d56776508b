use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn path_sum(root: Option<Rc<RefCell<TreeNode>>>, target_sum: i32) -> i32 {
        let Some(node) = root else { return 0 };
        let left = node.borrow().left.clone();
        let right = node.borrow().right.clone();
        // Paths that start here, then paths that start further down.
        Self::starting_at(Some(node), 0, target_sum as i64)
            + Self::path_sum(left, target_sum)
            + Self::path_sum(right, target_sum)
    }

    fn starting_at(node: Option<Rc<RefCell<TreeNode>>>, sum: i64, target: i64) -> i32 {
        let Some(node) = node else { return 0 };
        let sum = sum + node.borrow().val as i64;
        let mut count = if sum == target { 1 } else { 0 };
        count += Self::starting_at(node.borrow().left.clone(), sum, target);
        count += Self::starting_at(node.borrow().right.clone(), sum, target);
        count
    }
}
