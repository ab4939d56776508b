impl Solution {
    pub fn odd_even_list(head: Option<Box<ListNode>>) -> Option<Box<ListNode>> {
        let mut odd = Vec::new();
        let mut even = Vec::new();
        let mut position = 1;
        let mut node = &head;
        while let Some(n) = node {
            if position % 2 == 1 {
                odd.push(n.val);
            } else {
                even.push(n.val);
            }
            position += 1;
            node = &n.next;
        }
        let mut all = odd.clone();
        all.extend(even.clone());
        let mut result: Option<Box<ListNode>> = None;
        for v in all.iter().rev() {
            let mut n = ListNode::new(*v);
            n.next = result;
            result = Some(Box::new(n));
        }
        result
    }
}
