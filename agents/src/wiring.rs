//! What the commands set up from the environment for the loop: the model
//! (a server's URL, or marco's own backend started here), the API key, the
//! retriever, the sandbox, Ctrl-C. Only the binary reads the environment;
//! the library gets these as values.

use std::net::SocketAddr;

use anyhow::{Context, Result};
use inference::{EngineConfig, Model, ServerConfig, ServerDrafter};
use marco::optimise::{LlmSettings, Options};
use tokio_util::sync::CancellationToken;

use crate::pull_bar::PullBar;
use sandbox::{Sandbox, SandboxConfig};
use search::{BackendKind, Search, SearchConfig};

/// The key for an OpenAI-compatible API: `MARCO_LLM_API_KEY`, else
/// `OPENAI_API_KEY`, else none (a local server needs none).
pub fn api_key() -> String {
    std::env::var("MARCO_LLM_API_KEY").or_else(|_| std::env::var("OPENAI_API_KEY")).unwrap_or_default()
}

/// The retriever for runs with `options`: the backends they name, or every
/// configured one (keys and URLs from the environment); none when they do
/// not search.
pub fn search(options: &Options) -> Result<Option<Search>> {
    if !options.search {
        return Ok(None);
    }
    let config = SearchConfig::from_env();
    let kinds = if options.search_backends.is_empty() {
        BackendKind::available(&config)
    } else {
        options.search_backends.iter().map(|b| b.parse()).collect::<Result<Vec<BackendKind>, _>>()?
    };
    Ok(Some(Search::new(&kinds, &config).context("cannot set up the search")?))
}

/// The sandbox every run of this process shares: one build cache, and one
/// memo of the problems' expected results.
/// The container a package's candidates are built and tested in.
pub fn container() -> Result<sandbox::Container> {
    Ok(sandbox::Container::new(sandbox::ContainerConfig::default())?)
}

pub fn sandbox() -> Result<Sandbox> {
    Sandbox::new(SandboxConfig::default()).context("cannot set up the sandbox")
}

/// The LLM the agents talk to: the OpenAI-compatible server at `url`, or
/// with none, marco's own backend started here with `model` (the server
/// stops when the returned handle is dropped).
pub fn connect(
    runtime: &tokio::runtime::Runtime,
    url: Option<&str>,
    model: &str,
    timeout_s: u64,
    note: impl Fn(&str),
) -> Result<(LlmSettings, Option<inference::RunningServer>)> {
    match url {
        Some(url) => {
            let settings = LlmSettings { url: url.to_string(), model: model.to_string(), timeout_s, retries: 3 };
            Ok((settings, None))
        }
        None => {
            note(&format!("starting marco's built-in backend with {model}"));
            let (settings, server) = start_builtin(runtime, model, timeout_s)?;
            Ok((settings, Some(server)))
        }
    }
}

/// The built-in backend's settings for the agents, and the model's name as
/// the server knows it: `model` is pulled on first use; prompt lookup
/// drafts (free, and it pays on code rewrites, which repeat much of their
/// prompt).
pub fn builtin_config(model: &str) -> Result<(String, ServerConfig)> {
    let path = inference::models::ensure(model, &PullBar::default())?;
    let loaded = Model::load(&path).with_context(|| format!("cannot load {}", path.display()))?;
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| model.to_string());
    let mut config = ServerConfig::new(name.clone(), loaded);
    config.engine = EngineConfig { context: 8192, sequences: 2, ..EngineConfig::default() };
    config.drafter = ServerDrafter::PromptLookup;
    Ok((name, config))
}

/// Starts marco's own backend ([`builtin_config`]) in-process on a loopback
/// port, for the agents.
pub fn start_builtin(
    runtime: &tokio::runtime::Runtime,
    model: &str,
    timeout_s: u64,
) -> Result<(LlmSettings, inference::RunningServer)> {
    let (name, config) = builtin_config(model)?;
    let addr: SocketAddr = ([127, 0, 0, 1], 0).into();
    let server =
        runtime.block_on(inference::serve(config, addr)).context("cannot start marco's built-in LLM backend")?;
    let settings = LlmSettings { url: server.base_url(), model: name, timeout_s, retries: 1 };
    Ok((settings, server))
}

/// A token cancelled by the first Ctrl-C (work stops after the current
/// step, leaving it resumable); a second Ctrl-C quits at once.
pub fn cancel_on_ctrl_c(runtime: &tokio::runtime::Runtime) -> CancellationToken {
    let cancel = CancellationToken::new();
    let cancelled = cancel.clone();
    runtime.spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("\nstopping after the current step (Ctrl-C again to quit at once)");
            cancelled.cancel();
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(130);
            }
        }
    });
    cancel
}
