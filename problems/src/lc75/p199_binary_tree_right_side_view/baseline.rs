use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

impl Solution {
    pub fn right_side_view(root: Option<Rc<RefCell<TreeNode>>>) -> Vec<i32> {
        // Every level's values, then the last of each.
        let mut levels: Vec<Vec<i32>> = Vec::new();
        let mut queue = VecDeque::new();
        if let Some(r) = root {
            queue.push_back((r, 0));
        }
        while let Some((node, depth)) = queue.pop_front() {
            if levels.len() <= depth {
                levels.push(Vec::new());
            }
            levels[depth].push(node.borrow().val);
            if let Some(l) = node.borrow().left.clone() {
                queue.push_back((l, depth + 1));
            }
            if let Some(r) = node.borrow().right.clone() {
                queue.push_back((r, depth + 1));
            }
        }
        levels.iter().map(|level| *level.last().unwrap()).collect()
    }
}
