//! Summaries of a load test: per system and number of devices, and the
//! ratios of ours to the other two, as JSON and as a Markdown table.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use crate::args::{Args, System};
use crate::run::{Cell, Sample, Setup};

/// Share of requests that must meet the SLO for a number of devices to be
/// within capacity.
const CAPACITY_SHARE: f64 = 0.9;

#[derive(Serialize)]
pub struct Report {
    model: String,
    model_path: PathBuf,
    machine: String,
    /// Where the target ran, e.g. `all 28 layers on CUDA0 (NVIDIA H100 80GB HBM3)`.
    target_device: String,
    /// How devices drafted.
    drafting: String,
    /// Our devices' K from the plan (`--plan`), or none (chosen per round).
    ours_k: Option<usize>,
    /// Seconds spent recording the draft model's proposals, before the test
    /// and between passes.
    record_s: Option<f64>,
    /// Most passes of a cell discarded to record served outputs.
    record_passes: usize,
    slo_ms: f64,
    max_tokens: usize,
    requests_per_device: usize,
    sled_k: usize,
    max_k: usize,
    draft_ms: f64,
    seed: u64,
    rounds: usize,
    elapsed_s: f64,
    summaries: Vec<Summary>,
    /// Per system, the capacity found in each round.
    capacity: Vec<(System, Vec<usize>)>,
    cells: Vec<Cell>,
    samples: Vec<Sample>,
}

/// One system at one N in one round.
#[derive(Serialize, Clone)]
struct Summary {
    round: usize,
    system: System,
    devices: usize,
    requests: usize,
    failed: usize,
    tokens: usize,
    wall_s: f64,
    throughput: f64,
    goodput: f64,
    met_slo: f64,
    tpot_p50_ms: f64,
    tpot_p90_ms: f64,
    ttft_p50_ms: f64,
    acceptance: Option<f64>,
    drafted_ahead: usize,
    /// Replayed proposals that found a recorded draft and that found none,
    /// and the passes discarded before this one to record served outputs
    /// (see `Cell`).
    replay_hits: usize,
    replay_misses: usize,
    recording_passes: usize,
}

fn percentile(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    values[((values.len() - 1) as f64 * p).round() as usize]
}

fn median(values: &[f64]) -> f64 {
    percentile(&mut values.to_vec(), 0.5)
}

impl Summary {
    fn new(cell: &Cell, samples: &[&Sample], slo_ms: f64) -> Self {
        let tokens: usize = samples.iter().map(|s| s.timing.completion_tokens).sum();
        let met: Vec<&&Sample> = samples.iter().filter(|s| s.timing.tpot_s * 1e3 <= slo_ms).collect();
        let good: usize = met.iter().map(|s| s.timing.completion_tokens).sum();
        let mut tpot: Vec<f64> = samples.iter().map(|s| s.timing.tpot_s * 1e3).collect();
        let mut ttft: Vec<f64> = samples.iter().map(|s| s.timing.ttft_s * 1e3).collect();
        let drafted: usize = samples.iter().map(|s| s.timing.drafted).sum();
        let accepted: usize = samples.iter().map(|s| s.timing.accepted).sum();
        let requests = samples.len() + cell.failures.len();
        Summary {
            round: cell.round,
            system: cell.system,
            devices: cell.devices,
            requests,
            failed: cell.failures.len(),
            tokens,
            wall_s: cell.wall_s,
            throughput: tokens as f64 / cell.wall_s,
            goodput: good as f64 / cell.wall_s,
            // A failed request did not meet the SLO.
            met_slo: met.len() as f64 / requests.max(1) as f64,
            tpot_p50_ms: percentile(&mut tpot, 0.5),
            tpot_p90_ms: percentile(&mut tpot, 0.9),
            ttft_p50_ms: percentile(&mut ttft, 0.5),
            acceptance: (drafted > 0).then(|| accepted as f64 / drafted as f64),
            drafted_ahead: samples.iter().map(|s| s.timing.drafted_ahead).sum(),
            replay_hits: cell.replay_hits,
            replay_misses: cell.replay_misses,
            recording_passes: cell.recording_passes,
        }
    }
}

