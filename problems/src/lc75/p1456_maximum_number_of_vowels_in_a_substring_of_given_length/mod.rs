use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<(String, i32), i32> {
    Spec {
        info: Info {
            order: 15,
            id: 1456,
            slug: "maximum-number-of-vowels-in-a-substring-of-given-length",
            title: "Maximum Number of Vowels in a Substring of Given Length",
            category: "Sliding Window",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (("abciiidef".into(), 3), 3),
            (("aeiou".into(), 2), 2),
            (("leetcode".into(), 3), 2),
            (("x".into(), 1), 0),
            (("u".into(), 1), 1),
            (("bcdfgaei".into(), 3), 3),
            (("aebcdfgh".into(), 8), 2),
            (("rhythm".into(), 2), 0),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn max_vowels(s: String, k: i32) -> i32";

const CONSONANTS: &[u8] = b"bcdfghjklmnpqrstvwxyz";

fn small(rng: &mut Rng) -> Vec<(String, i32)> {
    let mut cases = vec![
        ("a".to_string(), 1),
        ("b".to_string(), 1),
        ("aaaaa".to_string(), 5),
        ("bbbbb".to_string(), 3),
        ("bbbbbbbbbae".to_string(), 2),
        ("eabbbbbbbbb".to_string(), 2),
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 60);
        let s = match inputs::int(rng, 0, 2) {
            0 => inputs::lowercase(rng, n),
            1 => inputs::string(rng, n, b"aeioubcd"),
            _ => inputs::string(rng, n, b"abcdfghe"),
        };
        cases.push((s, inputs::int(rng, 1, n as i32)));
    }
    // Vowels only at the very end, so that the last window is the best one.
    for _ in 0..5 {
        let n = inputs::len(rng, 2, 40);
        let k = inputs::len(rng, 1, n);
        let s = inputs::string(rng, n - k, CONSONANTS) + &inputs::string(rng, k, b"aeiou");
        cases.push((s, k as i32));
    }
    cases
}

/// LeetCode caps `s` at 10^5 letters; the perf strings are ten times longer,
/// so that the per-letter cost of each solution shows.
fn perf(rng: &mut Rng) -> Vec<(String, i32)> {
    let n = 1_000_000;
    vec![
        (inputs::lowercase(rng, n), n as i32 / 2),
        (inputs::lowercase(rng, n), 7),
        (inputs::string(rng, n, CONSONANTS), 1000),
        (inputs::string(rng, n, b"aeioubcdfg"), 100_000),
    ]
}
