use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<String, String> {
    Spec {
        info: Info {
            order: 26,
            id: 394,
            slug: "decode-string",
            title: "Decode String",
            category: "Stack",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ("3[a]2[bc]".into(), "aaabcbc".into()),
            ("3[a2[c]]".into(), "accaccacc".into()),
            ("2[abc]3[cd]ef".into(), "abcabccdcdcdef".into()),
            ("abc".into(), "abc".into()),
            ("1[a]".into(), "a".into()),
            ("12[z]".into(), "z".repeat(12)),
            ("300[q]".into(), "q".repeat(300)),
            ("2[2[2[a]]]".into(), "aaaaaaaa".into()),
            ("a2[b]c".into(), "abbc".into()),
            ("10[ab1[c]]d".into(), "abc".repeat(10) + "d"),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn decode_string(s: String) -> String";

/// The expanded length of a well-formed string (saturating, so that a huge
/// expansion cannot overflow).
fn expanded_len(s: &[u8]) -> u64 {
    let mut stack: Vec<(u64, u64)> = Vec::new(); // (length before the group, count)
    let (mut len, mut count) = (0u64, 0u64);
    for &b in s {
        match b {
            b'0'..=b'9' => count = count * 10 + u64::from(b - b'0'),
            b'[' => {
                stack.push((len, count));
                len = 0;
                count = 0;
            }
            b']' => {
                let (before, k) = stack.pop().expect("well formed");
                len = before.saturating_add(len.saturating_mul(k));
            }
            _ => len += 1,
        }
    }
    len
}

/// A random well-formed string: up to `items` letters and groups, groups
/// nested at most `depth` deep, counts up to `max_count`.
fn encoded(rng: &mut Rng, items: usize, depth: usize, max_count: i32, out: &mut String) {
    let n = inputs::len(rng, 1, items);
    for _ in 0..n {
        if depth > 0 && inputs::chance(rng, 0.4) {
            out.push_str(&inputs::int(rng, 1, max_count).to_string());
            out.push('[');
            encoded(rng, items, depth - 1, max_count, out);
            out.push(']');
        } else {
            out.push_str(&inputs::string(rng, 1, b"abcxyz"));
        }
    }
}

fn small(rng: &mut Rng) -> Vec<String> {
    let mut cases = vec![
        "z".to_string(),
        "abcdefghijklmnopqrstuvwxyzabcd".to_string(),
        "300[a]".to_string(),
        "300[abcdefghijklmnopqrstuvwxy]".to_string(),
        "9[9[9[9[9[a]]]]]".to_string(),
        "1[".repeat(9) + "ab" + &"]".repeat(9),
        "2[a]2[b]2[c]2[d]2[e]2[f]2[g]".to_string(),
        "100[100[a]]".to_string(),
    ];
    while cases.len() < 45 {
        let mut s = String::new();
        let max_count = *inputs::pick(rng, &[3, 12, 300]);
        encoded(rng, 4, 3, max_count, &mut s);
        if s.len() <= 30 && expanded_len(s.as_bytes()) <= 100_000 {
            cases.push(s);
        }
    }
    cases
}

/// LeetCode's inputs are at most 30 characters and expand to at most 10^5,
/// too little to measure. The perf inputs are up to about 2 * 10^4
/// characters and expand to at most about 10^6 letters: deep doubling, deep
/// nesting of `1[..]` around a long text (the naive stack copies the text at
/// every level), and many wide groups.
fn perf(rng: &mut Rng) -> Vec<String> {
    let deep_doubling = "2[".repeat(19) + "ab" + &"]".repeat(19);
    let deep_ones = "1[".repeat(5_000) + &inputs::lowercase(rng, 1_000) + &"]".repeat(5_000);
    let wide = "300[abcdefghij]".repeat(300);
    let (mut mixed, mut mixed_len) = (String::new(), 0);
    while mixed_len < 900_000 {
        let mut group = String::new();
        encoded(rng, 4, 3, 12, &mut group);
        let len = expanded_len(group.as_bytes());
        if len <= 10_000 {
            mixed.push_str(&group);
            mixed_len += len;
        }
    }
    vec![deep_doubling, deep_ones, wide, mixed]
}
