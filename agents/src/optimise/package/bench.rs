//! Timing two versions of a package against each other: its own criterion
//! benchmarks (criterion's estimates, read from the `estimates.json` it
//! writes), or, for a package without any, the benchmark of the
//! differential module (the target function over the generated inputs).
//!
//! Each version's executables are built once and kept; the two versions
//! then run interleaved, round after round (which one goes first
//! alternates), so a drift of the machine touches both sides of every
//! ratio alike. Per benchmark, the paired ratios give a median and a
//! bootstrap interval (`sandbox::summarise`); the version's overall time
//! in a round is the geometric mean over its benchmarks.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use sandbox::Comparison;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::cargo::{Binary, Built, Cargo};
use super::differential::{BENCHMARK_LINE, MODULE, PASSES_VAR};

/// Criterion's settings for one timed run: short, since rounds repeat it.
const CRITERION_ARGS: &[&str] =
    &["--bench", "--noplot", "--warm-up-time", "0.5", "--measurement-time", "1", "--sample-size", "10"];
/// What one benchmark executable may take in one round.
const RUN_TIMEOUT: Duration = Duration::from_secs(300);
/// The generated benchmark aims at this much time per run.
const GENERATED_RUN: Duration = Duration::from_millis(200);
/// The time given to a version whose benchmark failed (ms): it loses.
pub const FAILED_MS: f64 = 1e9;

/// How versions are timed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Plan {
    /// The package's criterion benchmarks, all of them.
    Criterion,
    /// The differential module's benchmark, `passes` times over the inputs.
    Generated { passes: u64 },
}

/// One benchmark's comparison.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BenchmarkTiming {
    /// Criterion's id (`levenshtein/long`), or `generated`.
    pub id: String,
    pub comparison: Comparison,
}

/// Two versions timed on every benchmark.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Measured {
    pub overall: Comparison,
    pub benchmarks: Vec<BenchmarkTiming>,
}

/// Builds versions of the package and times them.
pub struct Bench<'a> {
    pub cargo: &'a Cargo<'a>,
    pub plan: Plan,
}

/// A version of the package: the files that differ between versions,
/// each with its text (paths relative to the workspace root).
pub struct Version<'a> {
    pub files: Vec<(&'a Path, &'a str)>,
}

impl<'a> Version<'a> {
    /// The version of these files.
    pub fn of(files: &'a [(std::path::PathBuf, String)]) -> Version<'a> {
        Version { files: files.iter().map(|(p, t)| (p.as_path(), t.as_str())).collect() }
    }

    fn key(&self) -> String {
        let mut hasher = Sha256::new();
        for (file, text) in &self.files {
            hasher.update(file.display().to_string());
            hasher.update([0]);
            hasher.update(text);
            hasher.update([0]);
        }
        format!("{:x}", hasher.finalize())
    }
}

impl Bench<'_> {
    /// Times `b` against `a`, `rounds` interleaved runs each.
    pub fn compare(&self, a: &Version<'_>, b: &Version<'_>, rounds: usize) -> Result<Measured> {
        let a_bins = self.prepare(a)?.context("the version timed against does not build")?;
        let b_bins = match self.prepare(b)? {
            Some(bins) => bins,
            None => bail!("the candidate's benchmarks do not build"),
        };
        self.compare_binaries(&a_bins, &b_bins, rounds)
    }

