impl Solution {
    pub fn delete_middle(head: Option<Box<ListNode>>) -> Option<Box<ListNode>> {
        let mut values = Vec::new();
        let mut node = &head;
        while let Some(n) = node {
            values.push(n.val);
            node = &n.next;
        }
        values.remove(values.len() / 2);
        let mut result: Option<Box<ListNode>> = None;
        for v in values.iter().rev() {
            let mut n = ListNode::new(*v);
            n.next = result;
            result = Some(Box::new(n));
        }
        result
    }
}
