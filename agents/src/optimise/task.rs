//! What is being optimised and how a candidate is judged: a user's program
//! against its inputs ([`FileTask`]), or a LeetCode 75 solution against its
//! problem's harness and checker ([`ProblemTask`]).

use std::fmt::Write as _;

use anyhow::{Context, Result};
use problems::{Evaluator, Problem, Scale};
use sandbox::{BuildError, Comparison, Limits, Outcome, Program, Sandbox, Status, Target};
use serde::{Deserialize, Serialize};

use super::code::Source;
use super::inputs::Inputs;
use crate::text::clip;

/// The evaluator's verdict on one candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Check {
    /// Same behaviour as the original on every input, in WebAssembly and
    /// natively; tests pass.
    Correct {
        /// Fuel over every input; `None` for a program that starts threads,
        /// which WebAssembly cannot run (it was checked natively only).
        fuel: Option<u64>,
        /// The most threads it ran at once natively, main included (1 in
        /// logs from before native checks).
        #[serde(default = "one_thread")]
        threads: u32,
        /// CPU time of its native runs, every input and thread (ms; 0 in
        /// logs from before native checks).
        #[serde(default)]
        cpu_ms: f64,
    },
    /// rustc refused it; `diagnostics` is what rustc said, `suggested` the
    /// candidate with the changes rustc suggests for its errors made.
    CompileError {
        diagnostics: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggested: Option<String>,
    },
    /// The screen refused the source (foreign crates, file access...).
    Rejected { reason: String },
    /// One of the file's `#[test]` functions failed.
    TestsFailed { output: String },
    /// Different output or exit code than the original.
    WrongOutput { input: String, hidden: bool, expected: String, got: String },
    /// It crashed, ran out of fuel or time, or exhausted memory.
    Failed { input: String, hidden: bool, status: Status, message: String },
}

fn one_thread() -> u32 {
    1
}

impl Check {
    /// One line for a progress display.
    pub fn headline(&self) -> String {
        match self {
            Check::Correct { fuel, threads, .. } => match (fuel, threads) {
                // Measured natively only (a package's function).
                (None, 1) => "correct".into(),
                (None, n) => format!("correct, threads, so no fuel, {n} threads natively"),
                (Some(f), 1) => format!("correct, {f} fuel"),
                (Some(f), n) => format!("correct, {f} fuel, {n} threads natively"),
            },
            Check::CompileError { .. } => "does not compile".into(),
            Check::Rejected { reason } => format!("rejected: {reason}"),
            Check::TestsFailed { .. } => "its #[test] functions fail".into(),
            Check::WrongOutput { input, hidden: true, .. } => format!("wrong output on hidden input {input}"),
            Check::WrongOutput { input, .. } => format!("wrong output on input {input}"),
            Check::Failed { input, status, .. } => format!("{status} on input {input}"),
        }
    }

    /// It compiled but did not behave as the original: a failing test,
    /// other output, a crash or a run past its limits.
    pub fn misbehaves(&self) -> bool {
        matches!(self, Check::TestsFailed { .. } | Check::WrongOutput { .. } | Check::Failed { .. })
    }

    /// What the generator is told.
    pub fn feedback(&self) -> String {
        match self {
            Check::Correct { .. } => "correct".into(),
            Check::CompileError { diagnostics, .. } => format!("did not compile:\n{}", clip(diagnostics, 1500)),
            Check::Rejected { reason } => format!("refused before compiling: {reason}"),
            Check::TestsFailed { output } => format!("the program's #[test] functions failed:\n{}", clip(output, 800)),
            Check::WrongOutput { input, hidden, expected, got } => {
                let hidden = if *hidden {
                    " (a hidden input you have not seen: the code must compute the answer, not recognise inputs)"
                } else {
                    ""
                };
                format!(
                    "wrong output on input {input}{hidden}: expected {:?}, got {:?}",
                    clip(expected, 200),
                    clip(got, 200)
                )
            }
            Check::Failed { input, hidden, status, message } => {
                let which = if *hidden { "hidden input" } else { "input" };
                format!("{status} on {which} {input}: {}", clip(message, 300))
            }
        }
    }
}

