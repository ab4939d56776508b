//! The job queue: a bounded pool of workers, each running one job's loop
//! (the same run as `marco optimise`) in its own run directory; a fair
//! choice of the next job; cancellation; and resumption after a restart.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use serde_json::Value;
use tokio::runtime::Handle;
use tokio::sync::{Notify, broadcast};
use tokio_util::sync::CancellationToken;

use super::archive::ArchiveLimits;
use super::db::{Status, Store, StoredEvent};
use super::package_job;
use super::request::{JobRequest, PackageJobRequest, StoredRequest};
use marco::optimise::package::run as package_run;
use marco::optimise::run::{self, Services};
use marco::optimise::{EVENTS, Event, Journal, LlmSettings, OpenAiChat, RunSpec, Stop, read_events};
use marco::settings::{Layer, Settings};
use sandbox::{Container, Sandbox};

/// An event on its way to live subscribers; `kind == "end"` closes streams.
#[derive(Debug, Clone)]
pub struct Live {
    pub job: String,
    pub event: StoredEvent,
}

struct Running {
    client: String,
    cancel: CancellationToken,
    /// Set by DELETE, to tell a cancellation from a shutdown.
    by_user: Arc<AtomicBool>,
}

pub struct Queue {
    pub store: Arc<Store>,
    jobs_dir: PathBuf,
    llm: LlmSettings,
    /// Search backends for every job (empty: every configured one).
    search_backends: Vec<String>,
    workers: usize,
    running: Mutex<HashMap<String, Running>>,
    wake: Notify,
    pub shutdown: CancellationToken,
    pub live: broadcast::Sender<Live>,
    handle: Handle,
    /// Made at the first job and shared by all: one build cache.
    sandbox: OnceLock<Sandbox>,
    /// Made at the first package job and shared by all.
    container: OnceLock<Container>,
    archive_limits: ArchiveLimits,
    api_key: String,
}

impl Queue {
    pub fn new(
        store: Arc<Store>,
        jobs_dir: PathBuf,
        llm: LlmSettings,
        search_backends: Vec<String>,
        workers: usize,
        archive_limits: ArchiveLimits,
        handle: Handle,
    ) -> Arc<Queue> {
        Arc::new(Queue {
            store,
            jobs_dir,
            llm,
            search_backends,
            workers: workers.max(1),
            running: Mutex::default(),
            wake: Notify::new(),
            shutdown: CancellationToken::new(),
            live: broadcast::channel(4096).0,
            handle,
            sandbox: OnceLock::new(),
            container: OnceLock::new(),
            archive_limits,
            api_key: crate::wiring::api_key(),
        })
    }

    /// Starts queued jobs as workers free up, until shutdown.
    pub async fn dispatch(self: Arc<Self>) {
        loop {
            while let Some(job) = self.next_job() {
                let queue = self.clone();
                tokio::task::spawn_blocking(move || queue.run(job));
            }
            tokio::select! {
                () = self.wake.notified() => {}
                () = self.shutdown.cancelled() => return,
            }
        }
    }

    /// Wakes the dispatcher (a job was queued or finished).
    pub fn poke(&self) {
        self.wake.notify_one();
    }

    /// The next job to start, if a worker is free: the oldest queued job of
    /// the client with the fewest running jobs, so that one client's burst
    /// does not starve the others.
    fn next_job(&self) -> Option<(String, String)> {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        if running.len() >= self.workers || self.shutdown.is_cancelled() {
            return None;
        }
        let queued = match self.store.queued() {
            Ok(queued) => queued,
            Err(e) => {
                tracing::error!("cannot read the queue: {e}");
                return None;
            }
        };
        let load = |client: &str| running.values().filter(|r| r.client == client).count();
        let job = queued.iter().filter(|j| !running.contains_key(&j.id)).min_by_key(|j| load(&j.client))?.clone();
        let cancel = self.shutdown.child_token();
        running.insert(
            job.id.clone(),
            Running { client: job.client.clone(), cancel, by_user: Arc::new(AtomicBool::new(false)) },
        );
        Some((job.id, job.client))
    }

