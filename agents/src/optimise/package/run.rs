//! One package run from its run directory to its patch: check that the
//! package builds and passes its tests, choose the target functions (named,
//! or from a profile), run the loop on each in turn (each starting from the
//! previous ones' results), check and time the final version against the
//! original, and write the patch, the report and the summary.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use super::bench::{Bench, Measured, Plan, Version};
use super::build_settings::{self, SettingResult};
use super::cargo::{BUILD_TIMEOUT, Built, Cargo, errors, tail};
use super::coverage::{self, Covered};
use super::differential::{self, Differential};
use super::items::{self, FnItem};
use super::manifest::Package;
use super::patch::{self, Change};
use super::profile_targets;
use super::spec::{PackageSpec, Ranking, TargetSummary, Targets};
use super::task::{PackageTask, TaskParts};
use super::work::Work;
use crate::optimise::event::Event;
use crate::optimise::journal::{EVENTS, Journal, write_atomically};
use crate::optimise::optimiser::Optimiser;
use crate::optimise::options::Stop;
use crate::optimise::run::{Services, hidden_seed};
use crate::optimise::task::{Check, Task, Tolerance};

/// The run's settings file in its directory.
pub const SPEC_FILE: &str = "package.json";

/// What a package run ends with (`summary.json`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PackageSummary {
    pub package: String,
    /// The user's workspace (where `--apply` writes).
    pub workspace_root: PathBuf,
    pub run_dir: PathBuf,
    pub stop: Stop,
    /// The profile's ranking, when the targets came from one.
    pub ranking: Option<Ranking>,
    pub targets: Vec<TargetSummary>,
    /// The final version against the original on every benchmark; absent
    /// when nothing changed or the run was interrupted.
    pub benchmarks: Option<Measured>,
    /// Release-build settings, each against the package's own build, when
    /// asked for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub build_settings: Vec<SettingResult>,
    /// `changes.patch`, when something changed.
    pub patch: Option<PathBuf>,
    pub report: PathBuf,
    pub model: String,
    /// The changed files, as the patch holds them.
    #[serde(skip)]
    pub changes: Vec<Change>,
}

/// A new run directory for `spec`.
pub fn create(spec: &PackageSpec, dir: &Path) -> Result<Journal> {
    let mut journal = Journal::create(dir)?;
    journal.write_file(SPEC_FILE, serde_json::to_string_pretty(spec)?.as_bytes())?;
    journal.log(Event::PackageStarted(spec.clone()))?;
    Ok(journal)
}

/// Whether `dir` is a package run's directory.
pub fn is_package_run(dir: &Path) -> bool {
    dir.join(SPEC_FILE).is_file()
}

/// An existing package run, to continue.
pub fn reopen(dir: &Path) -> Result<(PackageSpec, Journal)> {
    let text = std::fs::read_to_string(dir.join(SPEC_FILE))
        .with_context(|| format!("{} is not a package run directory", dir.display()))?;
    Ok((serde_json::from_str(&text)?, Journal::open(dir)?))
}

