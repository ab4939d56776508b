//! `marco optimise FILE.rs`: the agents loop on the command line.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use marco::optimise::code::{self, Source};
use marco::optimise::run::{self, Services, Summary};
use marco::optimise::{CandidateResult, Event, OpenAiChat, Record, RunSpec, Stop};
use marco::settings::{Layer, Settings};

#[derive(Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct OptimiseArgs {
    /// What to make faster: a Rust program (a complete file with `fn
    /// main()`, optionally with one `// marco:begin` ... `// marco:end`
    /// region); with --problem, a LeetCode solution (`impl Solution { ...
    /// }`); or a Cargo package (a directory holding `Cargo.toml`, or the
    /// manifest itself).
    #[arg(value_name = "FILE.rs|DIR", required_unless_present_any = ["resume", "manifest_path"])]
    pub(crate) file: Option<PathBuf>,
    /// The package's Cargo.toml (instead of DIR).
    #[arg(long, value_name = "PATH", conflicts_with_all = ["file", "problem", "inputs"])]
    pub(crate) manifest_path: Option<PathBuf>,
    /// The package to optimise in a workspace of several.
    #[arg(short = 'p', long = "package", value_name = "NAME")]
    pub(crate) package: Option<String>,
    /// A package's function to optimise, as `crate::module::name`,
    /// `module::name`, `Type::method` or just `name` (repeatable). Without
    /// any, marco profiles the package and optimises its hottest functions.
    #[arg(long = "function", value_name = "PATH")]
    pub(crate) functions: Vec<String>,
    /// The command whose profile chooses a package's functions, run in a
    /// copy of the package (e.g. "cargo run --release -- big.txt")
    /// [default: its benchmarks, else its tests].
    #[arg(long, value_name = "COMMAND", conflicts_with = "functions")]
    pub(crate) workload: Option<String>,
    /// How many of the profile's hottest functions to optimise [default: 3].
    #[arg(long, value_name = "N", conflicts_with = "functions")]
    pub(crate) top: Option<usize>,
    /// Apply a package run's patch to the package's files (each only if it
    /// has not changed since the run read it).
    #[arg(long)]
    pub(crate) apply: bool,
    /// Commit a package run's patch on a new git branch NAME, with the
    /// evidence in its message; the working tree and the current branch stay
    /// as they are.
    #[arg(long, value_name = "NAME")]
    pub(crate) branch: Option<String>,
    /// How much a floating-point number a package's function returns may
    /// differ from the original's, relative (e.g. 1e-9), so that sums may
    /// be reordered [default: exactly equal]. A file declares it with a
    /// `// marco:tolerance` line instead.
    #[arg(long, value_name = "X")]
    pub(crate) tolerance: Option<f64>,
    /// Also measure, on a package's criterion benchmarks, what `lto =
    /// "fat"`, `codegen-units = 1` and `-C target-cpu=native` would give,
    /// each apart from the code changes, and suggest those that help.
    #[arg(long)]
    pub(crate) build_settings: bool,
    /// An input to check and measure on (stdin; repeatable). The first half
    /// are shown to the generator, the rest kept hidden. Without any, the LLM
    /// writes an input generator.
    #[arg(long = "input", value_name = "FILE")]
    pub(crate) inputs: Vec<PathBuf>,
    /// Optimise a LeetCode 75 solution with that problem's harness, checker
    /// and inputs (id or slug, see `marco problems list`).
    #[arg(long, value_name = "ID", conflicts_with = "inputs")]
    pub(crate) problem: Option<String>,
    /// Iterations of the loop [default: 3].
    #[arg(long, value_name = "N")]
    iterations: Option<u32>,
    /// Candidates the generator writes per iteration [default: 3].
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
    /// deterministic model the run repeats exactly [default: 0].
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Cores a candidate may use when it runs natively, and threads besides
    /// its main one; 1 forbids threads (candidates are then decided on fuel
    /// and single-core time, as before threads were allowed) [default: every
    /// core of this machine].
    #[arg(long, value_name = "N")]
    threads: Option<u32>,
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
    pub(crate) out: Option<PathBuf>,
    /// Overwrite FILE with the result (atomically; a copy of the original
    /// stays in the run directory).
    #[arg(long)]
    pub(crate) in_place: bool,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    pub(crate) json: bool,
    /// The run directory [default: .marco/runs/NAME-TIME].
    #[arg(long, value_name = "DIR", conflicts_with = "resume")]
    pub(crate) run_dir: Option<PathBuf>,
    /// Continue an interrupted run with the settings it started with;
    /// finished steps are not repeated.
    #[arg(long, value_name = "DIR")]
    pub(crate) resume: Option<PathBuf>,
    /// Settings file [default: ./marco.toml when present].
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
}

