// Finds the right ancestor but returns a fresh childless node with its
// value: not the subtree of the tree's own node.
use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn lowest_common_ancestor(
        root: Option<Rc<RefCell<TreeNode>>>,
        p: Option<Rc<RefCell<TreeNode>>>,
        q: Option<Rc<RefCell<TreeNode>>>,
    ) -> Option<Rc<RefCell<TreeNode>>> {
        fn find(node: &Option<Rc<RefCell<TreeNode>>>, p: i32, q: i32) -> Option<i32> {
            let n = node.as_ref()?;
            let b = n.borrow();
            if b.val == p || b.val == q {
                return Some(b.val);
            }
            match (find(&b.left, p, q), find(&b.right, p, q)) {
                (Some(_), Some(_)) => Some(b.val),
                (left, None) => left,
                (None, right) => right,
            }
        }
        let (p, q) = (p?.borrow().val, q?.borrow().val);
        find(&root, p, q).map(|val| Rc::new(RefCell::new(TreeNode::new(val))))
    }
}
