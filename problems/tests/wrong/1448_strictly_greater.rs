// Counts a node as good only when it is strictly larger than every node
// above it: equal values are missed.
use std::cell::RefCell;
use std::rc::Rc;

impl Solution {
    pub fn good_nodes(root: Option<Rc<RefCell<TreeNode>>>) -> i32 {
        fn count(node: &Option<Rc<RefCell<TreeNode>>>, max_above: i32) -> i32 {
            let Some(node) = node else { return 0 };
            let n = node.borrow();
            let good = (n.val > max_above) as i32;
            let max = max_above.max(n.val);
            good + count(&n.left, max) + count(&n.right, max)
        }
        count(&root, i32::MIN)
    }
}
