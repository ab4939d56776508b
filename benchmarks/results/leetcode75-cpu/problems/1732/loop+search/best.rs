impl Solution {
    pub fn largest_altitude(gain: Vec<i32>) -> i32 {
        let mut highest = 0;
        let mut current_altitude = 0;
        for point in gain {
            current_altitude += point;
            if current_altitude > highest {
                highest = current_altitude;
            }
        }
        highest
    }
}
