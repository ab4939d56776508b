//! `marco llm ...`: marco's own OpenAI-compatible model server.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use inference::{EngineApi, EngineConfig, Model, RemoteTarget, Role, ServerConfig, ServerDrafter};

use crate::pull_bar::PullBar;

#[derive(Subcommand)]
pub enum LlmCommand {
    /// Serve a local model over the OpenAI chat completions API
    /// (`/v1/models`, `/v1/chat/completions`, streaming with SSE).
    ///
    /// Concurrent requests are decoded together in one forward pass per
    /// step. The model is pulled first if it is missing. With `--role edge`
    /// the target runs on a remote `--cloud` that verifies this server's
    /// drafts; the output is the same.
    Serve(ServeArgs),
    /// Measure this machine for configuration selection: the target's cost
    /// of a pass over T tokens, each drafter's speed and acceptance at each
    /// draft length K on a code-rewrite workload, and power (RAPL) where
    /// the platform exposes it. Writes a JSON profile.
    Profile(crate::llm_profile_cmd::ProfileArgs),
    /// Pick drafter, quantisation and K for an objective from a profile,
    /// with the expected tokens per round (1 - a^(K+1)) / (1 - a).
    Plan(crate::llm_profile_cmd::PlanArgs),
}

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// A model name from `marco models list`, or a path to a .gguf file.
    #[arg(long, default_value = inference::models::DEFAULT_MODEL)]
    model: String,
    /// How to speculate: `prompt-lookup` (n-gram matches in the prompt and
    /// the reply; free), a draft model's name or .gguf path (same tokenizer
    /// as the target), `hybrid` (prompt lookup where it matches, the
    /// `--draft-model` elsewhere) or `none`. Speculation never changes the
    /// output; each step's draft length is chosen from measured costs.
    #[arg(long, default_value = "prompt-lookup")]
    draft: String,
    /// Draft exactly K tokens every step instead of choosing the length
    /// each step from measured costs (on an edge: measured round trips to
    /// the cloud) and acceptance.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u16).range(1..=32))]
    draft_length: Option<u16>,
    /// The draft model of `--draft hybrid`.
    #[arg(long, default_value = inference::models::DEFAULT_DRAFT_MODEL)]
    draft_model: String,
    /// Context length of each request, in tokens.
    #[arg(long, default_value_t = 4096)]
    context: u32,
    /// Layers of the target and draft models to put on the GPU: `all` (when
    /// a GPU backend loaded; marco built with the `gpu` feature) or a count
    /// (`0`: CPU only).
    #[arg(long, value_name = "N|all", default_value = "all")]
    gpu_layers: inference::GpuLayers,
    /// Requests decoded at once (the rest wait in the queue); on a cloud,
    /// also the device sessions held at once.
    #[arg(long, default_value_t = 4)]
    parallel: u32,
    /// `all`: the target runs here, serving its own requests and verifying
    /// edge devices' drafts (`POST /v1/verify`) in the same forward passes.
    /// `cloud`: the same, named for a verifier that serves devices.
    /// `edge`: draft here and have the `--cloud` verify; `--model` then only
    /// supplies the tokenizer and chat template, which must be the cloud's.
    #[arg(long, value_enum, default_value_t = RoleArg::All)]
    role: RoleArg,
    /// The verifier of `--role edge`, e.g. `http://10.0.0.2:8080`.
    #[arg(long, required_if_eq("role", "edge"))]
    cloud: Option<String>,
    /// What `--cloud` is: `marco` (a marco server; greedy and sampling),
    /// `sglang` (its `/generate`) or `vllm` (its `/v1/completions`); the
    /// last two verify greedy requests only (exactly), since their top-k
    /// log-probabilities cannot verify sampling exactly.
    #[arg(long, value_enum, default_value_t = CloudApi::Marco)]
    cloud_api: CloudApi,
    /// The model name a vLLM `--cloud` serves the target under.
    #[arg(long)]
    cloud_model: Option<String>,
    /// Take drafter and draft length from this profile's plan (see `marco
    /// llm plan`) instead of `--draft` and `--draft-length`.
    #[arg(long, value_name = "PROFILE")]
    plan: Option<std::path::PathBuf>,
    /// The objective of `--plan`.
    #[arg(long, value_enum, default_value_t = crate::llm_profile_cmd::ObjectiveArg::Goodput)]
    objective: crate::llm_profile_cmd::ObjectiveArg,
    /// Seconds a cloud keeps an idle device session (a device whose session
    /// was evicted resends its history).
    #[arg(long, default_value_t = 600)]
    session_ttl: u64,
    /// How a cloud orders waiting verifications into passes: `slo`
    /// (earliest deadline first, kept by a pass-time estimator, the rest by
    /// value) or `fifo` (arrival order, the SLED-style baseline).
    #[arg(long, value_enum, default_value_t = ScheduleArg::Slo)]
    verify_schedule: ScheduleArg,
    /// On an edge: the time per output token, in milliseconds, each
    /// generation asks the cloud to keep (its verifications carry the
    /// matching deadlines).
    #[arg(long, value_name = "MS")]
    time_per_token_ms: Option<u64>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ScheduleArg {
    Slo,
    Fifo,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum CloudApi {
    Marco,
    Sglang,
    Vllm,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum RoleArg {
    All,
    Cloud,
    Edge,
}

pub fn execute(command: LlmCommand) -> Result<ExitCode> {
    match command {
        LlmCommand::Serve(args) => serve(args),
        LlmCommand::Profile(args) => crate::llm_profile_cmd::profile(args),
        LlmCommand::Plan(args) => crate::llm_profile_cmd::plan(args),
    }
}

fn serve(mut args: ServeArgs) -> Result<ExitCode> {
    if let Some(path) = &args.plan {
        let profile = crate::llm_profile_cmd::read_profile(path)?;
        let plan = crate::llm_profile_cmd::choose(&profile, args.objective.into(), 16)?;
        eprintln!(
            "plan: {} with K = {} ({:.2} tokens per round expected)",
            plan.drafter, plan.k, plan.expected_tokens_per_round
        );
        args.draft = plan.drafter;
        args.draft_length = Some(u16::try_from(plan.k).unwrap_or(u16::MAX));
    }
    let bar = PullBar::default();
    let path = inference::models::ensure(&args.model, &bar)?;
    let model = Model::load_with(&path, args.gpu_layers).with_context(|| format!("cannot load {}", path.display()))?;
    eprintln!("model {}: {}", path.display(), model.placement());
    let load_draft = |name: &str| -> Result<Model> {
        let path = inference::models::ensure(name, &bar)?;
        let draft = Model::load_with(&path, args.gpu_layers)
            .with_context(|| format!("cannot load the draft model {}", path.display()))?;
        eprintln!("draft model {}: {}", path.display(), draft.placement());
        Ok(draft)
    };
    let drafter = match args.draft.as_str() {
        "none" => ServerDrafter::None,
        "prompt-lookup" => ServerDrafter::PromptLookup,
        "hybrid" => ServerDrafter::Hybrid(load_draft(&args.draft_model)?),
        name => ServerDrafter::Model(load_draft(name).with_context(|| {
            format!("`--draft {name}` is not `prompt-lookup`, `hybrid` or `none`, so it names a draft model")
        })?),
    };
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| args.model.clone());
    let mut config = ServerConfig::new(name.clone(), model);
    config.engine = EngineConfig { context: args.context, sequences: args.parallel.max(1), ..EngineConfig::default() };
    config.drafter = drafter;
    config.draft_length = args.draft_length.map(usize::from);
    config.session_ttl = std::time::Duration::from_secs(args.session_ttl);
    config.verify_policy = match args.verify_schedule {
        ScheduleArg::Slo => inference::Policy::Slo,
        ScheduleArg::Fifo => inference::Policy::Fifo,
    };
    if args.time_per_token_ms.is_some() && args.role != RoleArg::Edge {
        anyhow::bail!("`--time-per-token-ms` is for `--role edge`");
    }
    config.time_per_token = args.time_per_token_ms.map(std::time::Duration::from_millis);
    config.role = match (args.role, args.cloud) {
        (RoleArg::Edge, Some(url)) => Role::Edge(match args.cloud_api {
            CloudApi::Marco => RemoteTarget::Marco(url),
            api => RemoteTarget::Engine {
                api: if api == CloudApi::Sglang { EngineApi::Sglang } else { EngineApi::Vllm },
                url,
                model: args.cloud_model.clone().unwrap_or_else(|| args.model.clone()),
            },
        }),
        (RoleArg::Edge, None) => unreachable!("clap requires --cloud with --role edge"),
        (_, Some(_)) => anyhow::bail!("`--cloud` is for `--role edge`"),
        (RoleArg::All | RoleArg::Cloud, None) => Role::Local,
    };
    let edge_of = match &config.role {
        Role::Edge(RemoteTarget::Marco(url) | RemoteTarget::Engine { url, .. }) => Some(url.clone()),
        Role::Local => None,
    };
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let server = inference::serve(config, args.addr)
            .await
            .with_context(|| format!("cannot start the server on {}", args.addr))?;
        eprintln!("serving {name} at {} (OpenAI-compatible; Ctrl-C stops)", server.base_url());
        if let Some(cloud) = &edge_of {
            eprintln!("drafting here; the cloud at {cloud} verifies");
        } else {
            eprintln!("edge devices can send drafts to http://{}/v1/verify", server.addr);
        }
        tokio::select! {
            result = server.wait() => result.context("server failed")?,
            _ = tokio::signal::ctrl_c() => eprintln!("stopping"),
        }
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}
