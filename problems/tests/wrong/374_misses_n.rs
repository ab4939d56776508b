// Searches 1..=n-1 as if the range were 0-indexed, so a pick of n is missed.
impl Solution {
    #[allow(non_snake_case)]
    unsafe fn guessNumber(n: i32) -> i32 {
        let (mut lo, mut hi) = (1, n - 1);
        while lo <= hi {
            let mid = lo + (hi - lo) / 2;
            match unsafe { guess(mid) } {
                0 => return mid,
                -1 => hi = mid - 1,
                _ => lo = mid + 1,
            }
        }
        -1
    }
}
