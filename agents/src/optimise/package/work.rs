//! The private copy of the user's workspace in the run directory, where
//! every candidate is written, built and tested; the user's tree is only
//! read (and written by `--apply`, at the end, when asked).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// What is never copied: build output, version control, marco's runs.
const SKIPPED: &[&str] = &["target", ".git", ".marco", ".hg", ".jj"];

/// A copy larger than this is refused: it would be a repository's build
/// output or data, not a package's source.
pub const MAX_COPY_BYTES: u64 = 256 << 20;

/// A private copy of a workspace, and the target directory its builds
/// share.
#[derive(Debug, Clone)]
pub struct Work {
    /// The copy of the workspace root.
    pub root: PathBuf,
    /// The package's directory inside it.
    pub package: PathBuf,
    /// `CARGO_TARGET_DIR` of every build: shared by the original and the
    /// candidates, so a candidate rebuilds the package alone.
    pub target_dir: PathBuf,
    /// Where built benchmarks and test binaries are kept per version.
    pub bins: PathBuf,
}

impl Work {
    /// The copy's layout under `dir` (a run directory).
    pub fn at(dir: &Path, relative_package: &Path) -> Work {
        let root = dir.join("work");
        Work { package: root.join(relative_package), root, target_dir: dir.join("target"), bins: dir.join("bins") }
    }

    /// Copies `workspace` (the user's) into the copy, unless already done
    /// (a resumed run keeps its copy and its build cache).
    pub fn populate(&self, workspace: &Path) -> Result<()> {
        if self.root.join("Cargo.toml").exists() {
            return Ok(());
        }
        let partial = self.root.with_extension("partial");
        if partial.exists() {
            std::fs::remove_dir_all(&partial).with_context(|| format!("cannot remove {}", partial.display()))?;
        }
        let mut bytes = 0;
        copy_tree(workspace, &partial, &mut bytes)
            .with_context(|| format!("cannot copy {} into the run directory", workspace.display()))?;
        std::fs::rename(&partial, &self.root)?;
        std::fs::create_dir_all(&self.target_dir)?;
        std::fs::create_dir_all(&self.bins)?;
        Ok(())
    }

    /// Writes a file of the copy (`relative` to the workspace root).
    pub fn write(&self, relative: &Path, text: &str) -> Result<()> {
        let path = self.root.join(relative);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Reads a file of the copy.
    pub fn read(&self, relative: &Path) -> Result<String> {
        let path = self.root.join(relative);
        std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))
    }
}

fn copy_tree(from: &Path, to: &Path, bytes: &mut u64) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if SKIPPED.iter().any(|s| name == *s) {
            continue;
        }
        let kind = entry.file_type()?;
        let (source, dest) = (entry.path(), to.join(&name));
        if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&source)?, &dest)?;
        } else if kind.is_dir() {
            copy_tree(&source, &dest, bytes)?;
        } else if kind.is_file() {
            *bytes += std::fs::copy(&source, &dest)?;
            if *bytes > MAX_COPY_BYTES {
                bail!(
                    "the workspace holds over {} MiB outside target/ and .git/; marco copies a package's source, \
                     not data (move large files out, or give the package's own directory)",
                    MAX_COPY_BYTES >> 20
                );
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_leaves_out_build_output_and_version_control() {
        let user = tempfile::tempdir().unwrap();
        for (path, text) in
            [("Cargo.toml", "[package]"), ("src/lib.rs", "pub fn f() {}"), ("target/x", "y"), (".git/HEAD", "z")]
        {
            let path = user.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let run = tempfile::tempdir().unwrap();
        let work = Work::at(run.path(), Path::new(""));
        work.populate(user.path()).unwrap();
        assert_eq!(work.read(Path::new("src/lib.rs")).unwrap(), "pub fn f() {}");
        assert!(!work.root.join("target").exists() && !work.root.join(".git").exists());
        // A second populate (a resumed run) keeps the copy as it is.
        work.write(Path::new("src/lib.rs"), "pub fn f() { }").unwrap();
        work.populate(user.path()).unwrap();
        assert_eq!(work.read(Path::new("src/lib.rs")).unwrap(), "pub fn f() { }");
    }
}
