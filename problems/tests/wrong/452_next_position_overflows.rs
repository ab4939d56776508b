// Asks whether a balloon starts at or after the position just right of the
// arrow, `arrow + 1`, which wraps around when the arrow is at i32::MAX.
impl Solution {
    pub fn find_min_arrow_shots(points: Vec<Vec<i32>>) -> i32 {
        let mut points = points;
        points.sort_by_key(|p| p[1]);
        let mut arrows = 1;
        let mut arrow = points[0][1];
        for p in &points[1..] {
            if p[0] >= arrow.wrapping_add(1) {
                arrows += 1;
                arrow = p[1];
            }
        }
        arrows
    }
}
