//! Load generator for distributed speculative serving: N simulated edge
//! devices, each a thread sending agent-like requests one after another,
//! against three systems on the same run, interleaved per N:
//!
//! * `centralized`: the server decodes every request itself, batched
//!   across users (continuous batching, no speculation);
//! * `sled`: each device drafts a fixed K tokens and the cloud batches the
//!   verifications in arrival order (SLED-style);
//! * `ours`: each device chooses K from its measured round trips, drafts
//!   ahead while a verification is in flight where drafting costs time, and
//!   asks for the deadline that keeps its time per output token; the cloud
//!   admits verifications with the SLO-aware scheduler.
//!
//! Devices draft with prompt lookup (optionally paced), or replay the
//! proposals of a real draft model recorded before the test
//! (`--draft-model`, see `trace.rs`), at `--draft-ms` per drafted token.
//!
//! Reports system throughput, goodput (tokens of requests that met the SLO
//! on time per output token) and capacity (the largest N at which 90% of
//! requests meet it), as JSON and as a Markdown table.
//!
//! `cargo run --release -p benchmarks --bin edge-load -- --help`

mod args;
mod device;
mod prompts;
mod report;
mod run;
mod trace;

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use clap::Parser;
use inference::models::{self, Quiet};
use inference::{Drafter, EdgeOptions, EngineConfig, Model, Policy, PromptLookup, ServerConfig, ServerDrafter};

use crate::args::{Args, System};
use crate::device::{PacedLookup, Served, Timing};
use crate::prompts::Kind;
use crate::run::{Cell, Sample, Setup};
use crate::trace::{Recorder, Replay, ReplayCounts, Traces};

/// Share of replayed proposals allowed to find no recording in a reported
/// pass, while recording passes remain.
const MISS_TOLERANCE: f64 = 0.01;

fn main() -> Result<(), String> {
    let args = Args::parse();
    if args.devices.is_empty() || args.devices.contains(&0) || args.requests == 0 || args.max_tokens < 2 {
        return Err("--devices must list numbers above 0, --requests be at least 1, --max-tokens at least 2".into());
    }
    let path = models::ensure(&args.model, &Quiet).map_err(|e| e.to_string())?;
    let model = Model::load_with(&path, args.gpu_layers).map_err(|e| e.to_string())?;
    eprintln!("target {}: {}", path.display(), model.placement());
    let ours_k = match &args.plan {
        Some(profile) => Some(planned_k(&args, profile)?),
        None => None,
    };
    let (mut recorder, traces) = match &args.draft_model {
        Some(name) => {
            let (recorder, traces) = record_traces(&args, model, name, ours_k)?;
            (Some(recorder), Some(Arc::new(traces)))
        }
        None => (None, None),
    };
    let mut setup = Setup { ours_k, traces, record_s: None };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    let mut samples = Vec::new();
    let mut cells = Vec::new();
    for round in 0..args.rounds {
        for &n in &args.devices {
            for &system in &args.systems {
                let mut discarded = 0;
                let (cell, mut got) = loop {
                    let (mut cell, got, served, miss_share) =
                        run_cell(&runtime, &args, &setup, model, round, system, n)?;
                    cell.recording_passes = discarded;
                    let (Some(recorder), Some(traces)) = (&mut recorder, &setup.traces) else { break (cell, got) };
                    if miss_share <= MISS_TOLERANCE || discarded == args.record_passes {
                        break (cell, got);
                    }
                    let mut added = 0;
                    for s in &served {
                        added += usize::from(recorder.record_path(traces, &s.prompt, &s.output)?);
                    }
                    eprintln!(
                        "round {round}, {n} devices, {system:?}: {:.1}% of proposals found no recorded draft; \
                         recorded {added} served outputs ({} in all), running the pass again",
                        100.0 * miss_share,
                        traces.paths()
                    );
                    if added == 0 {
                        break (cell, got);
                    }
                    discarded += 1;
                };
                let met = got.iter().filter(|s| s.timing.tpot_s * 1e3 <= args.slo_ms).count();
                let tokens: usize = got.iter().map(|s| s.timing.completion_tokens).sum();
                eprintln!(
                    "round {round}, {n} devices, {system:?}: {} requests in {:.1} s, {:.2} tok/s, {met} met the SLO, \
                     {} replay misses{}",
                    got.len(),
                    cell.wall_s,
                    tokens as f64 / cell.wall_s,
                    cell.replay_misses,
                    if cell.failures.is_empty() { String::new() } else { format!(", {} failed", cell.failures.len()) }
                );
                samples.append(&mut got);
                cells.push(cell);
            }
        }
    }
    setup.record_s = recorder.map(|r| r.elapsed.as_secs_f64());
    let report = report::Report::new(&args, &setup, &path, model, samples, cells, started.elapsed());
    report.write(&args.out, &args.table)?;
    eprintln!("wrote {} and {}", args.out.display(), args.table.display());
    Ok(())
}

