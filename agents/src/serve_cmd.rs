//! `marco serve`: the job API and its web page.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use crate::serve::api::Limits;
use crate::serve::archive::ArchiveLimits;
use crate::serve::{LlmAt, ServeConfig};
use marco::optimise::LlmSettings;

#[derive(Args)]
#[command(after_long_help = "\
Endpoints: POST /v1/jobs, POST /v1/package-jobs (multipart: `archive`, a Cargo package as .tar.gz, and
`request`, JSON options), GET /v1/jobs, GET /v1/jobs/{id}, GET /v1/jobs/{id}/events (SSE),
GET /v1/jobs/{id}/result, DELETE /v1/jobs/{id}, GET /healthz, GET /openapi.json; the page at /.
With marco's built-in LLM, the same server also answers OpenAI-compatible requests at /v1/chat/completions.")]
pub struct ServeArgs {
    /// Address to listen on. Any address but loopback needs --token.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The SQLite database of jobs and events.
    #[arg(long, default_value = ".marco/serve/marco.db")]
    db: PathBuf,
    /// Where jobs' run directories go [default: beside the database].
    #[arg(long, value_name = "DIR")]
    jobs_dir: Option<PathBuf>,
    /// Jobs that run at once.
    #[arg(long, default_value_t = 1)]
    workers: usize,
    /// Require `Authorization: Bearer TOKEN` on the API.
    #[arg(long, env = "MARCO_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Queued jobs one client may have at once.
    #[arg(long, default_value_t = 20)]
    max_queued: usize,
    /// Largest package archive (.tar.gz) a package job may send, in MiB; it
    /// may unpack to at most 16 times as much.
    #[arg(long, default_value_t = 16, value_name = "MIB")]
    max_package_mib: u64,
    /// An OpenAI-compatible API for the agents. Default: marco's own backend
    /// with --model, served by this same server.
    #[arg(long, value_name = "URL")]
    llm_url: Option<String>,
    /// The model (see `marco optimise --help`).
    #[arg(long, default_value = inference::models::DEFAULT_MODEL)]
    model: String,
    /// Seconds one LLM request may take.
    #[arg(long, default_value_t = 900)]
    llm_timeout: u64,
    /// Search backends for every job (see `marco search --help`).
    #[arg(long = "search-backend", value_name = "NAME", value_delimiter = ',')]
    search_backends: Vec<String>,
}

pub fn execute(args: ServeArgs) -> Result<ExitCode> {
    for backend in &args.search_backends {
        backend.parse::<search::BackendKind>()?;
    }
    if let Some(dir) = args.db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let jobs_dir = args.jobs_dir.clone().unwrap_or_else(|| args.db.with_file_name("jobs"));
    let llm = match &args.llm_url {
        Some(url) => LlmAt::Url(LlmSettings {
            url: url.clone(),
            model: args.model.clone(),
            timeout_s: args.llm_timeout,
            retries: 3,
        }),
        None => {
            let (name, config) = crate::wiring::builtin_config(&args.model)?;
            let routes = inference::router(config).context("cannot start marco's LLM backend")?;
            LlmAt::Here { routes, model: name, timeout_s: args.llm_timeout }
        }
    };
    let config = ServeConfig {
        addr: args.addr,
        db: args.db.clone(),
        jobs_dir,
        workers: args.workers,
        token: args.token.clone(),
        llm,
        search_backends: args.search_backends.clone(),
        limits: Limits {
            body_bytes: 4 << 20,
            source_bytes: sandbox::MAX_SOURCE_BYTES.min(256 << 10),
            queued_per_client: args.max_queued.max(1),
            archive_bytes: (args.max_package_mib.max(1) << 20) as usize,
            archive: ArchiveLimits { unpacked_bytes: args.max_package_mib.max(1) << 24, ..ArchiveLimits::default() },
        },
    };
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let service = crate::serve::start(config).await?;
        eprintln!("marco serve: jobs at http://{}/ (API under /v1/jobs, description at /openapi.json)", service.addr);
        let _ = tokio::signal::ctrl_c().await;
        eprintln!("stopping: running jobs pause after their current step and resume at the next start");
        service.shutdown().await;
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}
