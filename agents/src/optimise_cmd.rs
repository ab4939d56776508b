//! `marco optimise FILE.rs`: the agents loop on the command line.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;
use tokio_util::sync::CancellationToken;

use crate::optimise::code::Source;
use crate::optimise::journal::Event;
use crate::optimise::llm::Llm;
use crate::optimise::run::{self, RunSpec, Summary};
use crate::optimise::{Options, Stop};

/// Settings read from `marco.toml` (every key optional; the command line
/// wins).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    llm_url: Option<String>,
    model: Option<String>,
    llm_timeout: Option<u64>,
    iterations: Option<u32>,
    candidates: Option<u32>,
    max_tokens: Option<u64>,
    max_time: Option<u64>,
    patience: Option<u32>,
    target_speedup: Option<f64>,
    reply_tokens: Option<u32>,
    search: Option<bool>,
    search_backends: Option<Vec<String>>,
}

#[derive(Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct OptimiseArgs {
    /// The Rust program to make faster: a complete file with `fn main()`
    /// (optionally with one `// marco:begin` ... `// marco:end` region), or
    /// with --problem, a LeetCode solution (`impl Solution { ... }`).
    #[arg(value_name = "FILE.rs", required_unless_present = "resume")]
    file: Option<PathBuf>,
    /// An input to check and measure on (stdin; repeatable). The first half
    /// are shown to the generator, the rest kept hidden. Without any, the LLM
    /// writes an input generator.
    #[arg(long = "input", value_name = "FILE")]
    inputs: Vec<PathBuf>,
    /// Optimise a LeetCode 75 solution with that problem's harness, checker
    /// and inputs (id or slug, see `marco problems list`).
    #[arg(long, value_name = "ID", conflicts_with = "inputs")]
    problem: Option<String>,
    /// Iterations of the loop [default: 3].
    #[arg(long, value_name = "N")]
    iterations: Option<u32>,
    /// Candidates the generator writes per iteration [default: 2].
    #[arg(long, value_name = "N")]
    candidates: Option<u32>,
    /// Stop starting new work after this many tokens (all agents).
    #[arg(long, value_name = "N")]
    max_tokens: Option<u64>,
    /// Stop starting new work after this many seconds.
    #[arg(long, value_name = "SECONDS")]
    max_time: Option<u64>,
    /// Stop after this many iterations without an improvement [default: 2].
    #[arg(long, value_name = "N")]
    patience: Option<u32>,
    /// Stop once the best uses this many times less fuel than the original.
    #[arg(long, value_name = "X")]
    target_speedup: Option<f64>,
    /// Tokens one LLM reply may have [default: 1536].
    #[arg(long, value_name = "N")]
    reply_tokens: Option<u32>,
    /// Seed of the LLM's sampling and of the hidden inputs: with a
    /// deterministic model the run repeats exactly.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Do not query the retriever.
    #[arg(long)]
    no_search: bool,
    /// Search backends to ask (see `marco search --help`); default: every
    /// configured one, with the offline knowledge base as fallback.
    #[arg(long = "search-backend", value_name = "NAME", value_delimiter = ',')]
    search_backends: Vec<String>,
    /// One generator call and no loop (the "LLM alone" comparison).
    #[arg(long)]
    single_shot: bool,
    /// An OpenAI-compatible API (e.g. http://127.0.0.1:8000/v1). Default:
    /// marco's own backend, started here on a loopback port.
    #[arg(long, value_name = "URL")]
    llm_url: Option<String>,
    /// The model: with --llm-url, the name the server knows; otherwise a
    /// local model (`marco models list`) or a GGUF path, pulled on first use.
    #[arg(long, value_name = "NAME")]
    model: Option<String>,
    /// Seconds one LLM request may take [default: 900].
    #[arg(long, value_name = "SECONDS")]
    llm_timeout: Option<u64>,
    /// Where to write the result [default: FILE.optimised.rs].
    #[arg(long, value_name = "FILE", conflicts_with = "in_place")]
    out: Option<PathBuf>,
    /// Overwrite FILE with the result (atomically; a copy of the original
    /// stays in the run directory).
    #[arg(long)]
    in_place: bool,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    json: bool,
    /// The run directory [default: .marco/runs/NAME-TIME].
    #[arg(long, value_name = "DIR", conflicts_with = "resume")]
    run_dir: Option<PathBuf>,
    /// Continue an interrupted run with the settings it started with;
    /// finished steps are not repeated.
    #[arg(long, value_name = "DIR")]
    resume: Option<PathBuf>,
    /// Settings file [default: ./marco.toml when present].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

