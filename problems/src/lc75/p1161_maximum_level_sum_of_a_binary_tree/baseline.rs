use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

impl Solution {
    pub fn max_level_sum(root: Option<Rc<RefCell<TreeNode>>>) -> i32 {
        let mut sums: HashMap<i32, i64> = HashMap::new();
        Self::add(root, 1, &mut sums);
        let mut levels: Vec<i32> = sums.keys().cloned().collect();
        levels.sort();
        let mut best = levels[0];
        for level in levels {
            if sums[&level] > sums[&best] {
                best = level;
            }
        }
        best
    }

    fn add(node: Option<Rc<RefCell<TreeNode>>>, level: i32, sums: &mut HashMap<i32, i64>) {
        if let Some(n) = node {
            *sums.entry(level).or_insert(0) += n.borrow().val as i64;
            Self::add(n.borrow().left.clone(), level + 1, sums);
            Self::add(n.borrow().right.clone(), level + 1, sums);
        }
    }
}
