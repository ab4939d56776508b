//! What happened when a candidate was built and run.

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;

/// The one-word verdict on a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The program ran to completion and exited with code 0.
    Ok,
    /// The program ran to completion but exited with a non-zero code.
    NonZeroExit,
    /// The source was refused before rustc ran (see `message`).
    Rejected,
    /// rustc failed; `diagnostics` says why.
    CompileError,
    /// The program panicked; `message` holds the panic message.
    Panic,
    /// A WebAssembly trap or a fatal signal (stack overflow, out-of-bounds
    /// access, illegal instruction...); `message` says which.
    Trap,
    /// The fuel budget ran out (WebAssembly only).
    OutOfFuel,
    /// The memory cap was reached.
    OutOfMemory,
    /// The wall-clock deadline (or, natively, the CPU-time limit) passed.
    Timeout,
    /// stdout or stderr exceeded its cap.
    OutputTooLarge,
    /// A native program tried to create a process or run a program (fork,
    /// vfork, execve, clone without `CLONE_THREAD`): the sandbox killed it.
    Forbidden,
}

impl Status {
    /// The snake_case name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::NonZeroExit => "non_zero_exit",
            Status::Rejected => "rejected",
            Status::CompileError => "compile_error",
            Status::Panic => "panic",
            Status::Trap => "trap",
            Status::OutOfFuel => "out_of_fuel",
            Status::OutOfMemory => "out_of_memory",
            Status::Timeout => "timeout",
            Status::OutputTooLarge => "output_too_large",
            Status::Forbidden => "forbidden",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything the evaluator learns from one build-and-run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub status: Status,
    /// Why the run did not succeed: the panic message, the trap, the rejection
    /// reason. `None` for `ok`.
    pub message: Option<String>,
    /// The exit code, when the program exited by itself.
    pub exit_code: Option<i32>,
    /// Captured stdout (lossily decoded as UTF-8, cut at the cap).
    pub stdout: String,
    /// Captured stderr (lossily decoded as UTF-8, cut at the cap).
    pub stderr: String,
    /// Fuel consumed: the deterministic work metric (WebAssembly only).
    pub fuel: Option<u64>,
    /// Wall-clock time of the run, in milliseconds.
    pub wall_ms: f64,
    /// Peak memory: linear memory for WebAssembly, maximum resident set size
    /// for native runs.
    pub peak_memory_bytes: Option<u64>,
    /// CPU time of all its threads, user and system, in milliseconds
    /// (native runs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_ms: Option<f64>,
    /// The most threads it ran at once, main included, as sampled every
    /// couple of milliseconds (native runs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<u32>,
    /// rustc's diagnostics when the status is `compile_error`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

impl Outcome {
    /// An outcome for a program that never ran.
    pub fn not_run(status: Status, message: String, diagnostics: Vec<Diagnostic>) -> Self {
        Outcome {
            status,
            message: Some(message),
            exit_code: None,
            stdout: String::new(),
            stderr: String::new(),
            fuel: None,
            wall_ms: 0.0,
            peak_memory_bytes: None,
            cpu_ms: None,
            threads: None,
            diagnostics,
        }
    }

    /// True when the program ran and exited with code 0.
    pub fn is_ok(&self) -> bool {
        self.status == Status::Ok
    }
}

/// Extracts the panic message from a Rust program's stderr, if it panicked.
pub(crate) fn panic_message(stderr: &str) -> Option<String> {
    let start = stderr.find("panicked at")?;
    let rest = &stderr[start..];
    // The message spans the location line and the lines after it, up to the
    // standard "note: run with `RUST_BACKTRACE=1`" hint.
    let end = rest.find("\nnote:").unwrap_or(rest.len());
    Some(rest[..end].trim_end().to_string())
}

/// Decodes captured output for the outcome.
pub(crate) fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
