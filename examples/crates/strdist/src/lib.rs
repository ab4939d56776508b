//! String distances and a nearest-word search over a dictionary.
//!
//! Written the obvious way: [`levenshtein`] allocates its whole
//! (n+1) x (m+1) table as a `Vec<Vec<usize>>` and collects both strings
//! into `Vec<char>` on every call, and [`nearest`] calls it once per
//! dictionary word without any cheap lower bound to skip hopeless words.

/// The edit distance between `a` and `b` in characters (insertions,
/// deletions and substitutions each cost 1).
pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in table.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in table[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let substitution = if a[i - 1] == b[j - 1] { 0 } else { 1 };
            table[i][j] = (table[i - 1][j] + 1).min(table[i][j - 1] + 1).min(table[i - 1][j - 1] + substitution);
        }
    }
    table[a.len()][b.len()]
}

/// The number of positions at which `a` and `b` differ, or `None` when they
/// have different lengths in characters.
pub fn hamming(a: &str, b: &str) -> Option<usize> {
    if a.chars().count() != b.chars().count() {
        return None;
    }
    Some(a.chars().zip(b.chars()).filter(|(x, y)| x != y).count())
}

/// The length in characters of the longest common prefix of `a` and `b`.
pub fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// The dictionary word closest to `word` by [`levenshtein`] distance, with
/// its distance; among equally close words, the one with the longest common
/// prefix, then the first. `None` for an empty dictionary.
pub fn nearest(word: &str, dictionary: &[String]) -> Option<(String, usize)> {
    let mut best: Option<(String, usize, usize)> = None;
    for candidate in dictionary {
        let distance = levenshtein(word, candidate);
        let prefix = common_prefix(word, candidate);
        let better = match &best {
            None => true,
            Some((_, best_distance, best_prefix)) => {
                distance < *best_distance || (distance == *best_distance && prefix > *best_prefix)
            }
        };
        if better {
            best = Some((candidate.clone(), distance, prefix));
        }
    }
    best.map(|(word, distance, _)| (word, distance))
}

/// For each query, its [`nearest`] dictionary word (an empty dictionary
/// gives an empty result).
pub fn correct_all(queries: &[String], dictionary: &[String]) -> Vec<(String, usize)> {
    queries.iter().filter_map(|query| nearest(query, dictionary)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn levenshtein_counts_edits() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("flaw", "lawn"), 2);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("abc", ""), 3);
        assert_eq!(levenshtein("", ""), 0);
        assert_eq!(levenshtein("same", "same"), 0);
        assert_eq!(levenshtein("intention", "execution"), 5);
    }

    #[test]
    fn levenshtein_counts_characters_not_bytes() {
        assert_eq!(levenshtein("café", "cafe"), 1);
        assert_eq!(levenshtein("日本語", "日本"), 1);
    }

    #[test]
    fn levenshtein_is_symmetric() {
        for (a, b) in [("sunday", "saturday"), ("rosettacode", "raisethysword"), ("a", "xyz")] {
            assert_eq!(levenshtein(a, b), levenshtein(b, a));
        }
    }

    #[test]
    fn hamming_needs_equal_lengths() {
        assert_eq!(hamming("karolin", "kathrin"), Some(3));
        assert_eq!(hamming("", ""), Some(0));
        assert_eq!(hamming("abc", "ab"), None);
    }

    #[test]
    fn common_prefix_in_characters() {
        assert_eq!(common_prefix("prefix", "preface"), 4);
        assert_eq!(common_prefix("über", "übel"), 3);
        assert_eq!(common_prefix("", "x"), 0);
    }

    #[test]
    fn nearest_prefers_distance_then_prefix_then_order() {
        let dictionary = words(&["apple", "apply", "ample", "maple"]);
        // 1 from "apple" and "apply", both sharing "appl": the first wins.
        assert_eq!(nearest("appla", &dictionary), Some(("apple".to_string(), 1)));
        // 1 from "ample", 2 from every other word.
        assert_eq!(nearest("ampla", &dictionary), Some(("ample".to_string(), 1)));
        // 1 from "apple", 2 from every other word.
        assert_eq!(nearest("bpple", &dictionary), Some(("apple".to_string(), 1)));
        // A tie on distance and prefix keeps the first word.
        assert_eq!(nearest("xy", &words(&["xa", "xb"])), Some(("xa".to_string(), 1)));
        assert_eq!(nearest("word", &[]), None);
    }

    #[test]
    fn correct_all_maps_each_query() {
        let dictionary = words(&["house", "mouse", "horse"]);
        let queries = words(&["hous", "mose", "horsey"]);
        assert_eq!(
            correct_all(&queries, &dictionary),
            vec![("house".to_string(), 1), ("mouse".to_string(), 1), ("horse".to_string(), 1)]
        );
        assert!(correct_all(&queries, &[]).is_empty());
    }
}
