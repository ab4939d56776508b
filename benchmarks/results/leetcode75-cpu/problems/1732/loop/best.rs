impl Solution {
    pub fn largest_altitude(gain: Vec<i32>) -> i32 {
        let mut highest = 0;
        let mut altitude = 0;
        for &point in &gain {
            altitude += point;
            if altitude > highest {
                highest = altitude;
            }
        }
        highest
    }
}