const AFTER_HELP: &str = "\
How it works: each iteration the retriever finds optimisation techniques (with sources), the generator writes
candidates, and the evaluator builds each in a sandbox, checks it against the original on every input (hidden ones
included) and the file's #[test] functions, counts its WebAssembly fuel and times the best natively. The best
correct version is kept; the original file is never changed unless --in-place is given.

A Cargo package (marco optimise DIR): marco copies the package into the run directory (DIR/.marco/runs/...),
checks that it builds and that its tests pass, then optimises the functions named with --function, or the --top
hottest of a perf profile of its benchmarks (else its tests, or --workload). Every candidate is built and tested
in that copy inside bubblewrap (no network, nothing of the host but the toolchain and the cargo registry, read-only),
checked by the package's tests plus a generated differential test against the original function, and timed with
the package's criterion benchmarks (or a generated benchmark), interleaved. The result is changes.patch (for `git
apply`) and report.md in the run directory; --apply writes it into DIR, --branch NAME commits it on a new branch.

Every run writes a run directory: events.jsonl (every prompt, reply, retrieval, check, timing and decision),
best.rs, the inputs, and run.json. Ctrl-C stops cleanly; `marco optimise --resume DIR` continues.

marco.toml keys (all optional; a flag wins over its key): llm_url, model, llm_timeout, iterations, candidates,
max_tokens, max_time, patience, target_speedup, reply_tokens, seed, search, search_backends, single_shot,
threads.
Environment: MARCO_LLM_API_KEY or OPENAI_API_KEY (the API key), MARCO_LOG (log filter).";

pub fn execute(args: OptimiseArgs) -> Result<ExitCode> {
    if args.apply
        || args.branch.is_some()
        || args.build_settings
        || !args.functions.is_empty()
        || args.workload.is_some()
    {
        bail!(
            "--apply, --branch, --build-settings, --function, --tolerance and --workload are for a Cargo package \
             (marco optimise DIR); a file declares its tolerance with a `// marco:tolerance` line"
        );
    }
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
    let cancel = crate::wiring::cancel_on_ctrl_c(&runtime);
    let sandbox = crate::wiring::sandbox()?;
    let search = crate::wiring::search(&spec.options)?;
    let (settings, _server) =
        crate::wiring::connect(&runtime, spec.llm_url.as_deref(), &spec.model, spec.llm_timeout, |t| show.note(t))?;
    let chat = OpenAiChat::new(settings, &crate::wiring::api_key(), cancel.clone())?;
    let services =
        Services { chat: &chat, search: search.as_ref(), sandbox: &sandbox, runtime: runtime.handle().clone() };
    let finished = run::execute(&spec, &mut journal, &services, cancel, &|text| show.note(text))?;
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

