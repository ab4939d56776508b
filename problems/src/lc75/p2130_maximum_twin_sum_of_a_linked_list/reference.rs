impl Solution {
    pub fn pair_sum(head: Option<Box<ListNode>>) -> i32 {
        let mut n = 0;
        let mut node = head.as_deref();
        while let Some(x) = node {
            n += 1;
            node = x.next.as_deref();
        }
        // Reverse the first half in place, then walk both halves together:
        // the reversed first half meets its twins in order.
        let mut first = None;
        let mut rest = head;
        for _ in 0..n / 2 {
            let mut x = rest.unwrap();
            rest = x.next.take();
            x.next = first;
            first = Some(x);
        }
        let (mut a, mut b) = (first.as_deref(), rest.as_deref());
        let mut best = 0;
        while let (Some(x), Some(y)) = (a, b) {
            best = best.max(x.val + y.val);
            a = x.next.as_deref();
            b = y.next.as_deref();
        }
        best
    }
}
