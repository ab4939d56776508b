//! Choosing target functions by measurement: the package's benchmarks
//! (else its tests, or the user's `--workload`) run under `perf`
//! ([`profile`]), built in a target directory of their own with the debug
//! information that names inlined functions (for the package's crate only);
//! the package's own functions are ranked by the share of samples spent in
//! them and their callees.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use cargo_metadata::{Message, TargetKind};
use sandbox::CargoJob;

use super::cargo::{BUILD_TIMEOUT, Cargo, errors};
use super::items::FnItem;
use super::manifest::Package;
use super::profile::{self, Recording};
use super::spec::{Ranked, Ranking};

/// How long one profiled executable may run.
const PROFILE_TIMEOUT: Duration = Duration::from_secs(300);
/// Samples below which a short workload is run again.
const MIN_SAMPLES: u64 = 300;
/// How long a short workload is run again for.
const REPEAT_FOR: Duration = Duration::from_secs(60);
/// Seconds criterion spends on each benchmark when profiling.
const PROFILE_SECONDS: &str = "2";

/// Profiles the package and ranks its functions.
pub fn rank(cargo: &Cargo<'_>, package: &Package, workload: Option<&str>, dir: &Path) -> Result<Ranking> {
    std::fs::create_dir_all(dir)?;
    let target_dir = dir.join("target");
    let crates = [package.crate_name.as_str()];
    let (what, commands): (String, Vec<Vec<String>>) = match workload {
        Some(command) => {
            // Names for inlined functions in a release build (the dev
            // profile has them already).
            let script = format!("CARGO_PROFILE_RELEASE_DEBUG=limited {command}");
            (command.to_string(), vec![vec!["sh".into(), "-c".into(), script]])
        }
        None => {
            // Benchmarks that stable cargo can run: criterion's.
            let benches = package.criterion && !package.benches.is_empty();
            let mut args = vec!["-p".to_string(), package.name.clone(), "--no-run".into()];
            if benches {
                // Names for functions inlined into others, for the package's
                // own crate only: no dependency is rebuilt.
                let debug = format!("profile.bench.package.{}.debug=\"limited\"", package.name);
                args.extend(["--benches".to_string(), "--config".into(), debug]);
            }
            args.push("--message-format=json-render-diagnostics".into());
            let job = CargoJob {
                package: &cargo.work.package,
                target_dir: &target_dir,
                subcommand: if benches { "bench" } else { "test" },
                args,
                env: Vec::new(),
                timeout: BUILD_TIMEOUT,
            };
            let built = cargo.container.cargo(&job)?;
            if !built.success() {
                bail!("the package does not build for profiling:\n{}", errors(&built));
            }
            // With benchmarks, criterion's executables only (`--benches`
            // builds the library's libtest harness too).
            let executables: Vec<String> = Message::parse_stream(built.stdout.as_bytes())
                .flatten()
                .filter_map(|m| match m {
                    Message::CompilerArtifact(a) if !benches || a.target.kind.contains(&TargetKind::Bench) => {
                        a.executable.map(|e| e.into_string())
                    }
                    _ => None,
                })
                .collect();
            if executables.is_empty() {
                bail!(
                    "the package has no benchmarks and no tests to profile; give a command with --workload \
                     \"cargo run --release -- ARGS\", or name the functions with --function"
                );
            }
            let extra: &[&str] =
                if benches { &["--bench", "--profile-time", PROFILE_SECONDS] } else { &["--test-threads", "1"] };
            let what =
                if benches { "the package's benchmarks (cargo bench)" } else { "the package's tests (no benchmarks)" };
            let commands = executables
                .into_iter()
                .map(|exe| std::iter::once(exe).chain(extra.iter().map(|a| a.to_string())).collect())
                .collect();
            (what.to_string(), commands)
        }
    };
    let mut inclusive: BTreeMap<String, f64> = BTreeMap::new();
    let mut own: BTreeMap<String, f64> = BTreeMap::new();
    let mut samples = 0;
    // A test suite that is over in milliseconds gives a sample or two (the
    // strsim 0.11.1 tests gave one): it is run again until the ranking
    // rests on enough samples, or the time is up.
    let started = Instant::now();
    let mut rounds = 0;
    while rounds == 0 || (samples < MIN_SAMPLES && started.elapsed() < REPEAT_FOR) {
        rounds += 1;
        for (n, command) in commands.iter().enumerate() {
            let data = dir.join(format!("{n}.perf.data"));
            let recording = Recording {
                command,
                cwd: &cargo.work.package,
                writable: Vec::new(),
                // Cargo's environment: a workload runs cargo, and criterion
                // writes under CARGO_TARGET_DIR.
                cargo_target_dir: Some(&target_dir),
                data: &data,
                timeout: PROFILE_TIMEOUT,
            };
            profile::record(cargo.container, &recording).with_context(|| format!("profiling {}", command.join(" ")))?;
            let found = profile::read(&data, &crates)?;
            samples += found.samples;
            for hotspot in found.hotspots {
                *inclusive.entry(hotspot.function.clone()).or_default() += hotspot.inclusive * found.samples as f64;
                *own.entry(hotspot.function).or_default() += hotspot.self_share * found.samples as f64;
            }
            // Read: the next round would record over it.
            let _ = std::fs::remove_file(&data);
        }
    }
    let what = if rounds > 1 { format!("{what}, run {rounds} times") } else { what };
    let total = samples.max(1) as f64;
    let mut functions: Vec<Ranked> = inclusive
        .into_iter()
        .map(|(function, weight)| Ranked {
            self_share: own.get(&function).copied().unwrap_or(0.0) / total,
            inclusive: weight / total,
            function,
        })
        .collect();
    functions.sort_by(|a, b| b.inclusive.total_cmp(&a.inclusive).then(b.self_share.total_cmp(&a.self_share)));
    Ok(Ranking { workload: what, samples, functions })
}

