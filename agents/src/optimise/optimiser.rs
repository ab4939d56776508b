//! The loop itself: [`Optimiser`]. Each iteration retrieves techniques,
//! has the generator write candidates (with their second chances), checks
//! them, times the finalist, keeps or rejects it ([`policy`]) and asks for
//! an analysis; every step goes through the journal.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use anyhow::Result;
use search::Search;
use tokio::runtime::Handle;
use tokio_util::sync::CancellationToken;

use super::ask::Asker;
use super::chat::{Agent, Chat, ChatRequest, Reply, Usage};
use super::event::{CandidateChecked, CandidateResult, Decision, Event, IterationDone, Retrieval};
use super::focus;
use super::journal::Journal;
use super::options::{Options, Outcome, Stop};
use super::policy;
use super::prompts;
use super::retrieve;
use super::task::{Check, Task};
use crate::text::fnv;

/// How many of a program's hottest functions candidates rewrite alone, in
/// turn, before one rewrites the whole program.
const HOT_FUNCTIONS: usize = 2;

/// How many times in a row a candidate that does not compile is rebuilt
/// with the changes rustc suggests made.
const RUSTC_FIX_ROUNDS: u32 = 3;

/// Why a reply that repeats its code is of no use.
const UNCHANGED: &str = "the reply's code is the code it was asked to change, unchanged";

/// Why a candidate gets a second chance.
enum Retry<'a> {
    /// It did not compile; what rustc said.
    Compile(&'a str),
    /// It compiled but failed a test, printed something else or crashed.
    Behaviour(&'a Check),
    /// The reply repeated the code unchanged; the technique to apply, if
    /// any was retrieved.
    Unchanged(Option<&'a prompts::Technique<'a>>),
}

/// What happened to one candidate.
#[derive(Debug, Clone)]
struct Tried {
    candidate: u32,
    /// The function it rewrote alone, if it was asked for one.
    function: Option<String>,
    result: Attempt,
    reply: String,
}

#[derive(Debug, Clone)]
enum Attempt {
    /// The reply gave nothing to check, for this reason.
    Unusable(String),
    /// The reply's code was the code it was asked to change.
    Unchanged,
    Checked {
        code: String,
        check: Check,
    },
}

/// The loop over one [`Task`]: see the [module documentation](super).
pub struct Optimiser<'a> {
    task: &'a dyn Task,
    asker: Asker<'a>,
    retriever: Option<&'a Search>,
    options: &'a Options,
    cancel: CancellationToken,
}

/// One run of an [`Optimiser`] with its journal.
struct Run<'o, 'a> {
    task: &'a dyn Task,
    asker: &'o Asker<'a>,
    retriever: Option<&'a Search>,
    options: &'a Options,
    cancel: &'o CancellationToken,
    journal: &'o mut Journal,
}

/// Per-iteration state carried into the next prompt.
struct State {
    original: policy::Correct,
    original_fuel: u64,
    /// Searches the model suggested for the code.
    queries: Vec<String>,
    /// Whether the model was asked for them (once a run).
    asked_for_queries: bool,
    best: String,
    /// `None` when the best starts threads, which WebAssembly cannot run.
    best_fuel: Option<u64>,
    history: Vec<String>,
    analysis: Option<String>,
    cited: BTreeSet<String>,
    stale: u32,
    tried: u32,
    correct: u32,
}

impl<'a> Optimiser<'a> {
    /// The loop over `task`, asking `chat` for candidates and analyses and
    /// `retriever` (when given) for techniques; async calls run on
    /// `runtime` while the loop itself runs on the caller's thread.
    pub fn new(
        task: &'a dyn Task,
        chat: &'a dyn Chat,
        retriever: Option<&'a Search>,
        options: &'a Options,
        runtime: Handle,
    ) -> Self {
        Optimiser { task, asker: Asker::new(chat, runtime), retriever, options, cancel: CancellationToken::new() }
    }

    /// Stops after the current step once `cancel` is cancelled, leaving the
    /// run resumable (the `Chat` should end its calls on the same token).
    pub fn cancel_on(mut self, cancel: CancellationToken) -> Self {
        self.cancel = cancel;
        self
    }

