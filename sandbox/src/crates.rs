//! The crates a candidate may use besides std, and building them once per
//! target so that a candidate build only links them.
//!
//! The crates are the dependencies of a tiny package kept in
//! `sandbox/crates/` (its `Cargo.toml` pins exact versions, its committed
//! `Cargo.lock` every transitive version and checksum). The package is
//! embedded in marco; the first build for a target writes it into
//! `<crates_dir>/<key>/`, runs `cargo build --locked` there and records the
//! rlibs in `manifest.json`. Later builds, in this process or any other,
//! read the manifest and never run cargo again.

use std::collections::{BTreeMap, VecDeque};
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read, Write};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::target::Target;

/// A crate that candidates may use, besides std.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllowedCrate {
    /// The package name on crates.io (`rustc-hash`); code names it with
    /// `_` for `-` (`rustc_hash`).
    pub name: &'static str,
    /// The exact version candidates are built against.
    pub version: &'static str,
    /// What a candidate would use it for.
    pub why: &'static str,
}

impl AllowedCrate {
    /// The name code uses for it: `rustc_hash` for `rustc-hash`.
    pub fn crate_name(&self) -> String {
        self.name.replace('-', "_")
    }
}

/// The crates candidates may use besides std, with the exact versions that
/// `sandbox/crates/Cargo.toml` pins (a unit test keeps the two equal).
pub const ALLOWED_CRATES: &[AllowedCrate] = &[
    AllowedCrate {
        name: "rayon",
        version: "1.12.0",
        why: "data parallelism: par_iter, par_chunks, join and parallel reductions on a work-stealing pool; \
              one thread on wasm32-wasip1",
    },
    AllowedCrate {
        name: "rustc-hash",
        version: "2.1.3",
        why: "FxHashMap and FxHashSet: fast non-cryptographic hashing for integer and small keys",
    },
    AllowedCrate {
        name: "smallvec",
        version: "1.16.6",
        why: "SmallVec: a vector that keeps its first few elements inline, without a heap allocation",
    },
    AllowedCrate {
        name: "memchr",
        version: "2.8.3",
        why: "SIMD-accelerated byte and substring search: memchr, memrchr, memmem",
    },
    AllowedCrate {
        name: "bytemuck",
        version: "1.25.2",
        why: "safe casts between slices of plain old data with cast_slice and Pod, e.g. for SIMD-friendly layouts",
    },
];

/// Whether code may name `name` (as written in code, e.g. `rustc_hash`) as
/// a crate: std, core, alloc or an allowed crate.
pub(crate) fn is_available(name: &str) -> bool {
    matches!(name, "std" | "core" | "alloc") || ALLOWED_CRATES.iter().any(|c| c.crate_name() == name)
}

/// Says that crate `name` is missing, and which ones a candidate may use.
pub(crate) fn unavailable(name: &str) -> String {
    let list: Vec<String> =
        ALLOWED_CRATES.iter().map(|c| format!("{} {} ({})", c.crate_name(), c.version, c.why)).collect();
    format!("crate `{name}` is not available: candidates may use std and only these crates: {}", list.join("; "))
}

/// Sources of the allowed crates are named under this prefix in their
/// rlibs (and so in diagnostics and panic messages), never by their place
/// in the host's cargo registry.
pub(crate) const REMAPPED_SOURCES: &str = "/marco-crates/";

// The package, embedded so that marco needs no checkout to build it.
const MANIFEST: &str = include_str!("../crates/Cargo.toml");
const LOCKFILE: &str = include_str!("../crates/Cargo.lock");
const LIB: &str = include_str!("../crates/src/lib.rs");

/// The crates, built for one target: what rustc needs to link them.
/// Why the crates candidates may use could not be built: the toolchain or
/// the registry failed, never the candidate.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct CrateError(pub(crate) String);

impl From<std::io::Error> for CrateError {
    fn from(e: std::io::Error) -> Self {
        CrateError(format!("I/O error while building the crates candidates may use: {e}"))
    }
}

