// Sorts by start and, on an overlap, always drops the later interval, even
// when it ends first.
impl Solution {
    pub fn erase_overlap_intervals(intervals: Vec<Vec<i32>>) -> i32 {
        let mut sorted = intervals;
        sorted.sort();
        let mut removed = 0;
        let mut end = sorted[0][1];
        for interval in &sorted[1..] {
            if interval[0] < end {
                removed += 1;
            } else {
                end = interval[1];
            }
        }
        removed
    }
}
