impl Solution {
    pub fn odd_even_list(head: Option<Box<ListNode>>) -> Option<Box<ListNode>> {
        // Move each node, in order, to the tail of the odd or the even list.
        let mut odd_head = None;
        let mut even_head = None;
        let mut odd_tail = &mut odd_head;
        let mut even_tail = &mut even_head;
        let mut rest = head;
        let mut is_odd = true;
        while let Some(mut node) = rest {
            rest = node.next.take();
            if is_odd {
                odd_tail = &mut odd_tail.insert(node).next;
            } else {
                even_tail = &mut even_tail.insert(node).next;
            }
            is_odd = !is_odd;
        }
        *odd_tail = even_head;
        odd_head
    }
}