    /// Counts tokens spent before the loop (a run's input generators)
    /// towards its budget and its outcome.
    pub fn spent_before(self, usage: &Usage) -> Self {
        self.asker.count_usage(usage);
        self
    }

    /// Runs the loop to its end, logging every step in `journal` and
    /// replaying the steps it already holds.
    pub fn run(&self, journal: &mut Journal) -> Result<Outcome> {
        Run {
            task: self.task,
            asker: &self.asker,
            retriever: self.retriever,
            options: self.options,
            cancel: &self.cancel,
            journal,
        }
        .run()
    }
}

impl Run<'_, '_> {
    fn run(&mut self) -> Result<Outcome> {
        let started = Instant::now();
        let original = self.task.source().editable().to_string();
        let (first, _) = self.journal.step("original/check", || self.task.check(&original))?;
        // A task without fuel (a package's function) is decided on native
        // time alone; its original's fuel counts as 0.
        let (fuel, cpu_ms) = match first {
            Check::Correct { fuel: Some(fuel), cpu_ms, .. } => (Some(fuel), cpu_ms),
            Check::Correct { fuel: None, cpu_ms, .. } if !self.task.measures_fuel() => (None, cpu_ms),
            Check::Correct { fuel: None, .. } => {
                anyhow::bail!("the original starts threads, which its WebAssembly run cannot: marco needs its fuel")
            }
            other => anyhow::bail!("the original does not pass its own checks: {}", other.feedback()),
        };
        let original_fuel = fuel.unwrap_or(0);
        let mut state = State {
            original: policy::Correct { fuel, cpu_ms, threads: 1, intrinsics: false },
            original_fuel,
            queries: Vec::new(),
            asked_for_queries: false,
            best: original.clone(),
            best_fuel: fuel,
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
            self.journal.log(Event::Iteration(IterationDone {
                iteration,
                best_fuel: state.best_fuel,
                fuel_speedup: fuel_speedup(original_fuel, state.best_fuel),
            }))?;
            if self.cancel.is_cancelled() {
                stop = Stop::Interrupted;
                break;
            }
            if let Some(target) = self.options.target_speedup
                && fuel_speedup(original_fuel, state.best_fuel).is_some_and(|s| s >= target)
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
            let (comparison, _) = self.journal.step("final/time", || task.time(&original, &state.best, rounds))?;
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
            fuel_speedup: fuel_speedup(original_fuel, state.best_fuel),
            wall,
            iterations: done,
            candidates: state.tried,
            correct_candidates: state.correct,
            usage: self.asker.usage(),
            sources_cited: state.cited.into_iter().collect(),
            seconds: started.elapsed().as_secs_f64(),
        };
        self.journal.log(Event::Finished(outcome.clone()))?;
        Ok(outcome)
    }

    fn budget_spent(&self, started: Instant) -> Option<Stop> {
        if self.cancel.is_cancelled() {
            return Some(Stop::Interrupted);
        }
        if self.options.max_tokens.is_some_and(|max| self.asker.usage().total() >= max) {
            return Some(Stop::TokenBudget);
        }
        if self.options.max_time_s.is_some_and(|max| started.elapsed() >= Duration::from_secs(max)) {
            return Some(Stop::TimeBudget);
        }
        None
    }

