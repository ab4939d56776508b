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

use super::event::{Event, Record, Step};

/// The log's file name inside a run directory.
pub const EVENTS: &str = "events.jsonl";

/// Sees each event as it is logged (progress bars, an SSE stream).
pub type Observer = Box<dyn Fn(&Record) + Send + Sync>;

pub struct Journal {
    dir: PathBuf,
    file: File,
    next_seq: u64,
    replay: HashMap<String, Event>,
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
        let records = read_events(&path).with_context(|| format!("cannot read {}", path.display()))?;
        // Drop a torn last line so that new lines start on a line of their own.
        let mut valid = String::new();
        for record in &records {
            valid.push_str(&serde_json::to_string(record)?);
            valid.push('\n');
        }
        let tmp = dir.join(".events.jsonl.tmp");
        fs::write(&tmp, valid)?;
        fs::rename(&tmp, &path)?;
        let next_seq = records.last().map_or(1, |r| r.seq + 1);
        let mut replay = HashMap::new();
        for record in records {
            if let Some(key) = record.key {
                replay.insert(key, record.event);
            }
        }
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
    pub fn log(&mut self, event: Event) -> Result<()> {
        self.write(event, None)
    }

    /// Whether a previous run finished the step `key`.
    pub fn finished(&self, key: &str) -> bool {
        self.replay.contains_key(key)
    }

    /// The result of the step `key`: replayed from the log when a previous
    /// run finished it (no event is logged again), else computed and logged.
    /// The flag says whether it was replayed.
    pub fn step<T: Step>(&mut self, key: &str, compute: impl FnOnce() -> Result<T>) -> Result<(T, bool)> {
        if let Some(event) = self.replay.get(key) {
            let value = T::from_event(event).with_context(|| {
                format!(
                    "the logged step {key} is a `{}` event, which this version of marco does not expect there",
                    event.kind()
                )
            })?;
            return Ok((value, true));
        }
        let value = compute()?;
        self.write(value.clone().into_event(), Some(key.to_string()))?;
        Ok((value, false))
    }

    /// Writes a file of the run directory atomically.
    pub fn write_file(&self, name: &str, contents: &[u8]) -> Result<PathBuf> {
        write_atomically(&self.dir.join(name), contents)?;
        Ok(self.dir.join(name))
    }

    fn write(&mut self, event: Event, key: Option<String>) -> Result<()> {
        let record = Record { seq: self.next_seq, time_ms: now_ms(), key, event };
        self.next_seq += 1;
        let mut line = serde_json::to_vec(&record)?;
        line.push(b'\n');
        self.file.write_all(&line).context("cannot append to the run's event log")?;
        self.file.flush()?;
        for observer in &self.observers {
            observer(&record);
        }
        if let Some(key) = record.key {
            self.replay.insert(key, record.event);
        }
        Ok(())
    }
}

/// Every complete event of a log, in order. A line cut short by a kill
/// ends the log (only the last line can be); a whole line that is not an
/// event this version knows is an error, never skipped.
pub fn read_events(path: &Path) -> Result<Vec<Record>> {
    let mut records = Vec::new();
    for (number, line) in BufReader::new(File::open(path)?).lines().enumerate() {
        let line = line?;
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&line) else {
            break;
        };
        let record = serde_json::from_value(json).with_context(|| {
            format!(
                "line {} of {} is not an event this version of marco knows (the log's format changed)",
                number + 1,
                path.display()
            )
        })?;
        records.push(record);
    }
    Ok(records)
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
    use crate::optimise::task::Check;

    #[test]
    fn finished_steps_replay_and_a_torn_line_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let run = dir.path().join("run");
        let mut journal = Journal::create(&run).unwrap();
        let (value, replayed) =
            journal.step("a", || Ok(Check::Correct { fuel: Some(41), threads: 1, cpu_ms: 0.0 })).unwrap();
        assert_eq!((value, replayed), (Check::Correct { fuel: Some(41), threads: 1, cpu_ms: 0.0 }, false));
        journal.log(Event::Progress { what: "hello".into() }).unwrap();
        drop(journal);
        // A kill in the middle of a line.
        let mut file = OpenOptions::new().append(true).open(run.join(EVENTS)).unwrap();
        file.write_all(b"{\"seq\":3,\"ti").unwrap();
        drop(file);

        let mut journal = Journal::open(&run).unwrap();
        let (value, replayed) = journal.step("a", || -> Result<Check> { panic!("not repeated") }).unwrap();
        assert_eq!((value, replayed), (Check::Correct { fuel: Some(41), threads: 1, cpu_ms: 0.0 }, true));
        let (value, replayed) =
            journal.step("b", || Ok(Check::Correct { fuel: Some(7), threads: 1, cpu_ms: 0.0 })).unwrap();
        assert_eq!((value, replayed), (Check::Correct { fuel: Some(7), threads: 1, cpu_ms: 0.0 }, false));
        let wrong_kind = journal.step("b", || -> Result<sandbox::Comparison> { panic!("replayed") });
        assert!(wrong_kind.unwrap_err().to_string().contains("`check` event"));
        let events = read_events(&run.join(EVENTS)).unwrap();
        assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3]);
        assert!(Journal::create(&run).is_err(), "an existing run is not overwritten");
    }

    #[test]
    fn a_line_of_another_format_is_an_error_not_the_end_of_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(EVENTS);
        let lines = "{\"seq\":1,\"time_ms\":1,\"type\":\"progress\",\"data\":{\"what\":\"x\"}}\n\
                     {\"seq\":2,\"time_ms\":1,\"type\":\"renamed\",\"data\":{}}\n";
        fs::write(&path, lines).unwrap();
        let error = read_events(&path).unwrap_err();
        assert!(format!("{error:#}").contains("line 2"), "{error:#}");
    }
}
