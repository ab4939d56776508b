//! What a package run is asked to do ([`PackageSpec`], saved as
//! `package.json` in its run directory), and the package-level records its
//! log holds.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::coverage::Covered;
use crate::optimise::options::{Options, Outcome};
use crate::optimise::task::Tolerance;

/// Everything a package run needs to start again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PackageSpec {
    pub marco: String,
    /// The package's `Cargo.toml` (absolute).
    pub manifest: PathBuf,
    /// The package chosen in a workspace (`-p`).
    pub package: Option<String>,
    pub targets: Targets,
    /// How a floating-point number in a result may differ from the
    /// original's (`--tolerance`).
    #[serde(default)]
    pub tolerance: Tolerance,
    /// Also measure release-build settings (`--build-settings`).
    #[serde(default)]
    pub build_settings: bool,
    pub options: Options,
    /// `None`: marco's built-in backend with `model`.
    pub llm_url: Option<String>,
    pub model: String,
    pub llm_timeout: u64,
}

/// Profiled functions optimised when none is named.
pub const DEFAULT_TOP: usize = 3;

/// Which functions are optimised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Targets {
    /// The functions the user named (`--function`).
    Named { functions: Vec<String> },
    /// The `top` functions of a profile of the package's benchmarks, else
    /// its tests, or of `workload` when given.
    Profiled { workload: Option<String>, top: usize },
}

impl Targets {
    /// The named functions, or else the `top` ones (default
    /// [`DEFAULT_TOP`]) of a profile of `workload` or the package's own
    /// benchmarks or tests.
    pub fn chosen(functions: Vec<String>, workload: Option<String>, top: Option<usize>) -> anyhow::Result<Targets> {
        if !functions.is_empty() {
            return Ok(Targets::Named { functions });
        }
        match top.unwrap_or(DEFAULT_TOP) {
            0 => anyhow::bail!("top (--top) must be at least 1"),
            top => Ok(Targets::Profiled { workload, top }),
        }
    }
}

/// One function of the profile's ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranked {
    /// As the profile names it (`strdist::levenshtein`).
    pub function: String,
    /// Share of the samples in it and its callees.
    pub inclusive: f64,
    /// Share of the samples in it alone.
    pub self_share: f64,
}

/// The profile's ranking of the package's functions (a logged step).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    /// What was profiled (`cargo bench`, the tests, the workload).
    pub workload: String,
    pub samples: u64,
    pub functions: Vec<Ranked>,
}

/// One target function's outcome.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TargetSummary {
    pub function: String,
    pub file: PathBuf,
    /// How candidates were checked beyond the package's tests: the
    /// differential test, or why there was none.
    pub differential: String,
    /// Whether the package's own tests run its lines.
    pub covered: Covered,
    /// Its candidates ran on some check beyond compiling: the package's
    /// tests cover it, or the differential test ran it.
    pub verified: bool,
    pub outcome: Outcome,
}
