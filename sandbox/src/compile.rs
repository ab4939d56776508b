//! Building a candidate with rustc, with an on-disk artifact cache.

use std::ffi::OsString;
use std::fs;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::crates::{BuiltCrates, CrateError, CrateSet};
use crate::diagnostics::{self, Diagnostic, SOURCE_FILE};
use crate::screen::{self, Rejection};
use crate::target::Target;

/// A candidate source plus the trusted harness code the caller appends.
///
/// Only the candidate is screened; the harness is the caller's own code. The
/// candidate must tokenize on its own, so it cannot swallow the harness into
/// an unterminated string or comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub candidate: String,
    pub harness: String,
    /// Build the `#[test]` functions with libtest's runner instead of `main`.
    pub tests: bool,
}

impl Program {
    /// A program made of the candidate alone (it must have its own `main`).
    pub fn new(candidate: impl Into<String>) -> Self {
        Program { candidate: candidate.into(), harness: String::new(), tests: false }
    }

    /// The same source built as a test runner: running it runs every
    /// `#[test]` function and exits non-zero if one fails. Run it natively:
    /// libtest traps under `wasm32-wasip1`.
    pub fn tests(mut self) -> Self {
        self.tests = true;
        self
    }

    /// Appends trusted harness code after the candidate.
    pub fn with_harness(mut self, harness: impl Into<String>) -> Self {
        self.harness = harness.into();
        self
    }
}

/// A built program, ready to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    /// Hex SHA-256 of everything that determined the build.
    pub key: String,
    pub target: Target,
    /// The `.wasm` module or the native executable, inside the cache.
    pub path: PathBuf,
    /// A test runner: libtest runs each test on a thread of its own.
    pub tests: bool,
}

/// Why a build produced no artifact.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("source rejected: {0}")]
    Rejected(#[from] Rejection),
    #[error("compilation failed with {} error(s)", .0.iter().filter(|d| d.level == "error").count())]
    Compile(Vec<Diagnostic>),
    #[error("compilation took longer than {0:?}")]
    Timeout(Duration),
    #[error("toolchain problem: {0}")]
    Toolchain(String),
    #[error("I/O error in the build cache: {0}")]
    Io(#[from] std::io::Error),
}

impl From<CrateError> for BuildError {
    fn from(e: CrateError) -> Self {
        BuildError::Toolchain(e.0)
    }
}

/// Compiler options that change the artifact; all of them enter the cache key.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BuildOptions {
    /// Size of the WebAssembly program's stack in linear memory.
    pub wasm_stack_bytes: u64,
    pub build_timeout: Duration,
}

/// Limits the number of rustc processes running at once.
struct Slots {
    free: Mutex<usize>,
    freed: Condvar,
}

struct SlotGuard<'a>(&'a Slots);

impl Slots {
    fn acquire(&self) -> SlotGuard<'_> {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        SlotGuard(self)
    }
}

impl Drop for SlotGuard<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.0.freed.notify_one();
    }
}

pub(crate) struct Compiler {
    rustc: PathBuf,
    sysroot: PathBuf,
    version: String,
    cache_dir: PathBuf,
    options: BuildOptions,
    slots: Slots,
    /// Appended to every native build: see [`crate::guard`].
    native_guard: String,
    /// The crates candidates may use besides std, linked into every build.
    crates: CrateSet,
}

/// The address-space cap for rustc itself, so that a hostile `const` cannot
/// exhaust the host's memory.
const RUSTC_ADDRESS_SPACE: u64 = 8 << 30;

impl Compiler {
    /// Finds the real rustc behind `rustc` (which may be a rustup proxy that
    /// needs the environment), so it can later run with an empty one. The
    /// crates candidates may use are built under `crates_dir` when first
    /// needed.
    pub(crate) fn discover(
        rustc: &Path,
        cache_dir: PathBuf,
        crates_dir: PathBuf,
        options: BuildOptions,
        parallel_builds: usize,
    ) -> Result<Self, BuildError> {
        let sysroot = sysroot(rustc)?;
        let real = sysroot.join("bin").join("rustc");
        let version = Command::new(&real)
            .arg("-vV")
            .env_clear()
            .output()
            .map_err(|e| BuildError::Toolchain(format!("cannot run `{}`: {e}", real.display())))?;
        if !version.status.success() {
            return Err(BuildError::Toolchain(format!("`{} -vV` failed", real.display())));
        }
        fs::create_dir_all(cache_dir.join("builds"))?;
        fs::create_dir_all(cache_dir.join("tmp"))?;
        let version = String::from_utf8_lossy(&version.stdout).into_owned();
        let crates = CrateSet::new(&sysroot, &real, &version, crates_dir)?;
        Ok(Compiler {
            rustc: real,
            sysroot,
            version,
            cache_dir,
            options,
            slots: Slots { free: Mutex::new(parallel_builds.max(1)), freed: Condvar::new() },
            native_guard: crate::guard::source().map_err(|e| BuildError::Toolchain(e.to_string()))?,
            crates,
        })
    }