    /// Cancels a job: a queued one at once, a running one after its current
    /// step. `false` when it had already ended.
    pub fn cancel(&self, id: &str) -> Result<bool> {
        if let Some(running) = self.running.lock().unwrap_or_else(|e| e.into_inner()).get(id) {
            running.by_user.store(true, Ordering::SeqCst);
            running.cancel.cancel();
            return Ok(true);
        }
        let ended = self.store.finish(id, Status::Cancelled, Some("cancelled before it started"), None, now_ms())?;
        if ended {
            self.end_stream(id);
        }
        Ok(ended)
    }

    fn run(self: Arc<Self>, (id, _client): (String, String)) {
        let (cancel, by_user) = {
            let running = self.running.lock().unwrap_or_else(|e| e.into_inner());
            let r = &running[&id];
            (r.cancel.clone(), r.by_user.clone())
        };
        let outcome = self.execute(&id, cancel);
        let now = now_ms();
        let result = match outcome {
            Ok(Some(summary)) => self.store.finish(&id, Status::Succeeded, None, Some(&summary), now).map(|_| ()),
            Ok(None) if by_user.load(Ordering::SeqCst) => {
                self.store.finish(&id, Status::Cancelled, Some("cancelled while running"), None, now).map(|_| ())
            }
            // Interrupted by a shutdown: resumed at the next start.
            Ok(None) => self.store.requeue(&id),
            Err(e) => {
                tracing::warn!("job {id} failed: {e:#}");
                self.store.finish(&id, Status::Failed, Some(&format!("{e:#}")), None, now).map(|_| ())
            }
        };
        if let Err(e) = result {
            tracing::error!("cannot record the end of job {id}: {e}");
        }
        if self.store.get(&id).ok().flatten().is_some_and(|job| job.status.is_final()) {
            self.end_stream(&id);
        }
        self.running.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
        self.poke();
    }

    /// Runs (or resumes) a job. `None`: interrupted.
    fn execute(&self, id: &str, cancel: CancellationToken) -> Result<Option<Value>> {
        let job = self.store.get(id)?.context("the job vanished")?;
        self.store.set_running(id, now_ms())?;
        let dir = self.jobs_dir.join(id);
        match serde_json::from_value(job.request.clone())? {
            StoredRequest::File(request) => self.execute_file(id, &request, &dir, cancel),
            StoredRequest::Package(request) => self.execute_package(id, &request, &dir, cancel),
        }
    }

    fn execute_file(
        &self,
        id: &str,
        request: &JobRequest,
        dir: &Path,
        cancel: CancellationToken,
    ) -> Result<Option<Value>> {
        let run_dir = dir.join("run");
        let spec = self.spec(request, dir)?;
        let mut journal = if run_dir.join("run.json").is_file() {
            run::reopen(&run_dir)?.1
        } else {
            write_job_files(request, dir)?;
            run::create(&spec, &run_dir)?
        };
        self.record_events(id, &mut journal)?;
        let chat = OpenAiChat::new(self.llm.clone().with_model(spec.model.clone()), &self.api_key, cancel.clone())?;
        let search = crate::wiring::search(&spec.options)?;
        let services =
            Services { chat: &chat, search: search.as_ref(), sandbox: self.sandbox()?, runtime: self.handle.clone() };
        let finished =
            run::execute(&spec, &mut journal, &services, cancel, &|note| tracing::info!("job {id}: {note}"))?;
        if finished.summary.outcome.stop == Stop::Interrupted {
            return Ok(None);
        }
        Ok(Some(serde_json::to_value(&finished.summary)?))
    }

