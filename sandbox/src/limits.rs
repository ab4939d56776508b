//! What one run may use.

use std::time::Duration;

/// Limits for one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// WebAssembly fuel (roughly one unit per instruction).
    pub fuel: u64,
    /// Linear memory (WebAssembly) or address space (native), in bytes.
    pub memory_bytes: u64,
    /// Wall-clock deadline; natively also the CPU-time limit.
    pub timeout: Duration,
    /// Cap on each of stdout and stderr, in bytes.
    pub output_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            fuel: 20_000_000_000,
            memory_bytes: 512 << 20,
            timeout: Duration::from_secs(10),
            output_bytes: 1 << 20,
        }
    }
}
