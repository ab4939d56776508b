//! The optimisation loop: the generator proposes faster code, the evaluator
//! proves it correct and measures it, the retriever brings techniques with
//! their sources, and the best correct version is kept.
//!
//! Each iteration: retrieve (unless search is off); ask the generator for
//! `candidates` versions of the current best (of a whole program, they take
//! turns rewriting its hottest functions alone and the whole program, see
//! [`focus`]), given the evaluator's last feedback and analysis and the
//! techniques; build each, with one repair
//! round for a compile error; check it (tests, identical behaviour on every
//! input, hidden ones included), with one fix round for a candidate that
//! misbehaves, and count its fuel; time the most promising
//! one natively against the current best; keep it if it is faster; ask the
//! evaluator for a short analysis. Every step is logged in the run
//! directory ([`journal`]), which is what makes a run resumable.

pub mod code;
pub mod focus;
pub mod inputs;
pub mod journal;
pub mod llm;
pub(crate) mod prompts;
pub mod run;
pub mod task;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use async_trait::async_trait;
use sandbox::{Comparison, Verdict};
use serde::{Deserialize, Serialize};
use tokio::runtime::Handle;
use tokio_util::sync::CancellationToken;

use self::journal::Journal;
use self::llm::{Agent, Chat, Llm, LlmError, Reply, Usage};
use self::task::{Check, Task};

/// How many of a program's hottest functions candidates rewrite alone, in
/// turn, before one rewrites the whole program.
const HOT_FUNCTIONS: usize = 2;

/// How many times in a row a candidate that does not compile is rebuilt
/// with the changes rustc suggests made.
const RUSTC_FIX_ROUNDS: u32 = 3;

/// How much faster natively a candidate with about the best's fuel must be,
/// at the least, to be kept: a loop written another way moved the native
/// time by under 1%, beyond the interval's noise but not a speed-up.
const NATIVE_ONLY_GAIN: f64 = 0.03;

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
    pub best_fuel: u64,
    /// Original fuel over best fuel: above 1 is better.
    pub fuel_speedup: f64,
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

/// A retrieved passage as shown to the generator and logged.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Retrieved {
    text: String,
    citation: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Retrieval {
    searches: Vec<String>,
    passages: Vec<Retrieved>,
    note: Option<String>,
}

/// Why a candidate gets a second chance.
enum Retry<'a> {
    /// It did not compile; what rustc said.
    Compile(&'a str),
    /// It compiled but failed a test, printed something else or crashed.
    Behaviour(&'a Check),
}

/// What happened to one candidate.
#[derive(Debug, Clone)]
struct Tried {
    candidate: u32,
    /// The function it rewrote alone, if it was asked for one.
    function: Option<String>,
    code: Option<String>,
    check: Option<Check>,
    /// Why the reply gave nothing to check.
    unusable: Option<String>,
    reply: String,
}

pub struct Optimiser<'a> {
    pub task: &'a dyn Task,
    pub llm: &'a Llm,
    pub journal: &'a mut Journal,
    pub runtime: Handle,
    pub options: &'a Options,
    pub cancel: CancellationToken,
}

/// Per-iteration state carried into the next prompt.
struct State {
    original_fuel: u64,
    /// Searches the model suggested for the code.
    queries: Vec<String>,
    best: String,
    best_fuel: u64,
    history: Vec<String>,
    analysis: Option<String>,
    cited: BTreeSet<String>,
    stale: u32,
    tried: u32,
    correct: u32,
}