/// Runs every target to its end (or to `cancel`) and writes the patch.
/// `note` hears what the user should know; `observe` is given each
/// target's journal, to watch its events.
pub fn execute(
    spec: &PackageSpec,
    journal: &mut Journal,
    services: &Services<'_>,
    container: &sandbox::Container,
    cancel: CancellationToken,
    note: &dyn Fn(&str),
    observe: &dyn Fn(&mut Journal),
) -> Result<PackageSummary> {
    let package = Package::open(&spec.manifest, spec.package.as_deref())?;
    let dir = journal.dir().to_path_buf();
    let originals = Originals::load_or_read(&dir, &package)?;
    // Named functions that do not exist are an error before any work (a
    // file that does not parse is left to cargo's own error below).
    if let (Targets::Named { functions: names }, Ok(functions)) = (&spec.targets, originals.functions(&package)) {
        for name in names {
            items::find(&functions, name, &package.crate_name)?;
        }
    }
    let work = Work::at(&dir, &package.relative_root());
    journal.log(Event::Progress {
        what: format!("copying {} into the run directory", package.workspace_root.display()),
    })?;
    work.populate(&package.workspace_root)?;
    originals.write_into(&work)?;
    fetch(&work)?;
    let cargo = Cargo { container, work: &work, package: &package.name, env: Vec::new() };

    journal.log(Event::Progress { what: "building the package and running its tests".into() })?;
    let original_tests = check_original(&cargo)?;

    let functions = originals.functions(&package)?;
    // Every named function is a target; of a profile's ranking, the first
    // `top` that can be measured are (one that cannot is skipped, and the
    // next in the ranking taken).
    let (targets, wanted, ranking) = match &spec.targets {
        Targets::Named { functions: names } => {
            let chosen = names
                .iter()
                .map(|name| items::find(&functions, name, &package.crate_name).cloned())
                .collect::<Result<Vec<_>, _>>()?;
            let wanted = chosen.len();
            (chosen, wanted, None)
        }
        Targets::Profiled { workload, top } => {
            journal.log(Event::Progress { what: "profiling the package to find its hot functions".into() })?;
            let (profiled, _) = journal.step("profile", || {
                profile_targets::rank(&cargo, &package, workload.as_deref(), &dir.join("profile"))
            })?;
            remove_build_output(&dir.join("profile").join("target"));
            let (ranking, chosen, left_out) = profile_targets::rewritable(&profiled, &functions, &package.crate_name);
            note(&profile_targets::table(&ranking, 10));
            if left_out > 0 {
                note(&format!(
                    "  ({left_out} more of the crate's functions in the profile are tests, `main` or code marco \
                     cannot rewrite)"
                ));
            }
            if chosen.is_empty() {
                bail!(
                    "the profile ({} samples) found none of the package's own functions that marco can rewrite; \
                     name one with --function PATH",
                    ranking.samples
                );
            }
            (chosen, *top, Some(ranking))
        }
    };

    journal.log(Event::Progress { what: "measuring which lines the package's tests run".into() })?;
    let coverage = coverage::measure(&cargo, &dir.join("coverage"));
    remove_build_output(&dir.join("coverage").join("target"));
    let criterion = package.criterion && !package.benches.is_empty();
    let literals = differential::literals(&originals.files.values().cloned().collect::<Vec<_>>(), 64);
    let mut current = originals.files.clone();
    let mut summaries = Vec::new();
    let mut stop = Stop::Iterations;
    for (n, target) in targets.iter().enumerate() {
        if summaries.len() >= wanted {
            break;
        }
        if cancel.is_cancelled() {
            stop = Stop::Interrupted;
            break;
        }
        let name = target.qualified(&package.crate_name);
        let text = current[&target.file].clone();
        // The function's place in the current text: an earlier target in
        // the same file may have moved it.
        let function = items::functions_in(&target.file, &text, &target.module)?
            .into_iter()
            .find(|f| f.path == target.path)
            .with_context(|| format!("`{name}` is no longer in {}", target.file.display()))?;
        for (path, text) in &current {
            work.write(path, text)?;
        }
        let sub = dir.join("targets").join(format!("{}-{}", n + 1, target.name()));
        let mut target_journal = if sub.join(EVENTS).exists() { Journal::open(&sub)? } else { Journal::create(&sub)? };
        observe(&mut target_journal);
        note(&format!(
            "target {}/{}: {name} ({}:{})",
            summaries.len() + 1,
            wanted.min(targets.len()),
            target.file.display(),
            function.line
        ));
        let covered = match &coverage {
            Ok(lines) if lines.covers(&work.root.join(&target.file), function.line, function.last_line) => Covered::Yes,
            Ok(_) => {
                note(&format!("  warning: `{name}` is not covered by any test of the package"));
                Covered::No
            }
            Err(why) => Covered::Unknown(format!("{why:#}")),
        };
        let seed = spec.options.seed.wrapping_add(n as u64);
        let parts = |differential: Differential, plan: Plan| TaskParts {
            function: function.clone(),
            file: target.file.clone(),
            text: text.clone(),
            brief: brief(&package, &function, &differential, share(ranking.as_ref(), &name), spec.tolerance),
            differential,
            plan,
            dependencies: package.dependencies.clone(),
            crate_name: package.crate_name.clone(),
            original_tests,
        };
        let mut differential =
            differential::module(&text[function.span.clone()], seed, hidden_seed(seed), &literals, spec.tolerance);
        let probe_plan = if criterion { Plan::Criterion } else { Plan::Generated { passes: 1 } };
        // The differential test is checked on the original first: a return
        // type without `Debug`, say, leaves the package's tests alone.
        if let Differential::Module(_) = differential {
            let probe = PackageTask::new(&cargo, parts(differential.clone(), probe_plan.clone()))?;
            let (check, _) = target_journal.step("original/differential", || probe.check(probe.source().editable()))?;
            differential = match check {
                Check::Correct { .. } => differential,
                Check::CompileError { diagnostics, .. } => Differential::Unavailable(format!(
                    "the generated test does not build ({})",
                    diagnostics.lines().find(|l| l.starts_with("error")).unwrap_or("").trim()
                )),
                other => Differential::Unavailable(format!(
                    "the original fails its own generated test, so it is not deterministic on these inputs ({})",
                    crate::text::clip(&other.feedback(), 200)
                )),
            };
        }
        if let Differential::Unavailable(why) = &differential {
            note(&format!("  no differential test for `{name}`: {why}; the package's tests are the check"));
        }
        let plan = match probe_plan {
            Plan::Criterion => Plan::Criterion,
            Plan::Generated { .. } => {
                if let Differential::Unavailable(why) = &differential {
                    let next = if matches!(spec.targets, Targets::Profiled { .. }) {
                        "; the next function of the ranking is taken instead"
                    } else {
                        ""
                    };
                    let done = format!(
                        "skipped: the package has no benchmarks, and none could be generated for it ({why}){next}"
                    );
                    note(&format!("  {done}"));
                    journal.log(Event::TargetDone { function: name.clone(), improved: false, note: done })?;
                    continue;
                }
                let probe = PackageTask::new(&cargo, parts(differential.clone(), Plan::Generated { passes: 1 }))?;
                let bench = Bench { cargo: &cargo, plan: Plan::Generated { passes: 1 } };
                let original = probe.with_test(probe.source().editable());
                Plan::Generated { passes: bench.calibrate(&Version { files: vec![(&target.file, &original)] })? }
            }
        };
        let task = PackageTask::new(&cargo, parts(differential.clone(), plan))?;
        let search = services.search.filter(|_| spec.options.search);
        let outcome = Optimiser::new(&task, services.chat, search, &spec.options, services.runtime.clone())
            .cancel_on(cancel.clone())
            .run(&mut target_journal)?;
        if outcome.improved {
            current.insert(target.file.clone(), task.assemble(&outcome.best));
        }
        let done = match &outcome.wall {
            Some(wall) if outcome.improved => format!("{:.2}x faster", 1.0 / wall.ratio.max(1e-9)),
            _ => "no faster correct version".to_string(),
        };
        journal.log(Event::TargetDone { function: name.clone(), improved: outcome.improved, note: done })?;
        stop = outcome.stop;
        let verified = covered == Covered::Yes || matches!(differential, Differential::Module(_));
        summaries.push(TargetSummary {
            function: name,
            file: target.file.clone(),
            covered,
            verified,
            differential: match &differential {
                Differential::Module(_) => format!(
                    "{} generated inputs whose differences the generator is shown, {} hidden",
                    differential::CASES,
                    differential::CASES
                ),
                Differential::Unavailable(why) => format!("none ({why})"),
            },
            outcome,
        });
        if stop == Stop::Interrupted {
            break;
        }
    }

    let changes: Vec<Change> = current
        .iter()
        .filter(|(path, text)| originals.files.get(*path) != Some(*text))
        .map(|(path, text)| Change {
            path: path.clone(),
            original: originals.files[path].clone(),
            changed: text.clone(),
        })
        .collect();
    let mut benchmarks = None;
    let mut patch_file = None;
    if !changes.is_empty() && stop != Stop::Interrupted {
        for (path, text) in &current {
            work.write(path, text)?;
        }
        journal.log(Event::Progress { what: "running the package's whole test suite on the final version".into() })?;
        let finished = cargo.test(&[], original_tests * 4 + Duration::from_secs(300))?;
        if !finished.success() {
            bail!(
                "the final version fails the package's whole test suite (doc tests included), so no patch is \
                 written; the run directory {} keeps every candidate:\n{}",
                dir.display(),
                tail(&format!("{}\n{}", finished.stdout, finished.stderr), 40)
            );
        }
        if criterion {
            journal.log(Event::Progress { what: "timing the final version against the original".into() })?;
            let bench = Bench { cargo: &cargo, plan: Plan::Criterion };
            let rounds = spec.options.timing_rounds.max(3);
            let version = |texts: &'_ BTreeMap<PathBuf, String>| -> Vec<(PathBuf, String)> {
                changes.iter().map(|c| (c.path.clone(), texts[&c.path].clone())).collect()
            };
            let (a, b) = (version(&originals.files), version(&current));
            let (measured, _) =
                journal.step("final/benchmarks", || bench.compare(&Version::of(&a), &Version::of(&b), rounds))?;
            benchmarks = Some(measured);
        }
        let prefix = patch::repository(&package.workspace_root).map(|(_, prefix)| prefix).unwrap_or_default();
        patch_file = Some(journal.write_file("changes.patch", patch::unified(&changes, &prefix).as_bytes())?);
    }
    let mut settings = Vec::new();
    if spec.build_settings && stop != Stop::Interrupted {
        if criterion {
            journal.log(Event::Progress { what: "measuring release-build settings on the benchmarks".into() })?;
            let files: Vec<(PathBuf, String)> = current.iter().map(|(p, t)| (p.clone(), t.clone())).collect();
            let rounds = spec.options.timing_rounds.max(3);
            (settings, _) = journal.step("build-settings", || {
                build_settings::measure(&cargo, &Version::of(&files), &dir.join("settings"), rounds)
            })?;
        } else {
            note("--build-settings needs criterion benchmarks, which the package does not have: not measured");
        }
    }
    originals.write_into(&work)?;
    let mut report = super::report::markdown(&package, ranking.as_ref(), &summaries, benchmarks.as_ref(), &changes);
    if !settings.is_empty() {
        report.push_str(&build_settings::section(&settings));
    }
    let report_file = journal.write_file("report.md", report.as_bytes())?;
    let summary = PackageSummary {
        package: package.name.clone(),
        workspace_root: package.workspace_root.clone(),
        run_dir: dir.clone(),
        stop,
        ranking,
        targets: summaries,
        benchmarks,
        build_settings: settings,
        patch: patch_file,
        report: report_file,
        model: spec.model.clone(),
        changes,
    };
    write_atomically(&dir.join("summary.json"), serde_json::to_string_pretty(&summary)?.as_bytes())?;
    // An interrupted run keeps its builds for a quick resume.
    if stop != Stop::Interrupted {
        remove_build_output(&work.target_dir);
        remove_build_output(&work.bins);
        remove_build_output(&dir.join("settings"));
    }
    Ok(summary)
}

