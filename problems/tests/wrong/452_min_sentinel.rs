// Starts with i32::MIN as "no arrow yet", so a first balloon that starts at
// i32::MIN seems already burst.
impl Solution {
    pub fn find_min_arrow_shots(points: Vec<Vec<i32>>) -> i32 {
        let mut points = points;
        points.sort_by_key(|p| p[1]);
        let mut arrows = 0;
        let mut arrow = i32::MIN;
        for p in &points {
            if p[0] > arrow {
                arrows += 1;
                arrow = p[1];
            }
        }
        arrows
    }
}