/// The settings of a new run: command line over `marco.toml` over defaults.
pub(crate) fn flags(args: &OptimiseArgs) -> Layer {
    Layer {
        llm_url: args.llm_url.clone(),
        model: args.model.clone(),
        llm_timeout: args.llm_timeout,
        iterations: args.iterations,
        candidates: args.candidates,
        max_tokens: args.max_tokens,
        max_time: args.max_time,
        patience: args.patience,
        target_speedup: args.target_speedup,
        reply_tokens: args.reply_tokens,
        threads: args.threads,
        seed: args.seed,
        search: args.no_search.then_some(false),
        search_backends: (!args.search_backends.is_empty()).then(|| args.search_backends.clone()),
        single_shot: args.single_shot.then_some(true),
    }
}

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
    let flags = flags(args);
    let settings = Settings::resolve(flags.over(read_config(args.config.as_deref())?))?;
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
    let output = args.out.clone().unwrap_or_else(|| file.with_extension("optimised.rs"));
    Ok(RunSpec {
        marco: env!("CARGO_PKG_VERSION").to_string(),
        file,
        problem: args.problem.clone(),
        input_files: args.inputs.iter().map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone())).collect(),
        options: settings.options,
        llm_url: settings.llm_url,
        model: settings.model,
        llm_timeout: settings.llm_timeout_s,
        output,
        in_place: args.in_place,
    })
}

/// The `marco.toml` layer: the file given, else `./marco.toml` when there.
pub(crate) fn read_config(path: Option<&Path>) -> Result<Layer> {
    let (path, required) = match path {
        Some(path) => (path.to_path_buf(), true),
        None => (PathBuf::from("marco.toml"), false),
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).with_context(|| format!("in {}", path.display())),
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => Ok(Layer::default()),
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
pub(crate) struct Display {
    bar: ProgressBar,
}

impl Display {
    pub(crate) fn new() -> Display {
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

    pub(crate) fn note(&self, text: &str) {
        self.bar.suspend(|| eprintln!("{text}"));
    }

    pub(crate) fn observer(&self) -> Box<dyn Fn(&Record) + Send + Sync> {
        let bar = self.bar.clone();
        let plain = bar.is_hidden();
        Box::new(move |record: &Record| {
            let line = match &record.event {
                Event::Progress { what } => {
                    if plain {
                        Some(what.clone())
                    } else {
                        bar.set_message(what.clone());
                        None
                    }
                }
                Event::Candidate(candidate) => {
                    let verdict = match &candidate.result {
                        CandidateResult::Checked { verdict, .. } => verdict,
                        CandidateResult::Unusable { unusable } => unusable,
                    };
                    Some(format!("  {}: {verdict}", candidate.key))
                }
                Event::Decision(decision) => Some(format!(
                    "  candidate {} {} (native time {:.2}x the previous best)",
                    decision.candidate,
                    if decision.kept { "kept as the new best" } else { "not kept" },
                    decision.timing.ratio
                )),
                Event::Iteration(done) => Some(match done.fuel_speedup {
                    Some(speedup) => {
                        format!(
                            "iteration {} done: best uses {speedup:.2}x less fuel than the original",
                            done.iteration
                        )
                    }
                    None => format!("iteration {} done: the best is timed natively (no fuel count)", done.iteration),
                }),
                _ => None,
            };
            if let Some(line) = line {
                bar.suspend(|| eprintln!("{line}"));
            }
        })
    }

    pub(crate) fn finish(&self) {
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
        let _ = match (o.fuel_speedup, o.best_fuel) {
            (Some(speedup), Some(best)) => {
                writeln!(out, "  fuel:      {speedup:.2}x less than the original ({} -> {best})", o.original_fuel)
            }
            _ => writeln!(out, "  fuel:      none: the best runs threads, which WebAssembly cannot"),
        };
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
        let usage = |u: &sandbox::Usage| {
            format!(
                "{:.0} ms CPU, {:.1} MiB, {} thread{}",
                u.cpu_ms,
                u.peak_memory_bytes as f64 / (1u64 << 20) as f64,
                u.threads,
                if u.threads == 1 { "" } else { "s" }
            )
        };
        let _ = writeln!(out, "  resources: original {}; best {}", usage(&wall.a_usage), usage(&wall.b_usage));
        if let Some(efficiency) = wall.parallel_efficiency() {
            let _ = writeln!(
                out,
                "  parallel:  {:.0}% efficiency ({:.2}x speedup on {} threads of {} cores)",
                efficiency * 100.0,
                wall.speedup(),
                wall.threads_used(),
                wall.cores
            );
        }
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
        out.push_str(&code::diff(original, best, colour));
    }
    out
}