    /// The `rustc -vV` text of the compiler in use.
    pub(crate) fn version(&self) -> &str {
        &self.version
    }

    fn key(&self, program: &Program, target: Target) -> String {
        let mut hasher = Sha256::new();
        // v3: every build links the crates candidates may use.
        hasher.update(b"marco-sandbox-build-v3\0");
        for part in [
            self.version.as_bytes(),
            format!("{target:?}").as_bytes(),
            self.crates.key(target).as_bytes(),
            serde_json::to_string(&self.options).unwrap_or_default().as_bytes(),
            program.candidate.as_bytes(),
            program.harness.as_bytes(),
            self.guard(target).as_bytes(),
            if program.tests { b"tests" } else { b"main" },
        ] {
            // Length-prefix every part so that no two inputs collide by
            // moving bytes from one part to the next.
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The trusted code appended to a build for `target`.
    fn guard(&self, target: Target) -> &str {
        match target {
            Target::Wasm => "",
            Target::Native => &self.native_guard,
        }
    }

    pub(crate) fn build(&self, program: &Program, target: Target) -> Result<Artifact, BuildError> {
        screen::screen(&program.candidate)?;
        if let Some(triple) = target.triple()
            && !self.sysroot.join("lib/rustlib").join(triple).join("lib").is_dir()
        {
            return Err(BuildError::Toolchain(format!(
                "the {triple} target is not installed; run `rustup target add {triple}`"
            )));
        }
        let key = self.key(program, target);
        let entry = self.cache_dir.join("builds").join(&key);
        if let Some(cached) = self.lookup(&entry, &key, target, program.tests)? {
            return cached;
        }
        // Before taking a slot: the first build of the crates runs cargo,
        // which uses every core itself.
        let crates = self.crates.ensure(target)?;
        let _slot = self.slots.acquire();
        // Another thread may have built it while we waited for a slot.
        if let Some(cached) = self.lookup(&entry, &key, target, program.tests)? {
            return cached;
        }
        let work = tempfile::Builder::new().prefix("build-").tempdir_in(self.cache_dir.join("tmp"))?;
        let result = self.run_rustc(work.path(), program, target, &crates);
        // Publish the entry atomically: readers see all of it or nothing.
        let staged = tempfile::Builder::new().prefix("entry-").tempdir_in(self.cache_dir.join("tmp"))?;
        match &result {
            Ok(()) => {
                fs::rename(work.path().join(target.artifact_name()), staged.path().join(target.artifact_name()))?;
            }
            Err(BuildError::Compile(diags)) => {
                let json = serde_json::to_vec(diags).map_err(std::io::Error::other)?;
                fs::write(staged.path().join("diagnostics.json"), json)?;
            }
            // Rejections, timeouts and I/O errors are cheap to reproduce or
            // may be transient: not cached.
            Err(_) => {}
        }
        if matches!(result, Ok(()) | Err(BuildError::Compile(_))) {
            let staged = staged.keep();
            if fs::rename(&staged, &entry).is_err() {
                // Lost a race with an identical build: keep theirs.
                let _ = fs::remove_dir_all(&staged);
            }
        }
        result.map(|()| Artifact { key, target, path: entry.join(target.artifact_name()), tests: program.tests })
    }

    fn lookup(
        &self,
        entry: &Path,
        key: &str,
        target: Target,
        tests: bool,
    ) -> Result<Option<Result<Artifact, BuildError>>, BuildError> {
        let artifact = entry.join(target.artifact_name());
        if artifact.is_file() {
            return Ok(Some(Ok(Artifact { key: key.to_string(), target, path: artifact, tests })));
        }
        let diagnostics = entry.join("diagnostics.json");
        if diagnostics.is_file() {
            let diags = serde_json::from_slice(&fs::read(diagnostics)?).map_err(std::io::Error::other)?;
            return Ok(Some(Err(BuildError::Compile(diags))));
        }
        Ok(None)
    }

    fn run_rustc(&self, dir: &Path, program: &Program, target: Target, crates: &BuiltCrates) -> Result<(), BuildError> {
        let mut source = program.candidate.clone();
        if !program.harness.is_empty() {
            source.push('\n');
            source.push_str(&program.harness);
        }
        source.push_str(self.guard(target));
        fs::write(dir.join(SOURCE_FILE), source)?;
        let tmp = dir.join("tmp");
        fs::create_dir(&tmp)?;

        let mut cmd = Command::new(&self.rustc);
        cmd.current_dir(dir)
            .env_clear()
            // The linker (cc for native builds) is found on a fixed PATH; no
            // variable of marco's environment reaches the compiler.
            .env("PATH", "/usr/bin:/bin")
            .env("TMPDIR", &tmp)
            .args([SOURCE_FILE, "--crate-name", "main", "--edition", "2021"])
            .args(if program.tests { ["--test"].as_slice() } else { ["--crate-type", "bin"].as_slice() })
            .args(["-O", "-C", "debuginfo=0", "--error-format=json", "--emit=link,dep-info"])
            .args(["-o", target.artifact_name()])
            // rustc loads an `--extern` crate only when the code names it,
            // so a program that uses std alone pays nothing for these.
            .arg("-L")
            .arg(prefixed("dependency=", &crates.deps_dir))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .process_group(0);
        for (name, rlib) in &crates.externs {
            cmd.arg("--extern").arg(prefixed(&format!("{name}="), rlib));
        }
        match target {
            Target::Wasm => {
                cmd.args(["--target", "wasm32-wasip1", "-C"])
                    .arg(format!("link-arg=-zstack-size={}", self.options.wasm_stack_bytes));
            }
            Target::Native => {
                // Static so that the binary runs in an empty chroot.
                cmd.args(["-C", "target-feature=+crt-static", "-C", "target-cpu=native"]);
            }
        }
        // SAFETY: only async-signal-safe setrlimit between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                let limit = libc::rlimit { rlim_cur: RUSTC_ADDRESS_SPACE, rlim_max: RUSTC_ADDRESS_SPACE };
                libc::setrlimit(libc::RLIMIT_AS, &limit);
                Ok(())
            });
        }
        let mut child =
            cmd.spawn().map_err(|e| BuildError::Toolchain(format!("cannot run `{}`: {e}", self.rustc.display())))?;
        let mut stderr_pipe = child.stderr.take().expect("stderr is piped");
        let reader = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr_pipe.read_to_string(&mut text);
            text
        });
        let deadline = Instant::now() + self.options.build_timeout;
        let status = loop {
            if let Some(status) = child.try_wait()? {
                break status;
            }
            if Instant::now() >= deadline {
                // SAFETY: kill(2) on the process group rustc leads.
                unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
                let _ = child.wait();
                return Err(BuildError::Timeout(self.options.build_timeout));
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        let stderr = reader.join().unwrap_or_default();
        if !status.success() {
            let mut diags = diagnostics::parse(&stderr);
            diagnostics::note_unavailable_crates(&mut diags);
            if !diags.iter().any(|d| d.level == "error") {
                diags.push(Diagnostic {
                    level: "error".into(),
                    message: format!("rustc exited with {status} without reporting an error"),
                    code: None,
                    spans: Vec::new(),
                    children: Vec::new(),
                    rendered: None,
                    suggestions: Vec::new(),
                });
            }
            return Err(BuildError::Compile(diags));
        }
        check_dependencies(&dir.join("main.d"))
    }
}

