impl Solution {
    pub fn can_place_flowers(flowerbed: Vec<i32>, n: i32) -> bool {
        let mut needed = n;
        let mut i = 0;
        let len = flowerbed.len();
        while needed > 0 && i < len {
            if flowerbed[i] == 1 {
                // The next plot cannot take a flower either.
                i += 2;
            } else if i + 1 == len || flowerbed[i + 1] == 0 {
                // The previous plot is empty, or we would have skipped here.
                needed -= 1;
                i += 2;
            } else {
                i += 3;
            }
        }
        needed <= 0
    }
}
