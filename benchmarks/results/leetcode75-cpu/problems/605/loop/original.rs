impl Solution {
    pub fn can_place_flowers(flowerbed: Vec<i32>, n: i32) -> bool {
        let mut bed = flowerbed.clone();
        let len = bed.len();
        // Plant one flower at a time in the first plot that allows it.
        for _ in 0..n {
            let mut planted = false;
            for i in 0..len {
                let left_empty = i == 0 || bed[i - 1] == 0;
                let right_empty = i == len - 1 || bed[i + 1] == 0;
                if bed[i] == 0 && left_empty && right_empty {
                    bed[i] = 1;
                    planted = true;
                    break;
                }
            }
            if !planted {
                return false;
            }
        }
        true
    }
}
