//! Jobs and their events in SQLite, so that a restart loses nothing.

use std::path::Path;
use std::sync::Mutex;

use marco::optimise::{Event, Record};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Running => "running",
            Status::Succeeded => "succeeded",
            Status::Failed => "failed",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        [Status::Queued, Status::Running, Status::Succeeded, Status::Failed, Status::Cancelled]
            .into_iter()
            .find(|s| s.as_str() == text)
    }

    pub fn is_final(self) -> bool {
        matches!(self, Status::Succeeded | Status::Failed | Status::Cancelled)
    }
}

/// A job as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Job {
    pub id: String,
    pub status: Status,
    pub client: String,
    /// The submitted request, as JSON.
    #[serde(skip)]
    pub request: Value,
    pub created_ms: u64,
    pub started_ms: Option<u64>,
    pub finished_ms: Option<u64>,
    /// The latest progress line.
    pub progress: Option<String>,
    pub iteration: u32,
    /// Original fuel over best fuel so far.
    pub fuel_speedup: Option<f64>,
    pub error: Option<String>,
    /// The run's summary once it finished.
    #[serde(skip)]
    pub summary: Option<Value>,
}

/// One event of a job's run, numbered as in its run directory's log.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredEvent {
    pub seq: u64,
    pub time_ms: u64,
    #[serde(rename = "type")]
    pub kind: String,
    pub data: Value,
}

