//! [`RunSpec`]: everything a run needs to start again, saved as
//! `run.json` and logged when it starts.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::options::Options;

/// Everything a run needs to start again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunSpec {
    pub marco: String,
    /// The user's file (its text is kept in the run directory).
    pub file: PathBuf,
    pub problem: Option<String>,
    pub input_files: Vec<PathBuf>,
    pub options: Options,
    /// `None`: marco's built-in backend with `model`.
    pub llm_url: Option<String>,
    pub model: String,
    pub llm_timeout: u64,
    /// Where the result goes when the run finishes.
    pub output: PathBuf,
    /// Write the result over `file` instead.
    pub in_place: bool,
}
