//! Which lines the package's own tests run, measured with rustc's
//! `-C instrument-coverage`: the tests are built into a target directory
//! of their own and run in the container, and the counters are read with
//! the toolchain's `llvm-profdata` and `llvm-cov` (rustup's `llvm-tools`
//! component). A target function none of whose lines run is "not covered
//! by any test": its candidates are only as checked as the differential
//! test makes them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use cargo_metadata::Message;
use sandbox::CargoJob;
use serde::{Deserialize, Serialize};

use super::cargo::{BUILD_TIMEOUT, Cargo, errors, tail};

/// Whether a target function's lines are run by the package's tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "coverage", content = "why", rename_all = "snake_case")]
pub enum Covered {
    Yes,
    /// None of its lines ran.
    No,
    /// Coverage could not be measured, and why.
    Unknown(String),
}

/// Lines the tests ran, per source file (absolute paths, as rustc saw them).
#[derive(Debug, Default)]
pub struct Coverage {
    lines: BTreeMap<PathBuf, BTreeSet<usize>>,
}

impl Coverage {
    /// Whether any of `lines` (1-based, inclusive) of `file` ran.
    pub fn covers(&self, file: &Path, first: usize, last: usize) -> bool {
        self.lines.get(file).is_some_and(|ran| ran.range(first..=last).next().is_some())
    }
}

/// Builds the package's tests with coverage counters under `dir`, runs
/// them, and reads which lines ran.
pub fn measure(cargo: &Cargo<'_>, dir: &Path) -> Result<Coverage> {
    let tools = llvm_tools()?;
    let target_dir = dir.join("target");
    let raw = dir.join("raw");
    if raw.exists() {
        std::fs::remove_dir_all(&raw)?;
    }
    std::fs::create_dir_all(&raw)?;
    let job = CargoJob {
        package: &cargo.work.package,
        target_dir: &target_dir,
        subcommand: "test",
        args: vec![
            "-p".into(),
            cargo.package.to_string(),
            "--no-run".into(),
            "--message-format=json-render-diagnostics".into(),
        ],
        env: vec![("RUSTFLAGS".into(), "-C instrument-coverage".into())],
        timeout: BUILD_TIMEOUT,
    };
    let built = cargo.container.cargo(&job)?;
    if !built.success() {
        bail!("the tests do not build with coverage counters:\n{}", errors(&built));
    }
    let executables: Vec<PathBuf> = Message::parse_stream(built.stdout.as_bytes())
        .flatten()
        .filter_map(|m| match m {
            Message::CompilerArtifact(a) => a.executable.map(|e| e.into_std_path_buf()),
            _ => None,
        })
        .collect();
    if executables.is_empty() {
        bail!("the package has no tests");
    }
    let profile_file = raw.join("%p-%m.profraw").display().to_string();
    for executable in &executables {
        let env = vec![("LLVM_PROFILE_FILE".to_string(), profile_file.clone())];
        // A failing test still leaves its counters; the original's tests
        // passed already.
        cargo.exec(executable, Vec::new(), vec![&raw], env, BUILD_TIMEOUT)?;
    }
    let mut profiles: Vec<PathBuf> = std::fs::read_dir(&raw)?.flatten().map(|e| e.path()).collect();
    profiles.sort();
    if profiles.is_empty() {
        bail!("the tests wrote no coverage counters");
    }
    let merged = dir.join("merged.profdata");
    run(Command::new(&tools.profdata).arg("merge").arg("-sparse").args(&profiles).arg("-o").arg(&merged))?;
    let mut export = Command::new(&tools.cov);
    export.arg("export").arg("-format=lcov").arg("-instr-profile").arg(&merged).arg(&executables[0]);
    for executable in &executables[1..] {
        export.arg("-object").arg(executable);
    }
    Ok(parse_lcov(&run(&mut export)?))
}

/// The lines with a count above zero, per file, from lcov text.
fn parse_lcov(text: &str) -> Coverage {
    let mut coverage = Coverage::default();
    let mut file: Option<PathBuf> = None;
    for line in text.lines() {
        if let Some(path) = line.strip_prefix("SF:") {
            file = Some(PathBuf::from(path));
        } else if let (Some(data), Some(file)) = (line.strip_prefix("DA:"), &file) {
            let mut fields = data.split(',');
            let (Some(number), Some(count)) = (fields.next(), fields.next()) else { continue };
            if let (Ok(number), Ok(count)) = (number.parse::<usize>(), count.parse::<u64>())
                && count > 0
            {
                coverage.lines.entry(file.clone()).or_default().insert(number);
            }
        }
    }
    coverage
}

struct LlvmTools {
    profdata: PathBuf,
    cov: PathBuf,
}

/// The toolchain's `llvm-profdata` and `llvm-cov`.
fn llvm_tools() -> Result<LlvmTools> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let sysroot = run(Command::new(&rustc).args(["--print", "sysroot"]))?;
    let version = run(Command::new(&rustc).arg("-vV"))?;
    let host = version.lines().find_map(|l| l.strip_prefix("host: ")).context("rustc -vV names no host")?;
    let bin = Path::new(sysroot.trim()).join("lib/rustlib").join(host.trim()).join("bin");
    let tools = LlvmTools { profdata: bin.join("llvm-profdata"), cov: bin.join("llvm-cov") };
    if !tools.profdata.exists() || !tools.cov.exists() {
        bail!("llvm-profdata and llvm-cov are missing: rustup component add llvm-tools (scripts/bootstrap does)");
    }
    Ok(tools)
}

fn run(command: &mut Command) -> Result<String> {
    let output = command.output().with_context(|| format!("cannot run {:?}", command.get_program()))?;
    if !output.status.success() {
        bail!("{:?} failed: {}", command.get_program(), tail(&String::from_utf8_lossy(&output.stderr), 10));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lcov_lines_with_counts_are_read_per_file() {
        let lcov =
            "SF:/w/src/lib.rs\nFN:3,f\nDA:3,5\nDA:4,0\nDA:9,2\nend_of_record\nSF:/w/src/b.rs\nDA:1,0\nend_of_record\n";
        let coverage = parse_lcov(lcov);
        assert!(coverage.covers(Path::new("/w/src/lib.rs"), 3, 4));
        assert!(!coverage.covers(Path::new("/w/src/lib.rs"), 4, 8));
        assert!(!coverage.covers(Path::new("/w/src/b.rs"), 1, 10));
        assert!(!coverage.covers(Path::new("/w/src/c.rs"), 1, 10));
    }
}