    fn execute_package(
        &self,
        id: &str,
        request: &PackageJobRequest,
        dir: &Path,
        cancel: CancellationToken,
    ) -> Result<Option<Value>> {
        let (spec, mut journal) =
            package_job::open(dir, &request.package_job, self.server_layer(), &self.archive_limits)?;
        self.record_events(id, &mut journal)?;
        let chat = OpenAiChat::new(self.llm.clone().with_model(spec.model.clone()), &self.api_key, cancel.clone())?;
        let search = crate::wiring::search(&spec.options)?;
        let services =
            Services { chat: &chat, search: search.as_ref(), sandbox: self.sandbox()?, runtime: self.handle.clone() };
        let container = match self.container.get() {
            Some(container) => container,
            None => {
                let made = crate::wiring::container()?;
                self.container.get_or_init(|| made)
            }
        };
        // A target's own log numbers its events from 1: its progress shows
        // on the job, its events stay in its run directory.
        let store = self.store.clone();
        let job_id = id.to_string();
        let observe = move |target: &mut Journal| {
            let (store, job_id) = (store.clone(), job_id.clone());
            target.observe(Box::new(move |record| {
                if let Event::Progress { what } = &record.event
                    && let Err(e) = store.set_progress(&job_id, what)
                {
                    tracing::error!("cannot store the progress of job {job_id}: {e}");
                }
            }));
        };
        let note = |note: &str| tracing::info!("job {id}: {note}");
        let summary = package_run::execute(&spec, &mut journal, &services, container, cancel, &note, &observe)?;
        if summary.stop == Stop::Interrupted {
            return Ok(None);
        }
        Ok(Some(package_job::result(&summary)?))
    }

    /// Sends the journal's events to the database and live subscribers,
    /// those logged before (or before a crash) included, so that the stream
    /// has no gaps.
    fn record_events(&self, id: &str, journal: &mut Journal) -> Result<()> {
        let store = self.store.clone();
        let live = self.live.clone();
        let job_id = id.to_string();
        journal.observe(Box::new(move |record| {
            let event = store.add_event(&job_id, record).unwrap_or_else(|e| {
                tracing::error!("cannot store an event of job {job_id}: {e}");
                StoredEvent::from(record)
            });
            let _ = live.send(Live { job: job_id.clone(), event });
        }));
        self.sync_events(id, journal.dir())
    }

    fn sandbox(&self) -> Result<&Sandbox> {
        Ok(match self.sandbox.get() {
            Some(sandbox) => sandbox,
            None => {
                let made = crate::wiring::sandbox()?;
                self.sandbox.get_or_init(|| made)
            }
        })
    }

    /// The server's settings, under a job's own.
    fn server_layer(&self) -> Layer {
        Layer {
            llm_url: Some(self.llm.url.clone()),
            model: Some(self.llm.model.clone()),
            llm_timeout: Some(self.llm.timeout_s),
            search_backends: Some(self.search_backends.clone()),
            ..Layer::default()
        }
    }

    fn spec(&self, request: &JobRequest, dir: &Path) -> Result<RunSpec> {
        let settings = Settings::resolve(request.options.layer().over(self.server_layer()))?;
        let input_files = (0..request.inputs.len()).map(|i| dir.join(format!("input-{i}.txt"))).collect();
        Ok(RunSpec {
            marco: env!("CARGO_PKG_VERSION").to_string(),
            file: dir.join("source.rs"),
            problem: request.problem.clone(),
            input_files,
            options: settings.options,
            llm_url: settings.llm_url,
            model: settings.model,
            llm_timeout: settings.llm_timeout_s,
            output: dir.join("result.rs"),
            in_place: false,
        })
    }

    fn sync_events(&self, id: &str, run_dir: &Path) -> Result<()> {
        for record in read_events(&run_dir.join(EVENTS))? {
            self.store.add_event(id, &record)?;
        }
        Ok(())
    }

    fn end_stream(&self, id: &str) {
        let end = StoredEvent { seq: u64::MAX, time_ms: now_ms(), kind: "end".into(), data: Value::Null };
        let _ = self.live.send(Live { job: id.to_string(), event: end });
    }

    /// The job's directory (original, result, run directory).
    pub fn dir(&self, id: &str) -> PathBuf {
        self.jobs_dir.join(id)
    }
}

fn write_job_files(request: &JobRequest, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("source.rs"), &request.source)?;
    for (i, input) in request.inputs.iter().enumerate() {
        std::fs::write(dir.join(format!("input-{i}.txt")), input)?;
    }
    Ok(())
}

pub fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}
