//! The command line.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};
use inference::GpuLayers;
use inference::models;

/// Load test of centralized, SLED-style and marco's distributed speculative
/// serving on one machine. Devices draft with prompt lookup (optionally
/// paced to stand in for a small draft model on the device); the target
/// runs in-process behind marco's HTTP server.
#[derive(Parser)]
#[command(name = "edge-load")]
pub struct Args {
    /// Target model: a name from `marco models list` or a GGUF path.
    #[arg(long, default_value = models::DEFAULT_MODEL)]
    pub model: String,
    /// Numbers of devices to try, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1,2,4,8")]
    pub devices: Vec<usize>,
    /// Requests each device sends, one after another.
    #[arg(long, default_value_t = 2)]
    pub requests: usize,
    /// Tokens each request generates at most.
    #[arg(long, default_value_t = 64)]
    pub max_tokens: usize,
    /// The SLO: time per output token, in milliseconds.
    #[arg(long, default_value_t = 250.0)]
    pub slo_ms: f64,
    /// Draft length of the SLED-style devices.
    #[arg(long, default_value_t = 4)]
    pub sled_k: usize,
    /// Longest draft our devices consider.
    #[arg(long, default_value_t = 8)]
    pub max_k: usize,
    /// Milliseconds a device spends per drafted token (0: a free lookup).
    #[arg(long, default_value_t = 0.0)]
    pub draft_ms: f64,
    /// Devices draft with this model (name or GGUF path, the target's
    /// tokenizer) instead of prompt lookup: its greedy proposals along each
    /// prompt's target output are recorded first, on this machine, then
    /// replayed at `--draft-ms` per drafted token.
    #[arg(long)]
    pub draft_model: Option<String>,
    /// With `--draft-model`: passes of an edge system whose devices left
    /// the recorded outputs (more than 1% of proposals found no recording)
    /// are discarded, the outputs they were served are recorded, and the
    /// pass is run again, at most this many times; the last pass is the
    /// one reported.
    #[arg(long, default_value_t = 3)]
    pub record_passes: usize,
    /// Layers of the target (and of the recording draft model) on the GPU:
    /// `all` (when a GPU backend loaded) or a count (`0`: CPU only).
    #[arg(long, value_name = "N|all", default_value = "all")]
    pub gpu_layers: GpuLayers,
    /// Our devices' K from the goodput plan of this profile (`marco llm
    /// profile`): the drafter measured as `--draft-model`, at the device's
    /// `--draft-ms` per token and the profile's target costs; the K is
    /// then fixed (early stopping still cuts drafts). Without it, ours
    /// chooses K up to `--max-k` from measured round trips.
    #[arg(long, value_name = "PROFILE")]
    pub plan: Option<PathBuf>,
    /// Systems to compare.
    #[arg(long, value_delimiter = ',', default_value = "centralized,sled,ours")]
    pub systems: Vec<System>,
    /// Repeat the whole sweep this many times (ratios are reported with
    /// their spread over rounds).
    #[arg(long, default_value_t = 1)]
    pub rounds: usize,
    /// Threads of the target's engine (default: every core).
    #[arg(long)]
    pub threads: Option<i32>,
    /// Seed of the request mix.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Where to write the results as JSON.
    #[arg(long, default_value = "benchmarks/results/edge-load.json")]
    pub out: PathBuf,
    /// Where to write the Markdown table.
    #[arg(long, default_value = "benchmarks/results/edge-load.md")]
    pub table: PathBuf,
}

/// A serving system under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum System {
    Centralized,
    Sled,
    Ours,
}
