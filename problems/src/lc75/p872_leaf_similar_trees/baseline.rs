use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn leaf_similar(root1: Option<Rc<RefCell<TreeNode>>>, root2: Option<Rc<RefCell<TreeNode>>>) -> bool {
        let mut a = Vec::new();
        let mut b = Vec::new();
        Self::collect(root1, &mut a);
        Self::collect(root2, &mut b);
        let a: Vec<String> = a.iter().map(|v| v.to_string()).collect();
        let b: Vec<String> = b.iter().map(|v| v.to_string()).collect();
        a.join(",") == b.join(",")
    }

    fn collect(node: Option<Rc<RefCell<TreeNode>>>, leaves: &mut Vec<i32>) {
        if let Some(n) = node {
            let left = n.borrow().left.clone();
            let right = n.borrow().right.clone();
            if left.is_none() && right.is_none() {
                leaves.push(n.borrow().val);
            }
            Self::collect(left, leaves);
            Self::collect(right, leaves);
        }
    }
}
