impl Solution {
    pub fn delete_middle(mut head: Option<Box<ListNode>>) -> Option<Box<ListNode>> {
        let mut n = 0;
        let mut node = head.as_deref();
        while let Some(x) = node {
            n += 1;
            node = x.next.as_deref();
        }
        if n == 1 {
            return None;
        }
        // Stop at the node before the middle and unlink its successor.
        let mut before = head.as_mut().unwrap();
        for _ in 1..n / 2 {
            before = before.next.as_mut().unwrap();
        }
        let mut middle = before.next.take().unwrap();
        before.next = middle.next.take();
        head
    }
}
