use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn lowest_common_ancestor(
        root: Option<Rc<RefCell<TreeNode>>>,
        p: Option<Rc<RefCell<TreeNode>>>,
        q: Option<Rc<RefCell<TreeNode>>>,
    ) -> Option<Rc<RefCell<TreeNode>>> {
        let p_val = p.unwrap().borrow().val;
        let q_val = q.unwrap().borrow().val;
        // Go down while both nodes are on the same side.
        let mut node = root.unwrap();
        loop {
            let left = node.borrow().left.clone();
            let right = node.borrow().right.clone();
            if Self::contains(&left, p_val) && Self::contains(&left, q_val) {
                node = left.unwrap();
            } else if Self::contains(&right, p_val) && Self::contains(&right, q_val) {
                node = right.unwrap();
            } else {
                return Some(node);
            }
        }
    }

    fn contains(node: &Option<Rc<RefCell<TreeNode>>>, val: i32) -> bool {
        match node {
            None => false,
            Some(n) => {
                let left = n.borrow().left.clone();
                let right = n.borrow().right.clone();
                n.borrow().val == val || Self::contains(&left, val) || Self::contains(&right, val)
            }
        }
    }
}
