fn first_occurrences(ids: &[u64]) -> Vec<u64> {
    ids.iter()
        .enumerate()
        .filter(|&(i, id)| ids.iter().position(|other| other == id) == Some(i))
        .map(|(_, id)| *id)
        .collect()
}
