impl Solution {
    pub fn max_operations(nums: Vec<i32>, k: i32) -> i32 {
        // Open addressing: values still waiting for a partner, with their
        // counts. Every value is at least 1, so 0 marks an empty slot.
        let bits = (2 * nums.len()).next_power_of_two().trailing_zeros().max(1);
        let mask = (1usize << bits) - 1;
        let mut keys = vec![0i32; mask + 1];
        let mut counts = vec![0i32; mask + 1];
        let slot = |keys: &[i32], x: i32| {
            let mut i = ((x as u32).wrapping_mul(0x9e37_79b9) >> (32 - bits)) as usize;
            while keys[i] != 0 && keys[i] != x {
                i = (i + 1) & mask;
            }
            i
        };
        let mut operations = 0;
        for &x in &nums {
            let need = k - x;
            if need >= 1 {
                let i = slot(&keys, need);
                if counts[i] > 0 {
                    counts[i] -= 1;
                    operations += 1;
                    continue;
                }
            }
            let i = slot(&keys, x);
            keys[i] = x;
            counts[i] += 1;
        }
        operations
    }
}