/// Deletes build output that no later step reads: it is most of a run
/// directory (about 600 MB for a small package with criterion benchmarks),
/// while what a run is kept for is its log, report and patch. A failure
/// only costs disk space.
fn remove_build_output(dir: &Path) {
    if dir.exists()
        && let Err(e) = std::fs::remove_dir_all(dir)
    {
        tracing::warn!("cannot remove build output {}: {e}", dir.display());
    }
}

/// The text of every source file of the package as the user wrote it,
/// saved in the run directory on the first start so that a resumed run
/// patches against the same originals.
struct Originals {
    /// Paths relative to the workspace root.
    files: BTreeMap<PathBuf, String>,
}

const ORIGINALS_FILE: &str = "originals.json";

impl Originals {
    fn load_or_read(dir: &Path, package: &Package) -> Result<Originals> {
        let saved = dir.join(ORIGINALS_FILE);
        if let Ok(text) = std::fs::read_to_string(&saved) {
            return Ok(Originals { files: serde_json::from_str(&text).context("the run's originals.json")? });
        }
        let mut files = BTreeMap::new();
        for path in package.source_files() {
            let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let relative = path.strip_prefix(&package.workspace_root).unwrap_or(&path).to_path_buf();
            files.insert(relative, text);
        }
        write_atomically(&saved, serde_json::to_string(&files)?.as_bytes())?;
        Ok(Originals { files })
    }

