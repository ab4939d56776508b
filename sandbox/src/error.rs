//! The sandbox's own failures.

use crate::compile::BuildError;
use crate::outcome::Status;

/// Failures of the sandbox itself (not of the candidate).
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error(transparent)]
    Build(#[from] BuildError),
    #[error("WebAssembly runtime error: {0}")]
    Wasm(String),
    #[error("{0}")]
    Isolation(String),
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot compare: {which} did not run successfully ({status}: {message})")]
    CompareRun { which: &'static str, status: Status, message: String },
}
