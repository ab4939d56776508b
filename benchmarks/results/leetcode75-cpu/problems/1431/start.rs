impl Solution {
    pub fn kids_with_candies(candies: Vec<i32>, extra_candies: i32) -> Vec<bool> {
        let mut result = Vec::new();
        for i in 0..candies.len() {
            let total = candies[i] + extra_candies;
            let mut greatest = true;
            for j in 0..candies.len() {
                if candies[j] > total {
                    greatest = false;
                }
            }
            result.push(greatest);
        }
        result
    }
}
