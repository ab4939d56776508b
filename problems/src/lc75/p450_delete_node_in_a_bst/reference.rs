use std::cell::RefCell;
use std::rc::Rc;

type Link = Option<Rc<RefCell<TreeNode>>>;

impl Solution {
    pub fn delete_node(root: Option<Rc<RefCell<TreeNode>>>, key: i32) -> Option<Rc<RefCell<TreeNode>>> {
        // Walk down to the key, remembering the link that points at it.
        let Some(top) = root.clone() else { return None };
        if top.borrow().val == key {
            return Self::remove(top);
        }
        let mut parent = top;
        loop {
            let go_left = key < parent.borrow().val;
            let child = {
                let p = parent.borrow();
                if go_left { p.left.clone() } else { p.right.clone() }
            };
            let Some(child) = child else { return root };
            if child.borrow().val == key {
                let replacement = Self::remove(child);
                let mut p = parent.borrow_mut();
                if go_left {
                    p.left = replacement;
                } else {
                    p.right = replacement;
                }
                return root;
            }
            parent = child;
        }
    }

    /// The subtree that replaces `node` once it is gone: its only child, or
    /// with two children its successor (the right subtree's smallest node)
    /// moved into its place.
    fn remove(node: Rc<RefCell<TreeNode>>) -> Link {
        let (left, right) = {
            let mut n = node.borrow_mut();
            (n.left.take(), n.right.take())
        };
        let (left, right) = match (left, right) {
            (None, other) | (other, None) => return other,
            (Some(l), Some(r)) => (l, r),
        };
        if right.borrow().left.is_none() {
            right.borrow_mut().left = Some(left);
            return Some(right);
        }
        let mut parent = right.clone();
        loop {
            let next = parent.borrow().left.clone().unwrap();
            if next.borrow().left.is_none() {
                parent.borrow_mut().left = next.borrow_mut().right.take();
                let mut s = next.borrow_mut();
                s.left = Some(left);
                s.right = Some(right);
                drop(s);
                return Some(next);
            }
            parent = next;
        }
    }
}
