impl Solution {
    pub fn kids_with_candies(candies: Vec<i32>, extra_candies: i32) -> Vec<bool> {
        let mut result = Vec::new();
        let mut max_candy = *candies.iter().max().unwrap();
        for i in 0..candies.len() {
            result.push(candies[i] + extra_candies >= max_candy);
        }
        result
    }
}
