use std::collections::HashMap;

impl Solution {
    pub fn tribonacci(n: i32) -> i32 {
        let mut memo = HashMap::new();
        Self::trib(n, &mut memo)
    }

    fn trib(n: i32, memo: &mut HashMap<i32, i32>) -> i32 {
        if n == 0 {
            return 0;
        }
        if n <= 2 {
            return 1;
        }
        if let Some(&v) = memo.get(&n) {
            return v;
        }
        let v = Self::trib(n - 1, memo) + Self::trib(n - 2, memo) + Self::trib(n - 3, memo);
        memo.insert(n, v);
        v
    }
}
