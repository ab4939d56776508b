fn report(scores: &[(String, u32)]) {
    scores.iter().for_each(|(name, score)| println!("{}: {}", name, score));
}
