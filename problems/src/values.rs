//! Host-side forms of LeetCode's linked lists and trees. Generators and
//! checkers use these plain, thread-safe values; on the wire they look
//! exactly like `Option<Box<ListNode>>` and `Option<Rc<RefCell<TreeNode>>>`,
//! so a harness reads them as the real types.

use crate::guest::wire::{Reader, Wire, Writer};

/// A linked list as its values from the head.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct List(pub Vec<i32>);

impl Wire for List {
    fn read(r: &mut Reader) -> Result<Self, String> {
        r.read().map(List)
    }
    fn write(&self, w: &mut Writer) {
        w.put(&self.0);
    }
}

/// A binary tree in LeetCode's level order: `None` marks a missing child,
/// and trailing `None`s are left out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tree(pub Vec<Option<i32>>);

impl Wire for Tree {
    fn read(r: &mut Reader) -> Result<Self, String> {
        r.read().map(Tree)
    }
    fn write(&self, w: &mut Writer) {
        let mut values = self.0.as_slice();
        while let [rest @ .., None] = values {
            values = rest;
        }
        w.put(&values.to_vec());
    }
}
