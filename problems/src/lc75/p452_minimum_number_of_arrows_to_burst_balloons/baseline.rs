impl Solution {
    pub fn find_min_arrow_shots(points: Vec<Vec<i32>>) -> i32 {
        let mut sorted = points.clone();
        sorted.sort_by(|a, b| a[0].cmp(&b[0]));
        let mut arrows = 1;
        // The rightmost position the current arrow may take.
        let mut reach = sorted[0][1];
        for p in sorted.iter().skip(1) {
            if p[0] > reach {
                arrows += 1;
                reach = p[1];
            } else {
                reach = reach.min(p[1]);
            }
        }
        arrows
    }
}