    /// Puts the originals back into the copy.
    fn write_into(&self, work: &Work) -> Result<()> {
        self.files.iter().try_for_each(|(path, text)| work.write(path, text))
    }

    /// The functions of the optimised target's files.
    fn functions(&self, package: &Package) -> Result<Vec<FnItem>> {
        let root_file = package.root_file.strip_prefix(&package.workspace_root).unwrap_or(&package.root_file);
        let src = root_file.parent().unwrap_or(Path::new(""));
        let mut found = Vec::new();
        for (path, text) in &self.files {
            if let Some(module) = items::module_of(src, root_file, path) {
                found.extend(items::functions_in(path, text, &module)?);
            }
        }
        Ok(found)
    }
}

/// Downloads what the package needs, once, with the user's own cargo and
/// network (the package is trusted as much as its own `cargo build`):
/// every later build runs `--offline --frozen` in the container. A package
/// without a lock file gets one in the copy.
fn fetch(work: &Work) -> Result<()> {
    let output = std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .arg("fetch")
        .arg("--manifest-path")
        .arg(work.root.join("Cargo.toml"))
        .output()
        .context("cannot run cargo")?;
    if !output.status.success() {
        bail!(
            "cargo cannot fetch the package's dependencies (marco needs them once, from the network or the local \
             cache):\n{}",
            tail(&String::from_utf8_lossy(&output.stderr), 20)
        );
    }
    Ok(())
}

