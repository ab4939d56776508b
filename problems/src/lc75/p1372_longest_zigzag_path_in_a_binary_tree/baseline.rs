use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn longest_zig_zag(root: Option<Rc<RefCell<TreeNode>>>) -> i32 {
        // Try every node as the start, in both directions.
        let mut best = 0;
        let mut stack = Vec::new();
        if let Some(r) = root {
            stack.push(r);
        }
        while let Some(node) = stack.pop() {
            best = best.max(Self::walk(node.clone(), true));
            best = best.max(Self::walk(node.clone(), false));
            if let Some(l) = node.borrow().left.clone() {
                stack.push(l);
            }
            if let Some(r) = node.borrow().right.clone() {
                stack.push(r);
            }
        }
        best
    }

    /// Moves along the zig-zag from `node`, starting left or right.
    fn walk(node: Rc<RefCell<TreeNode>>, mut go_left: bool) -> i32 {
        let mut length = 0;
        let mut current = node;
        loop {
            let next = if go_left { current.borrow().left.clone() } else { current.borrow().right.clone() };
            match next {
                Some(n) => {
                    length += 1;
                    current = n;
                    go_left = !go_left;
                }
                None => return length,
            }
        }
    }
}
