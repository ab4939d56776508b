fn sort_titles(titles: &mut Vec<String>) {
    titles.sort_by(|a, b| a.to_lowercase().cmp(&b.to_lowercase()));
}
