fn circular_sums(values: &[u64], starts: &[usize]) -> Vec<u64> {
    let n = values.len();
    let mut out = Vec::new();
    for &s in starts {
        let mut total = 0;
        for k in 0..n {
            total += values[(s + k) % n] * ((k % 3) as u64 + 1);
        }
        out.push(total);
    }
    out
}