/// Builds the original and runs its whole test suite: a package that does
/// not build, or whose tests fail before any change, cannot judge a
/// candidate. Returns how long the tests took.
fn check_original(cargo: &Cargo<'_>) -> Result<Duration> {
    if let Built::Errors(errors) = cargo.build_tests()? {
        bail!("the package does not build, so there is nothing to compare candidates with:\n{errors}");
    }
    let started = Instant::now();
    let finished = cargo.test(&[], BUILD_TIMEOUT)?;
    if !finished.success() {
        bail!(
            "the package's tests fail before any change, so they cannot check a candidate; fix them first:\n{}",
            tail(&format!("{}\n{}", finished.stdout, errors(&finished)), 40)
        );
    }
    Ok(started.elapsed())
}

/// The share of the profile's samples spent in `function` (inclusive).
fn share(ranking: Option<&Ranking>, function: &str) -> Option<f64> {
    ranking?.functions.iter().find(|f| f.function == function).map(|f| f.inclusive)
}

/// What the generator is told about the function besides its code.
fn brief(
    package: &Package,
    function: &FnItem,
    differential: &Differential,
    share: Option<f64>,
    tolerance: Tolerance,
) -> String {
    let mut brief = format!(
        "This is `{}`, a function of the Rust crate `{}` (file {}). Reply with the function and any private helper \
         functions, constants or types it needs, nothing else: its signature and visibility stay exactly as they \
         are, and the rest of the file and crate is unchanged (you may call the crate's other items).",
        function.qualified(&package.crate_name),
        package.crate_name,
        function.file.display()
    );
    if let Some(share) = share {
        let _ = write!(
            brief,
            " A profile of the crate spends {:.0}% of its time in this function and what it calls.",
            share * 100.0
        );
    }
    if package.dependencies.is_empty() {
        brief.push_str(" The crate has no dependencies: use std only.");
    } else {
        let _ = write!(brief, " You may use std and the crate's dependencies: {}.", package.dependencies.join(", "));
    }
    brief.push_str(" It must keep passing the crate's tests");
    brief.push_str(match differential {
        Differential::Module(_) => {
            ", return the same values, leave `&mut` arguments the same and panic on the same inputs as the original."
        }
        Differential::Unavailable(_) => " and behave exactly as the original.",
    });
    if let (Tolerance::Relative(t), Differential::Module(_)) = (tolerance, differential) {
        let _ = write!(
            brief,
            " Floating-point numbers it returns may differ from the original's by a relative {t:e} at most, so sums \
             may be added in another order."
        );
    }
    brief
}
