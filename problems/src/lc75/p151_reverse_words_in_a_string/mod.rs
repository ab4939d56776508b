use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<String, String> {
    Spec {
        info: Info {
            order: 6,
            id: 151,
            slug: "reverse-words-in-a-string",
            title: "Reverse Words in a String",
            category: "Array / String",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ("the sky is blue".into(), "blue is sky the".into()),
            ("  hello world  ".into(), "world hello".into()),
            ("a good   example".into(), "example good a".into()),
            ("x".into(), "x".into()),
            ("   Z9   ".into(), "Z9".into()),
            ("a b".into(), "b a".into()),
            ("One  2 three ".into(), "three 2 One".into()),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn reverse_words(s: String) -> String";

const WORD: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// Random text of about `n` characters: words of 1 to `word` characters
/// separated by 1 to `gap` spaces, with optional spaces at both ends, and
/// always at least one word.
fn text(rng: &mut Rng, n: usize, word: usize, gap: usize) -> String {
    let mut s = " ".repeat(inputs::len(rng, 0, gap));
    loop {
        let w = inputs::len(rng, 1, word);
        s.push_str(&inputs::string(rng, w, WORD));
        if s.len() >= n {
            break;
        }
        s.push_str(&" ".repeat(inputs::len(rng, 1, gap)));
    }
    s.push_str(&" ".repeat(inputs::len(rng, 0, gap)));
    s
}

fn small(rng: &mut Rng) -> Vec<String> {
    let mut cases = vec![
        "a".into(),
        " a".into(),
        "a ".into(),
        format!("{}q{}", " ".repeat(4999), " ".repeat(5000)),
        "ab".repeat(5000),
        "a ".repeat(5000),
        " 1".repeat(5000),
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 40);
        let word = inputs::len(rng, 1, 8);
        let gap = inputs::len(rng, 1, 4);
        cases.push(text(rng, n, word, gap));
    }
    cases
}

/// LeetCode caps the string at 10^4 characters; the perf strings have about
/// 10^6, so that the per-character cost shows: one-letter words, long
/// words, wide gaps and a single word.
fn perf(rng: &mut Rng) -> Vec<String> {
    let n = 1_000_000;
    vec![
        "a ".repeat(n / 2),
        text(rng, n, 12, 3),
        text(rng, n, 1000, 1),
        text(rng, n, 2, 30),
        inputs::string(rng, n, WORD),
    ]
}
