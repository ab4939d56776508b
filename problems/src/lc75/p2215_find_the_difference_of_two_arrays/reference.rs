impl Solution {
    pub fn find_difference(nums1: Vec<i32>, nums2: Vec<i32>) -> Vec<Vec<i32>> {
        // Values lie in -1000..=1000: bit 0 marks nums1, bit 1 marks nums2.
        const OFFSET: i32 = 1000;
        let mut seen = [0u8; 2001];
        for &x in &nums1 {
            seen[(x + OFFSET) as usize] |= 1;
        }
        for &x in &nums2 {
            seen[(x + OFFSET) as usize] |= 2;
        }
        let (mut only1, mut only2) = (Vec::new(), Vec::new());
        for (i, &mark) in seen.iter().enumerate() {
            match mark {
                1 => only1.push(i as i32 - OFFSET),
                2 => only2.push(i as i32 - OFFSET),
                _ => {}
            }
        }
        vec![only1, only2]
    }
}