#[derive(Debug)]
pub(crate) struct BuiltCrates {
    /// Where rustc finds the crates' own dependencies (`-L dependency=`).
    pub deps_dir: PathBuf,
    /// `--extern` pairs: the name code uses and its rlib.
    pub externs: Vec<(String, PathBuf)>,
}

/// What `manifest.json` holds; paths relative to the entry directory so
/// that the cache can move.
#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    deps_dir: PathBuf,
    crates: BTreeMap<String, PathBuf>,
}

/// Builds the allowed crates for a target once and finds them afterwards.
pub(crate) struct CrateSet {
    cargo: PathBuf,
    rustc: PathBuf,
    host: String,
    dir: PathBuf,
    wasm_key: String,
    native_key: String,
}

/// Built crate sets by entry directory, shared by every sandbox of the
/// process, so that each is looked up on disk once.
static BUILT: Mutex<BTreeMap<PathBuf, Arc<BuiltCrates>>> = Mutex::new(BTreeMap::new());

/// Lines of cargo's stderr kept for an error message.
const TAIL_LINES: usize = 20;

impl CrateSet {
    /// `version` is `rustc -vV` of `rustc`, the compiler candidates are
    /// built with; cargo is the one beside it in `sysroot`.
    pub(crate) fn new(sysroot: &Path, rustc: &Path, version: &str, dir: PathBuf) -> Result<Self, CrateError> {
        let host = version
            .lines()
            .find_map(|l| l.strip_prefix("host: "))
            .ok_or_else(|| CrateError(format!("`{} -vV` names no host target", rustc.display())))?
            .trim()
            .to_string();
        let key = |target| entry_key(version, &triple(&host, target), flags(target));
        Ok(CrateSet {
            cargo: sysroot.join("bin").join("cargo"),
            rustc: rustc.to_path_buf(),
            wasm_key: key(Target::Wasm),
            native_key: key(Target::Native),
            host,
            dir,
        })
    }

    /// Names the crates as built for `target`: it enters every candidate
    /// build's cache key.
    pub(crate) fn key(&self, target: Target) -> &str {
        match target {
            Target::Wasm => &self.wasm_key,
            Target::Native => &self.native_key,
        }
    }

    /// The crates built for `target`, building them first if no process
    /// has yet.
    pub(crate) fn ensure(&self, target: Target) -> Result<Arc<BuiltCrates>, CrateError> {
        let entry = self.dir.join(self.key(target));
        if let Some(built) = memo().get(&entry) {
            return Ok(built.clone());
        }
        fs::create_dir_all(&self.dir)?;
        // One build per entry at a time, across threads and processes: the
        // second waits, then finds the first one's manifest.
        let lock = File::options().create(true).truncate(false).write(true).open(entry.with_extension("lock"))?;
        lock_exclusive(&lock)?;
        let built = match read_manifest(&entry) {
            Some(built) => built,
            None => self.build(target, &entry)?,
        };
        let built = Arc::new(built);
        memo().insert(entry, built.clone());
        Ok(built)
    }

