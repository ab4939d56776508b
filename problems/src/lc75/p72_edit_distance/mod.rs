use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

type Input = (String, String);

pub fn spec() -> Spec<Input, i32> {
    Spec {
        info: Info {
            order: 66,
            id: 72,
            slug: "edit-distance",
            title: "Edit Distance",
            category: "DP - Multidimensional",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (("horse".into(), "ros".into()), 3),
            (("intention".into(), "execution".into()), 5),
            (("".into(), "".into()), 0),
            (("".into(), "abc".into()), 3),
            (("abc".into(), "".into()), 3),
            (("a".into(), "a".into()), 0),
            (("a".into(), "b".into()), 1),
            (("ab".into(), "ba".into()), 2),
            (("kitten".into(), "sitting".into()), 3),
            (("a".repeat(500), "b".repeat(500)), 500),
            (("a".repeat(500), "a".repeat(130)), 370),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn min_distance(word1: String, word2: String) -> i32";

/// `s` with about one letter in `rate` changed, dropped or given a
/// neighbour: a word a few edits away from `s`.
fn mutate(rng: &mut Rng, s: &str, rate: i32, alphabet: &[u8]) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match inputs::int(rng, 0, rate * 3) {
            0 => {}
            1 => out.push(*inputs::pick(rng, alphabet) as char),
            2 => {
                out.push(c);
                out.push(*inputs::pick(rng, alphabet) as char);
            }
            _ => out.push(c),
        }
    }
    out
}

fn small(rng: &mut Rng) -> Vec<Input> {
    let mut cases = vec![
        ("".into(), "z".repeat(500)),
        ("z".repeat(500), "".into()),
        ("a".repeat(64), "a".repeat(63)),
        ("a".repeat(65), "b".repeat(64)),
        ("ab".repeat(64), "ba".repeat(64)),
        ("abcdefghijklmnopqrstuvwxyz".repeat(19), "zyxwvutsrqponmlkjihgfedcba".repeat(19)),
        ("x".into(), "x".repeat(500)),
    ];
    let alphabets: [&[u8]; 3] = [b"ab", b"abcd", b"abcdefghijklmnopqrstuvwxyz"];
    for i in 0..50 {
        let alphabet = *inputs::pick(rng, &alphabets);
        let hi = if i < 40 { 20 } else { 200 };
        let n = inputs::len(rng, 0, hi);
        let a = inputs::string(rng, n, alphabet);
        let b = if inputs::chance(rng, 0.5) {
            mutate(rng, &a, 4, alphabet)
        } else {
            let m = inputs::len(rng, 0, hi);
            inputs::string(rng, m, alphabet)
        };
        cases.push((a, b));
    }
    cases
}

/// LeetCode's largest words, 500 letters each: random over 26 and over 2
/// letters, a close copy, equal words, words with no common letter, and a
/// word against its reverse. The table solution fills all 2.5 * 10^5 cells
/// every time.
fn perf(rng: &mut Rng) -> Vec<Input> {
    let n = 500;
    let a = inputs::lowercase(rng, n);
    let mut close = mutate(rng, &a, 10, b"abcdefghijklmnopqrstuvwxyz");
    close.truncate(n);
    let reversed: String = a.chars().rev().collect();
    vec![
        (inputs::lowercase(rng, n), inputs::lowercase(rng, n)),
        (inputs::string(rng, n, b"ab"), inputs::string(rng, n, b"ab")),
        (a.clone(), close),
        (a.clone(), a.clone()),
        (inputs::string(rng, n, b"abcdefghijklm"), inputs::string(rng, n, b"nopqrstuvwxyz")),
        (a, reversed),
    ]
}