/// Our devices' K: the goodput plan of the profile for the draft model, at
/// the device's drafting speed.
fn planned_k(args: &Args, path: &std::path::Path) -> Result<usize, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read the profile {}: {e}", path.display()))?;
    let mut profile: inference::profile::Profile =
        serde_json::from_str(&text).map_err(|e| format!("{} is not a marco profile: {e}", path.display()))?;
    let Some(draft) = &args.draft_model else {
        return Err("`--plan` plans the draft model's K: give `--draft-model` too".into());
    };
    let stem = std::path::Path::new(draft).file_stem().map(|s| s.to_string_lossy().into_owned());
    profile.drafters.retain(|d| Some(&d.name) == stem.as_ref() || &d.name == draft);
    let Some(drafter) = profile.drafters.first_mut() else {
        return Err(format!("the profile {} measured no drafter named {draft}", path.display()));
    };
    // The profile measured the drafter where the profile ran; the device
    // drafts at its own speed.
    drafter.ms_per_token = args.draft_ms;
    let plan = profile.plan(inference::profile::Objective::Goodput, args.max_k).ok_or("the profile has no plan")?;
    eprintln!(
        "plan: K = {} for {} at {} ms per drafted token ({:.2} tokens per round expected, {:.1} tokens/s predicted)",
        plan.k, plan.drafter, args.draft_ms, plan.expected_tokens_per_round, plan.predicted
    );
    Ok(plan.k)
}