    fn build(&self, target: Target, entry: &Path) -> Result<BuiltCrates, CrateError> {
        if !self.cargo.is_file() {
            return Err(CrateError(format!(
                "cargo is not installed beside rustc (looked for {}); it builds the crates candidates may use",
                self.cargo.display()
            )));
        }
        let triple = triple(&self.host, target);
        let names: Vec<&str> = ALLOWED_CRATES.iter().map(|c| c.name).collect();
        tracing::info!("building the crates candidates may use ({}) for {triple}, once", names.join(", "));
        fs::create_dir_all(entry.join("src"))?;
        fs::write(entry.join("Cargo.toml"), MANIFEST)?;
        fs::write(entry.join("Cargo.lock"), LOCKFILE)?;
        fs::write(entry.join("src").join("lib.rs"), LIB)?;

        // Fetches the crates and says where their sources are, for the
        // remapping below.
        let mut metadata = Vec::new();
        let mut cmd = self.cargo(entry);
        cmd.args(["metadata", "--locked", "--format-version", "1"]);
        run_cargo(cmd, &triple, |line| metadata.extend_from_slice(line))?;
        let metadata: Metadata = serde_json::from_slice(&metadata)
            .map_err(|e| CrateError(format!("cannot read `cargo metadata`'s output: {e}")))?;
        let mut rustflags: Vec<String> = flags(target).iter().map(|f| f.to_string()).collect();
        for package in metadata.packages.iter().filter(|p| p.source.is_some()) {
            if let Some(source) = package.manifest_path.parent() {
                rustflags.push(format!(
                    "--remap-path-prefix={}={REMAPPED_SOURCES}{}-{}",
                    source.display(),
                    package.name,
                    package.version
                ));
            }
        }

        let mut cmd = self.cargo(entry);
        cmd.args(["build", "--release", "--locked", "--lib", "--message-format=json-render-diagnostics"])
            .args(["--target", &triple])
            .env("CARGO_TARGET_DIR", entry.join("target"))
            .env("CARGO_ENCODED_RUSTFLAGS", rustflags.join("\x1f"));
        let mut rlibs = BTreeMap::new();
        run_cargo(cmd, &triple, |line| {
            // Lines that are not JSON messages are not ours to read.
            if let Ok(CargoMessage::CompilerArtifact { target, filenames }) = serde_json::from_slice(line)
                && let Some(rlib) = filenames.into_iter().find(|f| f.extension().is_some_and(|e| e == "rlib"))
            {
                rlibs.insert(target.name, rlib);
            }
        })?;

        let deps_dir = PathBuf::from("target").join(&triple).join("release").join("deps");
        let mut crates = BTreeMap::new();
        for allowed in ALLOWED_CRATES {
            let name = allowed.crate_name();
            let rlib = rlibs.remove(&name).ok_or_else(|| {
                CrateError(format!("`cargo build` of the crates candidates may use made no rlib for {name}"))
            })?;
            let relative = rlib
                .strip_prefix(entry)
                .map(Path::to_path_buf)
                .map_err(|_| CrateError(format!("cargo put {} outside {}", rlib.display(), entry.display())))?;
            crates.insert(name, relative);
        }
        let manifest = Manifest { deps_dir, crates };
        // Written last and renamed into place: a manifest that exists
        // describes a finished build.
        let json = serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)?;
        let staged = entry.join("manifest.json.tmp");
        let mut file = File::create(&staged)?;
        file.write_all(&json)?;
        file.sync_all()?;
        fs::rename(&staged, entry.join("manifest.json"))?;
        read_manifest(entry)
            .ok_or_else(|| CrateError(format!("the crates built in {} are incomplete", entry.display())))
    }

    /// cargo with a chosen environment: the host's would let `RUSTFLAGS`,
    /// `CARGO_TARGET_DIR` or a surrounding `cargo test` change the build.
    /// What it keeps locates the registry cache and reaches crates.io.
    fn cargo(&self, dir: &Path) -> Command {
        let mut cmd = Command::new(&self.cargo);
        cmd.current_dir(dir).env_clear().env("PATH", "/usr/bin:/bin").env("RUSTC", &self.rustc);
        for (name, value) in std::env::vars_os() {
            if keeps(&name) {
                cmd.env(name, value);
            }
        }
        cmd
    }
}

/// Environment variables cargo may see: where its home is, and how it
/// reaches the registry.
fn keeps(name: &OsString) -> bool {
    let Some(name) = name.to_str() else { return false };
    matches!(
        name,
        "HOME"
            | "CARGO_HOME"
            | "SSL_CERT_FILE"
            | "SSL_CERT_DIR"
            | "http_proxy"
            | "https_proxy"
            | "HTTP_PROXY"
            | "HTTPS_PROXY"
            | "ALL_PROXY"
            | "all_proxy"
            | "no_proxy"
            | "NO_PROXY"
    ) || ["CARGO_HTTP_", "CARGO_NET_", "CARGO_REGISTRIES_", "CARGO_REGISTRY_"].iter().any(|p| name.starts_with(p))
}

