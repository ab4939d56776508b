impl Solution {
    pub fn largest_altitude(gain: Vec<i32>) -> i32 {
        let mut highest = 0;
        for point in 1..=gain.len() {
            // The altitude of this point: every gain before it added up.
            let mut altitude = 0;
            for j in 0..point {
                altitude += gain[j];
            }
            if altitude > highest {
                highest = altitude;
            }
        }
        highest
    }
}
