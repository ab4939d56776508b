impl Solution {
    pub fn largest_altitude(gain: Vec<i32>) -> i32 {
        let mut altitude = 0;
        let mut highest = 0;
        for &g in &gain {
            altitude += g;
            highest = highest.max(altitude);
        }
        highest
    }
}
