impl Solution {
    pub fn max_area(height: Vec<i32>) -> i32 {
        // Visit the walls from tallest to shortest. When wall i is visited,
        // every taller wall has been, so its best partner is the farthest
        // visited wall: the leftmost or the rightmost one.
        let mut order: Vec<usize> = (0..height.len()).collect();
        order.sort_by(|&a, &b| height[b].cmp(&height[a]));
        let (mut leftmost, mut rightmost) = (usize::MAX, 0);
        let mut best = 0;
        for &i in &order {
            leftmost = leftmost.min(i);
            rightmost = rightmost.max(i);
            let width = (i - leftmost).max(rightmost - i);
            best = best.max(height[i] * width as i32);
        }
        best
    }
}
