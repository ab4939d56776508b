use std::collections::BTreeSet;

use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

type Input = (Vec<String>, String);

pub fn spec() -> Spec<Input, Vec<Vec<String>>> {
    Spec {
        info: Info {
            order: 71,
            id: 1268,
            slug: "search-suggestions-system",
            title: "Search Suggestions System",
            category: "Trie",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (
                (strings(&["mobile", "mouse", "moneypot", "monitor", "mousepad"]), "mouse".into()),
                vec![
                    strings(&["mobile", "moneypot", "monitor"]),
                    strings(&["mobile", "moneypot", "monitor"]),
                    strings(&["mouse", "mousepad"]),
                    strings(&["mouse", "mousepad"]),
                    strings(&["mouse", "mousepad"]),
                ],
            ),
            ((strings(&["havana"]), "havana".into()), vec![strings(&["havana"]); 6]),
            (
                (strings(&["bags", "baggage", "banner", "box", "cloths"]), "bags".into()),
                vec![
                    strings(&["baggage", "bags", "banner"]),
                    strings(&["baggage", "bags", "banner"]),
                    strings(&["baggage", "bags"]),
                    strings(&["bags"]),
                ],
            ),
            ((strings(&["a"]), "b".into()), vec![vec![]]),
            ((strings(&["ab", "a"]), "abc".into()), vec![strings(&["a", "ab"]), strings(&["ab"]), vec![]]),
            ((strings(&["d", "c", "b", "a", "ab"]), "ab".into()), vec![strings(&["a", "ab"]), strings(&["ab"])]),
            ((strings(&["xa", "xd", "xc", "xb"]), "x".into()), vec![strings(&["xa", "xb", "xc"])]),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn suggested_products(products: Vec<String>, search_word: String) -> Vec<Vec<String>>";

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Up to `n` distinct names of `1..=max_len` letters from `alphabet`, in
/// random order.
fn names(rng: &mut Rng, n: usize, max_len: usize, alphabet: &[u8]) -> Vec<String> {
    let mut set = BTreeSet::new();
    for _ in 0..n {
        let len = inputs::len(rng, 1, max_len);
        set.insert(inputs::string(rng, len, alphabet));
    }
    inputs::shuffled(rng, set.into_iter().collect())
}

/// A search word: mostly a product name, cut or extended, so that its
/// prefixes match many products.
fn search_word(rng: &mut Rng, products: &[String], max_len: usize, alphabet: &[u8]) -> String {
    let mut word = if inputs::chance(rng, 0.8) {
        let base = inputs::pick(rng, products).clone();
        let cut = inputs::len(rng, 1, base.len());
        base[..cut].to_string()
    } else {
        String::new()
    };
    let extra = inputs::len(rng, if word.is_empty() { 1 } else { 0 }, max_len);
    word.push_str(&inputs::string(rng, extra, alphabet));
    word
}

fn small(rng: &mut Rng) -> Vec<Input> {
    let mut cases = vec![
        (strings(&["a", "aa", "aaa", "aaaa", "aaaaa"]), "aaaaaa".into()),
        (strings(&["z"]), "z".repeat(1000)),
        (vec!["q".repeat(3000)], "q".repeat(1000)),
        ((0..26).map(|i| ((b'z' - i) as char).to_string()).collect(), "m".into()),
    ];
    let alphabets: [&[u8]; 3] = [b"ab", b"abc", b"abcdefghijklmnopqrstuvwxyz"];
    for _ in 0..40 {
        let alphabet = *inputs::pick(rng, &alphabets);
        let n = inputs::len(rng, 1, 20);
        let max_len = inputs::len(rng, 1, 6);
        let products = names(rng, n, max_len, alphabet);
        let word = search_word(rng, &products, 4, alphabet);
        cases.push((products, word));
    }
    cases
}

/// LeetCode's largest inputs (names adding up to 2 * 10^4 letters, a
/// 1000-letter search word): 1000 names over 2 letters, 1000 names sharing
/// a 10-letter prefix with the search word, and 6 names of 3000 letters
/// that all start with the whole search word. The naive
/// solution filters, copies and sorts the matches for every prefix.
fn perf(rng: &mut Rng) -> Vec<Input> {
    let binary = names(rng, 1000, 20, b"ab");
    let binary_word = binary[0].clone() + &inputs::string(rng, 1000 - binary[0].len(), b"ab");
    let shared: Vec<String> =
        names(rng, 1000, 10, b"abcdefghijklmnopqrstuvwxyz").into_iter().map(|p| "k".repeat(10) + &p).collect();
    // Distinct through their last letter.
    let long: Vec<String> = (0..6u8)
        .map(|i| "m".repeat(1000) + &inputs::string(rng, 1999, b"mn") + &((b'a' + i) as char).to_string())
        .collect();
    vec![(binary, binary_word), (shared, "k".repeat(1000)), (long, "m".repeat(1000))]
}