/// Records the draft model's proposals along the target's greedy output
/// of every prompt of the test, and keeps the recorder for served outputs.
fn record_traces(
    args: &Args,
    target: Model,
    draft_name: &str,
    ours_k: Option<usize>,
) -> Result<(Recorder, Traces), String> {
    let draft_path = models::ensure(draft_name, &Quiet).map_err(|e| e.to_string())?;
    let draft = Model::load_with(&draft_path, args.gpu_layers).map_err(|e| e.to_string())?;
    eprintln!("recording drafts of {}: {}", draft_path.display(), draft.placement());
    if !draft.shares_tokenizer(&target) {
        return Err(format!("the draft model {} does not share the target's tokenizer", draft_path.display()));
    }
    let most = args.devices.iter().copied().max().unwrap_or(0);
    let prompts = (0..most)
        .flat_map(|d| (0..args.requests).map(move |i| (d, i)))
        .map(|(d, i)| {
            let prompt = prompts::prompt(args.seed, d, i);
            target.chat_prompt(&prompt.messages).map(|text| target.tokenize(&text, false))
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    // Twice the longest draft: a device drafting ahead of a verification in
    // flight asks for the continuation of its own draft.
    let depth = 2 * args.sled_k.max(ours_k.unwrap_or(args.max_k));
    let longest = prompts.iter().map(Vec::len).max().unwrap_or(0);
    let mut recorder = Recorder::new(target, draft, (longest + args.max_tokens) as u32, depth)?;
    let traces = recorder.traces();
    let mut distinct = prompts.clone();
    distinct.sort();
    distinct.dedup();
    for prompt in &distinct {
        recorder.record_prompt(&traces, prompt, args.max_tokens)?;
    }
    eprintln!(
        "recorded {} outputs x {} positions, {depth} draft tokens each, in {:.1} s",
        traces.paths(),
        args.max_tokens,
        recorder.elapsed.as_secs_f64()
    );
    Ok((recorder, traces))
}

/// A device's requests, in order (with the tokens served to an edge
/// device), or why it stopped.
type DeviceResult = Result<Vec<(Kind, Timing, Option<Served>)>, String>;

/// Starts a fresh server for `system`, lets `n` devices send their
/// requests at once, and stops it. Returns the cell, its samples, the
/// tokens served to edge devices and the share of replayed proposals that
/// found no recording.
fn run_cell(
    runtime: &tokio::runtime::Runtime,
    args: &Args,
    setup: &Setup,
    model: Model,
    round: usize,
    system: System,
    n: usize,
) -> Result<(Cell, Vec<Sample>, Vec<Served>, f64), String> {
    let longest_prompt = (0..n)
        .flat_map(|d| (0..args.requests).map(move |i| (d, i)))
        .map(|(d, i)| {
            let prompt = prompts::prompt(args.seed, d, i);
            model.chat_prompt(&prompt.messages).map(|text| model.tokenize(&text, false).len())
        })
        .try_fold(0, |max, len| len.map(|len| max.max(len)))
        .map_err(|e| e.to_string())?;
    let mut config = ServerConfig::new("target", model);
    let context = (longest_prompt + args.max_tokens + inference::MAX_DRAFT + 64) as u32;
    config.engine = EngineConfig { context, sequences: n as u32 + 1, ..EngineConfig::default() };
    if let Some(threads) = args.threads {
        config.engine.threads = threads;
    }
    config.drafter = ServerDrafter::None;
    config.max_queue = 4 * n + 16;
    config.verify_policy = if system == System::Sled { Policy::Fifo } else { Policy::Slo };
    let server = runtime
        .block_on(inference::serve(config, "127.0.0.1:0".parse().expect("an address")))
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let base = format!("http://{}", server.addr);
    // One short request first, so that start-up costs fall outside the
    // measurement and the cloud's estimator has passes to learn from.
    let warm = prompts::prompt(args.seed.wrapping_add(1), 0, 0);
    let warmed = match system {
        System::Centralized => device::chat(&server.base_url(), "target", &warm, 8),
        _ => device::edge(&base, model, &mut PromptLookup::default(), &warm, 8, &mut EdgeOptions::fixed(2))
            .map(|(timing, _)| timing),
    };
    warmed.map_err(|e| format!("warm-up failed: {e}"))?;

    let counts = Arc::new(ReplayCounts::default());
    let barrier = Arc::new(Barrier::new(n));
    let slo = Duration::from_secs_f64(args.slo_ms / 1e3);
    let begun = Instant::now();
    let results: Vec<(usize, DeviceResult)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .map(|d| {
                let (barrier, base, chat_url) = (barrier.clone(), base.clone(), server.base_url());
                let counts = counts.clone();
                scope.spawn(move || {
                    let per_token = Duration::from_secs_f64(args.draft_ms / 1e3);
                    let mut drafter: Box<dyn Drafter> = if let Some(traces) = &setup.traces {
                        // SLED-style devices draft a fixed K; ours stop early.
                        Box::new(Replay::new(traces.clone(), per_token, system == System::Ours, counts))
                    } else if args.draft_ms > 0.0 {
                        Box::new(PacedLookup { lookup: PromptLookup::default(), per_token })
                    } else {
                        Box::new(PromptLookup::default())
                    };
                    let mut options = match system {
                        System::Centralized | System::Sled => EdgeOptions::fixed(args.sled_k),
                        System::Ours => match setup.ours_k {
                            Some(k) => EdgeOptions {
                                length: inference::DraftLength::fixed(k),
                                ..EdgeOptions::automatic(k, Some(slo))
                            },
                            None => EdgeOptions::automatic(args.max_k, Some(slo)),
                        },
                    };
                    barrier.wait();
                    let mut done = Vec::new();
                    for i in 0..args.requests {
                        let prompt = prompts::prompt(args.seed, d, i);
                        let (timing, served) = match system {
                            System::Centralized => (device::chat(&chat_url, "target", &prompt, args.max_tokens)?, None),
                            System::Sled | System::Ours => {
                                let (timing, served) = device::edge(
                                    &base,
                                    model,
                                    drafter.as_mut(),
                                    &prompt,
                                    args.max_tokens,
                                    &mut options,
                                )?;
                                (timing, Some(served))
                            }
                        };
                        done.push((prompt.kind, timing, served));
                    }
                    Ok(done)
                })
            })
            .collect();
        handles
            .into_iter()
            .enumerate()
            .map(|(d, h)| (d, h.join().unwrap_or_else(|_| Err("the device panicked".into()))))
            .collect()
    });
    let wall_s = begun.elapsed().as_secs_f64();
    runtime.block_on(server.stop()).map_err(|e| format!("cannot stop the server: {e}"))?;
    let mut samples = Vec::new();
    let mut served_all = Vec::new();
    let mut failures = Vec::new();
    for (d, result) in results {
        match result {
            Ok(done) => {
                for (kind, timing, served) in done {
                    samples.push(Sample { round, system, devices: n, device: d, kind, timing });
                    served_all.extend(served);
                }
            }
            Err(e) => failures.push(format!("device {d}: {e}")),
        }
    }
    let replay_misses = counts.misses.load(std::sync::atomic::Ordering::Relaxed);
    let replay_hits = counts.hits.load(std::sync::atomic::Ordering::Relaxed);
    let cell = Cell { round, system, devices: n, wall_s, failures, replay_hits, replay_misses, recording_passes: 0 };
    Ok((cell, samples, served_all, counts.miss_share()))
}
