impl Solution {
    pub fn product_except_self(nums: Vec<i32>) -> Vec<i32> {
        let n = nums.len();
        // prefix[i]: product of nums[..i]; suffix[i]: product of nums[i + 1..].
        let mut prefix = vec![1; n];
        for i in 1..n {
            prefix[i] = prefix[i - 1] * nums[i - 1];
        }
        let mut suffix = vec![1; n];
        for i in (0..n - 1).rev() {
            suffix[i] = suffix[i + 1] * nums[i + 1];
        }
        let mut answer = Vec::new();
        for i in 0..n {
            answer.push(prefix[i] * suffix[i]);
        }
        answer
    }
}
