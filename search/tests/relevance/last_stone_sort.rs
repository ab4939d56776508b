impl Solution {
    pub fn last_stone_weight(mut stones: Vec<i32>) -> i32 {
        while stones.len() > 1 {
            stones.sort();
            let y = stones.pop().unwrap();
            let x = stones.pop().unwrap();
            if x != y {
                stones.push(y - x);
            }
        }
        stones.first().copied().unwrap_or(0)
    }
}