impl Optimiser<'_> {
    pub fn run(&mut self) -> Result<Outcome> {
        let started = Instant::now();
        let original = self.task.source().editable().to_string();
        let (first, _) = self.journal.step("original/check", "check", || self.task.check(&original))?;
        let original_fuel = match first {
            Check::Correct { fuel } => fuel,
            other => anyhow::bail!("the original does not pass its own checks: {}", other.feedback()),
        };
        let mut state = State {
            original_fuel,
            queries: Vec::new(),
            best: original.clone(),
            best_fuel: original_fuel,
            history: Vec::new(),
            analysis: None,
            cited: BTreeSet::new(),
            stale: 0,
            tried: 0,
            correct: 0,
        };
        let iterations = if self.options.single_shot { 1 } else { self.options.iterations };
        let mut done = 0;
        let mut stop = if self.options.single_shot { Stop::SingleShot } else { Stop::Iterations };
        for iteration in 1..=iterations {
            if let Some(reason) = self.budget_spent(started) {
                stop = reason;
                break;
            }
            match self.iteration(iteration, &mut state, started) {
                Ok(()) => {}
                Err(e) if self.cancel.is_cancelled() => {
                    tracing::debug!("interrupted: {e:#}");
                    stop = Stop::Interrupted;
                    break;
                }
                Err(e) => return Err(e),
            }
            done = iteration;
            self.journal.log(
                "iteration",
                serde_json::json!({
                    "iteration": iteration,
                    "best_fuel": state.best_fuel,
                    "fuel_speedup": original_fuel as f64 / state.best_fuel.max(1) as f64,
                }),
            )?;
            if self.cancel.is_cancelled() {
                stop = Stop::Interrupted;
                break;
            }
            if let Some(target) = self.options.target_speedup
                && original_fuel as f64 / state.best_fuel.max(1) as f64 >= target
            {
                stop = Stop::TargetReached;
                break;
            }
            if !self.options.single_shot && state.stale >= self.options.patience.max(1) && iteration < iterations {
                stop = Stop::Patience;
                break;
            }
        }
        let improved = state.best != original;
        let wall = if improved && stop != Stop::Interrupted {
            let rounds = self.options.timing_rounds.max(3) * 2;
            self.progress("timing the best against the original")?;
            let task = self.task;
            let (comparison, _) =
                self.journal.step("final/time", "timing", || task.time(&original, &state.best, rounds))?;
            Some(comparison)
        } else {
            None
        };
        let outcome = Outcome {
            stop,
            best: state.best,
            improved,
            original_fuel,
            best_fuel: state.best_fuel,
            fuel_speedup: original_fuel as f64 / state.best_fuel.max(1) as f64,
            wall,
            iterations: done,
            candidates: state.tried,
            correct_candidates: state.correct,
            usage: self.llm.usage(),
            sources_cited: state.cited.into_iter().collect(),
            seconds: started.elapsed().as_secs_f64(),
        };
        self.journal.log("finished", &outcome)?;
        Ok(outcome)
    }

    fn budget_spent(&self, started: Instant) -> Option<Stop> {
        if self.cancel.is_cancelled() {
            return Some(Stop::Interrupted);
        }
        if self.options.max_tokens.is_some_and(|max| self.llm.usage().total() >= max) {
            return Some(Stop::TokenBudget);
        }
        if self.options.max_time_s.is_some_and(|max| started.elapsed() >= Duration::from_secs(max)) {
            return Some(Stop::TimeBudget);
        }
        None
    }

    fn iteration(&mut self, iteration: u32, state: &mut State, started: Instant) -> Result<()> {
        let retrieval = if self.options.search { Some(self.retrieve(iteration, state)?) } else { None };
        let passages = retrieval.as_ref().map_or(&[][..], |r| &r.passages[..]);
        let techniques: Vec<prompts::Technique<'_>> = passages
            .iter()
            .enumerate()
            .map(|(i, p)| prompts::Technique { number: i + 1, text: &p.text, citation: &p.citation })
            .collect();
        let candidates = if self.options.single_shot { 1 } else { self.options.candidates.max(1) };
        // Candidates take turns, across iterations: the hottest functions
        // alone, then the whole program.
        let hot = if self.task.source().is_whole_program() { focus::hot_functions(&state.best) } else { Vec::new() };
        let mut targets: Vec<Option<&focus::Function>> = hot.iter().take(HOT_FUNCTIONS).map(Some).collect();
        targets.push(None);
        let mut tried = Vec::new();
        for candidate in 1..=candidates {
            if candidate > 1
                && let Some(_) = self.budget_spent(started)
            {
                break;
            }
            let suggested = (!techniques.is_empty()).then(|| (candidate as usize - 1) % techniques.len() + 1);
            let turn = (iteration as usize - 1) * candidates as usize + candidate as usize - 1;
            let function = targets[turn % targets.len()];
            let target = match function {
                Some(f) => prompts::Target::Function(f),
                None => prompts::Target::All { marked: self.task.source().is_marked() },
            };
            let prompt = prompts::generate(
                &self.task.brief(),
                &state.best,
                target,
                &state.history,
                state.analysis.as_deref(),
                &techniques,
                suggested.filter(|_| candidate > 1),
            );
            let key = format!("it{iteration}/c{candidate}");
            // The first candidate is the model's most likely answer; the
            // others sample for variety.
            let temperature = if candidate == 1 { 0.2 } else { 0.8 };
            self.progress(&format!("iteration {iteration}: generator writing candidate {candidate}/{candidates}"))?;
            let reply =
                self.ask(&format!("{key}/generate"), Agent::Generator, prompts::GENERATOR_SYSTEM, prompt, temperature)?;
            let mut attempt = self.evaluate(&key, candidate, function, &reply, "check", &state.best)?;
            if !self.options.single_shot
                && let Some(Check::CompileError { diagnostics, .. }) = attempt.check.clone()
            {
                self.progress(&format!("iteration {iteration}: repairing candidate {candidate} from rustc's errors"))?;
                attempt = self.retry(&key, function, attempt, &state.best, Retry::Compile(&diagnostics))?;
            }
            if !self.options.single_shot
                && self.budget_spent(started).is_none()
                && let Some(check) = attempt.check.clone()
                && check.misbehaves()
            {
                self.progress(&format!(
                    "iteration {iteration}: fixing candidate {candidate} from the evaluator's findings"
                ))?;
                attempt = self.retry(&key, function, attempt, &state.best, Retry::Behaviour(&check))?;
            }
            tried.push(attempt);
        }
        self.decide(iteration, state, tried, &techniques)?;
        Ok(())
    }

    /// Extracts the code of a reply and checks it. A reply asked for
    /// `function` alone is spliced into `base`, the code it was asked about.
    fn evaluate(
        &mut self,
        key: &str,
        candidate: u32,
        function: Option<&focus::Function>,
        reply: &Reply,
        step: &str,
        base: &str,
    ) -> Result<Tried> {
        let mut tried = Tried {
            candidate,
            function: function.map(|f| f.name.clone()),
            code: None,
            check: None,
            unusable: None,
            reply: reply.text.clone(),
        };
        let source = self.task.source();
        let extracted = match function {
            Some(f) => source.extract_function(&reply.text, base, f),
            None => source.extract(&reply.text),
        }
        .map(|code| if source.is_whole_program() { focus::restore_dropped(&code, base) } else { code });
        match extracted {
            Ok(code) if code.trim() == base.trim() => {
                let why = "the reply's code is the code it was asked to change, unchanged";
                self.journal.log("candidate", serde_json::json!({ "key": key, "step": step, "unusable": why }))?;
                tried.unusable = Some(why.to_string());
            }
            Ok(mut code) => {
                self.progress(&format!("checking {key} ({step})"))?;
                let (mut check, _) = self.journal.step(&format!("{key}/{step}"), "check", || self.task.check(&code))?;
                self.journal.log(
                    "candidate",
                    serde_json::json!({ "key": key, "step": step, "verdict": check.headline(), "code": code }),
                )?;
                // rustc's own suggestions first: the default model seldom
                // applies one it is shown (a missing `&`, `contains_key` for
                // `contains`), and one fix can uncover the next error.
                for round in 1..=RUSTC_FIX_ROUNDS {
                    let Check::CompileError { suggested: Some(fixed), .. } = &check else { break };
                    let fixed = fixed.clone();
                    let fix_step = format!("{step}-rustc{round}");
                    self.progress(&format!("checking {key} with rustc's suggestions made"))?;
                    let (fixed_check, _) =
                        self.journal.step(&format!("{key}/{fix_step}"), "check", || self.task.check(&fixed))?;
                    self.journal.log(
                        "candidate",
                        serde_json::json!({ "key": key, "step": fix_step, "verdict": fixed_check.headline(), "code": fixed }),
                    )?;
                    // An edit rustc is unsure of can make the code build but
                    // change what it does (a `try_into().unwrap()` that
                    // truncates): then the candidate goes to the generator's
                    // repair with the error it had.
                    if !matches!(fixed_check, Check::Correct { .. } | Check::CompileError { .. }) {
                        break;
                    }
                    (code, check) = (fixed, fixed_check);
                }
                tried.code = Some(code);
                tried.check = Some(check);
            }
            Err(why) => {
                self.journal
                    .log("candidate", serde_json::json!({ "key": key, "step": step, "unusable": why.to_string() }))?;
                tried.unusable = Some(why.to_string());
            }
        }
        Ok(tried)
    }

    /// A candidate's second chance: the generator is shown what went wrong
    /// (rustc's errors, or how it misbehaved and the lines that points at)
    /// and asked for a corrected version, which is checked in its place
    /// when the reply has code. A candidate that rewrote one function
    /// corrects just that function.
    fn retry(
        &mut self,
        key: &str,
        function: Option<&focus::Function>,
        failed: Tried,
        best: &str,
        why: Retry<'_>,
    ) -> Result<Tried> {
        let code = failed.code.clone().unwrap_or_default();
        let source = self.task.source();
        let rewritten = function.and_then(|f| focus::find(&code, &f.name));
        let target = match &rewritten {
            Some(f) => prompts::Target::Function(f),
            None => prompts::Target::All { marked: source.is_marked() },
        };
        // A rewrite that changed the function's signature breaks its
        // callers, which are not the candidate's to change.
        let signature = function
            .zip(rewritten.as_ref())
            .filter(|(old, new)| old.signature != new.signature)
            .map(|(old, _)| old.signature.as_str());
        // Asked at a low temperature, the default model repeated the failing
        // code unchanged in 8 of 9 fix rounds: a fix needs a different
        // answer, while a repair keeps close to what rustc asked for.
        let (step, recheck, temperature, prompt) = match why {
            Retry::Compile(diagnostics) => {
                ("repair", "recheck", 0.2, prompts::repair(&code, target, signature, diagnostics))
            }
            Retry::Behaviour(check) => {
                let failure = check.feedback();
                // Line numbers in a panic or assertion refer to the file
                // as built, which is the assembled program for a user's
                // file (a problem's harness is built differently).
                let file = (source.is_whole_program() || source.is_marked()).then(|| self.task.assemble(&code));
                let lines = file.as_deref().map(|file| pointed_lines(file, &failure)).unwrap_or_default();
                let original = function.map(|f| f.text(best));
                ("fix", "fixed", 0.8, prompts::fix(&code, target, original, signature, &failure, &lines))
            }
        };
        let reply =
            self.ask(&format!("{key}/{step}"), Agent::Generator, prompts::GENERATOR_SYSTEM, prompt, temperature)?;
        let mut retried = self.evaluate(key, failed.candidate, rewritten.as_ref(), &reply, recheck, &code)?;
        // A reply with nothing to check leaves the candidate as it was, so
        // that the feedback keeps what was wrong with it.
        if retried.check.is_none() {
            return Ok(failed);
        }
        retried.function = failed.function;
        Ok(retried)
    }

    /// Keeps the best correct candidate if it is really faster, and writes
    /// the feedback for the next iteration.
    fn decide(
        &mut self,
        iteration: u32,
        state: &mut State,
        tried: Vec<Tried>,
        techniques: &[prompts::Technique<'_>],
    ) -> Result<()> {
        let original_fuel = state.original_fuel;
        let mut lines = Vec::new();
        let mut best_new: Option<(&Tried, u64)> = None;
        // Correct candidates within 1% of the best's fuel: fuel counts
        // instructions, not cache misses or the allocator's work, so such a
        // candidate may still be faster natively.
        let mut level: Option<(&Tried, u64)> = None;
        for t in &tried {
            state.tried += 1;
            let label = match &t.function {
                Some(name) => format!("iteration {iteration}, candidate {} (rewrote `{name}`)", t.candidate),
                None => format!("iteration {iteration}, candidate {}", t.candidate),
            };
            let line = match (&t.check, &t.unusable) {
                (_, Some(why)) => format!("{label}: no usable code ({why})"),
                (Some(Check::Correct { fuel }), _) => {
                    state.correct += 1;
                    if *fuel < state.best_fuel.saturating_sub(state.best_fuel / 100)
                        && best_new.is_none_or(|(_, f)| *fuel < f)
                    {
                        best_new = Some((t, *fuel));
                    } else if *fuel <= state.best_fuel.saturating_add(state.best_fuel / 100)
                        && level.is_none_or(|(_, f)| *fuel < f)
                    {
                        level = Some((t, *fuel));
                    }
                    let vs_best = state.best_fuel as f64 / (*fuel).max(1) as f64;
                    let trend = if vs_best >= 1.0 {
                        format!("{vs_best:.2}x less than the best so far")
                    } else {
                        format!("{:.2}x MORE than the best so far: slower", 1.0 / vs_best)
                    };
                    format!(
                        "{label}: correct; fuel {:.2}x less than the original, {trend}",
                        original_fuel as f64 / (*fuel).max(1) as f64
                    )
                }
                (Some(check), _) => format!("{label}: {}", check.feedback()),
                (None, None) => format!("{label}: not checked"),
            };
            lines.push(line);
        }
        let mut improved = false;
        // A candidate that saves fuel is kept unless it is measurably slower
        // natively; one that does not must be measurably faster natively, by
        // NATIVE_ONLY_GAIN at the least.
        let finalist = best_new.map(|(t, fuel)| (t, fuel, false)).or(level.map(|(t, fuel)| (t, fuel, true)));
        if let Some((winner, fuel, native_only)) = finalist {
            let code = winner.code.clone().unwrap_or_default();
            let key = format!("it{iteration}/c{}/time", winner.candidate);
            self.progress(&format!("iteration {iteration}: timing candidate {} natively", winner.candidate))?;
            let rounds = self.options.timing_rounds.max(3);
            let (timing, _) = self.journal.step(&key, "timing", || self.task.time(&state.best, &code, rounds))?;
            // Prompts get the verdict, not the measured numbers, so that a
            // deterministic model sees the same prompt in a repeated run
            // (the numbers are in the log).
            let slightly = native_only && timing.ci_high > 1.0 - NATIVE_ONLY_GAIN;
            let timing_text = match timing.verdict {
                Verdict::Faster if slightly => "faster natively, but by too little to matter",
                Verdict::Faster => "measurably faster natively",
                Verdict::Slower => "measurably slower natively",
                Verdict::NoSignificantDifference => "not measurably different natively",
            };
            let kept = if native_only {
                timing.verdict == Verdict::Faster && !slightly
            } else {
                timing.verdict != Verdict::Slower
            };
            if !kept {
                let fuel_text = if native_only { "used about the same fuel" } else { "used less fuel" };
                lines.push(format!("candidate {} {fuel_text} and was {timing_text}: not kept", winner.candidate));
            } else {
                lines.push(format!("candidate {} kept as the new best ({timing_text})", winner.candidate));
                for n in cited(&winner.reply, techniques.len()) {
                    state.cited.insert(techniques[n - 1].citation.to_string());
                }
                state.best = code;
                state.best_fuel = fuel;
                improved = true;
                self.journal.write_file("best.rs", self.task.assemble(&state.best).as_bytes())?;
            }
            self.journal.log(
                "decision",
                serde_json::json!({
                    "iteration": iteration, "candidate": winner.candidate, "kept": improved,
                    "fuel": fuel, "native_only": native_only, "timing": timing,
                }),
            )?;
        }
        state.stale = if improved { 0 } else { state.stale + 1 };
        if !self.options.single_shot && !self.cancel.is_cancelled() {
            self.progress(&format!("iteration {iteration}: evaluator analysing the measurements"))?;
            let analysis = self.ask(
                &format!("it{iteration}/analysis"),
                Agent::Evaluator,
                prompts::ANALYST_SYSTEM,
                prompts::analyse(&state.best, &lines),
                0.2,
            );
            match analysis {
                Ok(reply) => state.analysis = Some(reply.text),
                Err(e) if !self.cancel.is_cancelled() => tracing::warn!("no analysis this iteration: {e:#}"),
                Err(e) => return Err(e),
            }
        }
        state.history.extend(lines);
        Ok(())
    }

    /// Techniques for the current best: searches from the code and from the
    /// model's reading of the original (asked once), ranked passages with
    /// their sources.
    fn retrieve(&mut self, iteration: u32, state: &mut State) -> Result<Retrieval> {
        let code = state.best.clone();
        if iteration == 1 {
            self.progress("retriever: asking the model for search queries")?;
            let llm = self.llm;
            let runtime = self.runtime.clone();
            let seed = self.options.seed;
            let (asked, replayed) = self.journal.step("retrieval/model-queries", "model_queries", || {
                let asker = QueryAsker { llm, seed, reply: std::sync::Mutex::new(None) };
                let found = runtime.block_on(search::model_queries(&asker, &code, 3));
                if let Err(e) = &found {
                    tracing::warn!("no search queries from the model: {e}");
                }
                let reply = asker.reply.lock().unwrap_or_else(|e| e.into_inner()).take();
                Ok(ModelQueries { queries: found.map(|q| q.queries).unwrap_or_default(), reply })
            })?;
            if replayed && let Some(reply) = &asked.reply {
                self.llm.credit(reply);
            }
            state.queries = asked.queries;
        }
        let backends = self.options.search_backends.clone();
        let runtime = self.runtime.clone();
        let queries = state.queries.clone();
        self.progress(&format!("iteration {iteration}: retriever searching"))?;
        let (retrieval, _) = self.journal.step(&format!("it{iteration}/retrieve"), "retrieval", || {
            let config = search::SearchConfig::from_env();
            let kinds = if backends.is_empty() {
                search::BackendKind::available(&config)
            } else {
                backends.iter().map(|b| b.parse()).collect::<Result<Vec<search::BackendKind>, _>>()?
            };
            let search = search::Search::new(&kinds, &config).context("cannot set up the search")?;
            let query = search::Query::new("").with_code(code.clone()).with_searches(queries);
            let report = runtime.block_on(search.search(&query, 4));
            Ok(Retrieval {
                searches: report.searches.clone(),
                passages: report
                    .passages
                    .iter()
                    .map(|p| Retrieved { text: p.text.clone(), citation: p.source.citation() })
                    .collect(),
                note: report.note.clone(),
            })
        })?;
        Ok(retrieval)
    }

    fn ask(&mut self, key: &str, agent: Agent, system: &str, user: String, temperature: f32) -> Result<Reply> {
        let chat = Chat {
            agent,
            system: system.to_string(),
            user,
            max_tokens: if agent == Agent::Evaluator { 200 } else { self.options.reply_tokens },
            temperature,
            seed: self.options.seed ^ fnv(key),
        };
        ask(self.journal, &self.runtime, self.llm, key, &chat)
    }

    fn progress(&mut self, what: &str) -> Result<()> {
        self.journal.log("progress", serde_json::json!({ "what": what }))
    }
}

