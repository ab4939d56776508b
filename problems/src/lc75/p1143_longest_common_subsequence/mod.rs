use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

type Input = (String, String);

pub fn spec() -> Spec<Input, i32> {
    Spec {
        info: Info {
            order: 64,
            id: 1143,
            slug: "longest-common-subsequence",
            title: "Longest Common Subsequence",
            category: "DP - Multidimensional",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (("abcde".into(), "ace".into()), 3),
            (("abc".into(), "abc".into()), 3),
            (("abc".into(), "def".into()), 0),
            (("a".into(), "a".into()), 1),
            (("a".into(), "b".into()), 0),
            (("ab".into(), "ba".into()), 1),
            (("bsbininm".into(), "jmjkbkjkv".into()), 1),
            (("aaaa".into(), "aa".into()), 2),
            (("abcba".into(), "abcbcba".into()), 5),
            (("a".repeat(1000), "a".repeat(1000)), 1000),
            (("ab".repeat(500), "ba".repeat(500)), 999),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn longest_common_subsequence(text1: String, text2: String) -> i32";

/// `s` with about one letter in `rate` changed, dropped or doubled: a
/// string with a long common subsequence with `s`.
fn mutate(rng: &mut Rng, s: &str, rate: u32, alphabet: &[u8]) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match inputs::int(rng, 0, rate as i32 * 3) {
            0 => {}
            1 => out.push(*inputs::pick(rng, alphabet) as char),
            2 => {
                out.push(c);
                out.push(*inputs::pick(rng, alphabet) as char);
            }
            _ => out.push(c),
        }
    }
    if out.is_empty() {
        out.push(*inputs::pick(rng, alphabet) as char);
    }
    out
}

fn small(rng: &mut Rng) -> Vec<Input> {
    let mut cases = vec![
        ("z".into(), "z".repeat(1000)),
        ("abcdefghijklmnopqrstuvwxyz".repeat(38), "zyxwvutsrqponmlkjihgfedcba".repeat(38)),
        ("a".repeat(1000), "b".repeat(1000)),
        ("ab".repeat(32), "ab".repeat(32)),
        ("a".repeat(63), "a".repeat(65)),
        ("a".repeat(64), "a".repeat(64)),
        ("a".repeat(129), "a".repeat(128)),
    ];
    let alphabets: [&[u8]; 3] = [b"ab", b"abcd", b"abcdefghijklmnopqrstuvwxyz"];
    for i in 0..50 {
        let alphabet = *inputs::pick(rng, &alphabets);
        let hi = if i < 40 { 30 } else { 200 };
        let n = inputs::len(rng, 1, hi);
        let a = inputs::string(rng, n, alphabet);
        let b = if inputs::chance(rng, 0.5) {
            mutate(rng, &a, 4, alphabet)
        } else {
            let m = inputs::len(rng, 1, hi);
            inputs::string(rng, m, alphabet)
        };
        cases.push((a, b));
    }
    cases
}

/// LeetCode's largest strings, 1000 letters each: random over 26 and over
/// 2 letters, close copies, equal strings and strings with no common
/// letter. The table solution fills all 10^6 cells every time.
fn perf(rng: &mut Rng) -> Vec<Input> {
    let n = 1000;
    let a = inputs::lowercase(rng, n);
    let mut close = mutate(rng, &a, 10, b"abcdefghijklmnopqrstuvwxyz");
    close.truncate(n);
    vec![
        (inputs::lowercase(rng, n), inputs::lowercase(rng, n)),
        (inputs::string(rng, n, b"ab"), inputs::string(rng, n, b"ab")),
        (a.clone(), close),
        (a.clone(), a),
        (inputs::string(rng, n, b"abcdefghijklm"), inputs::string(rng, n, b"nopqrstuvwxyz")),
    ]
}
