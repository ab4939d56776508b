//! Running solutions on a problem's cases in the sandbox and judging them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sandbox::{Comparison, Limits, Outcome, Sandbox, SandboxError, Status, Target};
use serde::Serialize;

use crate::guest::wire::Reader;
use crate::harness::{self, SignatureError};
use crate::spec::{Case, Problem, Scale, shorten};

/// Failures of the evaluation itself, not of the solution under test.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error(transparent)]
    Sandbox(#[from] SandboxError),
    /// The problem set's own reference solution failed: a bug in marco.
    #[error("the reference solution of {id} failed on the {scale:?} cases: {reason}")]
    Reference { id: u32, scale: Scale, reason: String },
}

/// The first case a solution got wrong.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// Which case, e.g. `small 7`; absent when no case ran.
    pub case: Option<String>,
    /// The start of the case's input in wire form.
    pub input: Option<String>,
    pub reason: String,
}

/// How a solution did on one scale's cases.
#[derive(Debug, Clone, Serialize)]
pub struct Judgement {
    pub scale: Scale,
    pub cases: usize,
    pub passed: usize,
    /// The first failure; `None` when every case passed.
    pub failure: Option<Failure>,
    /// How the program ended.
    pub status: Status,
    /// Fuel for the whole run (every case), WebAssembly only.
    pub fuel: Option<u64>,
    pub wall_ms: f64,
    pub peak_memory_bytes: Option<u64>,
}

impl Judgement {
    pub fn is_correct(&self) -> bool {
        self.failure.is_none()
    }
}

/// Runs and judges solutions. Expected results from the reference solution
/// are computed once per problem, scale and seed.
pub struct Evaluator<'a> {
    sandbox: &'a Sandbox,
    limits: Limits,
    expected: Mutex<HashMap<(u32, Scale, u64), Arc<Outcome>>>,
}

impl<'a> Evaluator<'a> {
    /// Default limits are the sandbox's, except that results may fill 64 MiB
    /// (perf cases return large vectors).
    pub fn new(sandbox: &'a Sandbox) -> Self {
        // Solutions are judged in WebAssembly, one thread: their native timing
        // runs on one core too, so a thread could never change an answer
        // unseen.
        let limits = Limits { output_bytes: 64 << 20, threads: 1, ..Limits::default() };
        Evaluator { sandbox, limits, expected: Mutex::default() }
    }

    /// Limits for every run.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Builds `solution` for `problem` and runs it on `cases` in one process.
    /// A signature mismatch or a compile error comes back as an outcome.
    pub fn run(
        &self,
        problem: &dyn Problem,
        solution: &str,
        cases: &[Case],
        target: Target,
    ) -> Result<Outcome, EvalError> {
        let program = match harness::program(problem, solution) {
            Ok(program) => program,
            Err(e) => return Ok(Outcome::not_run(Status::Rejected, e.to_string(), Vec::new())),
        };
        Ok(self.sandbox.evaluate(&program, target, &stdin(cases), &self.limits)?)
    }

    /// Checks `solution` on the cases of one scale, in WebAssembly.
    pub fn judge(
        &self,
        problem: &dyn Problem,
        solution: &str,
        scale: Scale,
        seed: u64,
    ) -> Result<Judgement, EvalError> {
        let cases = problem.cases(scale, seed);
        let expected = self.expected(problem, &cases, scale, seed)?;
        // Runs are deterministic: the reference's own run is the one just
        // made (or memoised) for the expected results.
        if solution == problem.reference() {
            return Ok(judge_outcome(problem, scale, &cases, &expected, &expected));
        }
        let outcome = self.run(problem, solution, &cases, Target::Wasm)?;
        Ok(judge_outcome(problem, scale, &cases, &expected, &outcome))
    }

