fn even_squares(values: &[i64]) -> (Vec<i64>, usize) {
    let mut squares = Vec::new();
    for v in values {
        squares.push(v * v);
    }
    let evens: Vec<i64> = squares.iter().filter(|s| *s % 2 == 0).cloned().collect();
    let count = evens.iter().collect::<Vec<_>>().len();
    (squares, count)
}
