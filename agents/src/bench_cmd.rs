//! `marco bench leetcode75`: batch runs of the loop over the LeetCode 75
//! set, the MARCO comparisons, and the report.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use crate::bench::{Bench, BenchSpec, Invocation, Mode, Progress, StartFrom, report};
use marco::optimise::{OpenAiChat, Options};
use marco::settings::{self, Layer, Settings};

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Optimise LeetCode 75 solutions in several modes from the same start
    /// and report the MARCO paper's comparisons.
    #[command(after_long_help = AFTER_HELP)]
    Leetcode75(Leetcode75Args),
}

#[derive(Args)]
pub struct Leetcode75Args {
    /// Problems to run, by id or slug, comma-separated [default: all 75].
    /// With --resume: problems to add to the bench.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    problems: Vec<String>,
    /// What every mode starts from: the problem's baseline solution, or the
    /// LLM's own solution written from the statement (the paper's "LLM
    /// alone").
    #[arg(long, value_enum, default_value_t = StartFrom::Baseline, conflicts_with = "resume")]
    start: StartFrom,
    /// Modes to run, comma-separated: single-shot (one generator call),
    /// loop (generator and evaluator), loop+search (with the retriever).
    #[arg(long, value_delimiter = ',', default_value = "single-shot,loop,loop+search", conflicts_with = "resume")]
    modes: Vec<Mode>,
    /// Iterations of the loop per problem and mode.
    #[arg(long, value_name = "N", default_value_t = Options::default().iterations, conflicts_with = "resume")]
    iterations: u32,
    /// Candidates per iteration.
    #[arg(long, value_name = "N", default_value_t = Options::default().candidates, conflicts_with = "resume")]
    candidates: u32,
    /// Iterations without an improvement before a loop stops.
    #[arg(long, value_name = "N", default_value_t = Options::default().patience, conflicts_with = "resume")]
    patience: u32,
    /// Tokens one LLM reply may have.
    #[arg(long, value_name = "N", default_value_t = Options::default().reply_tokens, conflicts_with = "resume")]
    reply_tokens: u32,
    /// Seed of the LLM's sampling and of the hidden and fresh cases.
    #[arg(long, default_value_t = 0, conflicts_with = "resume")]
    seed: u64,
    /// Search backends for loop+search (see `marco search --help`);
    /// default: every configured one, with the offline knowledge base as
    /// fallback.
    #[arg(long = "search-backend", value_name = "NAME", value_delimiter = ',', conflicts_with = "resume")]
    search_backends: Vec<String>,
    /// An OpenAI-compatible API (e.g. http://127.0.0.1:8000/v1). Default:
    /// marco's own backend, started here on a loopback port.
    #[arg(long, value_name = "URL", conflicts_with = "resume")]
    llm_url: Option<String>,
    /// The model: with --llm-url, the name the server knows; otherwise a
    /// local model (`marco models list`) or a GGUF path.
    #[arg(long, value_name = "NAME", conflicts_with = "resume")]
    model: Option<String>,
    /// Seconds one LLM request may take.
    #[arg(long, value_name = "SECONDS", default_value_t = settings::LLM_TIMEOUT_S, conflicts_with = "resume")]
    llm_timeout: u64,
    /// Problems worked on at once. More than 1 shares the CPU between
    /// timings, which widens their intervals.
    #[arg(long, value_name = "N", default_value_t = 1)]
    jobs: usize,
    /// The bench directory [default: .marco/bench/leetcode75-TIME].
    #[arg(long, value_name = "DIR", conflicts_with = "resume")]
    out: Option<PathBuf>,
    /// Continue a bench (after Ctrl-C, or to add --problems): nothing
    /// finished is repeated, and the settings are the bench's own.
    #[arg(long, value_name = "DIR")]
    resume: Option<PathBuf>,
}

