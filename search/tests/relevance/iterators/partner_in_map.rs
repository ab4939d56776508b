fn partner_indices(nums: &[i64], target: i64) -> Vec<Option<usize>> {
    nums.iter()
        .enumerate()
        .map(|(i, &x)| {
            let mut partner = None;
            for (j, &y) in nums.iter().enumerate() {
                if j != i && x + y == target {
                    partner = Some(j);
                    break;
                }
            }
            partner
        })
        .collect()
}
