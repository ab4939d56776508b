impl Solution {
    pub fn erase_overlap_intervals(intervals: Vec<Vec<i32>>) -> i32 {
        let mut sorted = intervals.clone();
        sorted.sort();
        let mut removed = 0;
        let mut end = sorted[0][1];
        for interval in sorted.iter().skip(1) {
            if interval[0] < end {
                // Overlap: keep whichever of the two ends first.
                removed += 1;
                end = end.min(interval[1]);
            } else {
                end = interval[1];
            }
        }
        removed
    }
}
