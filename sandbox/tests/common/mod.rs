//! Shared helpers for the sandbox's integration tests.

#![allow(dead_code)] // Each test binary uses a different subset.

use std::time::Duration;

use sandbox::{Limits, Outcome, Program, Sandbox, SandboxConfig, Target};
use tempfile::TempDir;

/// A sandbox with a private, empty cache that lives as long as the guard.
pub struct TestSandbox {
    pub sandbox: Sandbox,
    _cache: TempDir,
}

pub fn sandbox() -> TestSandbox {
    let cache = tempfile::Builder::new()
        .prefix("sandbox-test-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("temporary cache directory");
    let config = SandboxConfig { cache_dir: cache.path().to_path_buf(), ..SandboxConfig::default() };
    TestSandbox { sandbox: Sandbox::new(config).expect("sandbox"), _cache: cache }
}

/// Short limits so that hostile programs are stopped quickly.
pub fn limits() -> Limits {
    Limits {
        fuel: 2_000_000_000,
        memory_bytes: 256 << 20,
        timeout: Duration::from_secs(3),
        output_bytes: 64 << 10,
        threads: 2,
    }
}

pub fn eval(source: &str, target: Target) -> Outcome {
    eval_with(source, target, b"", &limits())
}

pub fn eval_with(source: &str, target: Target, stdin: &[u8], limits: &Limits) -> Outcome {
    sandbox().sandbox.evaluate(&Program::new(source), target, stdin, limits).expect("sandbox works")
}

pub const BOTH: [Target; 2] = [Target::Wasm, Target::Native];
