//! A Cargo package sent to `marco serve` as a `.tar.gz`: checked when it is
//! submitted and unpacked when its job starts, by one function. Only
//! regular files and directories under relative paths are accepted (no
//! links, devices or `..`), within limits on the unpacked size and the
//! number of entries, so that an archive can neither write outside its
//! job's directory nor fill the disk.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use flate2::read::GzDecoder;
use thiserror::Error;

/// What an archive may unpack to.
#[derive(Debug, Clone, Copy)]
pub struct ArchiveLimits {
    /// Bytes of all its files together, unpacked.
    pub unpacked_bytes: u64,
    /// Files and directories.
    pub entries: usize,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        ArchiveLimits { unpacked_bytes: 256 << 20, entries: 20_000 }
    }
}

/// Why an archive is refused; every message is for the client.
#[derive(Debug, Error)]
pub enum ArchiveError {
    #[error("the package is not a .tar.gz archive: {0}")]
    NotTarGz(String),
    #[error("the archive holds {path:?}, {why}; only regular files and directories under relative paths are accepted")]
    Refused { path: String, why: &'static str },
    #[error("the archive unpacks to more than {limit} bytes (leave `target/` and other build output out)")]
    TooLarge { limit: u64 },
    #[error("the archive has more than {limit} files and directories")]
    TooManyEntries { limit: usize },
    #[error(
        "the archive has no Cargo.toml at its top, nor in its one top-level directory (make it with `tar czf \
         package.tar.gz -C DIR .` or `cargo package`)"
    )]
    NoManifest,
    #[error("cannot unpack the archive into {dir}: {source}")]
    Write { dir: PathBuf, source: std::io::Error },
}

/// Checks `archive` and, with `into`, unpacks it there. Returns the
/// package's directory inside the archive: empty when its `Cargo.toml` is
/// at the top, else the one top-level directory holding it (as `cargo
/// package` and `tar czf x.tar.gz name/` make them).
pub fn unpack(archive: &[u8], into: Option<&Path>, limits: &ArchiveLimits) -> Result<PathBuf, ArchiveError> {
    let bad = |e: std::io::Error| ArchiveError::NotTarGz(e.to_string());
    let mut tar = tar::Archive::new(GzDecoder::new(archive));
    let (mut bytes, mut entries) = (0u64, 0usize);
    let mut files = BTreeSet::new();
    let mut tops = BTreeSet::new();
    for entry in tar.entries().map_err(bad)? {
        let mut entry = entry.map_err(bad)?;
        let path = entry.path().map_err(bad)?.into_owned();
        let kind = entry.header().entry_type();
        let shown = path.display().to_string();
        if kind.is_pax_global_extensions() || kind.is_pax_local_extensions() {
            continue;
        }
        let path = relative(&path).ok_or(ArchiveError::Refused { path: shown.clone(), why: "a path outside it" })?;
        if !(kind.is_file() || kind.is_dir()) {
            return Err(ArchiveError::Refused { path: shown, why: "a link or a special file" });
        }
        entries += 1;
        if entries > limits.entries {
            return Err(ArchiveError::TooManyEntries { limit: limits.entries });
        }
        let Some(top) = path.components().next() else { continue };
        tops.insert(PathBuf::from(top.as_os_str()));
        let size = entry.header().size().map_err(bad)?;
        bytes = bytes.saturating_add(size);
        if bytes > limits.unpacked_bytes {
            return Err(ArchiveError::TooLarge { limit: limits.unpacked_bytes });
        }
        if kind.is_file() {
            files.insert(path.clone());
        }
        if let Some(dir) = into {
            write(&mut entry, &dir.join(&path), kind.is_dir())
                .map_err(|source| ArchiveError::Write { dir: dir.to_path_buf(), source })?;
        }
    }
    if files.contains(Path::new("Cargo.toml")) {
        return Ok(PathBuf::new());
    }
    match tops.into_iter().collect::<Vec<_>>().as_slice() {
        [top] if files.contains(&top.join("Cargo.toml")) => Ok(top.clone()),
        _ => Err(ArchiveError::NoManifest),
    }
}

/// `path` without `.` components, when it stays inside the archive.
fn relative(path: &Path) -> Option<PathBuf> {
    let mut clean = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => clean.push(part),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(clean)
}

