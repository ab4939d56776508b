//! `marco bench leetcode75`: the optimisation loop over the LeetCode 75
//! set in several modes from one start per problem, every result checked
//! again and measured, then aggregated into the MARCO paper's comparisons.
//!
//! A bench directory holds `bench.json` (the settings and every command
//! that ran it), a folder per problem (`problems/ID/`: the start and its
//! figures, each mode's run directory and measured result, the side-by-side
//! timings of the modes), and the outputs written by [`report`]. Every
//! finished piece is a file written atomically, so a resumed bench repeats
//! nothing finished.
//!
//! The modules depend one way: [`model`] (the directory's data) uses none
//! of the others; [`report`] uses `model` and `charts`; `charts` uses only
//! `model`; `start` none of them; this module uses `model` and `start`.

mod charts;
pub mod model;
pub mod report;
mod start;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use problems::{Evaluator, Problem, Scale};
use sandbox::Sandbox;
use tokio::runtime::Handle;
use tokio_util::sync::CancellationToken;

use marco::optimise::Event;
use marco::optimise::RunSpec;
use marco::optimise::Stop;
use marco::optimise::run::{self, Services};
use marco::optimise::write_atomically;
use marco::optimise::{Asker, OpenAiChat};
use marco::optimise::{Check, ProblemTask, Task};
use search::Search;

pub use self::model::{BenchSpec, Invocation, Mode, SPEC_FILE, StartFrom};
use self::model::{COMPARED, Pair, ProblemFigures, UnitResult, read_json, unit_file, write_json};

/// What a running bench reports.
pub enum Progress<'a> {
    /// What one problem's worker is doing now.
    Doing { problem: &'a str, what: &'a str },
    /// A problem-mode unit finished (or was found finished on resume).
    Finished { problem: &'a str, mode: Mode, line: String, resumed: bool },
    /// A problem whose start is wrong: its modes are skipped.
    Skipped { problem: &'a str, why: &'a str, units: usize, resumed: bool },
}