impl Report {
    pub fn new(
        args: &Args,
        setup: &Setup,
        model_path: &Path,
        model: inference::Model,
        samples: Vec<Sample>,
        cells: Vec<Cell>,
        elapsed: Duration,
    ) -> Self {
        let summaries: Vec<Summary> = cells
            .iter()
            .map(|cell| {
                let of_cell: Vec<&Sample> = samples
                    .iter()
                    .filter(|s| s.round == cell.round && s.system == cell.system && s.devices == cell.devices)
                    .collect();
                Summary::new(cell, &of_cell, args.slo_ms)
            })
            .collect();
        let capacity = args
            .systems
            .iter()
            .map(|&system| {
                let per_round = (0..args.rounds)
                    .map(|round| {
                        summaries
                            .iter()
                            .filter(|s| s.round == round && s.system == system && s.met_slo >= CAPACITY_SHARE)
                            .map(|s| s.devices)
                            .max()
                            .unwrap_or(0)
                    })
                    .collect();
                (system, per_round)
            })
            .collect();
        Report {
            model: args.model.clone(),
            model_path: model_path.to_path_buf(),
            machine: machine(),
            target_device: model.placement().to_string(),
            drafting: match (&args.draft_model, args.draft_ms > 0.0) {
                (Some(draft), _) => format!(
                    "{draft}'s greedy proposals recorded on this machine, replayed at {} ms per drafted token \
                     (ours stop early on low confidence; SLED-style drafts a fixed K)",
                    args.draft_ms
                ),
                (None, true) => format!("prompt lookup paced at {} ms per drafted token", args.draft_ms),
                (None, false) => "prompt lookup (free)".to_string(),
            },
            ours_k: setup.ours_k,
            record_s: setup.record_s,
            record_passes: args.record_passes,
            slo_ms: args.slo_ms,
            max_tokens: args.max_tokens,
            requests_per_device: args.requests,
            sled_k: args.sled_k,
            max_k: args.max_k,
            draft_ms: args.draft_ms,
            seed: args.seed,
            rounds: args.rounds,
            elapsed_s: elapsed.as_secs_f64(),
            summaries,
            capacity,
            cells,
            samples,
        }
    }

    pub fn write(&self, json: &Path, table: &Path) -> Result<(), String> {
        for path in [json, table] {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
        }
        let body = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        std::fs::write(json, body + "\n").map_err(|e| format!("cannot write {}: {e}", json.display()))?;
        std::fs::write(table, self.markdown()).map_err(|e| format!("cannot write {}: {e}", table.display()))
    }

    fn of(&self, system: System, devices: usize) -> Vec<&Summary> {
        self.summaries.iter().filter(|s| s.system == system && s.devices == devices).collect()
    }

    /// Median over rounds of ours / `other` for `metric`, with [min, max].
    fn ratio(&self, other: System, devices: usize, metric: fn(&Summary) -> f64) -> Option<String> {
        let ours = self.of(System::Ours, devices);
        let theirs = self.of(other, devices);
        let ratios: Vec<f64> = ours
            .iter()
            .filter_map(|o| theirs.iter().find(|t| t.round == o.round).map(|t| metric(o) / metric(t)))
            .filter(|r| r.is_finite())
            .collect();
        if ratios.is_empty() {
            return None;
        }
        let (min, max) = ratios.iter().fold((f64::MAX, f64::MIN), |(a, b), &r| (a.min(r), b.max(r)));
        Some(if ratios.len() > 1 {
            format!("{:.2}x [{min:.2}, {max:.2}]", median(&ratios))
        } else {
            format!("{:.2}x", ratios[0])
        })
    }

