// Counts every empty plot with empty neighbours, but never marks the plots it
// plants, so two neighbouring plots can both be counted.
impl Solution {
    pub fn can_place_flowers(flowerbed: Vec<i32>, n: i32) -> bool {
        let len = flowerbed.len();
        let mut count = 0;
        for i in 0..len {
            let left = i == 0 || flowerbed[i - 1] == 0;
            let right = i + 1 == len || flowerbed[i + 1] == 0;
            if flowerbed[i] == 0 && left && right {
                count += 1;
            }
        }
        count >= n
    }
}
