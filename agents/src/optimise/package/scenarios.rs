//! A package run against an in-process scripted chat, on a real package
//! (`tests/data/package`, copied into a temporary git repository) built and
//! tested by real cargo in the real container: what is kept, what is
//! refused and why, the patch, the user's tree, resuming, and bad input.
//! Every scenario goes through [`Scenario::run`], which runs
//! [`run::execute`] as `marco optimise DIR` does.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};

use async_trait::async_trait;
use tokio_util::sync::CancellationToken;

use super::manifest::{Package, PackageError};
use super::run::{self, PackageSummary};
use super::spec::{PackageSpec, Targets};
use crate::optimise::chat::{Chat, ChatError, ChatRequest, Reply};
use crate::optimise::event::{CandidateResult, Event, Record};
use crate::optimise::journal::{EVENTS, read_events};
use crate::optimise::options::{Options, Stop};
use crate::optimise::run::Services;
use crate::optimise::scenarios::{Role, ScriptedChat, fenced, runtime, sandbox};
use crate::optimise::task::Tolerance;

const PACKAGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/package");
/// A package nobody wrote for these tests: criterion benchmarks, no hints.
/// A package whose hottest function cannot be measured, profiled through
/// its tests.
const RANKED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ranked");
const STRDIST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/crates/strdist");

/// Two rows instead of the whole table, and no `Vec<char>` when both
/// strings are ASCII.
const FAST_LEVENSHTEIN: &str = "pub fn levenshtein(a: &str, b: &str) -> usize {
    if a.is_ascii() && b.is_ascii() {
        return rows(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    rows(&a, &b)
}

fn rows<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let substitution = usize::from(a[i - 1] != b[j - 1]);
            current[j] = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + substitution);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}";

/// The closed form: (sum)² is the sum of every pair's product, also modulo 2⁶⁴.
const FAST: &str = "pub fn pair_checksum(data: &[u32]) -> u64 {
    let sum = data.iter().fold(0u64, |s, &x| s.wrapping_add(x as u64));
    sum.wrapping_mul(sum)
}";

/// Breaks the package's own test on the empty batch.
const BREAKS_A_TEST: &str = "pub fn pair_checksum(data: &[u32]) -> u64 {
    if data.is_empty() {
        return 1;
    }
    let sum = data.iter().fold(0u64, |s, &x| s.wrapping_add(x as u64));
    sum.wrapping_mul(sum)
}";

/// Passes the package's tests (batches of at most 3) but not longer ones.
const DIFFERS: &str = "pub fn pair_checksum(data: &[u32]) -> u64 {
    let sum = data.iter().fold(0u64, |s, &x| s.wrapping_add(x as u64));
    if data.len() > 5 { sum.wrapping_mul(sum) + 1 } else { sum.wrapping_mul(sum) }
}";

/// Needs a crate the package does not depend on.
const NEW_CRATE: &str = "use rayon::prelude::*;

pub fn pair_checksum(data: &[u32]) -> u64 {
    let sum: u64 = data.par_iter().map(|&x| x as u64).sum();
    sum.wrapping_mul(sum)
}";

/// The same sum in the other order: the last bits of the result may differ.
const REORDERED: &str = "pub fn mean_square(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().rev().map(|v| v * v / 3.0).sum::<f64>() / values.len() as f64
}";

/// A chat that cancels the run when it is called for the `after`-th time
/// (after answering), as Ctrl-C would.
struct CancellingChat {
    inner: Arc<ScriptedChat>,
    cancel: CancellationToken,
    after: usize,
}

#[async_trait]
impl Chat for CancellingChat {
    async fn complete(&self, request: &ChatRequest) -> Result<Reply, ChatError> {
        let reply = self.inner.complete(request).await;
        if self.inner.calls() >= self.after {
            self.cancel.cancel();
        }
        reply
    }
}

fn container() -> &'static sandbox::Container {
    static CONTAINER: OnceLock<sandbox::Container> = OnceLock::new();
    CONTAINER.get_or_init(|| sandbox::Container::new(sandbox::ContainerConfig::default()).unwrap())
}

