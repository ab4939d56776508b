use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn delete_node(root: Option<Rc<RefCell<TreeNode>>>, key: i32) -> Option<Rc<RefCell<TreeNode>>> {
        // Take every other value (parents before children) and insert them
        // into a new tree.
        let mut values = Vec::new();
        let mut stack = Vec::new();
        if let Some(r) = root {
            stack.push(r);
        }
        while let Some(node) = stack.pop() {
            let n = node.borrow();
            if n.val != key {
                values.push(n.val);
            }
            if let Some(r) = n.right.clone() {
                stack.push(r);
            }
            if let Some(l) = n.left.clone() {
                stack.push(l);
            }
        }
        let mut new_root: Option<Rc<RefCell<TreeNode>>> = None;
        for v in values {
            Self::insert(&mut new_root, v);
        }
        new_root
    }

    fn insert(root: &mut Option<Rc<RefCell<TreeNode>>>, val: i32) {
        let new_node = Rc::new(RefCell::new(TreeNode::new(val)));
        let Some(r) = root.clone() else {
            *root = Some(new_node);
            return;
        };
        let mut node = r;
        loop {
            let next = if val < node.borrow().val { node.borrow().left.clone() } else { node.borrow().right.clone() };
            match next {
                Some(child) => node = child,
                None => {
                    if val < node.borrow().val {
                        node.borrow_mut().left = Some(new_node);
                    } else {
                        node.borrow_mut().right = Some(new_node);
                    }
                    return;
                }
            }
        }
    }
}