/// A bench directory being worked on.
pub struct Bench {
    pub dir: PathBuf,
    pub spec: BenchSpec,
    pub chat: OpenAiChat,
    /// The retriever of the mode that searches.
    pub search: Option<Search>,
    pub sandbox: Sandbox,
    pub runtime: Handle,
    pub cancel: CancellationToken,
    pub progress: Arc<dyn Fn(Progress<'_>) + Send + Sync>,
}

impl Bench {
    /// Works through every problem, `jobs` at a time, until all are done or
    /// the bench is cancelled. The first failure that is not a verdict on
    /// code (the LLM unreachable, the sandbox broken) stops the bench.
    pub fn run(&self, jobs: usize) -> Result<()> {
        let sandbox = &self.sandbox;
        let evaluator = Evaluator::new(sandbox);
        let next = AtomicUsize::new(0);
        let failure: Mutex<Option<anyhow::Error>> = Mutex::new(None);
        std::thread::scope(|scope| {
            for _ in 0..jobs.max(1) {
                scope.spawn(|| {
                    while !self.cancel.is_cancelled() {
                        let Some(id) = self.spec.problems.get(next.fetch_add(1, Ordering::SeqCst)) else { break };
                        // An error after Ctrl-C is the interruption itself.
                        if let Err(e) = self.problem(sandbox, &evaluator, id)
                            && !self.cancel.is_cancelled()
                        {
                            failure.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(e);
                            self.cancel.cancel();
                        }
                    }
                });
            }
        });
        match failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Units already finished (for the progress bar of a resumed bench).
    pub fn finished_units(&self) -> usize {
        self.spec
            .problems
            .iter()
            .map(|id| {
                let dir = self.problem_dir(id);
                match read_json::<ProblemFigures>(&dir.join("problem.json")) {
                    Ok(Some(f)) if !f.start_correct => self.spec.modes.len(),
                    _ => self.spec.modes.iter().filter(|m| unit_file(&dir, **m).exists()).count(),
                }
            })
            .sum()
    }

    fn problem_dir(&self, id: &str) -> PathBuf {
        self.dir.join("problems").join(id)
    }

    fn problem(&self, sandbox: &Sandbox, evaluator: &Evaluator<'_>, id: &str) -> Result<()> {
        let problem = problems::find(id).with_context(|| format!("no problem {id}"))?;
        let dir = self.problem_dir(id);
        let task = ProblemTask::new(sandbox, problem, problem.baseline(), run::hidden_seed(self.spec.options.seed));
        let (figures, resumed) = match read_json(&dir.join("problem.json"))? {
            Some(figures) => (figures, true),
            None => (self.figures(problem, &task, evaluator, &dir)?, false),
        };
        if !figures.start_correct {
            let why = figures.start_failure.as_deref().unwrap_or("wrong");
            (self.progress)(Progress::Skipped { problem: id, why, units: self.spec.modes.len(), resumed });
            return Ok(());
        }
        let start = std::fs::read_to_string(dir.join("start.rs")).context("the bench directory lost a start.rs")?;
        let start_fuel = figures.start_fuel.context("a correct start has its fuel")?;
        for &mode in &self.spec.modes {
            if self.cancel.is_cancelled() {
                return Ok(());
            }
            let path = unit_file(&dir, mode);
            let (unit, resumed) = match read_json::<UnitResult>(&path)? {
                Some(unit) => (unit, true),
                None => {
                    match self.unit(problem, mode, &dir, Start { code: &start, fuel: start_fuel }, &task, evaluator)? {
                        Some(unit) => {
                            write_json(&path, &unit)?;
                            (unit, false)
                        }
                        None => return Ok(()), // interrupted: resumable
                    }
                }
            };
            let line = describe(&unit, start_fuel);
            (self.progress)(Progress::Finished { problem: id, mode, line, resumed });
        }
        self.pairs(id, &dir, &task)
    }

    /// The start (written by the LLM when asked) and the fuel of the start,
    /// the baseline and the reference.
    fn figures(
        &self,
        problem: &'static dyn Problem,
        task: &ProblemTask,
        evaluator: &Evaluator<'_>,
        dir: &Path,
    ) -> Result<ProblemFigures> {
        let id = problem.info().id.to_string();
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let fuel_of = |code: &str, what: &str| -> Result<u64> {
            (self.progress)(Progress::Doing { problem: &id, what: &format!("measuring the {what}") });
            match task.check(code)? {
                Check::Correct { fuel: Some(fuel), .. } => Ok(fuel),
                wrong => anyhow::bail!("problem {id}'s {what} is wrong: {}", wrong.feedback()),
            }
        };
        let baseline_fuel = fuel_of(problem.baseline(), "baseline")?;
        let reference_fuel = fuel_of(problem.reference(), "reference")?;
        let (source, attempts, tokens, start_fuel, mut failure) = match self.spec.start {
            StartFrom::Baseline => (problem.baseline().to_string(), 0, 0, Some(baseline_fuel), None),
            StartFrom::Llm => {
                (self.progress)(Progress::Doing { problem: &id, what: "the LLM writes a first solution" });
                let asker = Asker::new(&self.chat, self.runtime.clone());
                let written = start::write(&dir.join("start"), problem, task, &asker, &self.spec.options)?;
                (written.source, written.attempts, written.usage.total(), written.fuel, written.failure)
            }
        };
        write_atomically(&dir.join("start.rs"), source.as_bytes())?;
        if failure.is_none() {
            failure = fresh_failure(evaluator, problem, &source, self.spec.options.seed)?;
        }
        let figures = ProblemFigures {
            start: self.spec.start,
            start_correct: failure.is_none(),
            start_failure: failure,
            start_attempts: attempts,
            start_tokens: tokens,
            start_fuel,
            baseline_fuel,
            reference_fuel,
        };
        write_json(&dir.join("problem.json"), &figures)?;
        Ok(figures)
    }

    /// Runs (or resumes) the loop in one mode and measures its result;
    /// `None` when interrupted.
    fn unit(
        &self,
        problem: &'static dyn Problem,
        mode: Mode,
        dir: &Path,
        start: Start<'_>,
        task: &ProblemTask,
        evaluator: &Evaluator<'_>,
    ) -> Result<Option<UnitResult>> {
        let id = problem.info().id.to_string();
        let run_dir = dir.join(mode.name());
        let (spec, mut journal) = if run_dir.join("run.json").exists() {
            run::reopen(&run_dir)?
        } else {
            let spec = RunSpec {
                marco: env!("CARGO_PKG_VERSION").to_string(),
                file: std::path::absolute(dir.join("start.rs"))?,
                problem: Some(id.clone()),
                input_files: Vec::new(),
                options: mode.options(&self.spec.options),
                llm_url: self.spec.llm_url.clone(),
                model: self.spec.model.clone(),
                llm_timeout: self.spec.llm_timeout,
                output: std::path::absolute(dir.join(format!("{}.rs", mode.name())))?,
                in_place: false,
            };
            let journal = run::create(&spec, &run_dir)?;
            (spec, journal)
        };
        let progress = self.progress.clone();
        let prefix = format!("{mode}: ");
        let problem_id = id.clone();
        journal.observe(Box::new(move |record| {
            if let Event::Progress { what } = &record.event {
                progress(Progress::Doing { problem: &problem_id, what: &format!("{prefix}{what}") });
            }
        }));
        let services = Services {
            chat: &self.chat,
            search: self.search.as_ref(),
            sandbox: &self.sandbox,
            runtime: self.runtime.clone(),
        };
        let finished = run::execute(&spec, &mut journal, &services, self.cancel.clone(), &|note| {
            tracing::info!("problem {id} {mode}: {note}")
        })?;
        let outcome = finished.summary.outcome;
        if outcome.stop == Stop::Interrupted {
            return Ok(None);
        }
        (self.progress)(Progress::Doing { problem: &id, what: &format!("{mode}: checking and timing the result") });
        let best = outcome.best;
        let changed = best != start.code;
        // An unchanged result is the start, already judged on every seed.
        let (mut fuel, mut failure) = match changed {
            false => (start.fuel, None),
            true => match task.check(&best)? {
                Check::Correct { fuel: Some(fuel), .. } => (fuel, None),
                wrong => (0, Some(wrong.feedback())),
            },
        };
        if changed && failure.is_none() {
            failure = fresh_failure(evaluator, problem, &best, self.spec.options.seed)?;
        }
        let correct = failure.is_none();
        if !correct {
            fuel = 0;
        }
        let wall = if changed && correct {
            Some(task.time(start.code, &best, self.spec.options.timing_rounds.max(3))?)
        } else {
            None
        };
        Ok(Some(UnitResult {
            mode,
            correct,
            failure,
            changed,
            fuel,
            wall,
            iterations: outcome.iterations,
            candidates: outcome.candidates,
            tokens: outcome.usage.total(),
            usage: outcome.usage,
            seconds: outcome.seconds,
            sources_cited: outcome.sources_cited,
            stop: outcome.stop,
            run_dir: PathBuf::from("problems").join(&id).join(mode.name()),
        }))
    }

    /// Times the compared modes' results against each other, side by side.
    fn pairs(&self, id: &str, dir: &Path, task: &ProblemTask) -> Result<()> {
        let path = dir.join("pairs.json");
        let mut pairs: Vec<Pair> = read_json(&path)?.unwrap_or_default();
        let before = pairs.len();
        for (a, b) in COMPARED {
            if self.cancel.is_cancelled() || pairs.iter().any(|p| p.a == a && p.b == b) {
                continue;
            }
            let (Some(unit_a), Some(unit_b)) =
                (read_json::<UnitResult>(&unit_file(dir, a))?, read_json::<UnitResult>(&unit_file(dir, b))?)
            else {
                continue;
            };
            if !(unit_a.correct && unit_b.correct) {
                continue;
            }
            let code = |mode: Mode| -> Result<String> {
                let summary: run::Summary = read_json(&dir.join(mode.name()).join("summary.json"))?
                    .context("a finished run lost its summary.json")?;
                Ok(summary.outcome.best)
            };
            let (code_a, code_b) = (code(a)?, code(b)?);
            let wall = if code_a == code_b {
                None
            } else {
                (self.progress)(Progress::Doing { problem: id, what: &format!("timing {b} against {a}") });
                Some(task.time(&code_a, &code_b, self.spec.options.timing_rounds.max(3))?)
            };
            pairs.push(Pair { a, b, fuel_a: unit_a.fuel, fuel_b: unit_b.fuel, wall });
        }
        if pairs.len() > before {
            write_json(&path, &pairs)?;
        }
        Ok(())
    }
}

/// A problem's correct start: what every mode begins from.
#[derive(Clone, Copy)]
struct Start<'a> {
    code: &'a str,
    fuel: u64,
}

/// A seed the loop never ran: the last word on correctness.
fn fresh_seed(seed: u64) -> u64 {
    seed ^ 0x0062_656e_6368 // "bench"
}

/// The first failure of `solution` on the fresh seed's cases, if any.
fn fresh_failure(
    evaluator: &Evaluator<'_>,
    problem: &dyn Problem,
    solution: &str,
    seed: u64,
) -> Result<Option<String>> {
    for scale in [Scale::Small, Scale::Perf] {
        let judgement = evaluator.judge(problem, solution, scale, fresh_seed(seed))?;
        if let Some(failure) = judgement.failure {
            let case = failure.case.unwrap_or_else(|| format!("{scale:?} set"));
            return Ok(Some(format!("wrong on fresh case {case}: {}", failure.reason)));
        }
    }
    Ok(None)
}

/// One line for the progress display.
fn describe(unit: &UnitResult, start_fuel: u64) -> String {
    if !unit.correct {
        return format!("WRONG ({})", marco::text::clip(unit.failure.as_deref().unwrap_or(""), 80));
    }
    if !unit.changed {
        return format!("unchanged ({} iteration(s), {} tokens)", unit.iterations, unit.tokens);
    }
    let wall = unit.wall.as_ref().map_or(String::new(), |w| {
        format!(", wall {:.2}x [{:.2}, {:.2}]", 1.0 / w.ratio, 1.0 / w.ci_high, 1.0 / w.ci_low)
    });
    format!(
        "fuel {:.2}x{wall} ({} iteration(s), {} tokens)",
        start_fuel as f64 / unit.fuel.max(1) as f64,
        unit.iterations,
        unit.tokens
    )
}
