//! What a package run hands back: a unified diff that `git apply` takes,
//! applying it to the user's tree (only over files still as they were),
//! or committing it on a new branch without touching the working tree or
//! the index.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::optimise::journal::write_atomically;

/// One changed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Relative to the workspace root.
    pub path: PathBuf,
    pub original: String,
    pub changed: String,
}

/// The changes as a git-style unified diff whose paths are relative to
/// `prefix`'s parent repository (`prefix`: the workspace root's path in
/// the repository, empty when the root is the repository's).
pub fn unified(changes: &[Change], prefix: &Path) -> String {
    let mut out = String::new();
    for change in changes {
        let path = prefix.join(&change.path).display().to_string();
        let diff = similar::TextDiff::from_lines(&change.original, &change.changed);
        out.push_str(&format!("diff --git a/{path} b/{path}\n"));
        out.push_str(
            &diff.unified_diff().context_radius(3).header(&format!("a/{path}"), &format!("b/{path}")).to_string(),
        );
    }
    out
}

/// The workspace root's path inside its git repository and the
/// repository's top directory; `None` outside a repository.
pub fn repository(root: &Path) -> Option<(PathBuf, PathBuf)> {
    let top = git(root, &["rev-parse", "--show-toplevel"], None).ok()?;
    let top = PathBuf::from(top.trim());
    let root = root.canonicalize().ok()?;
    let prefix = root.strip_prefix(top.canonicalize().ok()?).ok()?.to_path_buf();
    Some((top, prefix))
}

/// Writes the changes into the user's workspace at `root`, each file only
/// if it is still as the run read it.
pub fn apply(root: &Path, changes: &[Change]) -> Result<()> {
    for change in changes {
        let path = root.join(&change.path);
        let now = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        if now != change.original {
            bail!(
                "{} changed since marco read it; nothing was applied (the patch is in the run directory)",
                path.display()
            );
        }
    }
    for change in changes {
        write_atomically(&root.join(&change.path), change.changed.as_bytes())?;
    }
    Ok(())
}

/// Commits the changes on a new branch `name` made from `HEAD`, through a
/// private index: the working tree, the index and the current branch stay
/// as they are. Returns the commit's id.
pub fn branch(root: &Path, name: &str, changes: &[Change], message: &str) -> Result<String> {
    let (top, prefix) =
        repository(root).with_context(|| format!("--branch needs a git repository; {} is in none", root.display()))?;
    if git(&top, &["rev-parse", "--verify", "--quiet", &format!("refs/heads/{name}")], None).is_ok() {
        bail!("the branch {name} exists already; choose another name");
    }
    let parent = git(&top, &["rev-parse", "--verify", "HEAD"], None).context("the repository has no commit yet")?;
    let parent = parent.trim();
    let index = tempfile::NamedTempFile::new()?;
    let env = [("GIT_INDEX_FILE", index.path().as_os_str())];
    git_env(&top, &["read-tree", parent], None, &env)?;
    for change in changes {
        let path = prefix.join(&change.path).display().to_string();
        let committed = git(&top, &["show", &format!("{parent}:{path}")], None)
            .with_context(|| format!("{path} is not committed; commit it first, or use --apply"))?;
        if committed != change.original {
            bail!("{path} has uncommitted changes; commit them first, or use --apply");
        }
        let blob = git(&top, &["hash-object", "-w", "--stdin"], Some(&change.changed))?;
        let mode = git(&top, &["ls-files", "-s", "--", &path], None)?;
        let mode = mode.split_whitespace().next().unwrap_or("100644").to_string();
        git_env(&top, &["update-index", "--cacheinfo", &format!("{mode},{},{path}", blob.trim())], None, &env)?;
    }
    let tree = git_env(&top, &["write-tree"], None, &env)?;
    let commit = git(&top, &["commit-tree", tree.trim(), "-p", parent, "-F", "-"], Some(message))?;
    git(&top, &["branch", name, commit.trim()], None)?;
    Ok(commit.trim().to_string())
}

fn git(dir: &Path, args: &[&str], stdin: Option<&str>) -> Result<String> {
    git_env(dir, args, stdin, &[])
}

fn git_env(dir: &Path, args: &[&str], stdin: Option<&str>, env: &[(&str, &std::ffi::OsStr)]) -> Result<String> {
    let mut command = Command::new("git");
    command.arg("-C").arg(dir).args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().context("cannot run git")?;
    if let Some(input) = stdin {
        use std::io::Write;
        child.stdin.take().context("git's stdin")?.write_all(input.as_bytes())?;
    }
    drop(child.stdin.take());
    let output = child.wait_with_output()?;
    if !output.status.success() {
        bail!("git {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(dir: &Path, args: &[&str]) -> String {
        git(dir, args, None).unwrap()
    }

    #[test]
    fn the_patch_applies_with_git_and_the_branch_leaves_the_tree_alone() {
        let repo = tempfile::tempdir().unwrap();
        let root = repo.path().join("pkg");
        std::fs::create_dir_all(root.join("src")).unwrap();
        let original = "pub fn f() -> u32 {\n    1 + 1\n}\n";
        std::fs::write(root.join("src/lib.rs"), original).unwrap();
        run(repo.path(), &["init", "-q"]);
        run(repo.path(), &["config", "user.name", "t"]);
        run(repo.path(), &["config", "user.email", "t@t"]);
        run(repo.path(), &["add", "."]);
        run(repo.path(), &["commit", "-q", "-m", "start"]);
        let change = Change {
            path: PathBuf::from("src/lib.rs"),
            original: original.into(),
            changed: "pub fn f() -> u32 {\n    2\n}\n".into(),
        };
        let (_, prefix) = repository(&root).unwrap();
        assert_eq!(prefix, Path::new("pkg"));
        let patch = unified(std::slice::from_ref(&change), &prefix);
        assert!(
            patch.starts_with(
                "diff --git a/pkg/src/lib.rs b/pkg/src/lib.rs\n--- a/pkg/src/lib.rs\n+++ b/pkg/src/lib.rs\n"
            ),
            "{patch}"
        );
        std::fs::write(repo.path().join("p.patch"), &patch).unwrap();
        run(repo.path(), &["apply", "--check", "p.patch"]);

        let message = "marco: f is faster\n";
        let commit = branch(&root, "faster", std::slice::from_ref(&change), message).unwrap();
        assert_eq!(run(repo.path(), &["show", "faster:pkg/src/lib.rs"]), change.changed);
        assert_eq!(run(repo.path(), &["log", "-1", "--format=%B", &commit]).trim(), message.trim());
        assert_eq!(std::fs::read_to_string(root.join("src/lib.rs")).unwrap(), original, "the tree is untouched");
        assert!(run(repo.path(), &["status", "--porcelain"]).trim().ends_with("p.patch"), "the index is untouched");
        assert!(
            branch(&root, "faster", std::slice::from_ref(&change), message).unwrap_err().to_string().contains("exists")
        );

        // --apply refuses a file that changed since.
        std::fs::write(root.join("src/lib.rs"), "pub fn f() -> u32 { 3 }\n").unwrap();
        assert!(apply(&root, std::slice::from_ref(&change)).unwrap_err().to_string().contains("changed since"));
        std::fs::write(root.join("src/lib.rs"), original).unwrap();
        apply(&root, std::slice::from_ref(&change)).unwrap();
        assert_eq!(std::fs::read_to_string(root.join("src/lib.rs")).unwrap(), change.changed);
    }
}
