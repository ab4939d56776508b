//! [`PackageTask`]: one function of a Cargo package as a [`Task`]. A
//! candidate is the function (with private helpers) spliced into its file
//! in the private copy; it is screened, built, and checked by the
//! package's own tests together with the differential test, all inside the
//! container; it is timed with the package's benchmarks.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{Result, bail};
use sandbox::{Comparison, Exit, Status};

use super::bench::{Bench, Measured, Plan, Version};
use super::cargo::{Built, Cargo, tail};
use super::differential::{self, Differential};
use super::items::{FnItem, functions_in};
use super::mend::{Sibling, mend};
use super::screen::{screen, technique_fits};
use crate::optimise::code::Source;
use crate::optimise::task::{Check, Task};

/// One target function of a package.
pub struct PackageTask<'a> {
    cargo: &'a Cargo<'a>,
    function: FnItem,
    /// Its file, relative to the workspace root of the copy.
    file: PathBuf,
    /// The file around the function; the function is the editable part.
    source: Source,
    /// The test module placed after the function, if one could be written.
    differential: Differential,
    plan: Plan,
    brief: String,
    /// The crates the package's code may name besides std.
    dependencies: Vec<String>,
    /// The name the target's crate is reached by.
    crate_name: String,
    /// The functions that share the target's scope.
    siblings: Vec<Sibling>,
    /// What the package's tests may take with a candidate.
    test_timeout: Duration,
    /// The last timing's per-benchmark detail, for the report.
    last_timing: Mutex<Option<Measured>>,
}

/// What a [`PackageTask`] is made of.
pub struct TaskParts {
    pub function: FnItem,
    pub file: PathBuf,
    /// The file's text now (earlier targets' kept changes included).
    pub text: String,
    pub differential: Differential,
    pub plan: Plan,
    pub brief: String,
    pub dependencies: Vec<String>,
    /// The name the target's crate is reached by.
    pub crate_name: String,
    /// How long the original's tests took.
    pub original_tests: Duration,
}

impl<'a> PackageTask<'a> {
    pub fn new(cargo: &'a Cargo<'a>, parts: TaskParts) -> Result<PackageTask<'a>> {
        let span = parts.function.span.clone();
        if span.end > parts.text.len() || !parts.text.is_char_boundary(span.start) {
            bail!("{} changed since it was read", parts.file.display());
        }
        let source = Source::region(&parts.text[..span.start], &parts.text[span.clone()], &parts.text[span.end..]);
        let siblings = functions_in(&parts.file, &parts.text, &[])
            .map(|functions| Sibling::of(&parts.function, &functions))
            .unwrap_or_default();
        Ok(PackageTask {
            cargo,
            function: parts.function,
            file: parts.file,
            source,
            differential: parts.differential,
            plan: parts.plan,
            brief: parts.brief,
            dependencies: parts.dependencies,
            crate_name: parts.crate_name,
            siblings,
            // A candidate may be 4x slower than the original, and a build
            // may come first.
            test_timeout: parts.original_tests * 4 + Duration::from_secs(60),
            last_timing: Mutex::new(None),
        })
    }

    /// The file with `editable` in place and the differential module after it.
    pub fn with_test(&self, editable: &str) -> String {
        let module = match &self.differential {
            Differential::Module(module) => module.as_str(),
            Differential::Unavailable(_) => "",
        };
        self.source.splice(&format!("{}{module}", editable.trim_end_matches('\n')))
    }

    /// The per-benchmark detail of the last timing.
    pub fn last_timing(&self) -> Option<Measured> {
        self.last_timing.lock().ok().and_then(|t| t.clone())
    }
}

impl Task for PackageTask<'_> {
    fn source(&self) -> &Source {
        &self.source
    }

    fn brief(&self) -> String {
        self.brief.clone()
    }

    fn fits(&self, technique: &str) -> bool {
        technique_fits(technique, &self.dependencies)
    }

    fn mend(&self, editable: String) -> String {
        mend(&self.function, self.source.editable(), &editable, &self.siblings, &self.crate_name)
    }

    fn check(&self, editable: &str) -> Result<Check> {
        if let Err(reason) = screen(&self.function, editable, &self.dependencies) {
            return Ok(Check::Rejected { reason });
        }
        self.cargo.work.write(&self.file, &self.with_test(editable))?;
        if let Built::Errors(diagnostics) = self.cargo.build_tests()? {
            return Ok(Check::CompileError { diagnostics, suggested: None });
        }
        // Unit and integration tests (doc tests run on the final version).
        let finished = self.cargo.test(&["--lib", "--bins", "--tests"], self.test_timeout)?;
        if finished.success() {
            // No CPU time: a test run's time is no measure of the
            // function's work, so the busy-waiting guard does not apply;
            // the benchmarks decide.
            return Ok(Check::Correct { fuel: None, threads: 1, cpu_ms: 0.0 });
        }
        let output = format!("{}\n{}", finished.stdout, finished.stderr);
        if let Some(found) = differential::mismatch(&output).filter(|_| !differential::own_tests_failed(&output)) {
            return Ok(Check::WrongOutput {
                input: found.input,
                hidden: found.hidden,
                expected: found.expected,
                got: found.got,
            });
        }
        Ok(match finished.exit {
            Exit::TimedOut => Check::Failed {
                input: "the package's tests".into(),
                hidden: false,
                status: Status::Timeout,
                message: format!("the tests took over {} s", self.test_timeout.as_secs()),
            },
            _ => Check::TestsFailed { output: failures(&output) },
        })
    }

    fn time(&self, a: &str, b: &str, rounds: usize) -> Result<Comparison> {
        // Few rounds: each criterion run is itself many samples.
        let rounds = rounds.min(5);
        let bench = Bench { cargo: self.cargo, plan: self.plan.clone() };
        let (a, b) = (self.with_test(a), self.with_test(b));
        let measured = bench.compare(
            &Version { files: vec![(&self.file, &a)] },
            &Version { files: vec![(&self.file, &b)] },
            rounds,
        )?;
        let overall = measured.overall.clone();
        if let Ok(mut last) = self.last_timing.lock() {
            *last = Some(measured);
        }
        Ok(overall)
    }

    fn measures_fuel(&self) -> bool {
        false
    }

    fn assemble(&self, editable: &str) -> String {
        self.source.splice(editable)
    }
}

/// The part of `cargo test`'s output that says what failed.
fn failures(output: &str) -> String {
    match output.find("failures:") {
        Some(at) => tail(&output[at..], 60),
        None => tail(output, 40),
    }
}
