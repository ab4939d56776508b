impl Solution {
    pub fn erase_overlap_intervals(intervals: Vec<Vec<i32>>) -> i32 {
        // Greedy by end: keep the interval that ends first among those that
        // fit. Ends lie in a small range, so bucket by end instead of
        // sorting; of the intervals sharing an end only the latest start
        // matters (at most one of them can be kept).
        const OFFSET: i32 = 50_000;
        let mut latest_start = vec![i32::MIN; 2 * OFFSET as usize + 1];
        for interval in &intervals {
            let slot = &mut latest_start[(interval[1] + OFFSET) as usize];
            *slot = (*slot).max(interval[0]);
        }
        let mut kept = 0;
        let mut end = i32::MIN;
        for (e, &start) in latest_start.iter().enumerate() {
            if start != i32::MIN && start >= end {
                kept += 1;
                end = e as i32 - OFFSET;
            }
        }
        intervals.len() as i32 - kept
    }
}
