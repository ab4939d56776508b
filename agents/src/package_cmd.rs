//! `marco optimise DIR`: the loop on a Cargo package's functions, with its
//! tests, its benchmarks and a patch at the end.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};

use marco::optimise::package::manifest::Package;
use marco::optimise::package::patch;
use marco::optimise::package::run::{self, PackageSummary};
use marco::optimise::package::spec::{PackageSpec, Targets};
use marco::optimise::run::Services;
use marco::optimise::task::Tolerance;
use marco::optimise::{Journal, OpenAiChat, Stop, code};
use marco::settings::Settings;

use crate::optimise_cmd::{Display, OptimiseArgs, flags, read_config};

/// Whether the command is about a package: a directory, a `Cargo.toml`,
/// `--manifest-path`, or the run directory of a package run to resume.
pub fn is_package(args: &OptimiseArgs) -> bool {
    args.manifest_path.is_some()
        || args.file.as_ref().is_some_and(|f| f.is_dir() || f.file_name().is_some_and(|n| n == "Cargo.toml"))
        || args.resume.as_ref().is_some_and(|dir| run::is_package_run(dir))
}

pub fn execute(args: OptimiseArgs) -> Result<ExitCode> {
    if args.problem.is_some() || !args.inputs.is_empty() || args.in_place || args.out.is_some() {
        bail!(
            "--problem, --input, --in-place and --out are for a single file; a package's result is a patch (see --apply)"
        );
    }
    let (spec, mut journal) = match &args.resume {
        Some(dir) => run::reopen(dir)?,
        None => {
            let spec = new_spec(&args)?;
            let package = Package::open(&spec.manifest, spec.package.as_deref())?;
            let dir = args.run_dir.clone().unwrap_or_else(|| default_run_dir(&package));
            ignore_runs(&package.root);
            (spec.clone(), run::create(&spec, &dir)?)
        }
    };
    let dir = journal.dir().to_path_buf();
    let show = Display::new();
    journal.observe(show.observer());
    show.note(&format!("{} {}", if args.resume.is_some() { "resuming" } else { "run directory:" }, dir.display()));

    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let cancel = crate::wiring::cancel_on_ctrl_c(&runtime);
    let sandbox = crate::wiring::sandbox()?;
    let container = crate::wiring::container()?;
    let search = crate::wiring::search(&spec.options)?;
    let (settings, _server) =
        crate::wiring::connect(&runtime, spec.llm_url.as_deref(), &spec.model, spec.llm_timeout, |t| show.note(t))?;
    let chat = OpenAiChat::new(settings, &crate::wiring::api_key(), cancel.clone())?;
    let services =
        Services { chat: &chat, search: search.as_ref(), sandbox: &sandbox, runtime: runtime.handle().clone() };
    let observe = |target: &mut Journal| target.observe(show.observer());
    let summary = run::execute(&spec, &mut journal, &services, &container, cancel, &|text| show.note(text), &observe)?;
    show.finish();
    runtime.shutdown_timeout(Duration::from_secs(2));
    let mut applied = Vec::new();
    if !summary.changes.is_empty() && summary.stop != Stop::Interrupted {
        if args.apply {
            patch::apply(&summary.workspace_root, &summary.changes)?;
            applied.push(format!("applied to {}", summary.workspace_root.display()));
        }
        if let Some(name) = &args.branch {
            let message = commit_message(&summary)?;
            let commit = patch::branch(&summary.workspace_root, name, &summary.changes, &message)?;
            applied.push(format!("committed on branch {name} ({})", &commit[..commit.len().min(12)]));
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        print!("{}", render(&summary, &applied));
    }
    Ok(if summary.stop == Stop::Interrupted { ExitCode::from(130) } else { ExitCode::SUCCESS })
}

fn new_spec(args: &OptimiseArgs) -> Result<PackageSpec> {
    let manifest = match (&args.manifest_path, &args.file) {
        (Some(manifest), _) => manifest.clone(),
        (None, Some(path)) if path.is_dir() => path.join("Cargo.toml"),
        (None, Some(path)) => path.clone(),
        (None, None) => bail!("give a package's directory or --manifest-path"),
    };
    if !manifest.is_file() {
        bail!(
            "no Cargo.toml in {} (marco optimise takes a package's directory, its Cargo.toml, or a .rs program)",
            manifest.parent().unwrap_or(&manifest).display()
        );
    }
    let settings = Settings::resolve(flags(args).over(read_config(args.config.as_deref())?))?;
    let targets = Targets::chosen(args.functions.clone(), args.workload.clone(), args.top)?;
    Ok(PackageSpec {
        marco: env!("CARGO_PKG_VERSION").to_string(),
        manifest: std::path::absolute(&manifest).unwrap_or(manifest),
        package: args.package.clone(),
        targets,
        build_settings: args.build_settings,
        tolerance: match args.tolerance {
            None => Tolerance::Exact,
            Some(t) => Tolerance::relative(t).with_context(|| {
                format!("--tolerance must be a relative tolerance between 0 and 1, e.g. 1e-9 (it was {t})")
            })?,
        },
        options: settings.options,
        llm_url: settings.llm_url,
        model: settings.model,
        llm_timeout: settings.llm_timeout_s,
    })
}

fn default_run_dir(package: &Package) -> PathBuf {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    package.root.join(".marco").join("runs").join(format!("{}-{secs}-{}", package.name, std::process::id()))
}

/// Keeps `.marco/` (run directories, with their copies and build output)
/// out of the user's version control.
fn ignore_runs(root: &Path) {
    let dir = root.join(".marco");
    if std::fs::create_dir_all(&dir).is_ok() && !dir.join(".gitignore").exists() {
        let _ = std::fs::write(dir.join(".gitignore"), "*\n");
    }
}

/// The commit message of `--branch`: what changed and the evidence.
fn commit_message(summary: &PackageSummary) -> Result<String> {
    let improved: Vec<&str> =
        summary.targets.iter().filter(|t| t.outcome.improved).map(|t| t.function.as_str()).collect();
    let mut message = format!("perf: faster {} (marco)\n\n", improved.join(", "));
    let report = std::fs::read_to_string(&summary.report).context("the run's report.md")?;
    // The report without its patch: the commit holds the change itself.
    message.push_str(report.split("\n## Patch").next().unwrap_or(&report).trim());
    message.push('\n');
    Ok(message)
}

fn render(summary: &PackageSummary, applied: &[String]) -> String {
    let colour = std::io::stdout().is_terminal();
    let mut out = String::new();
    let _ = writeln!(out, "\n{}: {} function(s) tried", summary.package, summary.targets.len());
    for target in &summary.targets {
        let o = &target.outcome;
        let result = match (&o.wall, o.improved) {
            (Some(wall), true) => format!(
                "{:.2}x faster (time ratio {:.3}, 95% interval {:.3}-{:.3})",
                1.0 / wall.ratio.max(1e-9),
                wall.ratio,
                wall.ci_low,
                wall.ci_high
            ),
            _ => "unchanged (no candidate was both correct and measurably faster)".to_string(),
        };
        let _ = writeln!(
            out,
            "  {}: {result}; {} candidates, {} correct",
            target.function, o.candidates, o.correct_candidates
        );
        let _ = writeln!(out, "    differential test: {}", target.differential);
    }
    if let Some(measured) = &summary.benchmarks {
        let _ = writeln!(out, "  benchmarks, the patch against the original ({} rounds):", measured.overall.a_ms.len());
        for b in &measured.benchmarks {
            let c = &b.comparison;
            let _ = writeln!(
                out,
                "    {:<40} {:.2}x (ratio {:.3}, 95% interval {:.3}-{:.3})",
                b.id,
                1.0 / c.ratio.max(1e-9),
                c.ratio,
                c.ci_low,
                c.ci_high
            );
        }
    }
    for setting in &summary.build_settings {
        let c = &setting.measured.overall;
        let _ = writeln!(
            out,
            "  build setting {:<24} {:.2}x (ratio {:.3}, 95% interval {:.3}-{:.3}){}",
            setting.setting,
            1.0 / c.ratio.max(1e-9),
            c.ratio,
            c.ci_low,
            c.ci_high,
            if setting.helps() { ": suggested (see the report)" } else { "" }
        );
    }
    let _ = writeln!(out, "  run:    {}", summary.run_dir.display());
    let _ = writeln!(out, "  report: {}", summary.report.display());
    match &summary.patch {
        Some(patch) => {
            let _ = writeln!(out, "  patch:  {} (git apply it, or rerun with --apply)", patch.display());
        }
        None if summary.stop == Stop::Interrupted => {
            let _ = writeln!(out, "  resume: marco optimise --resume {}", summary.run_dir.display());
        }
        None => {
            let _ = writeln!(out, "  result: no change; the package is as it was");
        }
    }
    for line in applied {
        let _ = writeln!(out, "  {line}");
    }
    for change in &summary.changes {
        let _ = writeln!(out, "\n{}", change.path.display());
        out.push_str(&code::diff(&change.original, &change.changed, colour));
    }
    out
}
