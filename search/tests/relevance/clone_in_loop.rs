fn count_matches(queries: &[String], dictionary: Vec<String>) -> Vec<usize> {
    let mut out = Vec::new();
    for q in queries {
        let dict = dictionary.clone();
        let mut n = 0;
        for word in dict {
            if word.starts_with(q.as_str()) {
                n += 1;
            }
        }
        out.push(n);
    }
    out
}