fn triple(host: &str, target: Target) -> String {
    match target {
        Target::Wasm => "wasm32-wasip1".into(),
        Target::Native => host.into(),
    }
}

/// rustc flags for the crates: the same code generation as the candidates
/// they are linked into (compile.rs).
fn flags(target: Target) -> &'static [&'static str] {
    match target {
        Target::Wasm => &[],
        Target::Native => &["-Ctarget-cpu=native", "-Ctarget-feature=+crt-static"],
    }
}

fn entry_key(version: &str, triple: &str, flags: &[&str]) -> String {
    let mut hasher = Sha256::new();
    // v1: sources remapped under REMAPPED_SOURCES.
    hasher.update(b"marco-candidate-crates-v1\0");
    let flags = flags.join("\x1f");
    for part in [version, triple, &flags, LOCKFILE, MANIFEST, LIB] {
        // Length-prefixed so that no two inputs collide.
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn memo() -> std::sync::MutexGuard<'static, BTreeMap<PathBuf, Arc<BuiltCrates>>> {
    // A panic elsewhere while it was held leaves the map itself intact.
    BUILT.lock().unwrap_or_else(|e| e.into_inner())
}

/// Blocks until this process holds `file`'s exclusive lock; closing the
/// file releases it.
fn lock_exclusive(file: &File) -> std::io::Result<()> {
    loop {
        // SAFETY: flock(2) on a descriptor that `file` keeps open.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
            return Ok(());
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

/// The build recorded in `entry`, if it is complete.
fn read_manifest(entry: &Path) -> Option<BuiltCrates> {
    let manifest: Manifest = serde_json::from_slice(&fs::read(entry.join("manifest.json")).ok()?).ok()?;
    let deps_dir = entry.join(&manifest.deps_dir);
    if !deps_dir.is_dir() {
        return None;
    }
    let mut externs = Vec::new();
    for allowed in ALLOWED_CRATES {
        let name = allowed.crate_name();
        let rlib = entry.join(manifest.crates.get(&name)?);
        if !rlib.is_file() {
            return None;
        }
        externs.push((name, rlib));
    }
    Some(BuiltCrates { deps_dir, externs })
}

// The subset of cargo's `--message-format=json` that we read.
#[derive(Deserialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
enum CargoMessage {
    CompilerArtifact {
        target: ArtifactTarget,
        filenames: Vec<PathBuf>,
    },
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct ArtifactTarget {
    name: String,
}

// The subset of `cargo metadata` that we read.
#[derive(Deserialize)]
struct Metadata {
    packages: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    version: String,
    manifest_path: PathBuf,
    /// `None` for the local package, the registry for the crates.
    source: Option<String>,
}

/// Runs cargo, handing each line of its stdout to `on_line`; its stderr
/// goes on to ours (the user sees the download and build progress) and its
/// last lines into the error if it fails.
fn run_cargo(mut cmd: Command, triple: &str, mut on_line: impl FnMut(&[u8])) -> Result<(), CrateError> {
    let what = format!("`cargo {}`", cmd.get_args().next().and_then(|a| a.to_str()).unwrap_or_default());
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child =
        cmd.spawn().map_err(|e| CrateError(format!("cannot run `{}`: {e}", cmd.get_program().display())))?;
    let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
        return Err(CrateError(format!("{what} has no output pipes")));
    };
    let relay = std::thread::spawn(move || relay_stderr(stderr));
    let mut reader = BufReader::new(stdout);
    let mut line = Vec::new();
    let read = loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break Ok(()),
            Ok(_) => on_line(&line),
            Err(e) => break Err(e),
        }
    };
    let status = child.wait()?;
    let tail = relay.join().unwrap_or_default();
    read?;
    if status.success() { Ok(()) } else { Err(cargo_failed(&what, triple, status, &tail)) }
}

/// Copies cargo's stderr to ours line by line, keeping the last lines.
fn relay_stderr(stderr: impl Read) -> VecDeque<String> {
    let mut tail = VecDeque::with_capacity(TAIL_LINES);
    let mut reader = BufReader::new(stderr);
    let mut line = Vec::new();
    while let Ok(n) = reader.read_until(b'\n', &mut line) {
        if n == 0 {
            break;
        }
        let _ = std::io::stderr().write_all(&line);
        if tail.len() == TAIL_LINES {
            tail.pop_front();
        }
        tail.push_back(String::from_utf8_lossy(&line).trim_end().to_string());
        line.clear();
    }
    tail
}

fn cargo_failed(what: &str, triple: &str, status: ExitStatus, tail: &VecDeque<String>) -> CrateError {
    let tail: Vec<&str> = tail.iter().map(String::as_str).collect();
    CrateError(format!(
        "the crates candidates may use could not be fetched or built for {triple}: {what} failed ({status}):\n{}\n\
         They come from crates.io on first use: with network access, run scripts/bootstrap (it fetches them) \
         or build again.",
        tail.join("\n")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_crates_match_the_pinned_package() {
        // Read at test time, not embedded, so that the test sees the file
        // in the tree.
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates").join("Cargo.toml");
        let manifest: toml::Table = toml::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let dependencies = manifest["dependencies"].as_table().unwrap();
        let pinned: BTreeMap<String, String> =
            dependencies.iter().map(|(name, v)| (name.clone(), v.as_str().unwrap().to_string())).collect();
        let allowed: BTreeMap<String, String> =
            ALLOWED_CRATES.iter().map(|c| (c.name.to_string(), format!("={}", c.version))).collect();
        assert_eq!(pinned, allowed, "ALLOWED_CRATES and {} disagree", path.display());

        // The lockfile holds those same versions.
        let lock_path = path.with_file_name("Cargo.lock");
        let lock: toml::Table = toml::from_str(&fs::read_to_string(&lock_path).unwrap()).unwrap();
        for allowed in ALLOWED_CRATES {
            let locked = lock["package"].as_array().unwrap().iter().any(|p| {
                p["name"].as_str() == Some(allowed.name)
                    && p["version"].as_str() == Some(allowed.version)
                    && p.get("checksum").is_some()
            });
            assert!(locked, "{} {} is not locked with a checksum", allowed.name, allowed.version);
        }
    }

    #[test]
    fn the_refusal_lists_every_crate_with_its_version() {
        let message = unavailable("regex");
        assert!(message.starts_with("crate `regex` is not available"), "{message}");
        for c in ALLOWED_CRATES {
            assert!(message.contains(&format!("{} {} (", c.crate_name(), c.version)), "{message}");
        }
        assert!(is_available("rustc_hash") && is_available("std") && !is_available("rustc-hash"));
    }

    #[test]
    fn keys_differ_by_target_and_toolchain() {
        let version = "rustc 1.95.0\nhost: x86_64-unknown-linux-gnu\n";
        let set = CrateSet::new(Path::new("/sysroot"), Path::new("/sysroot/bin/rustc"), version, "/c".into()).unwrap();
        assert_ne!(set.key(Target::Wasm), set.key(Target::Native));
        let other = CrateSet::new(
            Path::new("/s"),
            Path::new("/s/bin/rustc"),
            "rustc 1.96.0\nhost: x86_64-unknown-linux-gnu\n",
            "/c".into(),
        )
        .unwrap();
        assert_ne!(set.key(Target::Native), other.key(Target::Native));
        assert!(CrateSet::new(Path::new("/s"), Path::new("/s/bin/rustc"), "rustc 1.95.0\n", "/c".into()).is_err());
    }

    #[test]
    fn a_failed_cargo_says_what_to_do() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo 'error: failed to download from `https://index.crates.io`' >&2; exit 101"]);
        let err = run_cargo(cmd, "wasm32-wasip1", |_| {}).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("failed to download") && text.contains("scripts/bootstrap"), "{text}");
    }
}