    /// Times built executables `b` against `a` (the same benchmarks, in
    /// the same order), `rounds` interleaved runs each.
    pub fn compare_binaries(&self, a_bins: &[Binary], b_bins: &[Binary], rounds: usize) -> Result<Measured> {
        let mut a_runs: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        let mut b_runs: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for round in 0..rounds.max(1) {
            for (a_bin, b_bin) in a_bins.iter().zip(b_bins) {
                let order = if round % 2 == 0 { [true, false] } else { [false, true] };
                let mut results = [BTreeMap::new(), BTreeMap::new()];
                for first_is_a in order {
                    let (bin, slot) = if first_is_a { (a_bin, 0) } else { (b_bin, 1) };
                    results[slot] = self.run(bin, &format!("{round}-{}", if first_is_a { "a" } else { "b" }))?;
                }
                let [a_result, b_result] = results;
                if a_result.is_empty() {
                    bail!("the benchmark {} failed on the version timed against", a_bin.target);
                }
                for (id, ms) in &a_result {
                    a_runs.entry(id.clone()).or_default().push(*ms);
                    let b = b_result.get(id).copied().unwrap_or(FAILED_MS);
                    b_runs.entry(id.clone()).or_default().push(b);
                }
            }
        }
        if a_runs.is_empty() {
            bail!("the benchmarks reported no measurement");
        }
        let benchmarks: Vec<BenchmarkTiming> = a_runs
            .iter()
            .map(|(id, a)| BenchmarkTiming {
                id: id.clone(),
                comparison: sandbox::summarise(a.clone(), b_runs[id].clone()),
            })
            .collect();
        let geometric = |runs: &BTreeMap<String, Vec<f64>>, round: usize| {
            let logs: f64 = runs.values().map(|v| v[round].max(1e-9).ln()).sum();
            (logs / runs.len() as f64).exp()
        };
        let rounds_done = a_runs.values().next().map_or(0, Vec::len);
        let overall = sandbox::summarise(
            (0..rounds_done).map(|r| geometric(&a_runs, r)).collect(),
            (0..rounds_done).map(|r| geometric(&b_runs, r)).collect(),
        );
        Ok(Measured { overall, benchmarks })
    }

    /// The version's executables, built once and kept under `bins/`;
    /// `None` when it does not build.
    pub fn prepare(&self, version: &Version<'_>) -> Result<Option<Vec<Binary>>> {
        let key = version.key();
        let dir = self.cargo.work.bins.join(&key[..16]);
        let list = dir.join("binaries.json");
        if let Ok(text) = std::fs::read_to_string(&list) {
            return Ok(Some(serde_json::from_str(&text)?));
        }
        for (file, text) in &version.files {
            self.cargo.work.write(file, text)?;
        }
        let built = match self.plan {
            Plan::Criterion => self.cargo.build_benches()?,
            Plan::Generated { .. } => self.cargo.build_tests()?,
        };
        let Built::Binaries(binaries) = built else { return Ok(None) };
        let binaries: Vec<Binary> = match self.plan {
            Plan::Criterion => binaries,
            // The library's unit tests hold the generated benchmark.
            Plan::Generated { .. } => binaries.into_iter().filter(|b| b.unit_tests).take(1).collect(),
        };
        std::fs::create_dir_all(&dir)?;
        let mut kept = Vec::new();
        for (n, binary) in binaries.into_iter().enumerate() {
            let path = dir.join(format!("{n}-{}", binary.target));
            std::fs::copy(&binary.path, &path).with_context(|| format!("cannot keep {}", binary.path.display()))?;
            kept.push(Binary { path, ..binary });
        }
        std::fs::write(&list, serde_json::to_string(&kept)?)?;
        Ok(Some(kept))
    }

    /// One run of one executable: milliseconds per benchmark id; an empty
    /// map when it failed.
    fn run(&self, binary: &Binary, label: &str) -> Result<BTreeMap<String, f64>> {
        match self.plan {
            Plan::Criterion => {
                let home = self.cargo.work.bins.join("criterion").join(label);
                if home.exists() {
                    std::fs::remove_dir_all(&home)?;
                }
                std::fs::create_dir_all(&home)?;
                let args = CRITERION_ARGS.iter().map(|s| s.to_string()).collect();
                let env = vec![("CRITERION_HOME".to_string(), home.display().to_string())];
                let finished = self.cargo.exec(&binary.path, args, vec![&home], env, RUN_TIMEOUT)?;
                if !finished.success() {
                    return Ok(BTreeMap::new());
                }
                Ok(criterion_estimates(&home)?
                    .into_iter()
                    .map(|(id, ns)| (format!("{}: {id}", binary.target), ns / 1e6))
                    .collect())
            }
            Plan::Generated { passes } => {
                let finished = self.generated(binary, passes)?;
                Ok(generated_ns(&finished.stdout).map(|ns| ("generated".to_string(), ns / 1e6)).into_iter().collect())
            }
        }
    }

