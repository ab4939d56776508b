fn count_ways(amount: i64, coins: &[i64]) -> u64 {
    if amount == 0 {
        return 1;
    }
    if amount < 0 {
        return 0;
    }
    coins.iter().map(|&c| count_ways(amount - c, coins)).sum()
}
