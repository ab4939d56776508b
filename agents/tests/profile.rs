//! Profiles the example packages' criterion benchmarks (`examples/crates/`)
//! with the real perf and checks that each package's slow function comes
//! out on top. The benchmarks are built in a temporary target directory,
//! offline: `scripts/bootstrap` fetches their crates. Without perf these
//! tests fail, saying so: marco needs it to optimise a package. perf and
//! the benchmark run in marco's container, as they do in a package run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use marco::optimise::package::profile::{self, Profile, ProfileError, Recording};
use sandbox::{Container, ContainerConfig};

fn container() -> &'static Container {
    static CONTAINER: OnceLock<Container> = OnceLock::new();
    CONTAINER.get_or_init(|| Container::new(ContainerConfig::default()).expect("a container starts here"))
}

/// Records `command` in `cwd` into `data`, with a target directory for
/// what it writes.
fn record(command: &[&str], cwd: &Path, data: &Path, timeout: Duration) -> Result<(), ProfileError> {
    let target = data.with_extension("target");
    let command: Vec<String> = command.iter().map(|a| a.to_string()).collect();
    let recording =
        Recording { command: &command, cwd, writable: Vec::new(), cargo_target_dir: Some(&target), data, timeout };
    profile::record(container(), &recording)
}

fn require_perf() {
    match Command::new("perf").arg("--version").output() {
        Ok(output) if output.status.success() => {}
        Ok(output) => panic!("perf --version failed: {}", String::from_utf8_lossy(&output.stderr)),
        Err(error) => panic!(
            "perf is needed to profile benchmarks and cannot run ({error}): install linux-perf (scripts/bootstrap does)"
        ),
    }
}

fn example(package: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/crates").join(package)
}

/// Builds `package`'s benchmark in `target` the way marco profiles it, with
/// debug information for the package's own code only, and returns its
/// executable.
fn build_benchmark(package: &str, target: &Path) -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["bench", "--no-run", "--locked", "--offline", "--message-format=json-render-diagnostics"])
        .arg("--manifest-path")
        .arg(example(package).join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target)
        .args(["--config", &format!("profile.bench.package.{package}.debug=\"limited\"")])
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cannot build {package}'s benchmark offline (scripts/bootstrap fetches its crates):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|message| message["reason"] == "compiler-artifact" && message["target"]["kind"][0] == "bench")
        .and_then(|message| message["executable"].as_str().map(PathBuf::from))
        .unwrap_or_else(|| panic!("cargo named no benchmark executable for {package}"))
}

/// Records `package`'s benchmark, each of its benchmarks for one second
/// (criterion's least), and ranks the package's functions.
fn profile_benchmark(package: &str, target: &Path) -> Profile {
    let started = Instant::now();
    let benchmark = build_benchmark(package, target);
    let built = started.elapsed();
    let data = target.join(format!("{package}.data"));
    let benchmark = benchmark.display().to_string();
    let command = [benchmark.as_str(), "--bench", "--profile-time", "1"];
    record(&command, &example(package), &data, Duration::from_secs(120)).expect("perf records");
    let recorded = started.elapsed();
    let profile = profile::read(&data, &[package]).expect("perf script reads");
    eprintln!(
        "{package}: built in {:.1?}, recorded in {:.1?}, read in {:.1?}\n{}",
        built,
        recorded - built,
        started.elapsed() - recorded,
        profile.table(5)
    );
    profile
}

fn names(profile: &Profile) -> Vec<&str> {
    profile.hotspots.iter().map(|hotspot| hotspot.function.as_str()).collect()
}

fn most_self(profile: &Profile) -> &str {
    let hotspot = profile.hotspots.iter().max_by(|a, b| a.self_share.total_cmp(&b.self_share)).expect("hotspots");
    &hotspot.function
}

#[test]
fn each_example_slow_function_on_top() {
    require_perf();
    let target = tempfile::tempdir().unwrap();

    let strdist = profile_benchmark("strdist", target.path());
    assert_eq!(names(&strdist)[0], "strdist::levenshtein", "{}", strdist.table(5));
    // correct_all calls nearest calls levenshtein: the same samples.
    let mut callers = names(&strdist)[1..3].to_vec();
    callers.sort();
    assert_eq!(callers, ["strdist::correct_all", "strdist::nearest"], "{}", strdist.table(5));
    assert!(strdist.hotspots[0].inclusive > 0.8, "{}", strdist.table(5));
    assert_eq!(most_self(&strdist), "strdist::levenshtein");

    // mean and variance are inlined into their callers: only the debug
    // information's inlined frames name them.
    let numeric = profile_benchmark("numeric", target.path());
    assert_eq!(names(&numeric)[0], "numeric::mean", "{}", numeric.table(8));
    assert_eq!(most_self(&numeric), "numeric::mean");
    // variance, reached from two of the four benchmarks, comes next or
    // nearly: each benchmark runs about a second, but criterion's
    // profiling loop overshoots by up to a second on some runs.
    assert!(names(&numeric)[1..3].contains(&"numeric::variance"), "{}", numeric.table(8));
    for function in ["numeric::correlation", "numeric::describe", "numeric::moving_average", "numeric::polynomial"] {
        assert!(names(&numeric).contains(&function), "{function} in\n{}", numeric.table(8));
    }

    let kvparse = profile_benchmark("kvparse", target.path());
    assert_eq!(names(&kvparse)[0], "kvparse::parse", "{}", kvparse.table(5));
    assert_eq!(most_self(&kvparse), "kvparse::strip_comment", "{}", kvparse.table(5));
}

#[test]
fn a_failing_command_is_an_error() {
    require_perf();
    let dir = tempfile::tempdir().unwrap();
    let error = record(&[], dir.path(), &dir.path().join("perf.data"), Duration::from_secs(30)).unwrap_err();
    assert!(matches!(error, ProfileError::EmptyCommand), "{error}");
    let error = record(&["false"], dir.path(), &dir.path().join("perf.data"), Duration::from_secs(30)).unwrap_err();
    assert!(matches!(error, ProfileError::Record { .. }), "{error}");
}

#[test]
fn a_timeout_stops_the_command() {
    require_perf();
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    // The container's own tests check that nothing it ran outlives it.
    let error =
        record(&["sleep", "60"], dir.path(), &dir.path().join("perf.data"), Duration::from_secs(2)).unwrap_err();
    assert!(matches!(error, ProfileError::Timeout(_)), "{error}");
    assert!(started.elapsed() < Duration::from_secs(10));
}