/// Something marco optimises.
pub trait Task: Send + Sync {
    /// The code as the user wrote it (region or solution included).
    fn source(&self) -> &Source;
    /// What the generator is told about the code's purpose and inputs.
    fn brief(&self) -> String;
    /// Builds and checks a candidate for the editable part.
    fn check(&self, editable: &str) -> Result<Check>;
    /// Times candidate `b` against `a` natively, interleaved.
    fn time(&self, a: &str, b: &str, rounds: usize) -> Result<Comparison>;
    /// Cores a candidate may use natively (1: no threads).
    fn cores(&self) -> u32 {
        1
    }
    /// Whether its checks count WebAssembly fuel; without, every candidate
    /// is decided on native time.
    fn measures_fuel(&self) -> bool {
        true
    }
    /// Whether a retrieved technique can be applied here: one that needs
    /// a crate the candidate may not use does not fit (all fit by default).
    fn fits(&self, _technique: &str) -> bool {
        true
    }
    /// A candidate's editable part with the slips mended whose intent is
    /// plain (none by default); it is checked as mended.
    fn mend(&self, editable: String) -> String {
        editable
    }
    /// The whole file for a candidate's editable part.
    fn assemble(&self, editable: &str) -> String {
        self.source().splice(editable)
    }
}

/// Fuel and time the original may use on one input in WebAssembly.
const ORIGINAL_FUEL: u64 = 2_000_000_000_000;
const ORIGINAL_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);
/// The least time a candidate gets on one input.
const CANDIDATE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// How long a candidate's `#[test]` functions may run, all together.
const TEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// A whole program judged by what it prints for each input.
pub struct FileTask<'s> {
    sandbox: &'s Sandbox,
    source: Source,
    inputs: Inputs,
    /// The original's run on each input (visible ones first).
    expected: Vec<Outcome>,
    /// Whether the original has `#[test]` functions that pass.
    has_tests: bool,
    /// WebAssembly runs: fuel a few times the original's.
    limits: Limits,
    /// Native runs: the cores and threads a candidate may use.
    native_limits: Limits,
    tolerance: Tolerance,
}

/// How printed numbers are compared: exactly, or (declared in the file with
/// `// marco:tolerance 1e-9`) within a relative tolerance, so that a
/// parallel or vectorised rewrite may add floating-point numbers in another
/// order.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub enum Tolerance {
    #[default]
    Exact,
    Relative(f64),
}

impl Tolerance {
    const MARKER: &str = "// marco:tolerance";

    /// The tolerance a source declares; a malformed declaration is an error,
    /// not a silent exact comparison.
    pub fn declared(source: &str) -> Result<Tolerance> {
        let Some(line) = source.lines().find(|l| l.trim_start().starts_with(Self::MARKER)) else {
            return Ok(Tolerance::Exact);
        };
        let value = line.trim_start()[Self::MARKER.len()..].trim();
        match value.parse::<f64>().ok().and_then(Tolerance::relative) {
            Some(tolerance) => Ok(tolerance),
            None => anyhow::bail!("`{}` must give a relative tolerance between 0 and 1, e.g. 1e-9", line.trim()),
        }
    }

    /// A relative tolerance of `t`, when it is one: above 0, below 1.
    pub fn relative(t: f64) -> Option<Tolerance> {
        (t.is_finite() && t > 0.0 && t < 1.0).then_some(Tolerance::Relative(t))
    }

    /// Whether `got` is `expected` within the tolerance: the same words,
    /// where each pair of numbers differs by at most the tolerance relative
    /// to the larger (or absolutely, below 1).
    pub fn matches(self, expected: &str, got: &str) -> bool {
        let Tolerance::Relative(tolerance) = self else { return expected == got };
        if expected == got {
            return true;
        }
        let (mut e, mut g) = (expected.split_whitespace(), got.split_whitespace());
        loop {
            match (e.next(), g.next()) {
                (None, None) => return expected.lines().count() == got.lines().count(),
                (Some(a), Some(b)) if a == b => {}
                (Some(a), Some(b)) => match (a.parse::<f64>(), b.parse::<f64>()) {
                    (Ok(x), Ok(y)) if (x - y).abs() <= tolerance * x.abs().max(y.abs()).max(1.0) => {}
                    _ => return false,
                },
                _ => return false,
            }
        }
    }
}

