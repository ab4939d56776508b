//! A disk cache of backend answers, keyed by backend and request, with a TTL.
//!
//! One JSON file per entry, named by the SHA-256 of the key. Entries are
//! written to a temporary name and renamed, so a reader never sees half of
//! one; an unreadable or expired entry is a miss, never an error.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize, de::DeserializeOwned};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone)]
pub(crate) struct DiskCache {
    dir: PathBuf,
    ttl: Duration,
}

#[derive(Serialize, Deserialize)]
struct Entry<T> {
    stored_at: u64,
    key: String,
    value: T,
}

impl DiskCache {
    pub(crate) fn new(dir: impl Into<PathBuf>, ttl: Duration) -> Self {
        DiskCache { dir: dir.into(), ttl }
    }

    fn path(&self, backend: &str, key: &str) -> PathBuf {
        let digest = Sha256::digest(format!("{backend}\n{key}").as_bytes());
        let name: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        self.dir.join(backend).join(format!("{name}.json"))
    }

    /// The cached value, if present, readable and younger than the TTL.
    pub(crate) fn get<T: DeserializeOwned>(&self, backend: &str, key: &str) -> Option<T> {
        let bytes = std::fs::read(self.path(backend, key)).ok()?;
        let entry: Entry<T> = serde_json::from_slice(&bytes).ok()?;
        let age = now_secs().saturating_sub(entry.stored_at);
        (entry.key == key && age < self.ttl.as_secs()).then_some(entry.value)
    }

    /// Stores a value; failures are logged and otherwise ignored (a cache
    /// that cannot write must not fail a search).
    pub(crate) fn put<T: Serialize>(&self, backend: &str, key: &str, value: &T) {
        let path = self.path(backend, key);
        let entry = Entry { stored_at: now_secs(), key: key.to_string(), value };
        if let Err(error) = write_atomically(&path, &entry) {
            tracing::warn!(path = %path.display(), %error, "cannot write the search cache");
        }
    }
}

fn write_atomically<T: Serialize>(path: &Path, entry: &Entry<T>) -> std::io::Result<()> {
    let dir = path.parent().expect("cache paths have a parent");
    std::fs::create_dir_all(dir)?;
    let temporary = dir.join(format!(".{}.{}.tmp", std::process::id(), now_nanos()));
    std::fs::write(&temporary, serde_json::to_vec(entry)?)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn now_nanos() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_keys_stay_apart() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DiskCache::new(dir.path(), Duration::from_secs(60));
        cache.put("arxiv", "q=sort", &vec!["a".to_string()]);
        assert_eq!(cache.get::<Vec<String>>("arxiv", "q=sort"), Some(vec!["a".to_string()]));
        assert_eq!(cache.get::<Vec<String>>("openalex", "q=sort"), None);
        assert_eq!(cache.get::<Vec<String>>("arxiv", "q=heap"), None);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("arxiv")).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary files are left behind");
    }

    #[test]
    fn expired_and_corrupt_entries_are_misses() {
        let dir = tempfile::tempdir().unwrap();
        let expired = DiskCache::new(dir.path(), Duration::ZERO);
        expired.put("arxiv", "k", &1u32);
        assert_eq!(expired.get::<u32>("arxiv", "k"), None);
        let cache = DiskCache::new(dir.path(), Duration::from_secs(60));
        std::fs::write(cache.path("arxiv", "k"), b"{not json").unwrap();
        assert_eq!(cache.get::<u32>("arxiv", "k"), None);
    }
}
