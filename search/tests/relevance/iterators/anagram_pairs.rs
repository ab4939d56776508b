fn anagram_pairs(words: &[String]) -> usize {
    let keys: Vec<String> = words
        .iter()
        .map(|w| {
            let mut letters: Vec<char> = w.chars().collect();
            letters.sort();
            letters.into_iter().collect()
        })
        .collect();
    keys.iter().enumerate().map(|(i, k)| keys[i + 1..].iter().filter(|other| *other == k).count()).sum()
}