impl<'s> FileTask<'s> {
    /// Runs the original on every input; fails if it does not build or fails
    /// on an input (that input could not define correct behaviour).
    pub fn new(sandbox: &'s Sandbox, source: Source, inputs: Inputs, threads: u32) -> Result<FileTask<'s>> {
        let program = Program::new(source.splice(source.editable()));
        let tolerance = Tolerance::declared(&program.candidate)?;
        // The original defines correct behaviour, so it gets room for the
        // inputs a numeric kernel is really run on.
        let limits = Limits { fuel: ORIGINAL_FUEL, timeout: ORIGINAL_TIMEOUT, ..Limits::default() };
        let wasm = build_original(sandbox, &program)?;
        let mut expected = Vec::new();
        for input in inputs.all() {
            let outcome = sandbox.run(&wasm, &input.bytes, &limits)?;
            if !matches!(outcome.status, Status::Ok | Status::NonZeroExit) {
                anyhow::bail!(
                    "the original fails on input {}: {}: {}",
                    input.name,
                    outcome.status,
                    outcome.message.unwrap_or_default()
                );
            }
            expected.push(outcome);
        }
        let has_tests = source.splice(source.editable()).contains("#[test]") && {
            let limits = Limits { timeout: TEST_TIMEOUT, ..Limits::default() };
            let outcome = sandbox.evaluate(&program.clone().tests(), Target::Native, b"", &limits)?;
            if !outcome.is_ok() {
                tracing::warn!("the original's own #[test] functions fail; candidates are not held to them");
            }
            outcome.is_ok()
        };
        // A candidate may use a few times the original's fuel and time
        // before it is stopped: a non-terminating one ends quickly.
        let most_fuel = expected.iter().filter_map(|o| o.fuel).max().unwrap_or(0);
        let longest = expected.iter().map(|o| o.wall_ms).fold(0.0, f64::max);
        let timeout =
            std::time::Duration::from_secs_f64(longest * 4.0 / 1e3).clamp(CANDIDATE_TIMEOUT, ORIGINAL_TIMEOUT);
        let limits = Limits { fuel: most_fuel.saturating_mul(4).clamp(200_000_000, ORIGINAL_FUEL), timeout, ..limits };
        let native_limits = Limits { threads: threads.max(1), timeout, ..Limits::default() };
        Ok(FileTask { sandbox, source, inputs, expected, has_tests, limits, native_limits, tolerance })
    }

    /// The input on which the original works hardest: the one timed natively.
    fn heaviest_input(&self) -> &[u8] {
        let inputs = self.inputs.all();
        let heaviest = self.expected.iter().enumerate().max_by_key(|(_, o)| o.fuel.unwrap_or(0)).map_or(0, |(i, _)| i);
        &inputs[heaviest].bytes
    }
}

impl Task for FileTask<'_> {
    fn source(&self) -> &Source {
        &self.source
    }

    fn brief(&self) -> String {
        let mut brief = String::from(
            "The program reads its input from stdin. It must keep printing exactly the same stdout and exiting \
             with the same code for every input.",
        );
        if self.has_tests {
            brief.push_str(" Its #[test] functions must keep passing (keep the functions they call).");
        }
        if let Tolerance::Relative(t) = self.tolerance {
            let _ = write!(
                brief,
                " Printed numbers may differ from the original's by a relative {t:e} at most, so floating-point \
                 sums may be added in another order (in parallel, or with several accumulators)."
            );
        }
        brief.push_str(&machine(self.native_limits.threads));
        if let Some(input) = self.inputs.visible.first() {
            let text = String::from_utf8_lossy(&input.bytes);
            let _ = write!(brief, "\n\nExample input {} (stdin):\n{}", input.name, clip(&text, 200));
        }
        brief
    }