const AFTER_HELP: &str = "\
How it works: each iteration the retriever finds optimisation techniques (with sources), the generator writes
candidates, and the evaluator builds each in a sandbox, checks it against the original on every input (hidden ones
included) and the file's #[test] functions, counts its WebAssembly fuel and times the best natively. The best
correct version is kept; the original file is never changed unless --in-place is given.

Every run writes a run directory: events.jsonl (every prompt, reply, retrieval, check, timing and decision),
best.rs, the inputs, and run.json. Ctrl-C stops cleanly; `marco optimise --resume DIR` continues.

marco.toml keys (all optional): llm_url, model, llm_timeout, iterations, candidates, max_tokens, max_time,
patience, target_speedup, reply_tokens, search, search_backends.
Environment: MARCO_LLM_API_KEY or OPENAI_API_KEY (the API key), MARCO_LOG (log filter).";

pub fn execute(args: OptimiseArgs) -> Result<ExitCode> {
    let (spec, dir, mut journal) = match &args.resume {
        Some(dir) => {
            let (spec, journal) = run::reopen(dir)?;
            (spec, dir.clone(), journal)
        }
        None => {
            let spec = new_spec(&args)?;
            let dir = args.run_dir.clone().unwrap_or_else(|| default_run_dir(&spec.file));
            let journal = run::create(&spec, &dir)?;
            (spec, dir, journal)
        }
    };
    let show = Display::new();
    journal.observe(show.observer());
    show.note(&format!("{} {}", if args.resume.is_some() { "resuming" } else { "run directory:" }, dir.display()));

    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let cancel = cancel_on_ctrl_c(&runtime);
    let (settings, _server) =
        crate::llm_cmd::connect(&runtime, spec.llm_url.as_deref(), &spec.model, spec.llm_timeout, |t| show.note(t))?;
    let llm = Llm::new(settings, cancel.clone())?;
    let finished = run::execute(&spec, &mut journal, &llm, runtime.handle(), cancel, &|text| show.note(text))?;
    show.finish();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&finished.summary)?);
    } else {
        print!("{}", render(&finished.summary, &finished.original, &finished.result));
    }
    runtime.shutdown_timeout(Duration::from_secs(2));
    let interrupted = finished.summary.outcome.stop == Stop::Interrupted;
    Ok(if interrupted { ExitCode::from(130) } else { ExitCode::SUCCESS })
}

/// A token cancelled by the first Ctrl-C (work stops after the current
/// step, leaving it resumable); a second Ctrl-C quits at once.
pub fn cancel_on_ctrl_c(runtime: &tokio::runtime::Runtime) -> CancellationToken {
    let cancel = CancellationToken::new();
    let cancelled = cancel.clone();
    runtime.spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("\nstopping after the current step (Ctrl-C again to quit at once)");
            cancelled.cancel();
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(130);
            }
        }
    });
    cancel
}

