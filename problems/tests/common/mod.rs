//! Shared helpers for the problem set's tests.

#![allow(dead_code)] // Each test binary uses a different subset.

use std::path::PathBuf;

use sandbox::{Sandbox, SandboxConfig};

/// A sandbox whose artifact cache lives in the target directory, so that
/// repeated test runs reuse builds (entries are keyed by content).
pub fn sandbox() -> Sandbox {
    let cache = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("problems-cache");
    Sandbox::new(SandboxConfig { cache_dir: cache, ..SandboxConfig::default() }).expect("sandbox")
}

/// Runs `work` on every item with two threads; returns every error message.
pub fn on_two_threads<T: Sync>(items: &[T], work: impl Fn(&T) -> Vec<String> + Sync) -> Vec<String> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let errors = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let found = work(item);
                    errors.lock().unwrap().extend(found);
                }
            });
        }
    });
    errors.into_inner().unwrap()
}

/// Whether problem `id` is among those named in `$PROBLEMS_ONLY` (ids
/// separated by commas), for quick runs while writing problems; every
/// problem when it is unset. A narrowed run says so on stderr.
pub fn selected(id: u32) -> bool {
    let Ok(only) = std::env::var("PROBLEMS_ONLY") else { return true };
    let chosen = only.split(',').any(|s| s.trim() == id.to_string());
    if !chosen {
        eprintln!("PROBLEMS_ONLY={only}: problem {id} not tested");
    }
    chosen
}