/// The test package in a git repository of its own.
struct Scenario {
    repo: tempfile::TempDir,
    chat: Arc<ScriptedChat>,
    options: Options,
    functions: Vec<String>,
    tolerance: Tolerance,
}

struct Ran {
    summary: PackageSummary,
    /// The target's log.
    records: Vec<Record>,
    notes: Vec<String>,
}

impl Ran {
    /// The verdict of each checked candidate, or why its reply was unusable.
    fn verdicts(&self) -> Vec<String> {
        self.records
            .iter()
            .filter_map(|r| match &r.event {
                Event::Candidate(c) => Some(match &c.result {
                    CandidateResult::Checked { verdict, .. } => format!("{}/{}: {verdict}", c.key, c.step),
                    CandidateResult::Unusable { unusable } => format!("{}/{}: {unusable}", c.key, c.step),
                }),
                _ => None,
            })
            .collect()
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git").arg("-C").arg(dir).args(args).output().unwrap();
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

impl Scenario {
    fn new() -> Scenario {
        Scenario::of(PACKAGE, &["Cargo.toml", "Cargo.lock", "src/lib.rs"])
    }

    /// The package at `source` (these of its files) in a new repository.
    fn of(source: &str, files: &[&str]) -> Scenario {
        let repo = tempfile::tempdir().unwrap();
        for file in files {
            let to = repo.path().join("package").join(file);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(Path::new(source).join(file), to).unwrap();
        }
        git(repo.path(), &["init", "-q"]);
        git(repo.path(), &["add", "."]);
        git(repo.path(), &["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "start"]);
        let options = Options { iterations: 1, candidates: 1, search: false, ..Options::default() };
        Scenario {
            repo,
            chat: Arc::default(),
            options,
            functions: vec!["pair_checksum".into()],
            tolerance: Tolerance::Exact,
        }
    }

    fn package(&self) -> PathBuf {
        self.repo.path().join("package")
    }

    fn run_dir(&self) -> PathBuf {
        self.repo.path().join("run")
    }

    fn spec(&self) -> PackageSpec {
        PackageSpec {
            marco: "test".into(),
            manifest: self.package().join("Cargo.toml"),
            package: None,
            targets: if self.functions.is_empty() {
                Targets::Profiled { workload: None, top: 1 }
            } else {
                Targets::Named { functions: self.functions.clone() }
            },
            build_settings: false,
            tolerance: self.tolerance,
            options: self.options.clone(),
            llm_url: Some("in-process".into()),
            model: "scripted".into(),
            llm_timeout: 1,
        }
    }

    /// A new run (or, with `resume`, the existing one continued).
    fn run_with(&self, chat: &dyn Chat, cancel: CancellationToken, resume: bool) -> anyhow::Result<Ran> {
        // One at a time: the runs time benchmarks.
        static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
        let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let mut journal =
            if resume { run::reopen(&self.run_dir())?.1 } else { run::create(&self.spec(), &self.run_dir())? };
        let services = Services { chat, search: None, sandbox: sandbox(), runtime: runtime().handle().clone() };
        let notes = Mutex::new(Vec::new());
        let note = |text: &str| notes.lock().unwrap().push(text.to_string());
        let summary = run::execute(&self.spec(), &mut journal, &services, container(), cancel, &note, &|_| {})?;
        let target = self.functions.first().map_or("levenshtein", |f| f.as_str());
        let records = read_events(&self.run_dir().join(format!("targets/1-{target}")).join(EVENTS)).unwrap_or_default();
        Ok(Ran { summary, records, notes: notes.into_inner().unwrap() })
    }

    fn run(&self) -> anyhow::Result<Ran> {
        self.run_with(self.chat.as_ref(), CancellationToken::new(), false)
    }
}

#[test]
fn a_faster_body_is_kept_as_a_patch_and_wrong_or_foreign_ones_are_refused() {
    let mut scenario = Scenario::new();
    scenario.options.candidates = 4;
    scenario.chat.script(
        Role::Generator,
        [
            fenced("Parallel:", NEW_CRATE),
            fenced("Closed form, but the empty batch is special:", BREAKS_A_TEST),
            fenced("Closed form, adjusted for long batches:", DIFFERS),
            fenced("Closed form:", FAST),
        ],
    );
    let ran = scenario.run().unwrap();
    let verdicts = ran.verdicts();
    let verdict = |key: &str| verdicts.iter().find(|v| v.starts_with(key)).cloned().unwrap_or_default();
    assert!(verdict("it1/c1/check").contains("does not depend on"), "{verdicts:#?}");
    assert!(verdict("it1/c2/check").contains("#[test] functions fail"), "{verdicts:#?}");
    // The differing input is named: a batch longer than the tests' ones.
    let differs = verdict("it1/c3/check");
    assert!(differs.contains("wrong output") && differs.contains('['), "{verdicts:#?}");
    assert!(verdict("it1/c4/check").contains("correct"), "{verdicts:#?}");

    let target = &ran.summary.targets[0];
    assert!(target.outcome.improved, "{:#?}\n{:#?}", ran.summary, ran.notes);
    assert!(target.differential.contains("hidden"), "{}", target.differential);
    let patch = ran.summary.patch.as_ref().expect("a patch");
    // The user's tree is as it was; the patch applies to it.
    assert_eq!(
        std::fs::read_to_string(scenario.package().join("src/lib.rs")).unwrap(),
        std::fs::read_to_string(Path::new(PACKAGE).join("src/lib.rs")).unwrap()
    );
    assert_eq!(git(scenario.repo.path(), &["status", "--porcelain", "package"]), "");
    git(scenario.repo.path(), &["apply", "--check", &patch.display().to_string()]);
    let text = std::fs::read_to_string(patch).unwrap();
    assert!(text.contains("+    sum.wrapping_mul(sum)") && !text.contains("Cargo.toml"), "{text}");
    let report = std::fs::read_to_string(&ran.summary.report).unwrap();
    assert!(report.contains("faster") && report.contains("pair_checksum"), "{report}");
}

#[test]
fn a_real_package_is_profiled_timed_with_its_criterion_benchmarks_and_patched() {
    let mut scenario = Scenario::of(STRDIST, &["Cargo.toml", "Cargo.lock", "src/lib.rs", "benches/distance.rs"]);
    scenario.functions = Vec::new();
    scenario.chat.script(Role::Generator, [fenced("Two rows:", FAST_LEVENSHTEIN)]);
    let ran = scenario.run().unwrap();
    // The profile found the slow function on its own.
    let ranking = ran.summary.ranking.as_ref().expect("a ranking");
    assert_eq!(ranking.functions[0].function, "strdist::levenshtein", "{ranking:#?}");
    let target = &ran.summary.targets[0];
    assert_eq!(target.function, "strdist::levenshtein");
    assert_eq!(target.covered, super::coverage::Covered::Yes);
    assert!(target.outcome.improved, "{:#?}\n{:#?}", ran.summary, ran.verdicts());
    // Timed on criterion's estimates, per benchmark, for the whole patch.
    let measured = ran.summary.benchmarks.as_ref().expect("the final timing");
    assert_eq!(measured.benchmarks.len(), 2, "{measured:#?}");
    assert!(measured.overall.ci_high < 1.0, "{measured:#?}");
    let patch = ran.summary.patch.as_ref().unwrap();
    git(scenario.repo.path(), &["apply", "--check", &patch.display().to_string()]);
    assert_eq!(git(scenario.repo.path(), &["status", "--porcelain", "package"]), "", "the user's tree is untouched");
    // The finished run keeps its log, report and patch, not its builds.
    for build in ["target", "profile/target", "coverage/target"] {
        assert!(!ran.summary.run_dir.join(build).exists(), "{build} is left in the run directory");
    }
}

#[test]
fn the_ranking_leaves_tests_out_and_top_counts_functions_that_can_be_measured() {
    let mut scenario = Scenario::of(RANKED, &["Cargo.toml", "Cargo.lock", "src/lib.rs"]);
    scenario.functions = Vec::new();
    let ran = scenario.run().unwrap();
    let ranking = ran.summary.ranking.as_ref().expect("a ranking");
    let names: Vec<&str> = ranking.functions.iter().map(|f| f.function.as_str()).collect();
    assert_eq!(names[..2], ["ranked::grid_total", "ranked::triangle"], "{ranking:#?}");
    assert!(!names.iter().any(|n| n.contains("tests")), "the test that runs them is no target: {names:?}");
    // One test run gives fewer samples than a ranking needs: it ran again.
    assert!(ranking.samples >= 300 && ranking.workload.contains(" times"), "{ranking:#?}");
    // The hottest takes a `&Grid`, for which no input can be generated and
    // which no benchmark times: skipped, and the next one is the target.
    let skipped = ran.notes.iter().find(|n| n.contains("skipped")).expect("grid_total skipped");
    assert!(skipped.contains("the next function of the ranking is taken instead"), "{skipped}");
    let targets: Vec<&str> = ran.summary.targets.iter().map(|t| t.function.as_str()).collect();
    assert_eq!(targets, ["ranked::triangle"], "{:#?}", ran.notes);
    assert!(ran.notes.iter().any(|n| n.starts_with("target 1/1: ranked::triangle")), "{:#?}", ran.notes);
}

#[test]
fn an_interrupted_run_resumes_without_asking_the_llm_again() {
    let scenario = Scenario::new();
    let first = Arc::new(ScriptedChat::default());
    first.script(Role::Generator, [fenced("Closed form:", FAST)]);
    let cancel = CancellationToken::new();
    let chat = CancellingChat { inner: first.clone(), cancel: cancel.clone(), after: 1 };
    let ran = scenario.run_with(&chat, cancel, false).unwrap();
    assert_eq!(ran.summary.stop, Stop::Interrupted, "{:#?}", ran.summary);
    assert!(ran.summary.patch.is_none());

    let second = ScriptedChat::default();
    let resumed = scenario.run_with(&second, CancellationToken::new(), true).unwrap();
    assert!(resumed.summary.targets[0].outcome.improved, "{:#?}", resumed.summary);
    assert!(second.received_by(Role::Generator).is_empty(), "the generator's reply was replayed from the log");
    assert!(resumed.summary.patch.is_some());
}

#[test]
fn floating_point_results_may_differ_by_a_declared_tolerance_only() {
    let verdict = |tolerance: Tolerance| {
        let mut scenario = Scenario::new();
        scenario.functions = vec!["mean_square".into()];
        scenario.tolerance = tolerance;
        scenario.chat.script(Role::Generator, [fenced("Iterators:", REORDERED)]);
        let ran = scenario.run().unwrap();
        ran.verdicts().into_iter().find(|v| v.starts_with("it1/c1/check")).unwrap()
    };
    let exact = verdict(Tolerance::Exact);
    assert!(exact.contains("wrong output"), "{exact}");
    let tolerant = verdict(Tolerance::Relative(1e-9));
    assert!(tolerant.ends_with("correct"), "{tolerant}");
}

#[test]
fn bad_packages_get_clear_errors_and_no_work() {
    let empty = tempfile::tempdir().unwrap();
    let error = Package::open(&empty.path().join("Cargo.toml"), None).unwrap_err();
    assert!(matches!(error, PackageError::NoManifest(_)), "{error}");

    let mut scenario = Scenario::new();
    scenario.functions = vec!["pair_cheksum".into()];
    let error = scenario.run().err().expect("an error").to_string();
    assert!(error.contains("did you mean pairsum::pair_checksum"), "{error}");
    assert_eq!(scenario.chat.calls(), 0);
    assert!(!scenario.run_dir().join("work").exists(), "nothing was copied or built");

    let scenario = Scenario::new();
    let lib = scenario.package().join("src/lib.rs");
    let original = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(
        &lib,
        original.replace("assert_eq!(pair_checksum(&[3]), 9);", "assert_eq!(pair_checksum(&[3]), 10);"),
    )
    .unwrap();
    let error = scenario.run().err().expect("an error").to_string();
    assert!(error.contains("tests fail before any change") && error.contains("known_checksums"), "{error}");

    let scenario = Scenario::new();
    let lib = scenario.package().join("src/lib.rs");
    std::fs::write(&lib, original.replace("total\n}", "total\n")).unwrap();
    let error = scenario.run().err().expect("an error").to_string();
    assert!(error.contains("does not build"), "{error}");
    assert_eq!(scenario.chat.calls(), 0);
}
