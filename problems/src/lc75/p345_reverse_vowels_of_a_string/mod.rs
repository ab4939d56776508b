use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<String, String> {
    Spec {
        info: Info {
            order: 5,
            id: 345,
            slug: "reverse-vowels-of-a-string",
            title: "Reverse Vowels of a String",
            category: "Array / String",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ("IceCreAm".into(), "AceCreIm".into()),
            ("leetcode".into(), "leotcede".into()),
            ("a".into(), "a".into()),
            ("b".into(), "b".into()),
            (" ".into(), " ".into()),
            ("aA".into(), "Aa".into()),
            ("xyz".into(), "xyz".into()),
            ("Uo, ai!".into(), "ia, oU!".into()),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn reverse_vowels(s: String) -> String";

/// Every printable ASCII character.
fn printable() -> Vec<u8> {
    (b' '..=b'~').collect()
}

fn small(rng: &mut Rng) -> Vec<String> {
    let all = printable();
    let mut cases = vec!["aeiouAEIOU".into(), "bcdfg".into(), "~".into(), "a".repeat(1000), "   a  e  ".into()];
    let alphabets: [&[u8]; 4] = [b"aeiouAEIOU", b"aAbB .", b"aeiouxyzXYZ", &all];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 40);
        let alphabet = *inputs::pick(rng, &alphabets);
        cases.push(inputs::string(rng, n, alphabet));
    }
    cases
}

/// LeetCode's largest string, 3 * 10^5 characters: all vowels, no vowels,
/// random printable text and a string whose only vowels sit at its ends.
fn perf(rng: &mut Rng) -> Vec<String> {
    let n = 300_000;
    let all = printable();
    vec![
        inputs::string(rng, n, b"aeiouAEIOU"),
        inputs::string(rng, n, b"bcdfghjklmnpqrstvwxyz"),
        inputs::string(rng, n, &all),
        format!("a{}E", "x".repeat(n - 2)),
    ]
}
