use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<(String, String), String> {
    Spec {
        info: Info {
            order: 2,
            id: 1071,
            slug: "greatest-common-divisor-of-strings",
            title: "Greatest Common Divisor of Strings",
            category: "Array / String",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (("ABCABC".into(), "ABC".into()), "ABC".into()),
            (("ABABAB".into(), "ABAB".into()), "AB".into()),
            (("LEET".into(), "CODE".into()), "".into()),
            (("A".into(), "A".into()), "A".into()),
            (("AAAA".into(), "AA".into()), "AA".into()),
            (("ABAB".into(), "ABA".into()), "".into()),
            (("ABCABCABC".into(), "ABCABC".into()), "ABC".into()),
            (("AB".into(), "BA".into()), "".into()),
            (("AAAAAA".into(), "AAAA".into()), "AA".into()),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn gcd_of_strings(str1: String, str2: String) -> String";

/// `base` written `times` times.
fn rep(base: &str, times: usize) -> String {
    base.repeat(times)
}

/// `s` with one letter changed to a different one.
fn mutate(rng: &mut Rng, s: &str) -> String {
    let mut bytes = s.as_bytes().to_vec();
    let i = inputs::len(rng, 0, bytes.len() - 1);
    bytes[i] = if bytes[i] == b'Z' { b'A' } else { bytes[i] + 1 };
    String::from_utf8(bytes).unwrap()
}

fn small(rng: &mut Rng) -> Vec<(String, String)> {
    let mut cases = vec![
        ("A".repeat(1000), "A".repeat(1000)),
        ("A".repeat(1000), "A".repeat(999)),
        ("A".repeat(999) + "B", "A".repeat(500)),
        (rep("AB", 500), rep("AB", 499) + "BA"),
        ("Z".into(), "ZZZZZZZZZZ".into()),
        ("XY".into(), "X".into()),
    ];
    let alphabets: [&[u8]; 3] = [b"A", b"AB", b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"];
    for i in 0..45 {
        let alphabet = *inputs::pick(rng, &alphabets);
        let b = inputs::len(rng, 1, 6);
        // Sometimes the base itself repeats a shorter string.
        let base = if inputs::chance(rng, 0.2) {
            inputs::string(rng, b, alphabet).repeat(2)
        } else {
            inputs::string(rng, b, alphabet)
        };
        let most = 1000 / base.len();
        let (x, y) = (inputs::len(rng, 1, most.min(40)), inputs::len(rng, 1, most.min(40)));
        let (s, t) = (rep(&base, x), rep(&base, y));
        cases.push(match i % 3 {
            // A common divisor exists.
            0 => (s, t),
            // A near miss: one letter differs.
            1 => {
                let t = mutate(rng, &t);
                if inputs::chance(rng, 0.5) { (s, t) } else { (t, s) }
            }
            // Unrelated strings.
            _ => {
                let (n, m) = (inputs::len(rng, 1, 30), inputs::len(rng, 1, 30));
                (inputs::string(rng, n, alphabet), inputs::string(rng, m, alphabet))
            }
        });
    }
    cases
}

/// LeetCode caps both strings at 1000 letters; the perf strings have
/// 166320 letters, a length with 160 divisors. Strings that repeat a short
/// base except near the end make the naive solution try every common
/// divisor and compare almost all of both strings for each.
fn perf(rng: &mut Rng) -> Vec<(String, String)> {
    let n = 166_320;
    vec![
        ("A".repeat(n), "A".repeat(n - 1) + "B"),
        (rep("AB", n / 2), rep("AB", n / 2 - 1) + "BA"),
        (rep("ABC", n / 3), rep("ABC", n / 6)),
        (inputs::lowercase(rng, n).to_uppercase(), inputs::lowercase(rng, n / 2).to_uppercase()),
    ]
}
