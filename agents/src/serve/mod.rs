//! `marco serve`: the optimisation loop as a service. Jobs and their events
//! live in SQLite ([`db`]); a bounded, fair worker pool runs them, each in
//! its own run directory ([`jobs`]); the HTTP API ([`api`]) submits, lists,
//! streams (SSE), returns results and cancels; `/` is a page to watch jobs.
//! A job is a program, a LeetCode solution ([`request`]) or a Cargo package
//! sent as an archive ([`archive`], run by [`package_job`]).

pub mod api;
pub mod archive;
pub mod db;
pub mod jobs;
pub mod package_job;
pub mod request;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use self::api::{Api, Limits};
use self::db::Store;
use self::jobs::Queue;
use marco::optimise::LlmSettings;

/// How the service is set up.
pub struct ServeConfig {
    pub addr: SocketAddr,
    pub db: PathBuf,
    /// Where job directories live.
    pub jobs_dir: PathBuf,
    pub workers: usize,
    pub token: Option<String>,
    pub llm: LlmAt,
    pub search_backends: Vec<String>,
    pub limits: Limits,
}

/// Where jobs find their LLM.
pub enum LlmAt {
    /// Any OpenAI-compatible server.
    Url(LlmSettings),
    /// marco's own endpoint, served by this same server beside the job API
    /// (its routes: `/v1/models`, `/v1/chat/completions`, `/v1/verify`).
    Here { routes: Router, model: String, timeout_s: u64 },
}

/// A running service.
pub struct Service {
    pub addr: SocketAddr,
    queue: Arc<Queue>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Service {
    /// Stops taking requests; running jobs stop after their current step
    /// and stay queued for the next start.
    pub async fn shutdown(self) {
        self.queue.shutdown.cancel();
        let _ = self.server.await;
    }
}

pub async fn start(config: ServeConfig) -> Result<Service> {
    if !config.addr.ip().is_loopback() && config.token.is_none() {
        anyhow::bail!(
            "refusing to listen on {} without --token: anyone who can reach it could run code through it",
            config.addr
        );
    }
    std::fs::create_dir_all(&config.jobs_dir)
        .with_context(|| format!("cannot create {}", config.jobs_dir.display()))?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("cannot listen on {}", config.addr))?;
    let addr = listener.local_addr()?;
    let (llm, llm_routes) = match config.llm {
        LlmAt::Url(settings) => (settings, None),
        LlmAt::Here { routes, model, timeout_s } => {
            (LlmSettings { url: format!("http://{addr}/v1"), model, timeout_s, retries: 1 }, Some(routes))
        }
    };
    let store = Arc::new(Store::open(&config.db).with_context(|| format!("cannot open {}", config.db.display()))?);
    let requeued = store.requeue_running()?;
    if requeued > 0 {
        tracing::info!("{requeued} job(s) that were running resume from their run directories");
    }
    let queue = Queue::new(
        store,
        config.jobs_dir,
        llm,
        config.search_backends,
        config.workers,
        config.limits.archive,
        tokio::runtime::Handle::current(),
    );
    tokio::spawn(queue.clone().dispatch());
    let api = Arc::new(Api { queue: queue.clone(), token: config.token, limits: config.limits.clone() });
    let mut app = Router::new()
        .route("/", get(api::page))
        .route("/healthz", get(api::health))
        .route("/openapi.json", get(api::openapi))
        .route("/v1/jobs", get(api::list).post(api::submit))
        .route(
            "/v1/package-jobs",
            post(api::submit_package).layer(DefaultBodyLimit::max(config.limits.archive_bytes + (64 << 10))),
        )
        .route("/v1/jobs/{id}", get(api::get).delete(api::cancel))
        .route("/v1/jobs/{id}/events", get(api::events))
        .route("/v1/jobs/{id}/result", get(api::result))
        .method_not_allowed_fallback(api::method_not_allowed)
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(api.clone(), api::authorise))
        .layer(DefaultBodyLimit::max(config.limits.body_bytes))
        .with_state(api);
    if let Some(routes) = llm_routes {
        app = app.merge(routes);
    }
    let shutdown = queue.shutdown.clone();
    let server = tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(async move { shutdown.cancelled().await })
            .await
    });
    Ok(Service { addr, queue, server })
}
