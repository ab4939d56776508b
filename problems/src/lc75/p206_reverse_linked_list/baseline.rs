impl Solution {
    pub fn reverse_list(head: Option<Box<ListNode>>) -> Option<Box<ListNode>> {
        match head {
            None => None,
            Some(mut node) => {
                // Reverse the rest, then put this node at its end.
                let rest = node.next.take();
                let mut reversed = Solution::reverse_list(rest);
                let mut tail = &mut reversed;
                while tail.is_some() {
                    tail = &mut tail.as_mut().unwrap().next;
                }
                *tail = Some(node);
                reversed
            }
        }
    }
}
