// Reports a missing value once per occurrence instead of once.
impl Solution {
    pub fn find_difference(nums1: Vec<i32>, nums2: Vec<i32>) -> Vec<Vec<i32>> {
        let only1 = nums1.iter().copied().filter(|x| !nums2.contains(x)).collect();
        let only2 = nums2.iter().copied().filter(|x| !nums1.contains(x)).collect();
        vec![only1, only2]
    }
}
