impl Solution {
    pub fn find_difference(nums1: Vec<i32>, nums2: Vec<i32>) -> Vec<Vec<i32>> {
        let mut only1 = Vec::new();
        for x in &nums1 {
            if !nums2.contains(x) && !only1.contains(x) {
                only1.push(*x);
            }
        }
        let mut only2 = Vec::new();
        for x in &nums2 {
            if !nums1.contains(x) && !only2.contains(x) {
                only2.push(*x);
            }
        }
        vec![only1, only2]
    }
}