    fn check(&self, editable: &str) -> Result<Check> {
        let program = Program::new(self.source.splice(editable));
        let wasm = match build(self.sandbox, &program, Target::Wasm, editable)? {
            Ok(artifact) => artifact,
            Err(check) => return Ok(check),
        };
        if self.has_tests {
            let limits = Limits { timeout: TEST_TIMEOUT, ..self.native_limits.clone() };
            let outcome = self.sandbox.evaluate(&program.clone().tests(), Target::Native, b"", &limits)?;
            match outcome.status {
                Status::Ok => {}
                // libtest's way of saying a test failed.
                Status::NonZeroExit | Status::Panic => {
                    let output = format!("{}{}", outcome.stdout, outcome.stderr);
                    return Ok(Check::TestsFailed { output: failure_part(&output) });
                }
                status => {
                    let message = outcome.message.unwrap_or_default();
                    return Ok(Check::Failed { input: "#[test]".into(), hidden: false, status, message });
                }
            }
        }
        let mut fuel = Some(0);
        for (i, (input, expected)) in self.inputs.all().iter().zip(&self.expected).enumerate() {
            let outcome = self.sandbox.run(&wasm, &input.bytes, &self.limits)?;
            if starts_threads(&outcome) && self.native_limits.threads > 1 {
                // WebAssembly runs one thread: such a candidate is judged
                // natively alone.
                fuel = None;
                break;
            }
            if let Some(check) = self.misbehaviour(i, expected, &outcome) {
                return Ok(check);
            }
            fuel = fuel.map(|f| f + outcome.fuel.unwrap_or(0));
        }
        // Natively too: that is where it is timed, and where its threads run
        // at once (a data race or a reduction order outside the tolerance
        // shows only there).
        let native = match build(self.sandbox, &program, Target::Native, editable)? {
            Ok(artifact) => artifact,
            Err(check) => return Ok(check),
        };
        let (mut threads, mut cpu_ms) = (1, 0.0);
        for (i, (input, expected)) in self.inputs.all().iter().zip(&self.expected).enumerate() {
            let outcome = self.sandbox.run(&native, &input.bytes, &self.native_limits)?;
            if let Some(check) = self.misbehaviour(i, expected, &outcome) {
                return Ok(check);
            }
            threads = threads.max(outcome.threads.unwrap_or(1));
            cpu_ms += outcome.cpu_ms.unwrap_or(0.0);
        }
        Ok(Check::Correct { fuel, threads, cpu_ms })
    }

    fn cores(&self) -> u32 {
        self.native_limits.threads
    }

    fn time(&self, a: &str, b: &str, rounds: usize) -> Result<Comparison> {
        let native = |editable: &str| -> Result<sandbox::Artifact> {
            let program = Program::new(self.source.splice(editable));
            Ok(self.sandbox.build(&program, Target::Native)?)
        };
        let (a, b) = (native(a)?, native(b)?);
        Ok(self.sandbox.compare(&a, &b, self.heaviest_input(), &self.native_limits, rounds)?)
    }
}

impl FileTask<'_> {
    /// How a run on input `i` differs from the original's, if it does.
    fn misbehaviour(&self, i: usize, expected: &Outcome, outcome: &Outcome) -> Option<Check> {
        let input = &self.inputs.all()[i];
        let hidden = i >= self.inputs.visible.len();
        if !matches!(outcome.status, Status::Ok | Status::NonZeroExit) {
            let message = outcome.message.clone().unwrap_or_default();
            return Some(Check::Failed { input: input.name.clone(), hidden, status: outcome.status, message });
        }
        if self.tolerance.matches(&expected.stdout, &outcome.stdout) && outcome.exit_code == expected.exit_code {
            return None;
        }
        let describe = |o: &Outcome| match o.exit_code {
            Some(0) | None => o.stdout.clone(),
            Some(code) => format!("{}[exit code {code}]", o.stdout),
        };
        let (expected, got) = first_difference(&describe(expected), &describe(outcome));
        Some(Check::WrongOutput { input: input.name.clone(), hidden, expected, got })
    }
}

/// Whether a WebAssembly run stopped because the program started a thread
/// (`std::thread` cannot in `wasm32-wasip1`; rayon falls back to one).
fn starts_threads(outcome: &Outcome) -> bool {
    outcome.status == Status::Panic
        && outcome.message.as_deref().is_some_and(|m| m.contains("failed to spawn thread") && m.contains("Unsupported"))
}

/// What the generator is told about the machine a candidate is timed on
/// and the crates it may use.
fn machine(threads: u32) -> String {
    let crates: Vec<String> =
        sandbox::ALLOWED_CRATES.iter().map(|c| format!("{} {} ({})", c.crate_name(), c.version, c.why)).collect();
    let cores = if threads > 1 {
        format!(
            "It is timed on a machine with {threads} cores, and may use them: threads (`std::thread::scope`) or \
             rayon; it may not start processes."
        )
    } else {
        "It is timed on one core and may not start threads or processes.".to_string()
    };
    format!("\n\n{cores} Besides std it may use only these crates: {}.", crates.join("; "))
}

