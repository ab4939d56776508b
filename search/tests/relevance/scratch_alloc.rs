fn top3_per_row(rows: &[Vec<i64>]) -> Vec<i64> {
    let mut result = Vec::new();
    for row in rows {
        let mut tmp = Vec::new();
        for x in row {
            tmp.push(*x);
        }
        tmp.sort();
        tmp.reverse();
        result.push(tmp.iter().take(3).sum());
    }
    result
}