/// The settings of a new run: command line over `marco.toml` over defaults.
fn new_spec(args: &OptimiseArgs) -> Result<RunSpec> {
    let file = args.file.clone().context("FILE.rs is required")?;
    if !file.is_file() {
        bail!("{} is not a file", file.display());
    }
    if args.problem.is_none() {
        let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
        Source::program(&text).with_context(|| format!("in {}", file.display()))?;
        if !text.contains("fn main") {
            bail!(
                "{} has no `fn main`: marco optimises whole programs (or, with --problem ID, a LeetCode solution)",
                file.display()
            );
        }
    }
    let config = read_config(args.config.as_deref())?;
    let defaults = Options::default();
    let options = Options {
        iterations: args.iterations.or(config.iterations).unwrap_or(defaults.iterations).max(1),
        candidates: args.candidates.or(config.candidates).unwrap_or(defaults.candidates).max(1),
        max_tokens: args.max_tokens.or(config.max_tokens),
        max_time_s: args.max_time.or(config.max_time),
        patience: args.patience.or(config.patience).unwrap_or(defaults.patience),
        target_speedup: args.target_speedup.or(config.target_speedup),
        seed: args.seed,
        search: !args.no_search && config.search.unwrap_or(true),
        search_backends: if args.search_backends.is_empty() {
            config.search_backends.unwrap_or_default()
        } else {
            args.search_backends.clone()
        },
        single_shot: args.single_shot,
        reply_tokens: args.reply_tokens.or(config.reply_tokens).unwrap_or(defaults.reply_tokens).max(64),
        timing_rounds: defaults.timing_rounds,
    };
    for backend in &options.search_backends {
        backend.parse::<search::BackendKind>()?;
    }
    if let Some(id) = &args.problem
        && problems::find(id).is_none()
    {
        bail!("no problem {id} (see `marco problems list`)");
    }
    for input in &args.inputs {
        if !input.is_file() {
            bail!("the input {} is not a file", input.display());
        }
    }
    let llm_url = args.llm_url.clone().or(config.llm_url);
    let model = args.model.clone().or(config.model).unwrap_or_else(|| inference::models::DEFAULT_MODEL.to_string());
    let output = args.out.clone().unwrap_or_else(|| file.with_extension("optimised.rs"));
    Ok(RunSpec {
        marco: env!("CARGO_PKG_VERSION").to_string(),
        file,
        problem: args.problem.clone(),
        input_files: args.inputs.iter().map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone())).collect(),
        options,
        llm_url,
        model,
        llm_timeout: args.llm_timeout.or(config.llm_timeout).unwrap_or(900),
        output,
        in_place: args.in_place,
    })
}

fn read_config(path: Option<&Path>) -> Result<ConfigFile> {
    let (path, required) = match path {
        Some(path) => (path.to_path_buf(), true),
        None => (PathBuf::from("marco.toml"), false),
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).with_context(|| format!("in {}", path.display())),
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => Ok(ConfigFile::default()),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

fn default_run_dir(file: &Path) -> PathBuf {
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "run".into());
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    PathBuf::from(".marco").join("runs").join(format!("{stem}-{secs}-{}", std::process::id()))
}

/// Progress on stderr: a spinner with the current step, and a line per
/// checked candidate and decision.
struct Display {
    bar: ProgressBar,
}