/// The ranking as `perf report` would print its top.
pub fn table(ranking: &Ranking, top: usize) -> String {
    let mut out =
        format!("profile of {} ({} samples):\n  inclusive    self  function\n", ranking.workload, ranking.samples);
    for f in ranking.functions.iter().take(top) {
        let _ = writeln!(out, "  {:>8.1}% {:>6.1}%  {}", f.inclusive * 100.0, f.self_share * 100.0, f.function);
    }
    out
}

/// The ranking restricted to functions of the package's source that marco
/// can rewrite (its own code, not a test, not `main`), each with its item,
/// hottest first; and how many ranked names were left out (tests, code a
/// macro generated).
pub fn rewritable(ranking: &Ranking, functions: &[FnItem], crate_name: &str) -> (Ranking, Vec<FnItem>, usize) {
    let mut kept = Vec::new();
    let mut items: Vec<FnItem> = Vec::new();
    for ranked in &ranking.functions {
        let matches: Vec<&FnItem> = functions.iter().filter(|f| f.is_named(&ranked.function, crate_name)).collect();
        if let [one] = matches.as_slice()
            && one.name() != "main"
            && !items.iter().any(|c| c.path == one.path)
        {
            kept.push(ranked.clone());
            items.push((*one).clone());
        }
    }
    let left_out = ranking.functions.len() - kept.len();
    (Ranking { functions: kept, ..ranking.clone() }, items, left_out)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::optimise::package::items::functions_in;

    #[test]
    fn tests_and_main_are_left_out_of_the_ranking() {
        let lib = "pub fn parse(s: &str) -> usize { s.len() }\nfn main() {}\n\
                   #[cfg(test)]\nmod tests {\n    #[test]\n    fn parses() { super::parse(\"x\"); }\n}\n";
        let functions = functions_in(Path::new("src/lib.rs"), lib, &[]).unwrap();
        let ranked = |function: &str, inclusive| Ranked { function: function.into(), inclusive, self_share: 0.0 };
        let ranking = Ranking {
            workload: "the package's tests (no benchmarks)".into(),
            samples: 100,
            functions: vec![ranked("demo::tests::parses", 0.9), ranked("demo::main", 0.5), ranked("demo::parse", 0.4)],
        };
        let (own, items, left_out) = rewritable(&ranking, &functions, "demo");
        assert_eq!(own.functions, [ranked("demo::parse", 0.4)]);
        assert_eq!(items.iter().map(FnItem::name).collect::<Vec<_>>(), ["parse"]);
        assert_eq!((left_out, own.samples), (2, 100));
    }
}