/// Fails, with rustc's errors, unless the original program builds: checked
/// before anything costs an LLM call.
pub fn ensure_original_builds(sandbox: &Sandbox, source: &Source) -> Result<()> {
    build_original(sandbox, &Program::new(source.splice(source.editable()))).map(drop)
}

fn build_original(sandbox: &Sandbox, program: &Program) -> Result<sandbox::Artifact> {
    match build(sandbox, program, Target::Wasm, "").context("the original does not build")? {
        Ok(artifact) => Ok(artifact),
        Err(check) => anyhow::bail!("the original does not build: {}", check.feedback()),
    }
}

/// A LeetCode 75 solution, judged by its problem's harness and checker.
pub struct ProblemTask<'s> {
    sandbox: &'s Sandbox,
    problem: &'static dyn Problem,
    source: Source,
    evaluator: Evaluator<'s>,
    /// Cases from this seed are never shown to the generator.
    hidden_seed: u64,
}

impl<'s> ProblemTask<'s> {
    pub fn new(sandbox: &'s Sandbox, problem: &'static dyn Problem, solution: &str, hidden_seed: u64) -> Self {
        let hidden_seed = if hidden_seed == problems::DEFAULT_SEED { hidden_seed ^ 1 } else { hidden_seed };
        ProblemTask {
            sandbox,
            problem,
            source: Source::fragment(solution),
            evaluator: Evaluator::new(sandbox),
            hidden_seed,
        }
    }
}

impl Task for ProblemTask<'_> {
    fn source(&self) -> &Source {
        &self.source
    }

    fn brief(&self) -> String {
        let info = self.problem.info();
        let mut brief = format!(
            "This is a solution to LeetCode {} \"{}\". Keep the signature{} exactly as it is; a harness calls it.\n\n{}",
            info.id,
            info.title,
            if self.problem.api().signatures().len() > 1 { "s" } else { "" },
            info.statement
        );
        if let Some(case) = self.problem.cases(Scale::Small, problems::DEFAULT_SEED).first() {
            let _ = write!(brief, "\n\nExample input (as the harness encodes it): {}", clip(&case.input, 300));
        }
        brief
    }

    fn check(&self, editable: &str) -> Result<Check> {
        let program = match problems::harness::program(self.problem, editable) {
            Ok(program) => program,
            Err(e) => return Ok(Check::Rejected { reason: e.to_string() }),
        };
        if let Err(check) = build(self.sandbox, &program, Target::Wasm, editable)? {
            return Ok(check);
        }
        let mut fuel = 0;
        for (seed, hidden) in [(problems::DEFAULT_SEED, false), (self.hidden_seed, true)] {
            for scale in [Scale::Small, Scale::Perf] {
                let judgement = self.evaluator.judge(self.problem, editable, scale, seed)?;
                if let Some(failure) = judgement.failure {
                    let input = match (failure.case, failure.input) {
                        (Some(case), Some(input)) => format!("{case} ({})", clip(&input, 200)),
                        (Some(case), None) => case,
                        (None, _) => format!("{scale:?} set"),
                    };
                    return Ok(match judgement.status {
                        Status::Ok => Check::WrongOutput {
                            input,
                            hidden,
                            expected: "the checker's answer".into(),
                            got: failure.reason,
                        },
                        status => Check::Failed { input, hidden, status, message: failure.reason },
                    });
                }
                if !hidden && scale == Scale::Perf {
                    fuel = judgement.fuel.unwrap_or(0);
                }
            }
        }
        // Judged in WebAssembly only, and timed natively on one core.
        Ok(Check::Correct { fuel: Some(fuel), threads: 1, cpu_ms: 0.0 })
    }

    fn time(&self, a: &str, b: &str, rounds: usize) -> Result<Comparison> {
        Ok(self.evaluator.compare_native(self.problem, a, b, Scale::Perf, problems::DEFAULT_SEED, rounds)?)
    }
}

