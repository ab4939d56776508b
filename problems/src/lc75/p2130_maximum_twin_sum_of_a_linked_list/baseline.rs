impl Solution {
    pub fn pair_sum(head: Option<Box<ListNode>>) -> i32 {
        let mut values = Vec::new();
        let mut node = &head;
        while let Some(n) = node {
            values.push(n.val);
            node = &n.next;
        }
        let reversed: Vec<i32> = values.iter().rev().cloned().collect();
        let sums: Vec<i32> = values.iter().zip(reversed.iter()).map(|(a, b)| a + b).collect();
        *sums.iter().max().unwrap()
    }
}
