use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn good_nodes(root: Option<Rc<RefCell<TreeNode>>>) -> i32 {
        let mut path = Vec::new();
        Self::count(root, &mut path)
    }

    /// Good nodes under `node`, given the values on the path above it.
    fn count(node: Option<Rc<RefCell<TreeNode>>>, path: &mut Vec<i32>) -> i32 {
        let Some(node) = node else { return 0 };
        let val = node.borrow().val;
        let mut good = 0;
        if path.iter().all(|&above| above <= val) {
            good += 1;
        }
        path.push(val);
        good += Self::count(node.borrow().left.clone(), path);
        good += Self::count(node.borrow().right.clone(), path);
        path.pop();
        good
    }
}
