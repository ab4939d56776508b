fn shared_tags(mine: &[String], theirs: &[String]) -> usize {
    mine.iter().filter(|t| theirs.iter().any(|o| o == *t)).count()
}
