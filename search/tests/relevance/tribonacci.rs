impl Solution {
    pub fn tribonacci(n: i32) -> i32 {
        if n == 0 {
            return 0;
        }
        if n <= 2 {
            return 1;
        }
        Self::tribonacci(n - 1) + Self::tribonacci(n - 2) + Self::tribonacci(n - 3)
    }
}