impl From<&Record> for StoredEvent {
    fn from(record: &Record) -> Self {
        StoredEvent {
            seq: record.seq,
            time_ms: record.time_ms,
            kind: record.event.kind().to_string(),
            data: record.event.data(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored JSON is damaged: {0}")]
    Json(#[from] serde_json::Error),
}

pub struct Store {
    connection: Mutex<Connection>,
}

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS jobs (
    number INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    client TEXT NOT NULL,
    idempotency_key TEXT,
    status TEXT NOT NULL,
    request TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    started_ms INTEGER,
    finished_ms INTEGER,
    progress TEXT,
    iteration INTEGER NOT NULL DEFAULT 0,
    fuel_speedup REAL,
    error TEXT,
    summary TEXT,
    UNIQUE (client, idempotency_key)
);
CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs (status, number);
CREATE TABLE IF NOT EXISTS events (
    job TEXT NOT NULL,
    seq INTEGER NOT NULL,
    time_ms INTEGER NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (job, seq)
);
";

const JOB_COLUMNS: &str = "id, status, client, request, created_ms, started_ms, finished_ms, progress, iteration, \
                           fuel_speedup, error, summary";

impl Store {
    pub fn open(path: &Path) -> Result<Store, DbError> {
        let connection = Connection::open(path)?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        connection.execute_batch(SCHEMA)?;
        Ok(Store { connection: Mutex::new(connection) })
    }

    fn with<T>(&self, f: impl FnOnce(&Connection) -> Result<T, DbError>) -> Result<T, DbError> {
        let connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        f(&connection)
    }

    /// Inserts a queued job (`true`); if the same client's idempotency key
    /// won a race meanwhile, returns that job instead (`false`).
    pub fn insert(
        &self,
        id: &str,
        client: &str,
        idempotency_key: Option<&str>,
        request: &Value,
        now_ms: u64,
    ) -> Result<(Job, bool), DbError> {
        self.with(|c| {
            let inserted = c.execute(
                "INSERT OR IGNORE INTO jobs (id, client, idempotency_key, status, request, created_ms) \
                 VALUES (?1, ?2, ?3, 'queued', ?4, ?5)",
                params![id, client, idempotency_key, request.to_string(), now_ms as i64],
            )?;
            if inserted == 0
                && let Some(key) = idempotency_key
            {
                let existing: String = c.query_row(
                    "SELECT id FROM jobs WHERE client = ?1 AND idempotency_key = ?2",
                    params![client, key],
                    |row| row.get(0),
                )?;
                return Ok((get(c, &existing)?.expect("the job just found"), false));
            }
            Ok((get(c, id)?.expect("the job just inserted"), true))
        })
    }

    /// The job a client submitted under an idempotency key.
    pub fn find_by_key(&self, client: &str, key: &str) -> Result<Option<Job>, DbError> {
        self.with(|c| {
            let id: Option<String> = c
                .query_row(
                    "SELECT id FROM jobs WHERE client = ?1 AND idempotency_key = ?2",
                    params![client, key],
                    |row| row.get(0),
                )
                .optional()?;
            match id {
                Some(id) => get(c, &id),
                None => Ok(None),
            }
        })
    }

    pub fn get(&self, id: &str) -> Result<Option<Job>, DbError> {
        self.with(|c| get(c, id))
    }

    /// Jobs newest first, optionally of one status, `limit` after `offset`.
    pub fn list(&self, status: Option<Status>, limit: usize, offset: usize) -> Result<(Vec<Job>, usize), DbError> {
        self.with(|c| {
            let filter = status.map(Status::as_str).unwrap_or("%");
            let total: i64 = c.query_row("SELECT COUNT(*) FROM jobs WHERE status LIKE ?1", [filter], |r| r.get(0))?;
            let mut statement = c.prepare(&format!(
                "SELECT {JOB_COLUMNS} FROM jobs WHERE status LIKE ?1 ORDER BY number DESC LIMIT ?2 OFFSET ?3"
            ))?;
            let jobs = statement
                .query_map(params![filter, limit as i64, offset as i64], row_to_job)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok((jobs, total as usize))
        })
    }

    /// Queued jobs, oldest first.
    pub fn queued(&self) -> Result<Vec<Job>, DbError> {
        self.with(|c| {
            let mut statement =
                c.prepare(&format!("SELECT {JOB_COLUMNS} FROM jobs WHERE status = 'queued' ORDER BY number"))?;
            Ok(statement.query_map([], row_to_job)?.collect::<Result<Vec<_>, _>>()?)
        })
    }

    pub fn count_queued_for(&self, client: &str) -> Result<usize, DbError> {
        self.with(|c| {
            let n: i64 =
                c.query_row("SELECT COUNT(*) FROM jobs WHERE client = ?1 AND status = 'queued'", [client], |r| {
                    r.get(0)
                })?;
            Ok(n as usize)
        })
    }

    /// Jobs that were running when the server stopped go back to the queue
    /// (they resume from their run directories).
    pub fn requeue_running(&self) -> Result<usize, DbError> {
        self.with(|c| Ok(c.execute("UPDATE jobs SET status = 'queued' WHERE status = 'running'", [])?))
    }

    pub fn set_running(&self, id: &str, now_ms: u64) -> Result<(), DbError> {
        self.with(|c| {
            c.execute(
                "UPDATE jobs SET status = 'running', started_ms = COALESCE(started_ms, ?2) WHERE id = ?1",
                params![id, now_ms as i64],
            )?;
            Ok(())
        })
    }

    /// Ends a job; a job already final stays as it is (`false`).
    pub fn finish(
        &self,
        id: &str,
        status: Status,
        error: Option<&str>,
        summary: Option<&Value>,
        now_ms: u64,
    ) -> Result<bool, DbError> {
        self.with(|c| {
            let changed = c.execute(
                "UPDATE jobs SET status = ?2, error = ?3, summary = ?4, finished_ms = ?5 \
                 WHERE id = ?1 AND status IN ('queued', 'running')",
                params![id, status.as_str(), error, summary.map(Value::to_string), now_ms as i64],
            )?;
            Ok(changed == 1)
        })
    }

    /// Puts a job back in the queue (its run was interrupted by a shutdown).
    pub fn requeue(&self, id: &str) -> Result<(), DbError> {
        self.with(|c| {
            c.execute("UPDATE jobs SET status = 'queued' WHERE id = ?1 AND status = 'running'", [id])?;
            Ok(())
        })
    }

    /// Stores an event (once: a replayed one is ignored) and the progress it
    /// implies.
    /// Returns the event as stored, for live subscribers.
    pub fn add_event(&self, id: &str, record: &Record) -> Result<StoredEvent, DbError> {
        let stored = StoredEvent::from(record);
        self.with(|c| {
            c.execute(
                "INSERT OR IGNORE INTO events (job, seq, time_ms, kind, data) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, stored.seq as i64, stored.time_ms as i64, stored.kind, stored.data.to_string()],
            )?;
            match &record.event {
                Event::Progress { what } => {
                    c.execute("UPDATE jobs SET progress = ?2 WHERE id = ?1", params![id, what])?;
                }
                Event::Iteration(done) => {
                    c.execute(
                        "UPDATE jobs SET iteration = ?2, fuel_speedup = ?3 WHERE id = ?1",
                        params![id, done.iteration, done.fuel_speedup],
                    )?;
                }
                _ => {}
            }
            Ok(())
        })?;
        Ok(stored)
    }

    /// What a job is doing now, told by a log that is not the job's own (a
    /// package job's target).
    pub fn set_progress(&self, id: &str, what: &str) -> Result<(), DbError> {
        self.with(|c| {
            c.execute("UPDATE jobs SET progress = ?2 WHERE id = ?1", params![id, what])?;
            Ok(())
        })
    }

    /// A job's events after `after`, in order.
    pub fn events_after(&self, id: &str, after: u64) -> Result<Vec<StoredEvent>, DbError> {
        self.with(|c| {
            let mut statement =
                c.prepare("SELECT seq, time_ms, kind, data FROM events WHERE job = ?1 AND seq > ?2 ORDER BY seq")?;
            let rows = statement.query_map(params![id, after as i64], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?, row.get::<_, String>(2)?, row.get::<_, String>(3)?))
            })?;
            let mut events = Vec::new();
            for row in rows {
                let (seq, time_ms, kind, data) = row?;
                events.push(StoredEvent {
                    seq: seq as u64,
                    time_ms: time_ms as u64,
                    kind,
                    data: serde_json::from_str(&data)?,
                });
            }
            Ok(events)
        })
    }
}

fn get(c: &Connection, id: &str) -> Result<Option<Job>, DbError> {
    Ok(c.query_row(&format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = ?1"), [id], row_to_job).optional()?)
}

fn row_to_job(row: &rusqlite::Row<'_>) -> rusqlite::Result<Job> {
    let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    Ok(Job {
        id: row.get(0)?,
        status: Status::parse(&row.get::<_, String>(1)?).unwrap_or(Status::Failed),
        client: row.get(2)?,
        request: json(Some(row.get(3)?)).unwrap_or(Value::Null),
        created_ms: row.get::<_, i64>(4)? as u64,
        started_ms: row.get::<_, Option<i64>>(5)?.map(|v| v as u64),
        finished_ms: row.get::<_, Option<i64>>(6)?.map(|v| v as u64),
        progress: row.get(7)?,
        iteration: row.get::<_, i64>(8)? as u32,
        fuel_speedup: row.get(9)?,
        error: row.get(10)?,
        summary: json(row.get(11)?),
    })
}
