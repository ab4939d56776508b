use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<(String, String), bool> {
    Spec {
        info: Info {
            order: 11,
            id: 392,
            slug: "is-subsequence",
            title: "Is Subsequence",
            category: "Two Pointers",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (("abc".into(), "ahbgdc".into()), true),
            (("axc".into(), "ahbgdc".into()), false),
            (("".into(), "".into()), true),
            (("".into(), "abc".into()), true),
            (("a".into(), "".into()), false),
            (("aa".into(), "a".into()), false),
            (("aa".into(), "bab".into()), false),
            (("aa".into(), "aba".into()), true),
            (("abc".into(), "abc".into()), true),
            (("abc".into(), "cba".into()), false),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn is_subsequence(s: String, t: String) -> bool";

/// `s` hidden in `t`: its letters in order, each after a random run of
/// letters from `alphabet`; `t` ends with the last letter of `s` and is at
/// most `max(m, |s|)` letters long.
fn hide(rng: &mut Rng, s: &str, m: usize, alphabet: &[u8]) -> String {
    let mut filler = m.saturating_sub(s.len());
    let mean = filler / s.len().max(1);
    let mut t = String::with_capacity(m);
    for c in s.chars() {
        let k = inputs::len(rng, 0, 2 * mean).min(filler);
        filler -= k;
        t.push_str(&inputs::string(rng, k, alphabet));
        t.push(c);
    }
    t
}

fn small(rng: &mut Rng) -> Vec<(String, String)> {
    let mut cases = vec![
        (String::new(), "z".repeat(10_000)),
        ("a".repeat(100), "a".repeat(99)),
        ("a".repeat(100), "a".repeat(100)),
        ("z".into(), "a".repeat(10_000)),
        ("ab".repeat(50), "ba".repeat(5000)),
    ];
    let alphabets: [&[u8]; 3] = [b"a", b"ab", b"abcdefghijklmnopqrstuvwxyz"];
    for i in 0..45 {
        let alphabet = *inputs::pick(rng, &alphabets);
        let n = inputs::len(rng, 0, 8);
        let s = inputs::string(rng, n, alphabet);
        let m = inputs::len(rng, 0, 20);
        let t = if i % 2 == 0 { hide(rng, &s, m, alphabet) } else { inputs::string(rng, m, alphabet) };
        // Sometimes change one letter of t, which may break the match.
        let t = if inputs::chance(rng, 0.3) && !t.is_empty() {
            let mut b = t.into_bytes();
            let j = inputs::len(rng, 0, b.len() - 1);
            b[j] = *inputs::pick(rng, alphabet);
            String::from_utf8(b).unwrap()
        } else {
            t
        };
        cases.push((s, t));
    }
    cases
}

/// LeetCode's largest strings, 100 and 10^4 letters: a hidden match that
/// ends at the last letter, a miss on the last letter, one letter that never
/// matches, and random text. The longest-common-subsequence baseline fills
/// the whole table every time.
fn perf(rng: &mut Rng) -> Vec<(String, String)> {
    let m = 10_000;
    let s = inputs::lowercase(rng, 100);
    let mut near = hide(rng, &s, m, b"abcdefghijklmnopqrstuvwxyz");
    near.pop();
    vec![
        (s.clone(), hide(rng, &s, m, b"abcdefghijklmnopqrstuvwxyz")),
        (s.clone(), near),
        ("b".repeat(100), "a".repeat(m)),
        ("a".repeat(100), "a".repeat(m)),
        (s, inputs::lowercase(rng, m)),
    ]
}
