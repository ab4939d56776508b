//! What clients submit, as it is stored with the job: a file or problem job
//! (JSON), or a package job (a `.tar.gz` kept in the job's directory, and
//! its options).

use serde::{Deserialize, Serialize};

use marco::settings::Layer;

/// A job as stored: either kind, told apart by their fields.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StoredRequest {
    File(JobRequest),
    Package(PackageJobRequest),
}

impl StoredRequest {
    /// The kind the API shows.
    pub fn kind(&self) -> &'static str {
        match self {
            StoredRequest::File(JobRequest { problem: Some(_), .. }) => "problem",
            StoredRequest::File(_) => "file",
            StoredRequest::Package(_) => "package",
        }
    }

    pub fn problem(&self) -> Option<&str> {
        match self {
            StoredRequest::File(request) => request.problem.as_deref(),
            StoredRequest::Package(_) => None,
        }
    }
}

/// What a client submits for a file or problem job.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobRequest {
    /// A whole program, or with `problem` a LeetCode solution.
    pub source: String,
    /// A LeetCode 75 problem id or slug: the job is a problem job.
    #[serde(default)]
    pub problem: Option<String>,
    /// Stdin texts; the first half are shown to the generator.
    #[serde(default)]
    pub inputs: Vec<String>,
    #[serde(default)]
    pub options: JobOptions,
}

/// The loop's options a job may set; the server's settings fill the rest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobOptions {
    pub iterations: Option<u32>,
    pub candidates: Option<u32>,
    pub search: Option<bool>,
    pub single_shot: Option<bool>,
    pub max_tokens: Option<u64>,
    pub max_time: Option<u64>,
    pub seed: Option<u64>,
    /// The model name sent to the server's LLM.
    pub model: Option<String>,
}

impl JobOptions {
    /// As a settings layer, to go over the server's.
    pub fn layer(&self) -> Layer {
        Layer {
            iterations: self.iterations,
            candidates: self.candidates,
            search: self.search,
            single_shot: self.single_shot,
            max_tokens: self.max_tokens,
            max_time: self.max_time,
            seed: self.seed,
            model: self.model.clone(),
            ..Layer::default()
        }
    }
}

/// The `request` part of a package job: what `marco optimise DIR` takes as
/// flags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageJob {
    /// The package of a workspace (`-p`).
    #[serde(default)]
    pub package: Option<String>,
    /// Functions to optimise (`--function`); none: the profile's top ones.
    #[serde(default)]
    pub functions: Vec<String>,
    /// How many of the profile's functions (`--top`).
    #[serde(default)]
    pub top: Option<usize>,
    /// A command to profile instead of the benchmarks (`--workload`); it runs
    /// in the same container as the package's tests.
    #[serde(default)]
    pub workload: Option<String>,
    /// Relative tolerance for returned floating-point numbers.
    #[serde(default)]
    pub tolerance: Option<f64>,
    /// Also measure release-build settings.
    #[serde(default)]
    pub build_settings: bool,
    #[serde(default)]
    pub options: JobOptions,
}

/// A package job as stored: its options and which archive it came with
/// (the archive itself is a file in the job's directory).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageJobRequest {
    pub package_job: PackageJob,
    pub archive: ArchiveReceived,
}

/// The archive's size and SHA-256, so that a retried submission with the
/// same idempotency key can be told from a different one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchiveReceived {
    pub bytes: u64,
    pub sha256: String,
}

impl ArchiveReceived {
    pub fn of(archive: &[u8]) -> ArchiveReceived {
        use sha2::Digest;
        ArchiveReceived { bytes: archive.len() as u64, sha256: format!("{:x}", sha2::Sha256::digest(archive)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_reads_back_as_itself() {
        let file: StoredRequest = serde_json::from_str(r#"{"source":"fn main() {}"}"#).unwrap();
        assert_eq!(file.kind(), "file");
        let problem: StoredRequest = serde_json::from_str(r#"{"source":"","problem":"1"}"#).unwrap();
        assert_eq!((problem.kind(), problem.problem()), ("problem", Some("1")));
        let package = StoredRequest::Package(PackageJobRequest {
            package_job: PackageJob { top: Some(1), ..PackageJob::default() },
            archive: ArchiveReceived::of(b"bytes"),
        });
        let again: StoredRequest = serde_json::from_value(serde_json::to_value(&package).unwrap()).unwrap();
        assert!(matches!(&again, StoredRequest::Package(p) if p.package_job.top == Some(1)), "{again:?}");
    }
}
