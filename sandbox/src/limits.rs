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
    /// Cores a native run may use: it is pinned to this many and may run
    /// this many threads besides its main one (1: no thread at all). Its
    /// CPU-time limit is `timeout` times this. WebAssembly runs one thread.
    pub threads: u32,
}

/// Every core this process may run on.
pub fn available_cores() -> u32 {
    std::thread::available_parallelism().map_or(1, |n| n.get() as u32)
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            fuel: 20_000_000_000,
            memory_bytes: 512 << 20,
            timeout: Duration::from_secs(10),
            output_bytes: 1 << 20,
            threads: available_cores(),
        }
    }
}