/// Builds; a compile error or a rejection is a verdict, not a failure.
/// `editable` is the candidate's part of the program, which rustc's
/// suggestions may change.
fn build(
    sandbox: &Sandbox,
    program: &Program,
    target: Target,
    editable: &str,
) -> Result<Result<sandbox::Artifact, Check>> {
    match sandbox.build(program, target) {
        Ok(artifact) => Ok(Ok(artifact)),
        Err(BuildError::Compile(diagnostics)) => {
            let text = diagnostics
                .iter()
                .filter(|d| d.level == "error")
                .take(4)
                .map(|d| d.rendered.clone().unwrap_or_else(|| d.message.clone()))
                .collect::<Vec<_>>()
                .join("\n");
            let suggested = with_suggestions(&program.candidate, editable, &diagnostics);
            Ok(Err(Check::CompileError { diagnostics: text, suggested }))
        }
        Err(BuildError::Rejected(rejection)) => Ok(Err(Check::Rejected { reason: rejection.to_string() })),
        Err(BuildError::Timeout(t)) => {
            Ok(Err(Check::CompileError { diagnostics: format!("compilation took longer than {t:?}"), suggested: None }))
        }
        Err(e) => Err(e.into()),
    }
}

/// `editable` with the changes rustc suggests for its errors made: of each
/// error, the first suggestion rustc is confident enough in (not one with
/// placeholders) that lies wholly inside `editable` and does not overlap
/// another. `file` is the source rustc built, with `editable` in it. `None`
/// when there is no such change.
fn with_suggestions(file: &str, editable: &str, diagnostics: &[sandbox::Diagnostic]) -> Option<String> {
    let offset = file.find(editable).filter(|_| !editable.is_empty())?;
    let inside = |e: &sandbox::Edit| {
        e.start >= offset
            && e.end <= offset + editable.len()
            && editable.is_char_boundary(e.start - offset)
            && editable.is_char_boundary(e.end - offset)
    };
    let overlaps = |a: &sandbox::Edit, b: &sandbox::Edit| (a.start < b.end && b.start < a.end) || a.start == b.start;
    let mut edits: Vec<&sandbox::Edit> = Vec::new();
    for diagnostic in diagnostics.iter().filter(|d| d.level == "error") {
        let chosen = diagnostic.suggestions.iter().find(|s| {
            matches!(s.applicability.as_str(), "MachineApplicable" | "MaybeIncorrect")
                && !s.edits.is_empty()
                && s.edits.iter().all(|e| inside(e) && !edits.iter().any(|taken| overlaps(e, taken)))
        });
        edits.extend(chosen.into_iter().flat_map(|s| &s.edits));
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.start));
    let mut fixed = editable.to_string();
    for edit in edits {
        fixed.replace_range(edit.start - offset..edit.end - offset, &edit.text);
    }
    Some(fixed)
}

/// The lines around where two outputs first differ.
fn first_difference(expected: &str, got: &str) -> (String, String) {
    let line = expected.lines().zip(got.lines()).position(|(a, b)| a != b).unwrap_or_else(|| {
        // One is a prefix of the other.
        expected.lines().count().min(got.lines().count())
    });
    let around = |text: &str| text.lines().skip(line).take(3).collect::<Vec<_>>().join("\n");
    let prefix = if line > 0 { format!("[line {}] ", line + 1) } else { String::new() };
    (format!("{prefix}{}", around(expected)), format!("{prefix}{}", around(got)))
}

