// Starts the maximum at the first point after the start, so a ride that only
// goes down reports a negative altitude instead of the starting 0.
impl Solution {
    pub fn largest_altitude(gain: Vec<i32>) -> i32 {
        let mut altitude = gain[0];
        let mut highest = altitude;
        for &g in &gain[1..] {
            altitude += g;
            highest = highest.max(altitude);
        }
        highest
    }
}