    /// The reference solution's run on these cases (memoised).
    fn expected(
        &self,
        problem: &dyn Problem,
        cases: &[Case],
        scale: Scale,
        seed: u64,
    ) -> Result<Arc<Outcome>, EvalError> {
        let key = (problem.info().id, scale, seed);
        if let Some(outcome) = self.expected.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(outcome.clone());
        }
        let outcome = self.run(problem, problem.reference(), cases, Target::Wasm)?;
        // The reference is judged against the known answers only.
        let judgement = judge_outcome(problem, scale, cases, &outcome, &outcome);
        if let Some(failure) = judgement.failure {
            let case = failure.case.map(|c| format!(" ({c})")).unwrap_or_default();
            return Err(EvalError::Reference { id: key.0, scale, reason: format!("{}{case}", failure.reason) });
        }
        let outcome = Arc::new(outcome);
        self.expected.lock().unwrap_or_else(|e| e.into_inner()).insert(key, outcome.clone());
        Ok(outcome)
    }

    /// Fuel of the harness alone on one scale's cases: decoding the input
    /// with no solution called (see [`harness::overhead_program`]). `None`
    /// for problems with a hand-written driver.
    pub fn overhead_fuel(&self, problem: &dyn Problem, scale: Scale, seed: u64) -> Result<Option<u64>, EvalError> {
        let Some(program) = harness::overhead_program(problem) else { return Ok(None) };
        let stdin = stdin(&problem.cases(scale, seed));
        let outcome = self.sandbox.evaluate(&program, Target::Wasm, &stdin, &self.limits)?;
        if !outcome.is_ok() {
            return Err(EvalError::Reference {
                id: problem.info().id,
                scale,
                reason: format!("the harness alone failed: {}", outcome.message.unwrap_or_default()),
            });
        }
        Ok(outcome.fuel)
    }

    /// Times `b` against `a` natively on the cases of one scale.
    pub fn compare_native(
        &self,
        problem: &dyn Problem,
        a: &str,
        b: &str,
        scale: Scale,
        seed: u64,
        rounds: usize,
    ) -> Result<Comparison, EvalError> {
        let stdin = stdin(&problem.cases(scale, seed));
        let build = |solution: &str| -> Result<_, EvalError> {
            let program = harness::program(problem, solution).map_err(|e: SignatureError| {
                SandboxError::Build(sandbox::BuildError::Toolchain(format!("cannot time a rejected solution: {e}")))
            })?;
            Ok(self.sandbox.build(&program, Target::Native).map_err(SandboxError::from)?)
        };
        let (a, b) = (build(a)?, build(b)?);
        Ok(self.sandbox.compare(&a, &b, &stdin, &self.limits, rounds)?)
    }
}

/// What the harness reads: the number of cases, then one input per line.
pub fn stdin(cases: &[Case]) -> Vec<u8> {
    let mut text = format!("{}\n", cases.len());
    for case in cases {
        text.push_str(&case.input);
        text.push('\n');
    }
    text.into_bytes()
}

/// Judges a run against the expected run: cases with a known answer against
/// that answer, the others against the expected run's result.
fn judge_outcome(
    problem: &dyn Problem,
    scale: Scale,
    cases: &[Case],
    expected: &Outcome,
    actual: &Outcome,
) -> Judgement {
    let mut judgement = Judgement {
        scale,
        cases: cases.len(),
        passed: 0,
        failure: None,
        status: actual.status,
        fuel: actual.fuel,
        wall_ms: actual.wall_ms,
        peak_memory_bytes: actual.peak_memory_bytes,
    };
    let ended = || match &actual.message {
        Some(message) => format!("{}: {message}", actual.status),
        None => actual.status.to_string(),
    };
    if matches!(actual.status, Status::Rejected | Status::CompileError) {
        let mut reason = ended();
        if let Some(rendered) = actual.diagnostics.iter().find(|d| d.level == "error").and_then(|d| d.rendered.as_ref())
        {
            reason = format!("{reason}\n{rendered}");
        }
        judgement.failure = Some(Failure { case: None, input: None, reason });
        return judgement;
    }
    let mut expected_results = Reader::new(expected.stdout.as_bytes());
    let mut actual_results = Reader::new(actual.stdout.as_bytes());
    for case in cases {
        let has_expected = expected_results.seek_case();
        let reason = if !actual_results.seek_case() {
            Some(if actual.is_ok() {
                "the program printed no result for this case".to_string()
            } else {
                format!("the program stopped ({})", ended())
            })
        } else {
            let verdict = match &case.answer {
                Some(answer) => problem.check(&case.input, &mut Reader::new(answer.as_bytes()), &mut actual_results),
                None if has_expected => problem.check(&case.input, &mut expected_results, &mut actual_results),
                None => Err("no expected result for this case (the reference run ended early)".to_string()),
            };
            verdict.err()
        };
        match reason {
            None => judgement.passed += 1,
            Some(reason) if judgement.failure.is_none() => {
                judgement.failure =
                    Some(Failure { case: Some(case.label.clone()), input: Some(shorten(&case.input, 200)), reason });
            }
            Some(_) => {}
        }
    }
    if judgement.failure.is_none() && !actual.is_ok() {
        judgement.failure = Some(Failure {
            case: None,
            input: None,
            reason: format!("the program failed after its last result ({})", ended()),
        });
    }
    judgement
}
