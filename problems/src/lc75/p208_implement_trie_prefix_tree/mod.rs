use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

/// Operations as (name, word).
type Ops = Vec<(String, String)>;
/// Per operation: `None` for an insert, the answer otherwise.
type Answers = Vec<Option<bool>>;

pub fn spec() -> Spec<Ops, Answers> {
    Spec {
        info: Info {
            order: 70,
            id: 208,
            slug: "implement-trie-prefix-tree",
            title: "Implement Trie (Prefix Tree)",
            category: "Trie",
            difficulty: Difficulty::Medium,
            signature: "struct Trie; fn new() -> Self; fn insert(&self, word: String); fn search(&self, word: String) -> bool; fn starts_with(&self, prefix: String) -> bool",
            statement: include_str!("statement.md"),
        },
        api: Api::Custom {
            owner: "Trie",
            methods: &[
                "fn new() -> Self",
                "fn insert(&mut self, word: String)",
                "fn search(&self, word: String) -> bool",
                "fn starts_with(&self, prefix: String) -> bool",
            ],
            items: "",
            body: r#"let ops: Vec<(String, String)> = r.read().unwrap();
            let mut trie = Trie::new();
            let mut answers: Vec<Option<bool>> = Vec::with_capacity(ops.len());
            for (op, word) in ops {
                match op.as_str() {
                    "insert" => {
                        trie.insert(word);
                        answers.push(None);
                    }
                    "search" => answers.push(Some(trie.search(word))),
                    "startsWith" => answers.push(Some(trie.starts_with(word))),
                    _ => panic!("unknown operation {op}"),
                }
            }
            w.put(&answers);"#,
        },
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (
                ops(&[
                    ("insert", "apple"),
                    ("search", "apple"),
                    ("search", "app"),
                    ("startsWith", "app"),
                    ("insert", "app"),
                    ("search", "app"),
                ]),
                vec![None, Some(true), Some(false), Some(true), None, Some(true)],
            ),
            (ops(&[("search", "a"), ("startsWith", "a")]), vec![Some(false), Some(false)]),
            (
                ops(&[
                    ("insert", "ab"),
                    ("search", "a"),
                    ("startsWith", "a"),
                    ("search", "abc"),
                    ("startsWith", "abc"),
                ]),
                vec![None, Some(false), Some(true), Some(false), Some(false)],
            ),
            (
                ops(&[
                    ("insert", "abc"),
                    ("insert", "abc"),
                    ("search", "abc"),
                    ("startsWith", "abc"),
                    ("search", "ab"),
                ]),
                vec![None, None, Some(true), Some(true), Some(false)],
            ),
            (
                ops(&[("insert", "b"), ("insert", "ba"), ("search", "b"), ("search", "ba"), ("startsWith", "bb")]),
                vec![None, None, Some(true), Some(true), Some(false)],
            ),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

fn ops(list: &[(&str, &str)]) -> Ops {
    list.iter().map(|&(op, word)| (op.to_string(), word.to_string())).collect()
}

/// `n` random operations with words of `1..=max_len` letters from
/// `alphabet`, a share `inserts` of them inserts. Queries mostly ask about
/// inserted words, their prefixes and their extensions.
fn random_ops(rng: &mut Rng, n: usize, inserts: f64, max_len: usize, alphabet: &[u8]) -> Ops {
    let mut stored: Vec<String> = Vec::new();
    let mut ops = Vec::with_capacity(n);
    for _ in 0..n {
        let insert = stored.is_empty() || inputs::chance(rng, inserts);
        let mut word = if stored.is_empty() || inputs::chance(rng, 0.2) {
            let len = inputs::len(rng, 1, max_len);
            inputs::string(rng, len, alphabet)
        } else {
            let base = inputs::pick(rng, &stored).clone();
            match inputs::int(rng, 0, 2) {
                0 => base,
                1 => base[..inputs::len(rng, 1, base.len())].to_string(),
                _ => base + &inputs::string(rng, 1, alphabet),
            }
        };
        word.truncate(max_len);
        if insert {
            stored.push(word.clone());
            ops.push(("insert".to_string(), word));
        } else {
            let op = if inputs::chance(rng, 0.5) { "search" } else { "startsWith" };
            ops.push((op.to_string(), word));
        }
    }
    ops
}

fn small(rng: &mut Rng) -> Vec<Ops> {
    let long = "z".repeat(2000);
    let mut cases = vec![
        ops(&[("insert", &long), ("search", &long[..1999]), ("startsWith", &long[..1999]), ("search", &long)]),
        ops(&[("insert", "a"), ("insert", "aa"), ("insert", "aaa"), ("search", "aaaa"), ("startsWith", "aaaa")]),
        ops(&[("insert", "abcd"), ("search", "abc"), ("insert", "abc"), ("search", "abc"), ("search", "abcd")]),
    ];
    let alphabets: [&[u8]; 3] = [b"ab", b"abc", b"abcdefghijklmnopqrstuvwxyz"];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 40);
        let alphabet = *inputs::pick(rng, &alphabets);
        let max_len = inputs::len(rng, 1, 8);
        let inserts = *inputs::pick(rng, &[0.2, 0.5, 0.8]);
        cases.push(random_ops(rng, n, inserts, max_len, alphabet));
    }
    cases
}

/// LeetCode's largest case, 3 * 10^4 operations, a third of them inserts,
/// short words over 3 and over 26 letters; and 1000 operations on words of
/// about 2000 letters sharing a 1900-letter prefix. The naive list compares
/// every query with every stored word.
fn perf(rng: &mut Rng) -> Vec<Ops> {
    let mut long = random_ops(rng, 1000, 0.3, 100, b"ab");
    let prefix = "q".repeat(1900);
    for (_, word) in &mut long {
        word.insert_str(0, &prefix);
    }
    vec![
        random_ops(rng, 30_000, 0.33, 12, b"abc"),
        random_ops(rng, 30_000, 0.33, 10, b"abcdefghijklmnopqrstuvwxyz"),
        long,
    ]
}
