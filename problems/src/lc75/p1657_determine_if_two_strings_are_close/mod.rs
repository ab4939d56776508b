use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<(String, String), bool> {
    Spec {
        info: Info {
            order: 22,
            id: 1657,
            slug: "determine-if-two-strings-are-close",
            title: "Determine if Two Strings Are Close",
            category: "Hash Map / Set",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (("abc".into(), "bca".into()), true),
            (("a".into(), "aa".into()), false),
            (("cabbba".into(), "abbccc".into()), true),
            (("a".into(), "b".into()), false),
            (("aab".into(), "bcc".into()), false),
            (("uau".into(), "ssx".into()), false),
            (("aaabbc".into(), "abbbcc".into()), true),
            (("z".into(), "z".into()), true),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn close_strings(word1: String, word2: String) -> bool";

/// The word with its letters renamed by `map` (indexed by letter) and then
/// shuffled.
fn renamed(rng: &mut Rng, word: &str, map: &[u8; 26]) -> String {
    let bytes: Vec<u8> = word.bytes().map(|b| map[(b - b'a') as usize]).collect();
    String::from_utf8(inputs::shuffled(rng, bytes)).unwrap()
}

/// A random renaming of the whole alphabet.
fn any_renaming(rng: &mut Rng) -> [u8; 26] {
    let letters = inputs::shuffled(rng, (b'a'..=b'z').collect::<Vec<u8>>());
    letters.try_into().unwrap()
}

/// A random renaming among the letters `word` uses: a pair that is close.
fn closed_renaming(rng: &mut Rng, word: &str) -> [u8; 26] {
    let mut used: Vec<u8> = word.bytes().collect();
    used.sort_unstable();
    used.dedup();
    let shuffled = inputs::shuffled(rng, used.clone());
    let mut map: [u8; 26] = std::array::from_fn(|i| b'a' + i as u8);
    for (from, to) in used.iter().zip(shuffled) {
        map[(from - b'a') as usize] = to;
    }
    map
}

fn small(rng: &mut Rng) -> Vec<(String, String)> {
    let mut cases = vec![
        ("a".into(), "a".into()),
        ("ab".into(), "ba".into()),
        ("aabbb".into(), "bbbaa".into()),
        ("aabbb".into(), "aaabb".into()),
        ("aabbb".into(), "aaacc".into()),
        ("abcdefghijklmnopqrstuvwxyz".into(), "zyxwvutsrqponmlkjihgfedcba".into()),
        ("aaaa".into(), "aaa".into()),
    ];
    for _ in 0..45 {
        let n = inputs::len(rng, 1, 40);
        let alphabet: &[u8] = inputs::pick::<&[u8]>(rng, &[b"ab", b"abc", b"abcde", b"abcdefghijklmnopqrstuvwxyz"]);
        let word = inputs::string(rng, n, alphabet);
        let other = match inputs::int(rng, 0, 4) {
            0 => renamed(rng, &word, &std::array::from_fn(|i| b'a' + i as u8)),
            1 | 2 => {
                let map = closed_renaming(rng, &word);
                renamed(rng, &word, &map)
            }
            3 => {
                let map = any_renaming(rng);
                renamed(rng, &word, &map)
            }
            _ => {
                let m = inputs::len(rng, 1, 40);
                inputs::string(rng, m, alphabet)
            }
        };
        cases.push(if inputs::chance(rng, 0.5) { (word, other) } else { (other, word) });
    }
    cases
}

/// LeetCode caps each word at 10^5 letters; the perf words are ten times
/// longer, so that the per-letter cost of each solution shows.
fn perf(rng: &mut Rng) -> Vec<(String, String)> {
    let n = 1_000_000;
    let word = inputs::lowercase(rng, n);
    let map = closed_renaming(rng, &word);
    let close = renamed(rng, &word, &map);
    // The same letters, but one letter's count moves to another.
    let mut skewed = close.clone().into_bytes();
    for b in skewed.iter_mut().take(1000) {
        if *b != b'a' {
            *b = b'b';
        }
    }
    let skewed = String::from_utf8(skewed).unwrap();
    let pairs = inputs::string(rng, n, b"ab");
    let map = closed_renaming(rng, &pairs);
    let pairs_swapped = renamed(rng, &pairs, &map);
    vec![(word.clone(), close), (word, skewed), (pairs, pairs_swapped)]
}
