fn third_column_total(lines: &[String]) -> u64 {
    lines.iter().map(|line| line.split(',').collect::<Vec<_>>()[2].trim().parse::<u64>().unwrap()).sum()
}
