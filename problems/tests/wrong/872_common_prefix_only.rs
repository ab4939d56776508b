// Compares the two leaf sequences only as far as the shorter one goes.
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
        a.iter().zip(&b).all(|(x, y)| x == y)
    }
}
