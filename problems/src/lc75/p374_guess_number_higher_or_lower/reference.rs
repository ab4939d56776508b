impl Solution {
    #[allow(non_snake_case)]
    unsafe fn guessNumber(n: i32) -> i32 {
        let (mut lo, mut hi) = (1, n);
        loop {
            // Both are below 2^31, so their sum fits in a u32.
            let mid = ((lo as u32 + hi as u32) >> 1) as i32;
            match unsafe { guess(mid) } {
                0 => return mid,
                -1 => hi = mid - 1,
                _ => lo = mid + 1,
            }
        }
    }
}
