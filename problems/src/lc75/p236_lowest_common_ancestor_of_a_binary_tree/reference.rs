use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn lowest_common_ancestor(
        root: Option<Rc<RefCell<TreeNode>>>,
        p: Option<Rc<RefCell<TreeNode>>>,
        q: Option<Rc<RefCell<TreeNode>>>,
    ) -> Option<Rc<RefCell<TreeNode>>> {
        /// `p` or `q` if only one is under `node`, their ancestor if both.
        fn find(
            node: &Option<Rc<RefCell<TreeNode>>>,
            p: &Rc<RefCell<TreeNode>>,
            q: &Rc<RefCell<TreeNode>>,
        ) -> Option<Rc<RefCell<TreeNode>>> {
            let n = node.as_ref()?;
            if Rc::ptr_eq(n, p) || Rc::ptr_eq(n, q) {
                return Some(n.clone());
            }
            let b = n.borrow();
            match (find(&b.left, p, q), find(&b.right, p, q)) {
                (Some(_), Some(_)) => Some(n.clone()),
                (left, None) => left,
                (None, right) => right,
            }
        }
        find(&root, p.as_ref()?, q.as_ref()?)
    }
}
