use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn right_side_view(root: Option<Rc<RefCell<TreeNode>>>) -> Vec<i32> {
        // Right subtrees first: the first node met on a depth is the one seen.
        fn visit(node: &Option<Rc<RefCell<TreeNode>>>, depth: usize, seen: &mut Vec<i32>) {
            if let Some(n) = node {
                let n = n.borrow();
                if depth == seen.len() {
                    seen.push(n.val);
                }
                visit(&n.right, depth + 1, seen);
                visit(&n.left, depth + 1, seen);
            }
        }
        let mut seen = Vec::new();
        visit(&root, 0, &mut seen);
        seen
    }
}
