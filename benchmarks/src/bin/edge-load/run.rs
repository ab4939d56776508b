//! One load test: what the whole run shares and what it measures.

use std::sync::Arc;

use crate::args::System;
use crate::device::Timing;
use crate::prompts::Kind;
use crate::trace::Traces;

/// What the whole run shares: our K from the plan, the recorded drafts.
pub struct Setup {
    pub ours_k: Option<usize>,
    pub traces: Option<Arc<Traces>>,
    /// Seconds spent recording drafts, before and between passes.
    pub record_s: Option<f64>,
}

/// One finished request.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Sample {
    pub round: usize,
    pub system: System,
    pub devices: usize,
    pub device: usize,
    pub kind: Kind,
    #[serde(flatten)]
    pub timing: Timing,
}

/// One system at one N in one round.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Cell {
    pub round: usize,
    pub system: System,
    pub devices: usize,
    /// From the first request sent to the last answered.
    pub wall_s: f64,
    pub failures: Vec<String>,
    /// Proposals replayed from the recorded drafts, and contexts that had
    /// left every recorded output (nothing proposed); both 0 without
    /// `--draft-model`.
    pub replay_hits: usize,
    pub replay_misses: usize,
    /// Passes run before this one and discarded, to record the outputs
    /// their devices were served (`--record-passes`).
    pub recording_passes: usize,
}
