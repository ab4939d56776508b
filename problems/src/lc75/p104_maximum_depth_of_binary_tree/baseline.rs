use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn max_depth(root: Option<Rc<RefCell<TreeNode>>>) -> i32 {
        // Level by level: count how many levels there are.
        let mut depth = 0;
        let mut level: Vec<Rc<RefCell<TreeNode>>> = Vec::new();
        if let Some(r) = root {
            level.push(r);
        }
        while !level.is_empty() {
            depth += 1;
            let mut next = Vec::new();
            for node in level.iter() {
                let n = node.borrow();
                if let Some(left) = n.left.clone() {
                    next.push(left);
                }
                if let Some(right) = n.right.clone() {
                    next.push(right);
                }
            }
            level = next;
        }
        depth
    }
}