    fn generated(&self, binary: &Binary, passes: u64) -> Result<sandbox::Finished> {
        let args = [&format!("{MODULE}::benchmark"), "--ignored", "--nocapture", "--test-threads", "1"];
        let env = vec![(PASSES_VAR.to_string(), passes.to_string())];
        self.cargo.exec(&binary.path, args.iter().map(|s| s.to_string()).collect(), Vec::new(), env, RUN_TIMEOUT)
    }

    /// Passes of the generated benchmark that make a run of `original`
    /// last about 200 ms.
    pub fn calibrate(&self, original: &Version<'_>) -> Result<u64> {
        let bins = self.prepare(original)?.context("the original does not build")?;
        let binary = bins.first().context("cargo built no test executable for the library")?;
        let finished = self.generated(binary, 1)?;
        let ns = generated_ns(&finished.stdout).with_context(|| {
            format!(
                "the generated benchmark did not run ({:?}): {}",
                finished.exit,
                super::cargo::tail(&format!("{}\n{}", finished.stdout, finished.stderr), 20)
            )
        })?;
        Ok(((GENERATED_RUN.as_nanos() as f64 / ns.max(1.0)).ceil() as u64).clamp(1, 1_000_000))
    }
}

fn generated_ns(stdout: &str) -> Option<f64> {
    // libtest prints the test's name on the same line, before it.
    let at = stdout.find(BENCHMARK_LINE)? + BENCHMARK_LINE.len();
    stdout[at..].split_whitespace().next()?.parse().ok()
}

/// Criterion's mean estimate (ns) of every benchmark under `home`, by its
/// id (`group/function/value`).
pub fn criterion_estimates(home: &Path) -> Result<BTreeMap<String, f64>> {
    #[derive(Deserialize)]
    struct Benchmark {
        full_id: String,
    }
    #[derive(Deserialize)]
    struct Estimate {
        point_estimate: f64,
    }
    #[derive(Deserialize)]
    struct Estimates {
        mean: Estimate,
    }
    let mut found = BTreeMap::new();
    let mut pending = vec![home.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)?.flatten() {
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            if path.file_name().is_some_and(|n| n == "new") {
                let (Ok(benchmark), Ok(estimates)) = (
                    std::fs::read_to_string(path.join("benchmark.json")),
                    std::fs::read_to_string(path.join("estimates.json")),
                ) else {
                    continue;
                };
                let benchmark: Benchmark = serde_json::from_str(&benchmark).context("criterion's benchmark.json")?;
                let estimates: Estimates = serde_json::from_str(&estimates).context("criterion's estimates.json")?;
                found.insert(benchmark.full_id, estimates.mean.point_estimate);
            } else {
                pending.push(path);
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criterion_estimates_are_read_by_id() {
        let home = tempfile::tempdir().unwrap();
        let new = home.path().join("lev").join("short").join("new");
        std::fs::create_dir_all(&new).unwrap();
        std::fs::write(new.join("benchmark.json"), r#"{"group_id":"lev","function_id":"short","value_str":null,"throughput":null,"full_id":"lev/short","directory_name":"lev/short","title":"lev/short"}"#).unwrap();
        std::fs::write(new.join("estimates.json"), r#"{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":1.0,"upper_bound":3.0},"point_estimate":2.5,"standard_error":0.1},"median":{"confidence_interval":{"confidence_level":0.95,"lower_bound":1.0,"upper_bound":3.0},"point_estimate":2.0,"standard_error":0.1}}"#).unwrap();
        // A baseline kept beside it is not this run's.
        std::fs::create_dir_all(home.path().join("lev").join("short").join("base")).unwrap();
        let found = criterion_estimates(home.path()).unwrap();
        assert_eq!(found.into_iter().collect::<Vec<_>>(), [("lev/short".to_string(), 2.5)]);
        assert_eq!(generated_ns("x\nmarco-benchmark-ns 1234\n"), Some(1234.0));
        assert_eq!(generated_ns("test m::benchmark ... marco-benchmark-ns 99\nok\n"), Some(99.0));
    }
}
