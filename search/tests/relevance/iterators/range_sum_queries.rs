fn range_sums(v: &[i64], queries: &[(usize, usize)]) -> Vec<i64> {
    queries.iter().map(|&(l, r)| v[l..=r].iter().sum()).collect()
}
