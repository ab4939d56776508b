//! The run directory: an append-only JSONL log of every event, the files a
//! run needs to continue, and the best code so far.
//!
//! Every expensive step (an LLM call, an evaluation, a timing) is logged
//! under a key naming its place in the loop (`it2/c1/generate`). The loop is
//! deterministic given those results, so a resumed run replays logged steps
//! instead of repeating them and picks up at the first step with no entry.
//! Lines are flushed as they are written; a line cut short by a kill is
//! ignored on resume.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The log's file name inside a run directory.
pub const EVENTS: &str = "events.jsonl";

/// Sees each event as it is logged (progress bars, an SSE stream).
pub type Observer = Box<dyn Fn(&Event) + Send + Sync>;

/// One line of the log.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Event {
    pub seq: u64,
    /// Milliseconds since the Unix epoch.
    pub time_ms: u64,
    #[serde(rename = "type")]
    pub kind: String,
    /// The step's key, for events that a resumed run replays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub data: Value,
}

pub struct Journal {
    dir: PathBuf,
    file: File,
    next_seq: u64,
    replay: HashMap<String, Value>,
    observers: Vec<Observer>,
}

impl Journal {
    /// A new run directory (it must not exist or be empty).
    pub fn create(dir: &Path) -> Result<Journal> {
        if dir.exists() && fs::read_dir(dir)?.next().is_some() {
            anyhow::bail!("the run directory {} exists and is not empty (use --resume to continue it)", dir.display());
        }
        fs::create_dir_all(dir).with_context(|| format!("cannot create the run directory {}", dir.display()))?;
        let file = OpenOptions::new().create(true).append(true).open(dir.join(EVENTS))?;
        Ok(Journal { dir: dir.to_path_buf(), file, next_seq: 1, replay: HashMap::new(), observers: Vec::new() })
    }

    /// An existing run directory, with its logged steps ready to replay.
    pub fn open(dir: &Path) -> Result<Journal> {
        let path = dir.join(EVENTS);
        let events = read_events(&path).with_context(|| format!("cannot read {}", path.display()))?;
        // Drop a torn last line so that new lines start on a line of their own.
        let valid: String = events.iter().map(|e| serde_json::to_string(e).unwrap_or_default() + "\n").collect();
        let tmp = dir.join(".events.jsonl.tmp");
        fs::write(&tmp, valid)?;
        fs::rename(&tmp, &path)?;
        let mut replay = HashMap::new();
        for event in &events {
            if let Some(key) = &event.key {
                replay.insert(key.clone(), event.data.clone());
            }
        }
        let next_seq = events.last().map_or(1, |e| e.seq + 1);
        let file = OpenOptions::new().append(true).open(&path)?;
        Ok(Journal { dir: dir.to_path_buf(), file, next_seq, replay, observers: Vec::new() })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn observe(&mut self, observer: Observer) {
        self.observers.push(observer);
    }

    /// Logs an event that is not replayed (a decision, a progress note).
    pub fn log(&mut self, kind: &str, data: impl Serialize) -> Result<()> {
        self.write(kind, None, serde_json::to_value(data)?)
    }

    /// The result of the step `key`: replayed from the log when a previous
    /// run finished it (no event is logged again), else computed and logged.
    /// The flag says whether it was replayed.
    pub fn step<T: Serialize + DeserializeOwned>(
        &mut self,
        key: &str,
        kind: &str,
        compute: impl FnOnce() -> Result<T>,
    ) -> Result<(T, bool)> {
        if let Some(value) = self.replay.get(key) {
            let value = serde_json::from_value(value.clone())
                .with_context(|| format!("the logged step {key} does not match this version of marco"))?;
            return Ok((value, true));
        }
        let value = compute()?;
        self.write(kind, Some(key.to_string()), serde_json::to_value(&value)?)?;
        Ok((value, false))
    }

    /// Writes a file of the run directory atomically.
    pub fn write_file(&self, name: &str, contents: &[u8]) -> Result<PathBuf> {
        write_atomically(&self.dir.join(name), contents)?;
        Ok(self.dir.join(name))
    }

    fn write(&mut self, kind: &str, key: Option<String>, data: Value) -> Result<()> {
        let event = Event { seq: self.next_seq, time_ms: now_ms(), kind: kind.to_string(), key, data };
        self.next_seq += 1;
        let mut line = serde_json::to_vec(&event)?;
        line.push(b'\n');
        self.file.write_all(&line).context("cannot append to the run's event log")?;
        self.file.flush()?;
        for observer in &self.observers {
            observer(&event);
        }
        if let Some(key) = &event.key {
            self.replay.insert(key.clone(), event.data);
        }
        Ok(())
    }
}

/// Every complete event of a log, in order.
pub fn read_events(path: &Path) -> Result<Vec<Event>> {
    let mut events = Vec::new();
    for line in BufReader::new(File::open(path)?).lines() {
        let line = line?;
        match serde_json::from_str::<Event>(&line) {
            Ok(event) => events.push(event),
            // Only the last line can be torn; anything after it is ignored too.
            Err(_) => break,
        }
    }
    Ok(events)
}

/// Writes through a temporary file and a rename, so that readers (and a
/// crash) see the old contents or the new, never a mix.
pub fn write_atomically(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finished_steps_replay_and_a_torn_line_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let run = dir.path().join("run");
        let mut journal = Journal::create(&run).unwrap();
        let (value, replayed) = journal.step("a", "thing", || Ok(41)).unwrap();
        assert_eq!((value, replayed), (41, false));
        journal.log("note", "hello").unwrap();
        drop(journal);
        // A kill in the middle of a line.
        let mut file = OpenOptions::new().append(true).open(run.join(EVENTS)).unwrap();
        file.write_all(b"{\"seq\":3,\"ti").unwrap();
        drop(file);

        let mut journal = Journal::open(&run).unwrap();
        let (value, replayed) = journal.step("a", "thing", || -> Result<i32> { panic!("not repeated") }).unwrap();
        assert_eq!((value, replayed), (41, true));
        let (value, replayed) = journal.step("b", "thing", || Ok(7)).unwrap();
        assert_eq!((value, replayed), (7, false));
        let events = read_events(&run.join(EVENTS)).unwrap();
        assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3]);
        assert!(Journal::create(&run).is_err(), "an existing run is not overwritten");
    }
}