/// What matters in libtest's report: which tests failed and their panic
/// messages, without the runner's boilerplate.
fn failure_part(output: &str) -> String {
    const NOISE: [&str; 6] = ["running ", "failures:", "note: run with", "test result:", "successes:", "---- "];
    output
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.ends_with("... ok") && !NOISE.iter().any(|n| l.trim_start().starts_with(n)))
        .filter(|l| !l.starts_with("    ")) // the closing list of failed names repeats them
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Start, end and text of each edit of a suggestion.
    type Edits<'a> = Vec<(usize, usize, &'a str)>;

    fn error(suggestions: Vec<(&str, Edits<'_>)>) -> sandbox::Diagnostic {
        sandbox::Diagnostic {
            level: "error".into(),
            message: "an error".into(),
            code: None,
            spans: Vec::new(),
            children: Vec::new(),
            rendered: None,
            suggestions: suggestions
                .into_iter()
                .map(|(applicability, edits)| sandbox::Suggestion {
                    message: "help".into(),
                    applicability: applicability.into(),
                    edits: edits
                        .into_iter()
                        .map(|(start, end, text)| sandbox::Edit { start, end, text: text.into() })
                        .collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn rustcs_suggestions_are_made_inside_the_candidates_part_only() {
        let harness = "fn harness() {}\n";
        let editable = "fn f(s: &HashSet<i64>, t: i64, v: i64) -> bool { s.contains(t - v) }\n";
        let file = format!("{harness}{editable}");
        let at = |needle: &str| harness.len() + editable.find(needle).unwrap();
        let diagnostics = [
            // A borrow (two insertions) rustc is sure of.
            error(vec![("MachineApplicable", vec![(at("t - v"), at("t - v"), "&("), (at(") }"), at(") }"), ")")])]),
            // The first suggestion has a placeholder; the import is taken.
            error(vec![
                ("HasPlaceholders", vec![(at("s:"), at("s:"), "/* s */")]),
                ("MaybeIncorrect", vec![(harness.len(), harness.len(), "use std::collections::HashSet;\n")]),
            ]),
            // Outside the candidate's part: left alone.
            error(vec![("MachineApplicable", vec![(0, 2, "pub fn")])]),
        ];
        assert_eq!(
            with_suggestions(&file, editable, &diagnostics).as_deref(),
            Some(
                "use std::collections::HashSet;\nfn f(s: &HashSet<i64>, t: i64, v: i64) -> bool { s.contains(&(t - v)) }\n"
            )
        );
        // Overlapping edits: the first error's wins; nothing to make: None.
        let clash = [
            error(vec![("MachineApplicable", vec![(at("t - v"), at("t - v") + 5, "x")])]),
            error(vec![("MachineApplicable", vec![(at("t - v") + 2, at("t - v") + 3, "+")])]),
        ];
        assert!(with_suggestions(&file, editable, &clash).unwrap().contains("s.contains(x)"));
        assert_eq!(with_suggestions(&file, editable, &diagnostics[2..]), None);
        assert_eq!(with_suggestions(&file, "", &diagnostics), None);
    }

    #[test]
    fn a_declared_tolerance_lets_numbers_differ_by_that_much_and_no_more() {
        assert_eq!(Tolerance::declared("fn main() {}").unwrap(), Tolerance::Exact);
        let declared = Tolerance::declared("//! doc\n// marco:tolerance 1e-9\nfn main() {}").unwrap();
        assert_eq!(declared, Tolerance::Relative(1e-9));
        for bad in ["// marco:tolerance", "// marco:tolerance lots", "// marco:tolerance 2", "// marco:tolerance -1e-9"]
        {
            assert!(Tolerance::declared(bad).is_err(), "{bad}");
        }
        // (expected, got, matches within 1e-9)
        let cases = [
            ("1.000000000000e3 7\n", "1.000000000000e3 7\n", true),
            ("1.000000000000e3 7\n", "1.000000000500e3 7\n", true),
            ("1.000000000000e3 7\n", "1.000000002000e3 7\n", false),
            ("1.000000000000e3 7\n", "1.000000000000e3 8\n", false),
            ("sum 2.5e-12\n", "sum 2.6e-12\n", true),
            ("sum 1\n", "total 1\n", false),
            ("1 2\n", "1 2 3\n", false),
            ("1\n2\n", "1 2\n", false),
        ];
        for (expected, got, matches) in cases {
            assert_eq!(Tolerance::Relative(1e-9).matches(expected, got), matches, "{expected:?} vs {got:?}");
        }
        assert!(!Tolerance::Exact.matches("1.0\n", "1.00\n"));
    }

    #[test]
    fn a_test_failure_is_told_without_the_runners_boilerplate() {
        let report = "\nrunning 2 tests\ntest a ... ok\ntest b ... FAILED\n\nfailures:\n\n---- b stdout ----\n\n\
                      thread 'main' (7) panicked at main.rs:4:5:\nassertion `left == right` failed\n  left: 1\n \
                      right: 2\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\
                      failures:\n    b\n\ntest result: FAILED. 1 passed; 1 failed\n";
        assert_eq!(
            failure_part(report),
            "test b ... FAILED\nthread 'main' (7) panicked at main.rs:4:5:\nassertion `left == right` failed\n  \
             left: 1\n right: 2"
        );
    }
}
