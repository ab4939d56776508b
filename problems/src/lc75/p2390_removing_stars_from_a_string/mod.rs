use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<String, String> {
    Spec {
        info: Info {
            order: 24,
            id: 2390,
            slug: "removing-stars-from-a-string",
            title: "Removing Stars From a String",
            category: "Stack",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ("leet**cod*e".into(), "lecoe".into()),
            ("erase*****".into(), "".into()),
            ("a".into(), "a".into()),
            ("a*".into(), "".into()),
            ("ab**c".into(), "c".into()),
            ("abc*d**e".into(), "ae".into()),
            ("a*b*c*d".into(), "d".into()),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn remove_stars(s: String) -> String";

/// `n` characters where each is a star with probability `p` whenever a
/// letter is left to erase.
fn valid(rng: &mut Rng, n: usize, p: f64, alphabet: &[u8]) -> String {
    let mut s = Vec::with_capacity(n);
    let mut letters = 0usize;
    for _ in 0..n {
        if letters > 0 && inputs::chance(rng, p) {
            s.push(b'*');
            letters -= 1;
        } else {
            s.push(*inputs::pick(rng, alphabet));
            letters += 1;
        }
    }
    String::from_utf8(s).unwrap()
}

fn small(rng: &mut Rng) -> Vec<String> {
    let mut cases = vec![
        "z".to_string(),
        "abcdefghijklmnopqrstuvwxyz".to_string(),
        "a".repeat(20) + &"*".repeat(20),
        "a".repeat(20) + &"*".repeat(19),
        "ab*".repeat(10),
        "abc***".repeat(5) + "x",
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 40);
        let p = *inputs::pick(rng, &[0.2, 0.5, 0.7, 0.9]);
        let alphabet: &[u8] = inputs::pick::<&[u8]>(rng, &[b"abc", b"abcdefghijklmnopqrstuvwxyz"]);
        cases.push(valid(rng, n, p, alphabet));
    }
    cases
}

/// LeetCode caps `s` at 10^5 characters; the perf strings are ten times
/// longer, so that the per-character cost of each solution shows.
fn perf(rng: &mut Rng) -> Vec<String> {
    let n = 1_000_000;
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    vec![
        valid(rng, n, 0.45, letters),
        valid(rng, n, 0.1, letters),
        "a".repeat(n / 2) + &"*".repeat(n / 2),
        inputs::lowercase(rng, n),
    ]
}
