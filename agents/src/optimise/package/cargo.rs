//! Cargo on the private copy, inside the container: building the tests or
//! the benchmarks (read from cargo's JSON messages: the executables, or
//! rustc's errors), and running them.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use cargo_metadata::{Message, TargetKind};
use sandbox::{CargoJob, Container, ExecJob, Exit, Finished};

use super::work::Work;

/// Cargo for one package of the private copy.
pub struct Cargo<'a> {
    pub container: &'a Container,
    pub work: &'a Work,
    /// The package's name (`-p`).
    pub package: &'a str,
    /// Set for every cargo command besides what the container sets (a
    /// build setting under test).
    pub env: Vec<(String, String)>,
}

/// A build's result: its executables, or what rustc said.
#[derive(Debug, Clone)]
pub enum Built {
    Binaries(Vec<Binary>),
    Errors(String),
}

/// A test or benchmark executable cargo built.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Binary {
    /// Its target's name (`strdist`, `distance` for `benches/distance.rs`).
    pub target: String,
    /// It holds the unit tests of the library or binary (not an
    /// integration test or a benchmark).
    pub unit_tests: bool,
    /// It is a `[[bench]]` target.
    pub benchmark: bool,
    pub path: PathBuf,
}

/// What the package's build and tests may take at most.
pub const BUILD_TIMEOUT: Duration = Duration::from_secs(600);

impl Cargo<'_> {
    /// `cargo test --no-run`: the test executables.
    pub fn build_tests(&self) -> Result<Built> {
        self.build("test", &[])
    }

    /// `cargo bench --no-run`: the benchmark executables (not the
    /// library's libtest harness, which `--benches` builds too).
    pub fn build_benches(&self) -> Result<Built> {
        Ok(match self.build("bench", &["--benches"])? {
            Built::Binaries(binaries) => Built::Binaries(binaries.into_iter().filter(|b| b.benchmark).collect()),
            errors => errors,
        })
    }

    fn build(&self, subcommand: &str, extra: &[&str]) -> Result<Built> {
        let mut args = vec!["-p".to_string(), self.package.to_string(), "--no-run".into()];
        args.extend(extra.iter().map(|s| s.to_string()));
        args.push("--message-format=json-render-diagnostics".into());
        let finished = self.cargo(subcommand, args, BUILD_TIMEOUT)?;
        let mut binaries = Vec::new();
        for message in Message::parse_stream(finished.stdout.as_bytes()).flatten() {
            if let Message::CompilerArtifact(artifact) = message
                && let Some(executable) = artifact.executable
            {
                let unit_tests =
                    artifact.target.kind.iter().any(|k| {
                        matches!(k, TargetKind::Lib | TargetKind::RLib | TargetKind::Bin | TargetKind::ProcMacro)
                    });
                binaries.push(Binary {
                    target: artifact.target.name.clone(),
                    unit_tests,
                    benchmark: artifact.target.kind.contains(&TargetKind::Bench),
                    path: executable.into_std_path_buf(),
                });
            }
        }
        Ok(if finished.success() { Built::Binaries(binaries) } else { Built::Errors(errors(&finished)) })
    }

    /// `cargo test` with `args`, under `timeout`.
    pub fn test(&self, args: &[&str], timeout: Duration) -> Result<Finished> {
        let mut all = vec!["-p".to_string(), self.package.to_string()];
        all.extend(args.iter().map(|s| s.to_string()));
        self.cargo("test", all, timeout)
    }

    /// `cargo SUBCOMMAND ARGS` in the copy's package directory.
    pub fn cargo(&self, subcommand: &str, args: Vec<String>, timeout: Duration) -> Result<Finished> {
        let job = CargoJob {
            package: &self.work.package,
            target_dir: &self.work.target_dir,
            subcommand,
            args,
            env: self.env.clone(),
            timeout,
        };
        Ok(self.container.cargo(&job)?)
    }

    /// Runs a built executable in the container, with `writable` as the
    /// only directory it may write besides its private `/tmp`.
    pub fn exec(
        &self,
        program: &std::path::Path,
        args: Vec<String>,
        writable: Vec<&std::path::Path>,
        env: Vec<(String, String)>,
        timeout: Duration,
    ) -> Result<Finished> {
        let job = ExecJob { program, args, cwd: &self.work.package, writable, env, cargo_target_dir: None, timeout };
        Ok(self.container.exec(&job)?)
    }
}

/// Cargo's errors from a failed build: rustc's rendered diagnostics (on
/// stderr with `json-render-diagnostics`), else cargo's own last lines.
pub fn errors(finished: &Finished) -> String {
    let mut out = String::new();
    let mut keep = false;
    for line in finished.stderr.lines() {
        // A diagnostic starts with `error`/`warning` and runs to a blank line.
        if line.starts_with("error") {
            keep = true;
        } else if line.starts_with("warning") {
            keep = false;
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    if matches!(finished.exit, Exit::TimedOut) {
        out.push_str("the build took too long and was stopped\n");
    }
    if out.trim().is_empty() { tail(&finished.stderr, 40) } else { out }
}

/// The last `lines` lines of `text`.
pub fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