/// One LLM call as a logged step (prompt and reply); a replayed reply is
/// credited to the token count instead of asked again.
pub fn ask(journal: &mut Journal, runtime: &Handle, llm: &Llm, key: &str, chat: &Chat) -> Result<Reply> {
    let (logged, replayed) = journal.step(key, "llm", || {
        let reply = runtime.block_on(llm.chat(chat)).map_err(|e| match e {
            LlmError::Cancelled => anyhow::anyhow!("interrupted"),
            e => anyhow::Error::new(e),
        })?;
        Ok(LoggedChat { system: chat.system.clone(), prompt: chat.user.clone(), reply })
    })?;
    if replayed {
        llm.credit(&logged.reply);
    }
    Ok(logged.reply)
}

/// An LLM call as the log keeps it.
#[derive(Serialize, Deserialize)]
struct LoggedChat {
    system: String,
    prompt: String,
    reply: Reply,
}

#[derive(Serialize, Deserialize)]
struct ModelQueries {
    queries: Vec<String>,
    reply: Option<Reply>,
}

/// The retriever's view of the LLM.
struct QueryAsker<'a> {
    llm: &'a Llm,
    seed: u64,
    reply: std::sync::Mutex<Option<Reply>>,
}

#[async_trait]
impl search::QueryModel for QueryAsker<'_> {
    async fn complete(&self, prompt: &str) -> Result<String, search::Error> {
        let chat = Chat {
            agent: Agent::Retriever,
            system: "You are a helpful assistant.".into(),
            user: prompt.to_string(),
            max_tokens: 200,
            temperature: 0.2,
            seed: self.seed,
        };
        let reply = self.llm.chat(&chat).await.map_err(|e| search::Error::model(e.to_string()))?;
        let text = reply.text.clone();
        *self.reply.lock().unwrap_or_else(|e| e.into_inner()) = Some(reply);
        Ok(text)
    }
}

