//! `marco optimise FILE.rs`: the agents loop on the command line.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use sandbox::{Sandbox, SandboxConfig};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use crate::optimise::code::Source;
use crate::optimise::inputs::{self, Inputs, InputsRecord};
use crate::optimise::journal::{Event, Journal, write_atomically};
use crate::optimise::llm::{Agent, Chat, Llm, LlmSettings};
use crate::optimise::task::{FileTask, ProblemTask, Task};
use crate::optimise::{Optimiser, Options, Outcome, Stop, prompts};

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

/// Everything a run needs to start again, saved as `run.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RunSpec {
    marco: String,
    file: PathBuf,
    problem: Option<String>,
    input_files: Vec<PathBuf>,
    options: Options,
    /// `None`: marco's built-in backend with `model`.
    llm_url: Option<String>,
    model: String,
    llm_timeout: u64,
    output: PathBuf,
    in_place: bool,
}

/// The machine-readable summary (`--json`).
#[derive(Debug, Serialize)]
struct Summary<'a> {
    file: &'a Path,
    problem: Option<&'a str>,
    run_dir: &'a Path,
    /// Where the best version was written (absent when interrupted).
    written: Option<&'a Path>,
    inputs: &'a InputsRecord,
    model: &'a str,
    #[serde(flatten)]
    outcome: &'a Outcome,
}

pub fn execute(args: OptimiseArgs) -> Result<ExitCode> {
    let (spec, dir, resumed) = match &args.resume {
        Some(dir) => {
            let text = std::fs::read_to_string(dir.join("run.json"))
                .with_context(|| format!("{} is not a marco run directory (no run.json)", dir.display()))?;
            (serde_json::from_str::<RunSpec>(&text)?, dir.clone(), true)
        }
        None => {
            let spec = new_spec(&args)?;
            let dir = args.run_dir.clone().unwrap_or_else(|| default_run_dir(&spec.file));
            (spec, dir, false)
        }
    };
    let mut journal = if resumed { Journal::open(&dir)? } else { Journal::create(&dir)? };
    let original = if resumed {
        std::fs::read_to_string(dir.join("original.rs")).context("the run directory lost original.rs")?
    } else {
        let text =
            std::fs::read_to_string(&spec.file).with_context(|| format!("cannot read {}", spec.file.display()))?;
        journal.write_file("original.rs", text.as_bytes())?;
        journal.write_file("run.json", serde_json::to_string_pretty(&spec)?.as_bytes())?;
        text
    };
    let show = Display::new();
    journal.observe(show.observer());
    if resumed {
        show.note(&format!("resuming {}", dir.display()));
    } else {
        show.note(&format!("run directory: {}", dir.display()));
        journal.log("started", &spec)?;
    }

    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let cancel = CancellationToken::new();
    {
        let cancel = cancel.clone();
        runtime.spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("\nstopping after the current step (Ctrl-C again to quit at once)");
                cancel.cancel();
                if tokio::signal::ctrl_c().await.is_ok() {
                    std::process::exit(130);
                }
            }
        });
    }
    let (settings, _server) = match &spec.llm_url {
        Some(url) => {
            (LlmSettings { url: url.clone(), model: spec.model.clone(), timeout_s: spec.llm_timeout, retries: 3 }, None)
        }
        None => {
            show.note(&format!("starting marco's built-in backend with {}", spec.model));
            let (settings, server) = crate::llm_cmd::start_builtin(&runtime, &spec.model, spec.llm_timeout)?;
            (settings, Some(server))
        }
    };
    let llm = Llm::new(settings, cancel.clone())?;
    let sandbox = shared_sandbox()?;

    let task: Box<dyn Task> = match &spec.problem {
        Some(id) => {
            let problem = problems::find(id).with_context(|| format!("no problem {id} (see `marco problems list`)"))?;
            journal.log("inputs", serde_json::json!({ "origin": format!("problem {id}'s generators") }))?;
            Box::new(ProblemTask::new(sandbox, problem, &original, spec.options.seed ^ 0x6869_6464_656e))
        }
        None => {
            let source = Source::program(&original).with_context(|| format!("in {}", spec.file.display()))?;
            let record = prepare_inputs(&mut journal, &runtime, &llm, sandbox, &spec, &original)?;
            show.note(&format!(
                "inputs: {} shown to the generator, {} hidden ({})",
                record.visible.len(),
                record.hidden.len(),
                record.origin
            ));
            let inputs = Inputs::load(journal.dir(), &record)?;
            Box::new(FileTask::new(sandbox, source, inputs)?)
        }
    };
    let inputs_record = read_inputs_record(&journal).unwrap_or_else(|| InputsRecord {
        visible: Vec::new(),
        hidden: Vec::new(),
        origin: spec.problem.as_ref().map(|id| format!("problem {id}'s generators")).unwrap_or_default(),
    });

    let outcome = Optimiser {
        task: task.as_ref(),
        llm: &llm,
        journal: &mut journal,
        runtime: runtime.handle().clone(),
        options: &spec.options,
        cancel: cancel.clone(),
    }
    .run()?;
    show.finish();

    let interrupted = outcome.stop == Stop::Interrupted;
    let written = if interrupted {
        None
    } else {
        let target = if spec.in_place { &spec.file } else { &spec.output };
        write_atomically(target, task.assemble(&outcome.best).as_bytes())?;
        Some(target.as_path())
    };
    let summary = Summary {
        file: &spec.file,
        problem: spec.problem.as_deref(),
        run_dir: &dir,
        written,
        inputs: &inputs_record,
        model: &spec.model,
        outcome: &outcome,
    };
    journal.write_file("summary.json", serde_json::to_string_pretty(&summary)?.as_bytes())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        print!("{}", render(&summary, &original, &task.assemble(&outcome.best)));
    }
    runtime.shutdown_timeout(Duration::from_secs(2));
    Ok(if interrupted { ExitCode::from(130) } else { ExitCode::SUCCESS })
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

