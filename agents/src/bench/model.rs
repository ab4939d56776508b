//! What a bench directory holds, as data: the modes, the settings
//! (`bench.json`), each problem's figures, each unit's measured result and
//! the side-by-side timings, with how they are read and written. The rest
//! of `bench` shares these types; this module uses none of its siblings.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{Context, Result};
use marco::optimise::{Options, Stop, Usage, write_atomically};
use sandbox::{Comparison, Verdict};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// How a problem is optimised: the paper's three systems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Mode {
    /// One generator call, no feedback, no search: the LLM alone.
    #[serde(rename = "single-shot")]
    SingleShot,
    /// The generator-evaluator loop without the retriever.
    #[serde(rename = "loop")]
    Loop,
    /// The loop with retrieved techniques.
    #[serde(rename = "loop+search")]
    LoopSearch,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::SingleShot, Mode::Loop, Mode::LoopSearch];

    pub fn name(self) -> &'static str {
        match self {
            Mode::SingleShot => "single-shot",
            Mode::Loop => "loop",
            Mode::LoopSearch => "loop+search",
        }
    }

    /// The loop's options in this mode: the same budgets for every mode.
    pub fn options(self, base: &Options) -> Options {
        Options { single_shot: self == Mode::SingleShot, search: self == Mode::LoopSearch, ..base.clone() }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Mode {
    type Err = String;

    fn from_str(s: &str) -> Result<Mode, String> {
        Mode::ALL
            .into_iter()
            .find(|m| m.name() == s.trim())
            .ok_or_else(|| format!("unknown mode `{s}`; the modes are {}", Mode::ALL.map(Mode::name).join(", ")))
    }
}

/// The pairs of modes the paper compares: (A, B), B's runtime against A's.
pub const COMPARED: [(Mode, Mode); 2] = [(Mode::SingleShot, Mode::Loop), (Mode::Loop, Mode::LoopSearch)];

/// What every mode of a problem starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum StartFrom {
    /// The problem's straightforward baseline solution.
    Baseline,
    /// The LLM's own solution written from the statement.
    Llm,
}

/// A bench's settings, saved as `bench.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BenchSpec {
    pub marco: String,
    /// Problem ids, in the order they run; a resumed bench may add some.
    pub problems: Vec<String>,
    pub start: StartFrom,
    pub modes: Vec<Mode>,
    /// The loop's budgets, the same for every mode.
    pub options: Options,
    /// `None`: marco's built-in backend with `model`.
    pub llm_url: Option<String>,
    pub model: String,
    pub llm_timeout: u64,
    /// The machine the bench started on.
    pub machine: String,
    /// Every command that ran this bench, with when it started.
    pub commands: Vec<Invocation>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Invocation {
    pub command: String,
    /// UTC, RFC 3339.
    pub started: String,
}

/// A problem's start and its reference points, measured once.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProblemFigures {
    pub start: StartFrom,
    /// Whether the start passes every checker input; a problem whose start
    /// does not is not optimised.
    pub start_correct: bool,
    pub start_failure: Option<String>,
    /// Attempts the LLM needed for its start (0 for the baseline).
    pub start_attempts: u32,
    pub start_tokens: u64,
    /// Fuel on the perf cases of the default seed (the loop's measure).
    pub start_fuel: Option<u64>,
    pub baseline_fuel: u64,
    pub reference_fuel: u64,
}

/// One problem in one mode: the loop's result, checked again and measured.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnitResult {
    pub mode: Mode,
    /// Passes the checker on every case: the default seed, the loop's
    /// hidden seed, and a fresh seed the loop never ran.
    pub correct: bool,
    pub failure: Option<String>,
    /// Whether the result differs from the start.
    pub changed: bool,
    /// The result's fuel (0 when it is not correct).
    pub fuel: u64,
    /// The result against the start, natively, interleaved; `None` when
    /// the result is the start or is not correct.
    pub wall: Option<Comparison>,
    pub iterations: u32,
    pub candidates: u32,
    pub usage: Usage,
    pub tokens: u64,
    pub seconds: f64,
    pub sources_cited: Vec<String>,
    pub stop: Stop,
    /// The loop's run directory, relative to the bench directory.
    pub run_dir: PathBuf,
}

impl UnitResult {
    /// Wall-clock speedup over the start (1 when unchanged).
    pub fn wall_speedup(&self) -> f64 {
        self.wall.as_ref().map_or(1.0, |w| 1.0 / w.ratio)
    }

    pub fn significantly_faster(&self) -> bool {
        self.wall.as_ref().is_some_and(|w| w.verdict == Verdict::Faster)
    }
}

/// Two modes' results timed side by side on one problem.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pair {
    pub a: Mode,
    pub b: Mode,
    pub fuel_a: u64,
    pub fuel_b: u64,
    /// B against A natively; `None` when both wrote the same code.
    pub wall: Option<Comparison>,
}

/// The settings file of a bench directory.
pub const SPEC_FILE: &str = "bench.json";

impl BenchSpec {
    pub fn load(dir: &Path) -> Result<BenchSpec> {
        read_json(&dir.join(SPEC_FILE))?
            .with_context(|| format!("{} is not a marco bench directory (no {SPEC_FILE})", dir.display()))
    }

    pub fn save(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        write_json(&dir.join(SPEC_FILE), self)
    }
}

/// A unit's measured result in its problem's directory.
pub fn unit_file(dir: &Path, mode: Mode) -> PathBuf {
    dir.join(format!("{}.json", mode.name()))
}

/// A JSON file; `None` when it does not exist (yet).
pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<Option<T>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes).with_context(|| format!("in {}", path.display()))?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Writes a JSON file atomically.
pub fn write_json(path: &Path, value: &impl Serialize) -> Result<()> {
    write_atomically(path, &serde_json::to_vec_pretty(value)?)
}
