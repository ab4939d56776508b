use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec, excerpt};

type Output = (i32, Vec<char>);

pub fn spec() -> Spec<Vec<char>, Output> {
    Spec {
        info: Info {
            order: 9,
            id: 443,
            slug: "string-compression",
            title: "String Compression",
            category: "Array / String",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        // Only the first `length` characters of each answer matter.
        examples: vec![
            example("aabbccc", "a2b2c3"),
            example("a", "a"),
            example("abbbbbbbbbbbb", "ab12"),
            example("abc", "abc"),
            example("aaaaaaaaaa", "a10"),
            example("aaaaaaaaab", "a9b"),
            example("zzAA11!!!", "z2A212!3"),
            example("aba", "aba"),
        ],
        small,
        perf,
        check: Check::Validate(validate),
    }
}

const SIGNATURE: &str = "pub fn compress(chars: &mut Vec<char>) -> i32";

fn example(input: &str, compressed: &str) -> (Vec<char>, Output) {
    (input.chars().collect(), (compressed.chars().count() as i32, compressed.chars().collect()))
}

/// The returned length must be right, and so must the characters before it;
/// the rest of the vector is free.
#[allow(clippy::ptr_arg)] // the checker's type is fixed: fn(&I, &O, &O)
fn validate(_: &Vec<char>, expected: &Output, actual: &Output) -> Result<(), String> {
    let (want_len, want) = expected;
    let (got_len, got) = actual;
    if got_len != want_len {
        return Err(format!("returned length {got_len}, expected {want_len}"));
    }
    let len = *want_len as usize;
    if got.len() < len {
        return Err(format!("returned length {len}, but the vector holds only {} characters", got.len()));
    }
    if let Some(i) = (0..len).find(|&i| got[i] != want[i]) {
        return Err(format!(
            "the compressed characters differ first at index {i}: expected {:?}, got {:?} (first {len} characters \
             expected {}, got {})",
            want[i],
            got[i],
            excerpt(&want[..len].iter().collect::<String>()),
            excerpt(&got[..len].iter().collect::<String>())
        ));
    }
    Ok(())
}

/// Letters, digits and symbols.
const ALL: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&*+-./:;<=>?@^_~";

/// Groups with lengths from `lens`, each group's character from `alphabet`
/// (neighbouring groups may share a character and merge), at least `n`
/// characters in all.
fn groups(rng: &mut Rng, n: usize, lens: &[usize], alphabet: &[u8]) -> Vec<char> {
    let mut v = Vec::with_capacity(n);
    while v.len() < n {
        let c = *inputs::pick(rng, alphabet) as char;
        let g = *inputs::pick(rng, lens);
        v.extend(std::iter::repeat_n(c, g));
    }
    v
}

fn small(rng: &mut Rng) -> Vec<Vec<char>> {
    let mut cases = vec![
        vec!['~'],
        vec!['a'; 2000],
        vec!['9'; 100],
        vec!['1'; 11],
        "a1".repeat(1000).chars().collect(),
        ALL.iter().map(|&b| b as char).collect(),
    ];
    let len_sets: [&[usize]; 4] = [&[1], &[1, 2, 3], &[1, 9, 10, 11], &[1, 99, 100, 101, 150]];
    let alphabets: [&[u8]; 3] = [b"ab", b"a1", ALL];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 60);
        let lens = *inputs::pick(rng, &len_sets);
        let alphabet = *inputs::pick(rng, &alphabets);
        let mut v = groups(rng, n, lens, alphabet);
        v.truncate(2000);
        cases.push(v);
    }
    cases
}

/// LeetCode caps the array at 2000 characters; the perf arrays have 10^6,
/// so that the per-character cost shows: no repeats, one group, groups with
/// two-digit lengths and random short groups.
fn perf(rng: &mut Rng) -> Vec<Vec<char>> {
    let n = 1_000_000;
    vec![
        (0..n).map(|i| ALL[i % ALL.len()] as char).collect(),
        vec!['x'; n],
        groups(rng, n, &[10, 37, 99], b"abcdefgh"),
        groups(rng, n, &[1, 2, 3, 4], ALL),
    ]
}