/// One entry written out: a directory, or a file with its bytes (and the
/// owner's execute bit when it had one; nothing else of its mode).
fn write(entry: &mut tar::Entry<'_, impl Read>, path: &Path, is_dir: bool) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if is_dir {
        return std::fs::create_dir_all(path);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let executable = entry.header().mode().is_ok_and(|mode| mode & 0o100 != 0);
    let mut file = std::fs::File::create(path)?;
    std::io::copy(entry, &mut file)?;
    file.set_permissions(std::fs::Permissions::from_mode(if executable { 0o755 } else { 0o644 }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::GzEncoder;

    /// A `.tar.gz` of `(path, contents)` files; a path ending in `/` is a
    /// directory, `@target` a symbolic link to the target.
    fn archive(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::fast()));
        for (path, contents) in entries {
            let mut header = tar::Header::new_gnu();
            if let Some(target) = contents.strip_prefix('@') {
                header.set_entry_type(tar::EntryType::Symlink);
                header.set_size(0);
                header.set_mode(0o777);
                builder.append_link(&mut header, path, target).unwrap();
                continue;
            }
            let dir = path.ends_with('/');
            header.set_entry_type(if dir { tar::EntryType::Directory } else { tar::EntryType::Regular });
            header.set_size(contents.len() as u64);
            header.set_mode(if dir { 0o755 } else { 0o644 });
            // `append_data` would refuse `..`; a hostile archive is written
            // by hand, so the name goes into the header as it is.
            header.as_old_mut().name[..path.len()].copy_from_slice(path.as_bytes());
            header.set_cksum();
            builder.append(&header, contents.as_bytes()).unwrap();
        }
        builder.into_inner().unwrap().finish().unwrap()
    }

    const MANIFEST: &str = "[package]\nname = \"p\"\nversion = \"0.1.0\"\n";

    fn refused(entries: &[(&str, &str)], limits: &ArchiveLimits) -> String {
        let dir = tempfile::tempdir().unwrap();
        let error = unpack(&archive(entries), Some(dir.path()), limits).unwrap_err().to_string();
        // Refused before anything escaped: the directory's parent is as it was.
        assert!(!dir.path().parent().unwrap().join("escaped").exists());
        error
    }

    #[test]
    fn a_package_at_the_top_or_in_one_directory_is_unpacked() {
        for (prefix, root) in [("", ""), ("./", ""), ("p-0.1.0/", "p-0.1.0")] {
            let dir = tempfile::tempdir().unwrap();
            let entries =
                [(format!("{prefix}Cargo.toml"), MANIFEST), (format!("{prefix}src/lib.rs"), "pub fn f() {}\n")];
            let entries: Vec<(&str, &str)> = entries.iter().map(|(p, c)| (p.as_str(), *c)).collect();
            let bytes = archive(&entries);
            assert_eq!(unpack(&bytes, None, &ArchiveLimits::default()).unwrap(), Path::new(root), "checked only");
            assert!(!dir.path().join(root).join("Cargo.toml").exists(), "a check writes nothing");
            assert_eq!(unpack(&bytes, Some(dir.path()), &ArchiveLimits::default()).unwrap(), Path::new(root));
            let lib = std::fs::read_to_string(dir.path().join(root).join("src/lib.rs")).unwrap();
            assert_eq!(lib, "pub fn f() {}\n");
        }
    }

    #[test]
    fn hostile_and_unusable_archives_are_refused_with_the_reason() {
        let limits = ArchiveLimits::default();
        let cases: [(&[(&str, &str)], &str); 5] = [
            (&[("Cargo.toml", MANIFEST), ("../escaped", "x")], "\"../escaped\", a path outside it"),
            (&[("Cargo.toml", MANIFEST), ("/tmp/escaped", "x")], "a path outside it"),
            (&[("Cargo.toml", MANIFEST), ("link", "@/etc/passwd")], "\"link\", a link or a special file"),
            (&[("src/lib.rs", "")], "no Cargo.toml at its top"),
            (&[("a/Cargo.toml", MANIFEST), ("b/Cargo.toml", MANIFEST)], "no Cargo.toml at its top"),
        ];
        for (entries, expected) in cases {
            let error = refused(entries, &limits);
            assert!(error.contains(expected), "{error}");
        }
        let small = ArchiveLimits { unpacked_bytes: 100, entries: 2 };
        let big = "x".repeat(101);
        assert!(refused(&[("Cargo.toml", &big)], &small).contains("more than 100 bytes"));
        assert!(refused(&[("a", ""), ("b", ""), ("c", "")], &small).contains("more than 2 files"));
        let error = unpack(b"plain text", None, &limits).unwrap_err().to_string();
        assert!(error.starts_with("the package is not a .tar.gz archive"), "{error}");
    }
}