/// The lines of `file` that `message` points at as `main.rs:LINE:COLUMN`
/// (a panic's location, an assertion's), at most two, each once.
fn pointed_lines<'a>(file: &'a str, message: &str) -> Vec<(usize, &'a str)> {
    let lines: Vec<&str> = file.lines().collect();
    let mut found: Vec<(usize, &str)> = Vec::new();
    for (at, _) in message.match_indices("main.rs:") {
        let digits: String = message[at + "main.rs:".len()..].chars().take_while(char::is_ascii_digit).collect();
        if let Ok(number) = digits.parse::<usize>()
            && let Some(text) = number.checked_sub(1).and_then(|i| lines.get(i))
            && !found.iter().any(|(n, _)| *n == number)
            && found.len() < 2
        {
            found.push((number, text));
        }
    }
    found
}

/// Technique numbers `[n]` a reply cites, within `1..=count`.
fn cited(reply: &str, count: usize) -> BTreeSet<usize> {
    let mut found = BTreeSet::new();
    let mut rest = reply;
    while let Some(open) = rest.find('[') {
        rest = &rest[open + 1..];
        if let Some(close) = rest.find(']')
            && let Ok(n) = rest[..close].trim().parse::<usize>()
            && (1..=count).contains(&n)
        {
            found.insert(n);
        }
    }
    found
}

/// A stable hash of a step key, so that each call gets its own seed.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_are_read_within_range() {
        assert_eq!(cited("Used [2] and [ 1 ], not [7] or [x].", 3), BTreeSet::from([1, 2]));
        assert!(cited("v[i] = a[0];", 0).is_empty());
    }

    #[test]
    fn a_panic_location_is_quoted_from_the_file() {
        let file = "fn main() {\n    let v = vec![1];\n    let x = v[3];\n}\n";
        let message =
            "thread 'main' panicked at main.rs:3:13:\nindex out of bounds\nagain at main.rs:3:13, main.rs:9:1";
        assert_eq!(pointed_lines(file, message), [(3, "    let x = v[3];")], "once each, and only lines that exist");
        assert!(pointed_lines(file, "no location").is_empty());
    }
}
