//! Builds untrusted Rust and runs it under limits.
//!
//! Candidates come from an LLM, so every byte is treated as hostile:
//!
//! * [`Sandbox::build`] screens the source (no `include_str!`, `env!`,
//!   `#[path]`, crates other than std and [`ALLOWED_CRATES`]...), then runs
//!   rustc with an empty environment in a private directory, to
//!   `wasm32-wasip1` or to a static native binary, linked against the
//!   allowed crates (built once per target with cargo).
//!   Artifacts and compile errors are cached on disk by content hash.
//! * [`Sandbox::run`] runs WebAssembly in wasmtime with fuel, a memory cap, a
//!   wall-clock deadline, captured output and deterministic randomness; or a
//!   native binary in a chroot with its own uid, no network and rlimits.
//! * [`Sandbox::compare`] times two native programs against each other.
//! * [`Container`] runs Cargo, and the test and bench binaries it builds, on
//!   a private copy of a whole package in bubblewrap: no network, none of
//!   the host's files but the system, the toolchain and the registry
//!   (read-only) and the package and target directories, an unprivileged
//!   user, a timeout that kills every process it started.
//!
//! ```no_run
//! use sandbox::{Limits, Program, Sandbox, SandboxConfig, Target};
//!
//! let sandbox = Sandbox::new(SandboxConfig::default())?;
//! let program = Program::new("fn main() { println!(\"{}\", (1..=10u64).product::<u64>()); }");
//! let outcome = sandbox.evaluate(&program, Target::Wasm, b"", &Limits::default())?;
//! assert_eq!(outcome.stdout, "3628800\n");
//! println!("fuel used: {:?}", outcome.fuel);
//! # Ok::<(), sandbox::SandboxError>(())
//! ```

mod compile;
mod config;
mod container;
mod crates;
mod diagnostics;
mod error;
mod guard;
mod limits;
mod measure;
mod native;
mod outcome;
mod screen;
mod target;
mod wasm;

pub use compile::{Artifact, BuildError, Program};
pub use config::SandboxConfig;
pub use container::{CargoJob, Container, ContainerConfig, ExecJob, Exit, Finished, HOST_UID};
pub use crates::{ALLOWED_CRATES, AllowedCrate};
pub use diagnostics::{Diagnostic, Edit, SourceSpan, Suggestion};
pub use error::SandboxError;
pub use limits::{Limits, available_cores};
pub use measure::{Comparison, Usage, Verdict, summarise};
pub use outcome::{Outcome, Status};
pub use screen::{MAX_SOURCE_BYTES, Rejection, screen_package_code};
pub use target::Target;

/// Builds and runs untrusted programs. Cheap to share between threads.
pub struct Sandbox {
    compiler: compile::Compiler,
    wasm: wasm::WasmRunner,
    native: native::NativeRunner,
}

impl Sandbox {
    /// Finds the toolchain and prepares the cache. Fails if rustc cannot run.
    pub fn new(config: SandboxConfig) -> Result<Self, SandboxError> {
        let options =
            compile::BuildOptions { wasm_stack_bytes: config.wasm_stack_bytes, build_timeout: config.build_timeout };
        let compiler = compile::Compiler::discover(
            &config.rustc,
            config.cache_dir.clone(),
            config.crates_dir.clone(),
            options,
            config.parallel_builds,
        )?;
        Ok(Sandbox {
            compiler,
            wasm: wasm::WasmRunner::new()?,
            native: native::NativeRunner::new(config.cache_dir.join("runs"))?,
        })
    }

    /// The `rustc -vV` text of the compiler in use.
    pub fn rustc_version(&self) -> &str {
        self.compiler.version()
    }

    /// Screens and compiles a program, or returns the cached artifact.
    pub fn build(&self, program: &Program, target: Target) -> Result<Artifact, BuildError> {
        self.compiler.build(program, target)
    }

    /// Runs a built program with `stdin` as its input.
    pub fn run(&self, artifact: &Artifact, stdin: &[u8], limits: &Limits) -> Result<Outcome, SandboxError> {
        match artifact.target {
            Target::Wasm => self.wasm.run(artifact, stdin, limits),
            Target::Native => self.native.run(artifact, stdin, limits),
        }
    }

    /// Builds and runs; a rejected source or a compile error becomes an
    /// [`Outcome`] with status `rejected` or `compile_error`.
    pub fn evaluate(
        &self,
        program: &Program,
        target: Target,
        stdin: &[u8],
        limits: &Limits,
    ) -> Result<Outcome, SandboxError> {
        match self.build(program, target) {
            Ok(artifact) => self.run(&artifact, stdin, limits),
            Err(BuildError::Rejected(r)) => Ok(Outcome::not_run(Status::Rejected, r.to_string(), Vec::new())),
            Err(BuildError::Compile(diags)) => {
                let first = diags.iter().find(|d| d.level == "error").map(|d| d.message.clone());
                let message = first.unwrap_or_else(|| "compilation failed".into());
                Ok(Outcome::not_run(Status::CompileError, message, diags))
            }
            Err(BuildError::Timeout(t)) => {
                Ok(Outcome::not_run(Status::CompileError, format!("compilation took longer than {t:?}"), Vec::new()))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Times `b` against `a` with `rounds` interleaved runs (A B A B ...),
    /// after one discarded warm-up run of each. Both must succeed every time.
    pub fn compare(
        &self,
        a: &Artifact,
        b: &Artifact,
        stdin: &[u8],
        limits: &Limits,
        rounds: usize,
    ) -> Result<Comparison, SandboxError> {
        let rounds = rounds.max(1);
        let mut a_runs = Vec::with_capacity(rounds);
        let mut b_runs = Vec::with_capacity(rounds);
        for round in 0..=rounds {
            for (which, artifact, runs) in [("A", a, &mut a_runs), ("B", b, &mut b_runs)] {
                let outcome = self.run(artifact, stdin, limits)?;
                if !outcome.is_ok() {
                    return Err(SandboxError::CompareRun {
                        which,
                        status: outcome.status,
                        message: outcome.message.unwrap_or_default(),
                    });
                }
                if round > 0 {
                    runs.push(outcome);
                }
            }
        }
        let wall = |runs: &[Outcome]| runs.iter().map(|o| o.wall_ms).collect();
        let comparison = summarise(wall(&a_runs), wall(&b_runs));
        let cores = match a.target {
            Target::Native => limits.threads.clamp(1, available_cores()),
            Target::Wasm => 1,
        };
        Ok(Comparison { a_usage: Usage::of(&a_runs), b_usage: Usage::of(&b_runs), cores, ..comparison })
    }
}
