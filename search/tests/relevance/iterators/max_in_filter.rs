fn count_of_max(values: &[i32]) -> usize {
    values.iter().filter(|&&v| v == *values.iter().max().unwrap()).count()
}