/// `prefix` followed by `path`, which need not be UTF-8.
fn prefixed(prefix: &str, path: &Path) -> OsString {
    let mut arg = OsString::from(prefix);
    arg.push(path);
    arg
}

/// Backstop for the screen: the dep-info file lists every source file rustc
/// read. Anything but the candidate itself means a host file was read.
/// (The rlibs of the allowed crates are not source files: rustc does not
/// list them.)
fn check_dependencies(dep_info: &Path) -> Result<(), BuildError> {
    let text = fs::read_to_string(dep_info)?;
    for line in text.lines() {
        let Some((_, deps)) = line.split_once(": ") else { continue };
        for dep in deps.split_whitespace() {
            if dep != SOURCE_FILE {
                return Err(BuildError::Rejected(Rejection {
                    reason: format!("the build read a file outside the candidate: {dep}"),
                    location: None,
                }));
            }
        }
    }
    Ok(())
}

/// The toolchain `rustc` belongs to (it may be a rustup proxy).
pub(crate) fn sysroot(rustc: &Path) -> Result<PathBuf, BuildError> {
    let out = Command::new(rustc)
        .args(["--print", "sysroot"])
        .output()
        .map_err(|e| BuildError::Toolchain(format!("cannot run `{}`: {e}", rustc.display())))?;
    if !out.status.success() {
        return Err(BuildError::Toolchain(format!(
            "`{} --print sysroot` failed: {}",
            rustc.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rustc_runs_with_an_empty_environment() {
        // Bypass the screen on purpose: even `option_env!` must see nothing.
        let (name, _) =
            std::env::vars().find(|(k, _)| k != "PATH" && k != "TMPDIR").expect("the test process has an environment");
        let cache = tempfile::tempdir().unwrap();
        let options = BuildOptions { wasm_stack_bytes: 1 << 20, build_timeout: Duration::from_secs(120) };
        let compiler =
            Compiler::discover(Path::new("rustc"), cache.path().to_path_buf(), crates_dir(), options, 1).unwrap();
        let crates = compiler.crates.ensure(Target::Native).unwrap();
        let work = tempfile::tempdir().unwrap();
        let program = Program::new(format!(r#"fn main() {{ print!("{{:?}}", option_env!("{name}")); }}"#));
        compiler.run_rustc(work.path(), &program, Target::Native, &crates).unwrap();
        let out = Command::new(work.path().join("main")).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), "None");
    }

    /// Where every sandbox builds the crates, so that tests share them.
    fn crates_dir() -> PathBuf {
        crate::SandboxConfig::default().crates_dir
    }

    #[test]
    fn a_crate_rustc_cannot_find_is_answered_with_the_allowed_ones() {
        // A path, not a `use`, so that the screen lets it through to rustc.
        let cache = tempfile::tempdir().unwrap();
        let options = BuildOptions { wasm_stack_bytes: 1 << 20, build_timeout: Duration::from_secs(120) };
        let compiler =
            Compiler::discover(Path::new("rustc"), cache.path().to_path_buf(), crates_dir(), options, 1).unwrap();
        let program = Program::new("fn main() { let n: u8 = serde_json::from_str(\"1\").unwrap(); print!(\"{n}\"); }");
        let Err(BuildError::Compile(diags)) = compiler.build(&program, Target::Wasm) else { panic!("it built") };
        let error = diags.iter().find(|d| d.level == "error").unwrap();
        let note =
            "note: crate `serde_json` is not available: candidates may use std and only these crates: rayon 1.12.0";
        assert!(error.children.iter().any(|c| c.starts_with(note)), "{error:?}");
        let rendered = error.rendered.as_deref().unwrap();
        assert!(
            rendered.contains("= note: crate `serde_json` is not available") && rendered.contains("bytemuck"),
            "{rendered}"
        );
        // Errors that are not about a missing crate get no such note.
        let program = Program::new("fn main() { let n: u8 = rayon::current_num_threads(); print!(\"{n}\"); }");
        let Err(BuildError::Compile(diags)) = compiler.build(&program, Target::Wasm) else { panic!("it built") };
        assert!(diags.iter().all(|d| d.children.iter().all(|c| !c.contains("is not available"))), "{diags:?}");
    }

    #[test]
    fn dep_info_naming_a_host_file_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let dep_info = dir.path().join("main.d");
        fs::write(&dep_info, "main.wasm: main.rs\n\nmain.rs:\n").unwrap();
        check_dependencies(&dep_info).unwrap();
        fs::write(&dep_info, "main.wasm: main.rs /etc/passwd\n\nmain.rs:\n/etc/passwd:\n").unwrap();
        let err = check_dependencies(&dep_info).unwrap_err();
        assert!(err.to_string().contains("/etc/passwd"), "{err}");
    }
}
