//! Counts how often each word occurs in a generated text and prints the
//! ten most frequent with their counts. Words are looked up in a
//! `HashMap<String, usize>` keyed by freshly allocated lowercase strings.
//! Reads `words seed` from stdin (default `400000 11`).

use std::collections::HashMap;
use std::io::Read;

const SYLLABLES: [&str; 12] = ["ka", "lo", "mi", "re", "tu", "sa", "ne", "po", "vi", "da", "ju", "he"];

fn text(words: usize, mut seed: u64) -> String {
    let mut out = String::new();
    for _ in 0..words {
        seed = seed.wrapping_mul(2862933555777941757).wrapping_add(3037000493);
        let length = 1 + (seed >> 60) as usize % 3;
        for i in 0..length {
            let syllable = SYLLABLES[((seed >> (8 * i + 8)) % 12) as usize];
            if i == 0 && (seed >> 40) % 5 == 0 {
                out.push_str(&syllable.to_uppercase());
            } else {
                out.push_str(syllable);
            }
        }
        out.push(' ');
    }
    out
}

fn top_words(text: &str) -> Vec<(String, usize)> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for word in text.split(' ') {
        if word.is_empty() {
            continue;
        }
        let key = word.to_lowercase();
        if counts.contains_key(&key) {
            *counts.get_mut(&key).unwrap() += 1;
        } else {
            counts.insert(key, 1);
        }
    }
    let mut all: Vec<(String, usize)> = counts.into_iter().collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    all.truncate(10);
    all
}

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let fields: Vec<u64> = input.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    let (words, seed) = match fields[..] {
        [words, seed] => (words as usize, seed),
        _ => (400_000, 11),
    };
    for (word, count) in top_words(&text(words, seed)) {
        println!("{word} {count}");
    }
}

#[test]
fn case_is_ignored() {
    assert_eq!(top_words("Ka ka lo "), vec![("ka".to_string(), 2), ("lo".to_string(), 1)]);
}
