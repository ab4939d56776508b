// Keeps the last of the levels that share the largest sum.
use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn max_level_sum(root: Option<Rc<RefCell<TreeNode>>>) -> i32 {
        let mut level: Vec<Rc<RefCell<TreeNode>>> = root.into_iter().collect();
        let (mut best, mut best_sum, mut depth) = (1, i64::MIN, 0);
        while !level.is_empty() {
            depth += 1;
            let mut next = Vec::new();
            let mut sum = 0i64;
            for node in &level {
                let n = node.borrow();
                sum += n.val as i64;
                next.extend(n.left.clone());
                next.extend(n.right.clone());
            }
            if sum >= best_sum {
                best_sum = sum;
                best = depth;
            }
            level = next;
        }
        best
    }
}
