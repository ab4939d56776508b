//! How a sandbox is set up.

use std::path::PathBuf;
use std::time::Duration;

use crate::native::NATIVE_STACK_BYTES;

/// How a [`Sandbox`](crate::Sandbox) is set up.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// The `rustc` to use; a rustup proxy is fine, it is resolved once.
    pub rustc: PathBuf,
    /// Where artifacts, compile errors and run directories live.
    pub cache_dir: PathBuf,
    /// Where the crates candidates may use are built, once per toolchain
    /// and target. Entries are keyed by content and safe to share between
    /// sandboxes and processes, so a sandbox with a private `cache_dir`
    /// (a test's) still finds the crates already built.
    pub crates_dir: PathBuf,
    /// How many rustc processes may run at once.
    pub parallel_builds: usize,
    /// Size of the WebAssembly program's stack in linear memory (the native
    /// main thread gets the same). Generous, so that recursive solutions to
    /// deep inputs do not overflow.
    pub wasm_stack_bytes: u64,
    /// rustc is killed after this long.
    pub build_timeout: Duration,
}

impl Default for SandboxConfig {
    /// `rustc` from `PATH`; the cache in `$MARCO_CACHE_DIR`, else the user's
    /// cache directory (`~/.cache/marco/sandbox`), the crates in its
    /// `crates/`; one build per core.
    fn default() -> Self {
        let cache_dir = std::env::var_os("MARCO_CACHE_DIR")
            .map(PathBuf::from)
            .or_else(|| dirs::cache_dir().map(|d| d.join("marco")))
            .unwrap_or_else(|| std::env::temp_dir().join("marco"))
            .join("sandbox");
        SandboxConfig {
            rustc: PathBuf::from("rustc"),
            crates_dir: cache_dir.join("crates"),
            cache_dir,
            parallel_builds: std::thread::available_parallelism().map(usize::from).unwrap_or(1),
            wasm_stack_bytes: NATIVE_STACK_BYTES,
            build_timeout: Duration::from_secs(120),
        }
    }
}
