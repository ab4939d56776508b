// Returns a new node with the found value instead of the subtree rooted at
// the found node.
use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn search_bst(root: Option<Rc<RefCell<TreeNode>>>, val: i32) -> Option<Rc<RefCell<TreeNode>>> {
        let mut node = root;
        while let Some(n) = node {
            let b = n.borrow();
            if b.val == val {
                return Some(Rc::new(RefCell::new(TreeNode::new(val))));
            }
            node = if val < b.val { b.left.clone() } else { b.right.clone() };
        }
        None
    }
}