const AFTER_HELP: &str = "\
For each problem, every mode starts from the same code with the same model and budgets. Each result is checked
again on every checker case (the default seed, the loop's hidden seed and a fresh seed), its fuel is measured
against the start, the baseline and the reference, and it is timed natively against the start; the compared
modes' results are timed side by side (loop against single-shot, loop+search against loop).

The bench directory gets results.json (every measurement and aggregate), report.md (the tables), and two SVG
charts. Ctrl-C stops after the current step; `marco bench leetcode75 --resume DIR` continues, and
`--resume DIR --problems LIST` extends a bench to more problems.";

pub fn execute(command: BenchCommand) -> Result<ExitCode> {
    match command {
        BenchCommand::Leetcode75(args) => leetcode75(args),
    }
}

fn leetcode75(args: Leetcode75Args) -> Result<ExitCode> {
    if args.jobs == 0 {
        bail!("--jobs must be at least 1");
    }
    let problem_ids = problem_ids(&args.problems)?;
    let (dir, mut spec) = match &args.resume {
        Some(dir) => {
            let mut spec = BenchSpec::load(dir)?;
            for id in problem_ids.unwrap_or_default() {
                if !spec.problems.contains(&id) {
                    spec.problems.push(id);
                }
            }
            (dir.clone(), spec)
        }
        None => {
            let dir = args.out.clone().unwrap_or_else(default_dir);
            if dir.join(crate::bench::SPEC_FILE).exists() {
                bail!("{} already holds a bench (continue it with --resume {0})", dir.display());
            }
            (dir, new_spec(&args, problem_ids.unwrap_or_else(all_problems))?)
        }
    };
    spec.commands.push(Invocation { command: command_line(), started: now_rfc3339() });
    spec.save(&dir)?;

    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let cancel = crate::wiring::cancel_on_ctrl_c(&runtime);
    let (llm, _server) =
        crate::wiring::connect(&runtime, spec.llm_url.as_deref(), &spec.model, spec.llm_timeout, |t| eprintln!("{t}"))?;
    let total = spec.problems.len() * spec.modes.len();
    let display = Arc::new(Display::new(total));
    let shown = display.clone();
    let progress = Arc::new(move |event: Progress<'_>| shown.show(event));
    let chat = OpenAiChat::new(llm, &crate::wiring::api_key(), cancel.clone())?;
    let search = crate::wiring::search(&Mode::LoopSearch.options(&spec.options))?;
    let bench = Bench {
        dir: dir.clone(),
        spec,
        chat,
        search,
        sandbox: crate::wiring::sandbox()?,
        runtime: runtime.handle().clone(),
        cancel: cancel.clone(),
        progress,
    };
    display.start(bench.finished_units());
    eprintln!("bench directory: {}", dir.display());
    let outcome = bench.run(args.jobs);
    display.finish();
    // Whatever happened, the report shows what was measured.
    let results = report::collect(&dir, &bench.spec)?;
    report::write(&dir, &results)?;
    runtime.shutdown_timeout(Duration::from_secs(2));
    outcome?;
    print!("{}", summary_table(&results));
    println!("report: {}", dir.join("report.md").display());
    if cancel.is_cancelled() || !results.unfinished.is_empty() {
        eprintln!("interrupted: continue with `marco bench leetcode75 --resume {}`", dir.display());
        return Ok(ExitCode::from(130));
    }
    Ok(ExitCode::SUCCESS)
}

/// Problem ids from ids or slugs, in the order given; `None` when none
/// were given.
fn problem_ids(requested: &[String]) -> Result<Option<Vec<String>>> {
    if requested.is_empty() {
        return Ok(None);
    }
    let mut ids = Vec::new();
    for key in requested.iter().filter(|k| !k.trim().is_empty()) {
        let problem = problems::find(key).with_context(|| format!("no problem {key} (see `marco problems list`)"))?;
        let id = problem.info().id.to_string();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(Some(ids))
}

/// Every problem, in study-plan order.
fn all_problems() -> Vec<String> {
    problems::all().iter().map(|p| p.info().id.to_string()).collect()
}

fn new_spec(args: &Leetcode75Args, problems: Vec<String>) -> Result<BenchSpec> {
    if args.modes.is_empty() {
        bail!("--modes needs at least one mode");
    }
    let mut modes = args.modes.clone();
    modes.sort();
    modes.dedup();
    let settings = Settings::resolve(Layer {
        iterations: Some(args.iterations),
        candidates: Some(args.candidates),
        patience: Some(args.patience),
        seed: Some(args.seed),
        search_backends: Some(args.search_backends.clone()),
        reply_tokens: Some(args.reply_tokens),
        llm_url: args.llm_url.clone(),
        model: args.model.clone(),
        llm_timeout: Some(args.llm_timeout),
        ..Layer::default()
    })?;
    Ok(BenchSpec {
        marco: env!("CARGO_PKG_VERSION").to_string(),
        problems,
        start: args.start,
        modes,
        options: settings.options,
        llm_url: settings.llm_url,
        model: settings.model,
        llm_timeout: settings.llm_timeout_s,
        machine: machine(),
        commands: Vec::new(),
    })
}

fn default_dir() -> PathBuf {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    PathBuf::from(".marco").join("bench").join(format!("leetcode75-{secs}"))
}

fn command_line() -> String {
    let args: Vec<String> = std::env::args().skip(1).collect();
    format!("marco {}", args.join(" "))
}

fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// The CPU, its cores and the memory, as the report states the machine.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, v)| v.trim().to_string()))
        .unwrap_or_else(|| std::env::consts::ARCH.to_string());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().next().and_then(|l| l.split_whitespace().nth(1)).and_then(|kb| kb.parse::<u64>().ok()))
        .map(|kb| format!(", {} GiB", (kb + (1 << 19)) >> 20))
        .unwrap_or_default();
    format!("{cpu}, {cores} cores{memory}")
}

/// The per-mode aggregates and the two comparisons, for the terminal.
fn summary_table(results: &report::Results) -> String {
    let mut out = String::new();
    for m in &results.modes {
        out.push_str(&format!(
            "{:<12} {} problem(s): {} correct, {} significantly faster; geomean speedup fuel {}, wall {}\n",
            m.mode.name(),
            m.problems,
            m.correct,
            m.significantly_faster,
            m.geomean_fuel_speedup.map_or("–".into(), |v| format!("{v:.3}x")),
            m.geomean_wall_speedup.map_or("–".into(), |v| format!("{v:.3}x")),
        ));
    }
    for c in &results.comparisons {
        out.push_str(&format!(
            "{} against {}: mean runtime reduction {} over {} problem(s) (fuel {}); geomean runtime ratio {}\n",
            c.b,
            c.a,
            c.mean_runtime_reduction.map_or("–".into(), |v| format!("{:.1}%", v * 100.0)),
            c.problems,
            c.mean_fuel_reduction.map_or("–".into(), |v| format!("{:.1}%", v * 100.0)),
            c.geomean_runtime_ratio.map_or("–".into(), |v| format!("{v:.3}")),
        ));
    }
    out
}

/// A bar over problem-mode units with an ETA, and a line per finished unit;
/// plain lines when stderr is not a terminal.
struct Display {
    bar: ProgressBar,
    /// Units done when this command started, and when it started: the ETA
    /// counts only this command's pace.
    started: Mutex<(usize, Instant)>,
}

impl Display {
    fn new(total: usize) -> Display {
        let bar = if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(total as u64);
            bar.set_style(
                ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {pos}/{len} units, ETA {eta}  {msg}")
                    .expect("valid template")
                    .progress_chars("=> "),
            );
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        } else {
            ProgressBar::hidden()
        };
        bar.set_length(total as u64);
        Display { bar, started: Mutex::new((0, Instant::now())) }
    }

    fn start(&self, finished: usize) {
        self.bar.set_position(finished as u64);
        self.bar.reset_eta();
        *self.started.lock().unwrap_or_else(|e| e.into_inner()) = (finished, Instant::now());
    }

    fn show(&self, event: Progress<'_>) {
        match event {
            Progress::Doing { problem, what } => self.bar.set_message(format!("{problem} {what}")),
            Progress::Finished { problem, mode, line, resumed } => {
                if !resumed {
                    self.bar.inc(1);
                }
                let done = self.bar.position() as usize;
                let total = self.bar.length().unwrap_or(0) as usize;
                let eta = self.eta(done, total).map(|s| format!(", ETA {}", minutes(s))).unwrap_or_default();
                let note = if resumed { " (finished earlier)" } else { "" };
                self.line(&format!("[{done}/{total}{eta}] {problem} {mode}: {line}{note}"));
            }
            Progress::Skipped { problem, why, units, resumed } => {
                if !resumed {
                    self.bar.inc(units as u64);
                }
                self.line(&format!("{problem}: the start is wrong, not optimised ({})", marco::text::clip(why, 160)));
            }
        }
    }

    /// Seconds left at this command's pace so far.
    fn eta(&self, done: usize, total: usize) -> Option<f64> {
        let (at_start, since) = *self.started.lock().unwrap_or_else(|e| e.into_inner());
        let finished_here = done.checked_sub(at_start).filter(|n| *n > 0)?;
        Some(since.elapsed().as_secs_f64() / finished_here as f64 * total.saturating_sub(done) as f64)
    }

    fn line(&self, text: &str) {
        self.bar.suspend(|| eprintln!("{text}"));
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn minutes(seconds: f64) -> String {
    if seconds < 90.0 { format!("{seconds:.0} s") } else { format!("{:.0} min", seconds / 60.0) }
}
