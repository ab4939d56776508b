use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

impl Solution {
    pub fn path_sum(root: Option<Rc<RefCell<TreeNode>>>, target_sum: i32) -> i32 {
        // A path ending at a node sums to target when the sum from the root
        // to the node minus target is the sum from the root to an ancestor:
        // count those prefix sums on the current root path.
        fn dfs(node: &Option<Rc<RefCell<TreeNode>>>, sum: i64, target: i64, seen: &mut HashMap<i64, i32>) -> i32 {
            let Some(node) = node else { return 0 };
            let n = node.borrow();
            let sum = sum + n.val as i64;
            let mut count = seen.get(&(sum - target)).copied().unwrap_or(0);
            *seen.entry(sum).or_insert(0) += 1;
            count += dfs(&n.left, sum, target, seen);
            count += dfs(&n.right, sum, target, seen);
            *seen.get_mut(&sum).unwrap() -= 1;
            count
        }
        let mut seen = HashMap::with_capacity(1024);
        seen.insert(0, 1);
        dfs(&root, 0, target_sum as i64, &mut seen)
    }
}
