//! A run's budgets and switches ([`Options`]) and what it ends with
//! ([`Outcome`], [`Stop`]).

use sandbox::Comparison;
use serde::{Deserialize, Serialize};

use super::chat::Usage;

/// Budgets and switches of one run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Options {
    pub iterations: u32,
    /// Candidates the generator writes per iteration.
    pub candidates: u32,
    /// Tokens (prompt and completion, every agent) after which no new
    /// iteration starts.
    pub max_tokens: Option<u64>,
    /// Seconds after which no new step starts.
    pub max_time_s: Option<u64>,
    /// Iterations without an improvement before the loop stops.
    pub patience: u32,
    /// Stop once the best uses this many times less fuel than the original.
    pub target_speedup: Option<f64>,
    pub seed: u64,
    /// Query the retriever each iteration.
    pub search: bool,
    /// Search backends by name; empty: every configured one.
    pub search_backends: Vec<String>,
    /// One generator call and no loop.
    pub single_shot: bool,
    /// Tokens one reply may have.
    pub reply_tokens: u32,
    /// Interleaved native runs of each side when timing.
    pub timing_rounds: usize,
    /// Cores a native run may use, and threads besides its main one; 1
    /// forbids threads. A candidate that runs several is decided on native
    /// wall time. Runs logged before threads were allowed had 1.
    #[serde(default = "one_thread")]
    pub threads: u32,
    /// Ask once more, naming one technique, when a reply repeats the code
    /// it was asked to change. Runs logged before this existed did not, and
    /// resume as they were made.
    #[serde(default)]
    pub ask_again_when_unchanged: bool,
}

fn one_thread() -> u32 {
    1
}

impl Default for Options {
    fn default() -> Self {
        Options {
            iterations: 3,
            candidates: 3,
            max_tokens: None,
            max_time_s: None,
            patience: 2,
            target_speedup: None,
            seed: 0,
            search: true,
            search_backends: Vec::new(),
            single_shot: false,
            reply_tokens: 1536,
            timing_rounds: 7,
            threads: sandbox::available_cores(),
            ask_again_when_unchanged: true,
        }
    }
}

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stop {
    /// Every iteration ran.
    Iterations,
    /// `patience` iterations brought nothing.
    Patience,
    TargetReached,
    TokenBudget,
    TimeBudget,
    /// Ctrl-C or a cancelled job: the run can be resumed.
    Interrupted,
    SingleShot,
}

/// What the loop found.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Outcome {
    pub stop: Stop,
    /// The editable part of the best correct version (the original if
    /// nothing better was found).
    pub best: String,
    pub improved: bool,
    pub original_fuel: u64,
    /// `None` when the best starts threads, which WebAssembly cannot run.
    pub best_fuel: Option<u64>,
    /// Original fuel over best fuel: above 1 is better.
    pub fuel_speedup: Option<f64>,
    /// Best against original, natively (`ratio` below 1 is faster).
    pub wall: Option<Comparison>,
    pub iterations: u32,
    pub candidates: u32,
    pub correct_candidates: u32,
    pub usage: Usage,
    /// Sources of the techniques that kept candidates cited.
    pub sources_cited: Vec<String>,
    pub seconds: f64,
}
