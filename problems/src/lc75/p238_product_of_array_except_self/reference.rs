impl Solution {
    pub fn product_except_self(nums: Vec<i32>) -> Vec<i32> {
        let n = nums.len();
        let mut answer = vec![1; n];
        let mut prefix = 1;
        for (a, &x) in answer.iter_mut().zip(&nums) {
            *a = prefix;
            prefix *= x;
        }
        let mut suffix = 1;
        for (a, &x) in answer.iter_mut().zip(&nums).rev() {
            *a *= suffix;
            suffix *= x;
        }
        answer
    }
}
