use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn search_bst(root: Option<Rc<RefCell<TreeNode>>>, val: i32) -> Option<Rc<RefCell<TreeNode>>> {
        // One path down: the ordering says which side can hold `val`.
        let mut node = root;
        while let Some(n) = node {
            let next = {
                let b = n.borrow();
                if val == b.val {
                    None
                } else if val < b.val {
                    Some(b.left.clone())
                } else {
                    Some(b.right.clone())
                }
            };
            match next {
                None => return Some(n),
                Some(child) => node = child,
            }
        }
        None
    }
}
