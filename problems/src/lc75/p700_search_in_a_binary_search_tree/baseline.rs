use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn search_bst(root: Option<Rc<RefCell<TreeNode>>>, val: i32) -> Option<Rc<RefCell<TreeNode>>> {
        // Look everywhere: check this node, then both subtrees.
        let node = root?;
        if node.borrow().val == val {
            return Some(node);
        }
        let left = node.borrow().left.clone();
        let right = node.borrow().right.clone();
        if let Some(found) = Self::search_bst(left, val) {
            return Some(found);
        }
        Self::search_bst(right, val)
    }
}
