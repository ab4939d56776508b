use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<(String, String), String> {
    Spec {
        info: Info {
            order: 1,
            id: 1768,
            slug: "merge-strings-alternately",
            title: "Merge Strings Alternately",
            category: "Array / String",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (("abc".into(), "pqr".into()), "apbqcr".into()),
            (("ab".into(), "pqrs".into()), "apbqrs".into()),
            (("abcd".into(), "pq".into()), "apbqcd".into()),
            (("a".into(), "z".into()), "az".into()),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn merge_alternately(word1: String, word2: String) -> String";

fn small(rng: &mut Rng) -> Vec<(String, String)> {
    (0..40)
        .map(|_| {
            let (n, m) = (inputs::len(rng, 1, 100), inputs::len(rng, 1, 100));
            (inputs::lowercase(rng, n), inputs::lowercase(rng, m))
        })
        .collect()
}

/// LeetCode caps each word at 100 letters; the perf words are far longer,
/// so that the per-letter cost of each solution shows.
fn perf(rng: &mut Rng) -> Vec<(String, String)> {
    let long = 200_000;
    vec![
        (inputs::lowercase(rng, long), inputs::lowercase(rng, long)),
        (inputs::lowercase(rng, long), inputs::lowercase(rng, 1)),
        (inputs::lowercase(rng, 1), inputs::lowercase(rng, long)),
        ("a".repeat(long), "b".repeat(long / 2)),
    ]
}
