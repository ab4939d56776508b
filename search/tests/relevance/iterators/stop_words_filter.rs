fn strip_stop_words<'a>(text: &'a str, stop_words: &[&str]) -> Vec<&'a str> {
    text.split_whitespace().filter(|w| !stop_words.contains(w)).collect()
}
