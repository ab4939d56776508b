fn even_digit_count(nums: &[u32]) -> usize {
    nums.iter().filter(|n| n.to_string().len() % 2 == 0).count()
}
