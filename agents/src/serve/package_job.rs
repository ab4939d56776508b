//! A package job: its archive unpacked in the job's directory, then the run
//! of `marco optimise DIR` on it, and what the client gets back (the patch,
//! the report and the measurements, without the server's paths).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use serde::Serialize;

use marco::optimise::Journal;
use marco::optimise::Stop;
use marco::optimise::package::bench::Measured;
use marco::optimise::package::build_settings::SettingResult;
use marco::optimise::package::run::{self, PackageSummary};
use marco::optimise::package::spec::{PackageSpec, Ranking, TargetSummary, Targets};
use marco::optimise::task::Tolerance;
use marco::settings::{Layer, Settings};

use super::archive::{self, ArchiveLimits};
use super::request::PackageJob;

/// The archive's name in a job's directory.
pub const ARCHIVE: &str = "package.tar.gz";

/// The job's run: resumed when it has begun, else set up from its archive,
/// unpacked in `dir/package` (afresh, should an earlier start have died
/// while unpacking).
pub fn open(dir: &Path, job: &PackageJob, server: Layer, limits: &ArchiveLimits) -> Result<(PackageSpec, Journal)> {
    let run_dir = dir.join("run");
    if run::is_package_run(&run_dir) {
        return run::reopen(&run_dir);
    }
    let unpacked = dir.join("package");
    if unpacked.exists() {
        std::fs::remove_dir_all(&unpacked).with_context(|| format!("cannot clear {}", unpacked.display()))?;
    }
    let archive = std::fs::read(dir.join(ARCHIVE)).context("cannot read the job's archive")?;
    let root = archive::unpack(&archive, Some(&unpacked), limits)?;
    let spec = spec(job, unpacked.join(root).join("Cargo.toml"), server)?;
    let journal = run::create(&spec, &run_dir)?;
    Ok((spec, journal))
}

/// What the job asks for, checked: its targets and tolerance. The API
/// checks a submission with it, so that a job never fails on its options.
pub fn choices(job: &PackageJob) -> Result<(Targets, Tolerance)> {
    let targets = Targets::chosen(job.functions.clone(), job.workload.clone(), job.top)?;
    let tolerance = match job.tolerance {
        None => Tolerance::Exact,
        Some(t) => Tolerance::relative(t)
            .ok_or_else(|| anyhow!("tolerance must be between 0 and 1, e.g. 1e-9 (it was {t})"))?,
    };
    Ok((targets, tolerance))
}

fn spec(job: &PackageJob, manifest: PathBuf, server: Layer) -> Result<PackageSpec> {
    let (targets, tolerance) = choices(job)?;
    let settings = Settings::resolve(job.options.layer().over(server))?;
    Ok(PackageSpec {
        marco: env!("CARGO_PKG_VERSION").to_string(),
        manifest,
        package: job.package.clone(),
        targets,
        tolerance,
        build_settings: job.build_settings,
        options: settings.options,
        llm_url: settings.llm_url,
        model: settings.model,
        llm_timeout: settings.llm_timeout_s,
    })
}

/// A package job's result as the client sees it.
#[derive(Debug, Serialize)]
pub struct PackageResult<'a> {
    pub package: &'a str,
    pub stop: Stop,
    pub ranking: Option<&'a Ranking>,
    pub targets: &'a [TargetSummary],
    pub benchmarks: Option<&'a Measured>,
    pub build_settings: &'a [SettingResult],
    pub model: &'a str,
    /// A unified diff for `git apply`; `None`: nothing changed.
    pub patch: Option<String>,
    /// `report.md`: the ranking, each function's outcome, the evidence.
    pub report: String,
}

/// The result of a finished run, to store with the job.
pub fn result(summary: &PackageSummary) -> Result<serde_json::Value> {
    let read = |path: &Path| std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()));
    let result = PackageResult {
        package: &summary.package,
        stop: summary.stop,
        ranking: summary.ranking.as_ref(),
        targets: &summary.targets,
        benchmarks: summary.benchmarks.as_ref(),
        build_settings: &summary.build_settings,
        model: &summary.model,
        patch: summary.patch.as_deref().map(read).transpose()?,
        report: read(&summary.report)?,
    };
    Ok(serde_json::to_value(result)?)
}
