// Groups the nodes by whether their value is odd, not by their position.
impl Solution {
    pub fn odd_even_list(head: Option<Box<ListNode>>) -> Option<Box<ListNode>> {
        let mut values = Vec::new();
        let mut node = &head;
        while let Some(n) = node {
            values.push(n.val);
            node = &n.next;
        }
        let mut order: Vec<i32> = values.iter().copied().filter(|v| v % 2 != 0).collect();
        order.extend(values.iter().copied().filter(|v| v % 2 == 0));
        let mut result = None;
        for &v in order.iter().rev() {
            result = Some(Box::new(ListNode { val: v, next: result }));
        }
        result
    }
}
