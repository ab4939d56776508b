//! Loadable llama.cpp backends (the `gpu` feature): llama.cpp is built with
//! `GGML_BACKEND_DL`, so the CPU code and the CUDA code are modules
//! (`libggml-cpu-*.so`, `libggml-cuda.so`) loaded at start-up from a
//! directory. One binary built on a machine without CUDA then runs on a GPU
//! machine where only the CUDA module was built (`benchmarks/gpu/`).

use std::path::{Path, PathBuf};

/// Environment variable naming the directory of backend modules.
pub const BACKENDS_DIR_ENV: &str = "MARCO_BACKENDS_DIR";

/// Whether `dir` holds at least one ggml backend module.
fn has_modules(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("libggml-") && name.contains(".so") && !name.starts_with("libggml-base")
        })
    })
}

/// Where the modules are looked for, in order: `$MARCO_BACKENDS_DIR`, a
/// `backends` directory next to the executable, the executable's own
/// directory, and the directory the llama.cpp build installed them to (so
/// that `cargo run` works on the machine that built them).
fn candidates() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(dir) = std::env::var_os(BACKENDS_DIR_ENV) {
        dirs.push(PathBuf::from(dir));
    }
    if let Some(exe_dir) = std::env::current_exe().ok().and_then(|exe| exe.parent().map(Path::to_path_buf)) {
        dirs.push(exe_dir.join("backends"));
        dirs.push(exe_dir);
    }
    if let Some(built) = llama_cpp_sys_2::BACKENDS_DIR {
        dirs.push(PathBuf::from(built));
    }
    dirs
}

/// Loads every backend module of the first directory that has any (for the
/// CPU, llama.cpp picks the variant best suited to this processor). Must
/// run before llama.cpp's backend is initialised.
pub fn load() -> Result<(), String> {
    let tried = candidates();
    let Some(dir) = tried.iter().find(|d| has_modules(d)) else {
        let list = tried.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ");
        return Err(format!(
            "marco was built with loadable llama.cpp backends (feature `gpu`) but found no backend module \
             (libggml-cpu-*.so, libggml-cuda.so) in: {list}; set {BACKENDS_DIR_ENV} to their directory"
        ));
    };
    let dir_text = dir.to_str().ok_or_else(|| format!("the backends directory {} is not UTF-8", dir.display()))?;
    if dir_text.contains('\0') {
        return Err(format!("the backends directory {dir_text:?} contains a NUL byte"));
    }
    llama_cpp_2::llama_backend::load_backends_from_path(dir);
    // SAFETY: a plain query of ggml's device registry, filled just above.
    let count = unsafe { llama_cpp_sys_2::ggml_backend_dev_count() };
    if count == 0 {
        return Err(format!(
            "no backend module in {dir_text} could be loaded (missing libraries or processor support?)"
        ));
    }
    tracing::info!(dir = dir_text, devices = count, "loaded llama.cpp backend modules");
    Ok(())
}