impl Display {
    fn new() -> Display {
        let bar = if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new_spinner();
            bar.set_style(ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}").expect("valid template"));
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        } else {
            ProgressBar::hidden()
        };
        Display { bar }
    }

    fn note(&self, text: &str) {
        self.bar.suspend(|| eprintln!("{text}"));
    }

    fn observer(&self) -> Box<dyn Fn(&Event) + Send + Sync> {
        let bar = self.bar.clone();
        let plain = bar.is_hidden();
        Box::new(move |event: &Event| {
            let line = match event.kind.as_str() {
                "progress" => {
                    let what = event.data["what"].as_str().unwrap_or_default().to_string();
                    if plain {
                        Some(what)
                    } else {
                        bar.set_message(what);
                        None
                    }
                }
                "candidate" => {
                    let key = event.data["key"].as_str().unwrap_or_default();
                    let verdict = event.data["verdict"].as_str().or(event.data["unusable"].as_str()).unwrap_or("?");
                    Some(format!("  {key}: {verdict}"))
                }
                "decision" => {
                    let kept = event.data["kept"].as_bool().unwrap_or(false);
                    let candidate = &event.data["candidate"];
                    let ratio = event.data["timing"]["ratio"].as_f64().unwrap_or(f64::NAN);
                    Some(format!(
                        "  candidate {candidate} {} (native time {ratio:.2}x the previous best)",
                        if kept { "kept as the new best" } else { "not kept" }
                    ))
                }
                "iteration" => Some(format!(
                    "iteration {} done: best uses {:.2}x less fuel than the original",
                    event.data["iteration"],
                    event.data["fuel_speedup"].as_f64().unwrap_or(1.0)
                )),
                _ => None,
            };
            if let Some(line) = line {
                bar.suspend(|| eprintln!("{line}"));
            }
        })
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn render(summary: &Summary, original: &str, best: &str) -> String {
    let o = &summary.outcome;
    let colour = std::io::stdout().is_terminal();
    let mut out = String::new();
    let stop = match o.stop {
        Stop::Iterations => "every iteration ran",
        Stop::Patience => "no improvement for `patience` iterations",
        Stop::TargetReached => "target speedup reached",
        Stop::TokenBudget => "token budget spent",
        Stop::TimeBudget => "time budget spent",
        Stop::Interrupted => "interrupted",
        Stop::SingleShot => "single shot",
    };
    let _ = writeln!(
        out,
        "\n{}: {} iteration(s), {} candidate(s), {} correct; stopped: {stop}",
        summary.file.display(),
        o.iterations,
        o.candidates,
        o.correct_candidates
    );
    if o.improved {
        let _ = writeln!(
            out,
            "  fuel:      {:.2}x less than the original ({} -> {})",
            o.fuel_speedup, o.original_fuel, o.best_fuel
        );
    } else {
        let _ = writeln!(out, "  result:    no faster correct version found; the original is unchanged");
    }
    if let Some(wall) = &o.wall {
        let verdict = match wall.verdict {
            sandbox::Verdict::Faster => "faster",
            sandbox::Verdict::Slower => "slower",
            sandbox::Verdict::NoSignificantDifference => "no significant difference",
        };
        let _ = writeln!(
            out,
            "  wall time: {:.3}x the original's, {:.2}x speedup (95% interval of the ratio {:.3}-{:.3}, {} interleaved runs each): {verdict}",
            wall.ratio,
            1.0 / wall.ratio.max(1e-9),
            wall.ci_low,
            wall.ci_high,
            wall.a_ms.len()
        );
    }
    let checked = if summary.problem.is_some() {
        "passes the problem's checker on every case, hidden seed included".to_string()
    } else {
        format!(
            "same output as the original on {} shown and {} hidden input(s)",
            summary.inputs.visible.len(),
            summary.inputs.hidden.len()
        )
    };
    let _ = writeln!(out, "  correct:   {checked}");
    let tokens: Vec<String> = o
        .usage
        .per_agent
        .iter()
        .map(|(agent, u)| format!("{agent} {} ({} calls)", u.prompt_tokens + u.completion_tokens, u.calls))
        .collect();
    let _ = writeln!(out, "  tokens:    {} in all: {}", o.usage.total(), tokens.join(", "));
    if !o.sources_cited.is_empty() {
        let _ = writeln!(out, "  sources:");
        for source in &o.sources_cited {
            let _ = writeln!(out, "    - {source}");
        }
    }
    let _ = writeln!(out, "  run:       {}", summary.run_dir.display());
    match &summary.written {
        Some(path) => {
            let _ = writeln!(out, "  written:   {}", path.display());
        }
        None => {
            let _ = writeln!(
                out,
                "  resume:    marco optimise --resume {} (best so far: {})",
                summary.run_dir.display(),
                summary.run_dir.join("best.rs").display()
            );
        }
    }
    if o.improved {
        out.push('\n');
        out.push_str(&crate::optimise::code::diff(original, best, colour));
    }
    out
}
