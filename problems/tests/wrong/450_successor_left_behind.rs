// With two children, copies the successor's value into the node but never
// removes the successor: its value is then there twice.
use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn delete_node(root: Option<Rc<RefCell<TreeNode>>>, key: i32) -> Option<Rc<RefCell<TreeNode>>> {
        let node = root?;
        let val = node.borrow().val;
        if key < val {
            let left = node.borrow_mut().left.take();
            node.borrow_mut().left = Self::delete_node(left, key);
            return Some(node);
        }
        if key > val {
            let right = node.borrow_mut().right.take();
            node.borrow_mut().right = Self::delete_node(right, key);
            return Some(node);
        }
        let (left, right) = (node.borrow().left.clone(), node.borrow().right.clone());
        match (left, right) {
            (None, other) | (other, None) => other,
            (Some(_), Some(r)) => {
                let mut s = r;
                loop {
                    let next = s.borrow().left.clone();
                    match next {
                        Some(n) => s = n,
                        None => break,
                    }
                }
                node.borrow_mut().val = s.borrow().val;
                Some(node)
            }
        }
    }
}
