//! The request mix: what marco's own agents send an LLM. Most requests ask
//! the generator to rewrite a program (replies copy much of the prompt);
//! some ask for an analysis of measurements (prose); a few turn code into
//! search queries (short replies).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Baselines of the problem set: real slow code of the kind marco rewrites.
const PROGRAMS: [(&str, &str); 6] = [
    (
        "longest common subsequence",
        include_str!("../../../../problems/src/lc75/p1143_longest_common_subsequence/baseline.rs"),
    ),
    ("edit distance", include_str!("../../../../problems/src/lc75/p72_edit_distance/baseline.rs")),
    ("daily temperatures", include_str!("../../../../problems/src/lc75/p739_daily_temperatures/baseline.rs")),
    (
        "equal row and column pairs",
        include_str!("../../../../problems/src/lc75/p2352_equal_row_and_column_pairs/baseline.rs"),
    ),
    ("decode string", include_str!("../../../../problems/src/lc75/p394_decode_string/baseline.rs")),
    ("string compression", include_str!("../../../../problems/src/lc75/p443_string_compression/baseline.rs")),
];

const GENERATOR_SYSTEM: &str = "You are a performance engineer. You rewrite Rust code so that it runs faster \
and behaves exactly the same: same results for every input, same signature. Keep what is already fast. \
Reply with the complete rewritten code in one ```rust block, then one sentence on what changed.";

/// Which agent a request comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The generator: rewrite this code.
    Rewrite,
    /// The evaluator: explain these measurements.
    Analysis,
    /// The retriever: turn this code into search queries.
    Queries,
}

/// One request: the chat messages and which agent sends them.
pub struct Prompt {
    pub kind: Kind,
    pub messages: Vec<(String, String)>,
}

/// The `index`-th request of `device`, the same in every system compared.
pub fn prompt(seed: u64, device: usize, index: usize) -> Prompt {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ ((device as u64) << 32) ^ index as u64);
    let (name, code) = PROGRAMS[rng.random_range(0..PROGRAMS.len())];
    let roll: f64 = rng.random();
    let (kind, system, user) = if roll < 0.6 {
        (
            Kind::Rewrite,
            GENERATOR_SYSTEM.to_string(),
            format!("Make this solution of \"{name}\" faster:\n\n```rust\n{code}```"),
        )
    } else if roll < 0.85 {
        let fuel = rng.random_range(2.0..9.0f64);
        let wall = fuel * rng.random_range(0.8..1.2f64);
        let analysis = format!(
            "A candidate rewrite of \"{name}\" was measured against the original.\n\
             Original:\n```rust\n{code}```\n\
             Results: all 73 tests pass; instructions executed {fuel:.2}x fewer; wall time {wall:.2}x shorter \
             (95% interval {:.2}x to {:.2}x); peak memory 1.4x higher on the largest input.\n\
             In a short paragraph, explain what the numbers say and what the generator should try next.",
            wall * 0.9,
            wall * 1.1
        );
        (Kind::Analysis, "You analyse performance measurements for a code-optimisation agent.".to_string(), analysis)
    } else {
        let queries = format!(
            "Summarise what this Rust code computes and what makes it slow, then write three short web search \
             queries for optimisation techniques that apply.\n\n```rust\n{code}```"
        );
        (Kind::Queries, "You help a retriever find optimisation techniques.".to_string(), queries)
    };
    Prompt { kind, messages: vec![("system".into(), system), ("user".into(), user)] }
}
