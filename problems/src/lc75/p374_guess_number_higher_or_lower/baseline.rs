impl Solution {
    unsafe fn guessNumber(n: i32) -> i32 {
        let mut low: i64 = 1;
        let mut high: i64 = n as i64;
        loop {
            let mid = (low + high) / 2;
            if guess(mid as i32) == 0 {
                return mid as i32;
            }
            if guess(mid as i32) == -1 {
                high = mid - 1;
            } else {
                low = mid + 1;
            }
        }
    }
}