/// One sandbox per process: its build cache and the problems' memoised
/// expected results are shared by every task.
fn shared_sandbox() -> Result<&'static Sandbox> {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    if let Some(sandbox) = SANDBOX.get() {
        return Ok(sandbox);
    }
    let sandbox = Sandbox::new(SandboxConfig::default()).context("cannot set up the sandbox")?;
    Ok(SANDBOX.get_or_init(|| sandbox))
}

/// The user's inputs, or ones from an LLM-written generator (one retry
/// with the failure explained); as a last resort the empty input.
fn prepare_inputs(
    journal: &mut Journal,
    runtime: &tokio::runtime::Runtime,
    llm: &Llm,
    sandbox: &'static Sandbox,
    spec: &RunSpec,
    original: &str,
) -> Result<InputsRecord> {
    // A resumed run goes through the same steps: the generator's replies
    // are replayed from the log (and counted), its runs are deterministic.
    let (inputs, origin) = if !spec.input_files.is_empty() {
        (Inputs::from_files(&spec.input_files)?, format!("{} file(s) given with --input", spec.input_files.len()))
    } else {
        let seeds: Vec<u64> = (0..inputs::GENERATED as u64)
            .map(|i| spec.options.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15).wrapping_add(1000 + i))
            .collect();
        let mut problem = None;
        let mut made = None;
        for attempt in 0..2 {
            journal.log("progress", serde_json::json!({ "what": "asking the LLM for an input generator" }))?;
            let chat = Chat {
                agent: Agent::Inputs,
                system: prompts::INPUTS_SYSTEM.to_string(),
                user: prompts::input_generator(original, problem.as_deref()),
                // A generator is a short program; a rambling reply is cut early.
                max_tokens: spec.options.reply_tokens.min(768),
                temperature: 0.2,
                seed: spec.options.seed ^ attempt,
            };
            let reply =
                crate::optimise::ask(journal, runtime.handle(), llm, &format!("inputs/generator/{attempt}"), &chat)?;
            match inputs::run_generator(sandbox, &reply.text, original, &seeds) {
                Ok(inputs) => {
                    made = Some(inputs);
                    break;
                }
                Err(why) => {
                    journal.log("inputs_rejected", serde_json::json!({ "attempt": attempt, "why": why }))?;
                    problem = Some(why);
                }
            }
        }
        match made {
            Some(inputs) => (inputs, "generated by an LLM-written generator, checked on the original".to_string()),
            None => {
                let why = problem.unwrap_or_default();
                eprintln!(
                    "warning: the LLM's input generator did not work ({}); marco checks on the empty input alone, \
                     with no hidden inputs. Give inputs with --input FILE for a stronger check.",
                    crate::optimise::task::clip(&why, 200)
                );
                let empty = inputs::Input { name: "v1".into(), bytes: Vec::new() };
                (Inputs { visible: vec![empty], hidden: Vec::new() }, "the empty input (no generator worked)".into())
            }
        }
    };
    inputs.save(journal.dir())?;
    let record = inputs.record(origin);
    journal.step("inputs", "inputs", || Ok(record.clone()))?;
    Ok(record)
}

fn read_inputs_record(journal: &Journal) -> Option<InputsRecord> {
    let path = journal.dir().join(crate::optimise::journal::EVENTS);
    let events = crate::optimise::journal::read_events(&path).ok()?;
    events.into_iter().find(|e| e.key.as_deref() == Some("inputs")).and_then(|e| serde_json::from_value(e.data).ok())
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

fn render(summary: &Summary<'_>, original: &str, best: &str) -> String {
    let o = summary.outcome;
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
    match summary.written {
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