    fn markdown(&self) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "# Edge/cloud load test\n");
        let _ = writeln!(
            md,
            "Target `{}`, {}, on {}. Devices draft with {}. SLO: {} ms per output token after the first; {} \
             requests per device, up to {} tokens each; SLED-style K = {}; ours K {}; {} round(s), seed {}; {:.0} s \
             in all. Medians over rounds; throughput and goodput in generated tokens per second of the whole \
             system.\n",
            self.model,
            self.target_device,
            self.machine,
            self.drafting,
            self.slo_ms,
            self.requests_per_device,
            self.max_tokens,
            self.sled_k,
            match self.ours_k {
                Some(k) => format!("= {k} (from the plan)"),
                None => format!("chosen per round up to {}", self.max_k),
            },
            self.rounds,
            self.seed,
            self.elapsed_s
        );
        let _ = writeln!(
            md,
            "| devices | system | throughput | goodput | met SLO | TPOT p50 / p90 (ms) | TTFT p50 (ms) | acceptance | replayed / missed (recording passes) | failed |"
        );
        let _ = writeln!(md, "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        let mut devices: Vec<usize> = self.summaries.iter().map(|s| s.devices).collect();
        devices.sort_unstable();
        devices.dedup();
        let systems: Vec<System> = self.capacity.iter().map(|(s, _)| *s).collect();
        for &n in &devices {
            for &system in &systems {
                let of = self.of(system, n);
                if of.is_empty() {
                    continue;
                }
                let m = |f: fn(&Summary) -> f64| median(&of.iter().map(|s| f(s)).collect::<Vec<_>>());
                let acceptance = of.iter().filter_map(|s| s.acceptance).collect::<Vec<_>>();
                let _ = writeln!(
                    md,
                    "| {n} | {system:?} | {:.2} | {:.2} | {:.0}% | {:.1} / {:.1} | {:.0} | {} | {} | {} |",
                    m(|s| s.throughput),
                    m(|s| s.goodput),
                    m(|s| s.met_slo) * 100.0,
                    m(|s| s.tpot_p50_ms),
                    m(|s| s.tpot_p90_ms),
                    m(|s| s.ttft_p50_ms),
                    if acceptance.is_empty() { "-".to_string() } else { format!("{:.2}", median(&acceptance)) },
                    if system == System::Centralized || self.record_s.is_none() {
                        "-".to_string()
                    } else {
                        format!(
                            "{} / {} ({})",
                            of.iter().map(|s| s.replay_hits).sum::<usize>(),
                            of.iter().map(|s| s.replay_misses).sum::<usize>(),
                            of.iter().map(|s| s.recording_passes).sum::<usize>()
                        )
                    },
                    of.iter().map(|s| s.failed).sum::<usize>()
                );
            }
        }
        if systems.contains(&System::Ours) {
            let _ = writeln!(md, "\nOurs against the others, same N, same round:\n");
            let _ = writeln!(
                md,
                "| devices | throughput vs centralized | goodput vs centralized | throughput vs SLED | goodput vs SLED |"
            );
            let _ = writeln!(md, "|---:|---:|---:|---:|---:|");
            for &n in &devices {
                let cell = |other, metric| self.ratio(other, n, metric).unwrap_or_else(|| "-".into());
                let _ = writeln!(
                    md,
                    "| {n} | {} | {} | {} | {} |",
                    cell(System::Centralized, |s| s.throughput),
                    cell(System::Centralized, |s| s.goodput),
                    cell(System::Sled, |s| s.throughput),
                    cell(System::Sled, |s| s.goodput)
                );
            }
        }
        let _ = writeln!(
            md,
            "\nCapacity (largest N tried at which {:.0}% of requests met the SLO; 0: none):\n",
            CAPACITY_SHARE * 100.0
        );
        let largest = devices.last().copied().unwrap_or(0);
        for (system, per_round) in &self.capacity {
            let shown: Vec<String> = per_round
                .iter()
                .map(|&n| if n == largest { format!("at least {n} (the largest tried)") } else { n.to_string() })
                .collect();
            let _ = writeln!(md, "- {system:?}: {}", shown.join(", "));
        }
        md
    }
}

/// The CPU's model name and core count, for the report.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "an unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    format!("{cpu}, {cores} cores")
}