    fn iteration(&mut self, iteration: u32, state: &mut State, started: Instant) -> Result<()> {
        let retrieval = match self.retriever {
            Some(search) => Some(self.retrieve(search, iteration, state)?),
            None => None,
        };
        let passages = retrieval.as_ref().map_or(&[][..], |r| &r.passages[..]);
        let fitting: Vec<_> = passages.iter().filter(|p| self.task.fits(&p.text)).collect();
        if fitting.len() < passages.len() {
            self.progress(&format!(
                "iteration {iteration}: {} of {} techniques left out: they need crates the code may not use",
                passages.len() - fitting.len(),
                passages.len()
            ))?;
        }
        let techniques: Vec<prompts::Technique<'_>> = fitting
            .into_iter()
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
            let turn = (iteration as usize - 1) * candidates as usize + candidate as usize - 1;
            // The first candidate is the model's own idea; each later one is
            // pointed at one technique, best first and in turn across
            // iterations, so that a second iteration tries what the first
            // did not.
            let suggested = (turn > 0 && !techniques.is_empty()).then(|| (turn - 1) % techniques.len() + 1);
            let function = targets[turn % targets.len()];
            let target = match function {
                Some(f) => prompts::Target::Function(f),
                None => prompts::Target::All { marked: self.task.source().is_marked() },
            };
            let brief = self.task.brief();
            let prompt = prompts::generate(
                prompts::Brief { text: &brief, cores: self.task.cores() },
                &state.best,
                target,
                &state.history,
                state.analysis.as_deref(),
                &techniques,
                suggested,
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
                && self.options.ask_again_when_unchanged
                && matches!(attempt.result, Attempt::Unchanged)
                && self.budget_spent(started).is_none()
            {
                self.progress(&format!("iteration {iteration}: asking again for candidate {candidate}, changed"))?;
                let technique = techniques.get(suggested.unwrap_or(1) - 1);
                attempt = self.retry(&key, function, attempt, &state.best, &state.best, Retry::Unchanged(technique))?;
            }
            if !self.options.single_shot
                && let Attempt::Checked { code, check: Check::CompileError { diagnostics, .. } } =
                    attempt.result.clone()
            {
                self.progress(&format!("iteration {iteration}: repairing candidate {candidate} from rustc's errors"))?;
                attempt = self.retry(&key, function, attempt, &code, &state.best, Retry::Compile(&diagnostics))?;
            }
            if !self.options.single_shot
                && self.budget_spent(started).is_none()
                && let Attempt::Checked { code, check } = attempt.result.clone()
                && check.misbehaves()
            {
                self.progress(&format!(
                    "iteration {iteration}: fixing candidate {candidate} from the evaluator's findings"
                ))?;
                attempt = self.retry(&key, function, attempt, &code, &state.best, Retry::Behaviour(&check))?;
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
        let source = self.task.source();
        let extracted = match function {
            Some(f) => source.extract_function(&reply.text, base, f),
            None => source.extract(&reply.text),
        }
        .map(|code| if source.is_whole_program() { focus::restore_dropped(&code, base) } else { code })
        .map(|code| self.task.mend(code));
        let result = match extracted {
            Ok(code) if code.trim() == base.trim() => {
                self.log_candidate(key, step, CandidateResult::Unusable { unusable: UNCHANGED.into() })?;
                Attempt::Unchanged
            }
            Ok(mut code) => {
                self.progress(&format!("checking {key} ({step})"))?;
                let (mut check, _) = self.journal.step(&format!("{key}/{step}"), || self.task.check(&code))?;
                self.log_candidate(
                    key,
                    step,
                    CandidateResult::Checked { verdict: check.headline(), code: code.clone() },
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
                        self.journal.step(&format!("{key}/{fix_step}"), || self.task.check(&fixed))?;
                    let checked = CandidateResult::Checked { verdict: fixed_check.headline(), code: fixed.clone() };
                    self.log_candidate(key, &fix_step, checked)?;
                    // An edit rustc is unsure of can make the code build but
                    // change what it does (a `try_into().unwrap()` that
                    // truncates): then the candidate goes to the generator's
                    // repair with the error it had.
                    if !matches!(fixed_check, Check::Correct { .. } | Check::CompileError { .. }) {
                        break;
                    }
                    (code, check) = (fixed, fixed_check);
                }
                Attempt::Checked { code, check }
            }
            Err(why) => {
                self.log_candidate(key, step, CandidateResult::Unusable { unusable: why.to_string() })?;
                Attempt::Unusable(why.to_string())
            }
        };
        Ok(Tried { candidate, function: function.map(|f| f.name.clone()), result, reply: reply.text.clone() })
    }

    fn log_candidate(&mut self, key: &str, step: &str, result: CandidateResult) -> Result<()> {
        self.journal.log(Event::Candidate(CandidateChecked { key: key.to_string(), step: step.to_string(), result }))
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
        code: &str,
        best: &str,
        why: Retry<'_>,
    ) -> Result<Tried> {
        let code = code.to_string();
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
            Retry::Unchanged(technique) => ("change", "changed", 0.8, prompts::change(&code, target, technique)),
        };
        let reply =
            self.ask(&format!("{key}/{step}"), Agent::Generator, prompts::GENERATOR_SYSTEM, prompt, temperature)?;
        let mut retried = self.evaluate(key, failed.candidate, rewritten.as_ref(), &reply, recheck, &code)?;
        // A reply with nothing to check leaves the candidate as it was, so
        // that the feedback keeps what was wrong with it.
        if let Attempt::Unusable(_) | Attempt::Unchanged = retried.result {
            return Ok(failed);
        }
        retried.function = failed.function;
        Ok(retried)
    }

    /// Keeps the best correct candidate if it is really faster (see
    /// [`policy`]), and writes the feedback for the next iteration.
    fn decide(
        &mut self,
        iteration: u32,
        state: &mut State,
        tried: Vec<Tried>,
        techniques: &[prompts::Technique<'_>],
    ) -> Result<()> {
        let original_fuel = state.original_fuel;
        // Each correct candidate as the policy sees it, for the lines the
        // generator is told and for choosing the finalists.
        let correct: Vec<Option<policy::Correct>> = tried
            .iter()
            .map(|t| match &t.result {
                Attempt::Checked { check: Check::Correct { fuel, threads, cpu_ms }, code } => Some(policy::Correct {
                    fuel: *fuel,
                    cpu_ms: *cpu_ms,
                    threads: *threads,
                    intrinsics: policy::uses_intrinsics(code),
                }),
                _ => None,
            })
            .collect();
        let mut lines = Vec::new();
        for (t, judged) in tried.iter().zip(&correct) {
            state.tried += 1;
            let label = match &t.function {
                Some(name) => format!("iteration {iteration}, candidate {} (rewrote `{name}`)", t.candidate),
                None => format!("iteration {iteration}, candidate {}", t.candidate),
            };
            let line = match (&t.result, judged) {
                (Attempt::Unusable(why), _) => format!("{label}: no usable code ({why})"),
                (Attempt::Unchanged, _) => format!("{label}: no usable code ({UNCHANGED})"),
                (Attempt::Checked { .. }, Some(judged)) => {
                    state.correct += 1;
                    let fuel_text = match (judged.fuel, state.best_fuel) {
                        (None, _) if !self.task.measures_fuel() => "its time is measured natively".to_string(),
                        (None, _) => "its threads cannot run in WebAssembly, so it has no fuel".to_string(),
                        (Some(fuel), best) => {
                            let vs_original = original_fuel as f64 / fuel.max(1) as f64;
                            let trend = match best.map(|b| b as f64 / fuel.max(1) as f64) {
                                Some(vs_best) if vs_best >= 1.0 => format!(", {vs_best:.2}x less than the best so far"),
                                Some(vs_best) if judged.native() => {
                                    format!(", {:.2}x more than the best so far", 1.0 / vs_best)
                                }
                                Some(vs_best) => format!(", {:.2}x MORE than the best so far: slower", 1.0 / vs_best),
                                None => String::new(),
                            };
                            format!("fuel {vs_original:.2}x less than the original{trend}")
                        }
                    };
                    let threads = match judged.threads {
                        1 => String::new(),
                        n => format!("; ran {n} threads natively"),
                    };
                    let guard = if judged.native() && policy::too_much_work(&state.original, judged) {
                        format!(
                            "; but it does over {}x the original's work, as if its threads were spinning: not timed",
                            policy::MOST_WORK
                        )
                    } else {
                        String::new()
                    };
                    format!("{label}: correct; {fuel_text}{threads}{guard}")
                }
                (Attempt::Checked { check, .. }, None) => format!("{label}: {}", check.feedback()),
            };
            lines.push(line);
        }
        // Each finalist is timed against the best; of those its timing
        // keeps, the fastest becomes the new best.
        let mut timed = Vec::new();
        for finalist in policy::choose_finalists(&state.original, state.best_fuel, &correct) {
            let winner = &tried[finalist.index()];
            let Attempt::Checked { code, .. } = &winner.result else {
                anyhow::bail!("internal error: a finalist without code");
            };
            let key = format!("it{iteration}/c{}/time", winner.candidate);
            self.progress(&format!("iteration {iteration}: timing candidate {} natively", winner.candidate))?;
            let rounds = self.options.timing_rounds.max(3);
            let (timing, _) = self.journal.step(&key, || self.task.time(&state.best, code, rounds))?;
            let (kept, native) = policy::keep(&finalist, &timing);
            timed.push((finalist, winner, code, timing, kept, native));
        }
        let new_best = timed
            .iter()
            .enumerate()
            .filter(|(_, t)| t.4)
            .min_by(|(_, a), (_, b)| a.3.ratio.total_cmp(&b.3.ratio))
            .map(|(i, _)| i);
        let mut improved = false;
        for (i, (finalist, winner, code, timing, kept, native)) in timed.into_iter().enumerate() {
            let becomes_best = new_best == Some(i);
            let what = finalist.describe();
            if becomes_best {
                let efficiency = timing
                    .parallel_efficiency()
                    .map(|e| format!(", {:.0}% parallel efficiency", e * 100.0))
                    .unwrap_or_default();
                lines.push(format!(
                    "candidate {} {what} and was {}{efficiency}: kept as the new best",
                    winner.candidate,
                    native.describe()
                ));
                for n in cited(&winner.reply, techniques.len()) {
                    state.cited.insert(techniques[n - 1].citation.to_string());
                }
                state.best = code.clone();
                state.best_fuel = finalist.fuel();
                improved = true;
                self.journal.write_file("best.rs", self.task.assemble(&state.best).as_bytes())?;
            } else if kept {
                lines.push(format!(
                    "candidate {} {what} and was {}, but another was faster: not kept",
                    winner.candidate,
                    native.describe()
                ));
            } else {
                lines.push(format!("candidate {} {what} and was {}: not kept", winner.candidate, native.describe()));
            }
            self.journal.log(Event::Decision(Decision {
                iteration,
                candidate: winner.candidate,
                kept: becomes_best,
                fuel: finalist.fuel(),
                native_only: finalist.native_only(),
                timing,
            }))?;
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

    fn ask(&mut self, key: &str, agent: Agent, system: &str, user: String, temperature: f32) -> Result<Reply> {
        let request = ChatRequest {
            agent,
            system: system.to_string(),
            user,
            max_tokens: if agent == Agent::Evaluator { 200 } else { self.options.reply_tokens },
            temperature,
            seed: self.options.seed ^ fnv(key),
        };
        self.asker.ask(self.journal, key, &request)
    }

    /// Techniques for the current best: searches from the code and from the
    /// model's reading of the original (asked once), ranked passages with
    /// their sources.
    fn retrieve(&mut self, search: &Search, iteration: u32, state: &mut State) -> Result<Retrieval> {
        // The model's searches are the fallback, asked for once, the first
        // time the best is code in which the extractor sees nothing: where
        // it sees something, its searches name the code's own shape, and
        // the model's (which guessed "matrix operations" for an edit
        // distance) bring techniques that do not fit and that a small model
        // then copies. A run that asked already replays its answer.
        if !state.asked_for_queries
            && (self.journal.finished(retrieve::MODEL_QUERIES) || search::code_queries(&state.best).is_empty())
        {
            state.asked_for_queries = true;
            self.progress("retriever: asking the model for search queries")?;
            state.queries = retrieve::model_queries(self.journal, self.asker, &state.best, self.options.seed)?;
        }
        self.progress(&format!("iteration {iteration}: retriever searching"))?;
        retrieve::techniques(self.journal, self.asker.runtime(), search, iteration, &state.best, &state.queries)
    }

    fn progress(&mut self, what: &str) -> Result<()> {
        self.journal.log(Event::Progress { what: what.to_string() })
    }
}

/// Original fuel over the best's, when the best has fuel.
fn fuel_speedup(original: u64, best: Option<u64>) -> Option<f64> {
    best.map(|best| original as f64 / best.max(1) as f64)
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
