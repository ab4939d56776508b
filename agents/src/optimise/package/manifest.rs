//! The user's Cargo package, as `cargo metadata` describes it: its name,
//! its library's crate, its benchmarks, its source files and the workspace
//! it lives in (which is what gets copied, so that path dependencies and
//! inherited settings still resolve).

use std::path::{Path, PathBuf};

use cargo_metadata::{MetadataCommand, TargetKind};

/// One package of the user's.
#[derive(Debug, Clone)]
pub struct Package {
    pub name: String,
    /// The name its code is reached by (`-` as `_`).
    pub crate_name: String,
    /// Its `Cargo.toml`.
    pub manifest: PathBuf,
    /// The directory holding its `Cargo.toml`.
    pub root: PathBuf,
    /// The workspace root, which holds the lock file (the package's root
    /// when it is its own workspace).
    pub workspace_root: PathBuf,
    /// The root file of the target whose functions are optimised: the
    /// library, else the binary.
    pub root_file: PathBuf,
    /// Its benchmark targets' names.
    pub benches: Vec<String>,
    /// Its benchmarks use criterion (a dev-dependency), whose estimates
    /// marco reads; other harnesses (`#[bench]` on nightly, bencher) are
    /// not timed.
    pub criterion: bool,
    /// Names of its direct dependencies, as its code names them.
    pub dependencies: Vec<String>,
}

/// Why a directory is not a package marco can optimise.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("no Cargo.toml in {0} (give a package's directory, or --manifest-path)")]
    NoManifest(PathBuf),
    #[error("cargo cannot read the package: {0}")]
    Metadata(String),
    #[error("{root} is a workspace of {} packages; choose one with -p NAME: {}", .names.len(), .names.join(", "))]
    ChooseOne { root: PathBuf, names: Vec<String> },
    #[error("no package {wanted} in the workspace; it has {}", .names.join(", "))]
    NoSuchPackage { wanted: String, names: Vec<String> },
    #[error("package {0} has neither a library nor a binary target to optimise")]
    NoTarget(String),
}

impl Package {
    /// The package of `manifest` (a `Cargo.toml`), or `name` among the
    /// workspace's members. Cargo reads only manifests here: no build
    /// script runs and nothing is downloaded.
    pub fn open(manifest: &Path, name: Option<&str>) -> Result<Package, PackageError> {
        if !manifest.is_file() {
            return Err(PackageError::NoManifest(manifest.parent().unwrap_or(manifest).to_path_buf()));
        }
        let metadata = MetadataCommand::new()
            .manifest_path(manifest)
            .no_deps()
            .other_options(vec!["--offline".to_string()])
            .exec()
            .map_err(|e| PackageError::Metadata(e.to_string()))?;
        let members: Vec<&cargo_metadata::Package> = metadata.workspace_packages();
        let names = || members.iter().map(|p| p.name.to_string()).collect::<Vec<_>>();
        let manifest = std::path::absolute(manifest).unwrap_or_else(|_| manifest.to_path_buf());
        let package = match name {
            Some(wanted) => members
                .iter()
                .find(|p| p.name.as_str() == wanted)
                .ok_or_else(|| PackageError::NoSuchPackage { wanted: wanted.to_string(), names: names() })?,
            None => match members.iter().find(|p| p.manifest_path.as_std_path() == manifest) {
                Some(package) => package,
                None if members.len() == 1 => &members[0],
                None => {
                    return Err(PackageError::ChooseOne {
                        root: metadata.workspace_root.clone().into_std_path_buf(),
                        names: names(),
                    });
                }
            },
        };
        let target = package
            .targets
            .iter()
            .find(|t| t.kind.iter().any(|k| matches!(k, TargetKind::Lib | TargetKind::RLib)))
            .or_else(|| package.targets.iter().find(|t| t.kind.contains(&TargetKind::Bin)))
            .ok_or_else(|| PackageError::NoTarget(package.name.to_string()))?;
        let benches =
            package.targets.iter().filter(|t| t.kind.contains(&TargetKind::Bench)).map(|t| t.name.clone()).collect();
        let dependencies = package
            .dependencies
            .iter()
            .filter(|d| d.kind == cargo_metadata::DependencyKind::Normal)
            .map(|d| d.rename.clone().unwrap_or_else(|| d.name.clone()).replace('-', "_"))
            .collect();
        let criterion = package
            .dependencies
            .iter()
            .any(|d| d.kind == cargo_metadata::DependencyKind::Development && d.name == "criterion");
        let root = package.manifest_path.parent().map(|p| p.as_std_path().to_path_buf()).unwrap_or_default();
        Ok(Package {
            name: package.name.to_string(),
            crate_name: target.name.replace('-', "_"),
            manifest: package.manifest_path.clone().into_std_path_buf(),
            root,
            workspace_root: metadata.workspace_root.clone().into_std_path_buf(),
            root_file: target.src_path.clone().into_std_path_buf(),
            benches,
            criterion,
            dependencies,
        })
    }

    /// The directory of the optimised target's root file (`src/`).
    pub fn src_dir(&self) -> &Path {
        self.root_file.parent().unwrap_or(&self.root)
    }

    /// The package's directory relative to the workspace root (empty for
    /// a package that is its own workspace).
    pub fn relative_root(&self) -> PathBuf {
        self.root.strip_prefix(&self.workspace_root).map(Path::to_path_buf).unwrap_or_default()
    }

    /// The `.rs` files under the target's source directory, sorted.
    pub fn source_files(&self) -> Vec<PathBuf> {
        let mut files = Vec::new();
        let mut pending = vec![self.src_dir().to_path_buf()];
        while let Some(dir) = pending.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        files.sort();
        files
    }
}
