// Pairs node i with node n/2 + i (the halves side by side, not mirrored).
impl Solution {
    pub fn pair_sum(head: Option<Box<ListNode>>) -> i32 {
        let mut values = Vec::new();
        let mut node = &head;
        while let Some(n) = node {
            values.push(n.val);
            node = &n.next;
        }
        let half = values.len() / 2;
        (0..half).map(|i| values[i] + values[half + i]).max().unwrap()
    }
}
