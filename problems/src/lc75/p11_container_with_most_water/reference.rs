impl Solution {
    pub fn max_area(height: Vec<i32>) -> i32 {
        let (mut i, mut j) = (0, height.len() - 1);
        let mut best = 0;
        while i < j {
            let (a, b) = (height[i], height[j]);
            let h = a.min(b);
            best = best.max(h * (j - i) as i32);
            // Walls no taller than h cannot do better with a narrower base.
            while i < j && height[i] <= h {
                i += 1;
            }
            while i < j && height[j] <= h {
                j -= 1;
            }
        }
        best
    }
}
