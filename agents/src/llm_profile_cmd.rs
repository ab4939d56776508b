//! `marco llm profile` and `marco llm plan`: measure this machine, then
//! pick drafter, quantisation and draft length for an objective.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;
use inference::profile::{self, Candidate, Objective, Plan, Profile};
use inference::{DraftModel, Drafter, Engine, EngineConfig, Model, PromptLookup};

use crate::pull_bar::PullBar;

#[derive(Args)]
pub struct ProfileArgs {
    /// The target model (name or .gguf path).
    #[arg(long, default_value = inference::models::DEFAULT_MODEL)]
    model: String,
    /// Draft models to profile besides prompt lookup (names or paths,
    /// comma-separated; same tokenizer as the target).
    #[arg(long, value_delimiter = ',', default_value = inference::models::DEFAULT_DRAFT_MODEL)]
    drafts: Vec<String>,
    /// Draft lengths to measure.
    #[arg(long, value_delimiter = ',', default_value = "1,2,4,8")]
    ks: Vec<usize>,
    /// Tokens generated per measurement.
    #[arg(long, default_value_t = 64)]
    tokens: usize,
    /// Where to write the profile (JSON).
    #[arg(long, default_value = "marco-profile.json")]
    out: PathBuf,
    /// Layers of the target and draft models to put on the GPU: `all` (when
    /// a GPU backend loaded) or a count (`0`: CPU only).
    #[arg(long, value_name = "N|all", default_value = "all")]
    gpu_layers: inference::GpuLayers,
}

#[derive(Args)]
pub struct PlanArgs {
    /// What to optimise: `goodput` (tokens/s), `cost` (target compute per
    /// token) or `energy` (joules per token, from RAPL power when present).
    #[arg(long, value_enum, default_value_t = ObjectiveArg::Goodput)]
    objective: ObjectiveArg,
    /// The profile written by `marco llm profile`.
    #[arg(long, default_value = "marco-profile.json")]
    profile: PathBuf,
    /// Longest draft length considered.
    #[arg(long, default_value_t = 10)]
    max_k: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ObjectiveArg {
    Goodput,
    Cost,
    Energy,
}

impl From<ObjectiveArg> for Objective {
    fn from(objective: ObjectiveArg) -> Self {
        match objective {
            ObjectiveArg::Goodput => Objective::Goodput,
            ObjectiveArg::Cost => Objective::Cost,
            ObjectiveArg::Energy => Objective::Energy,
        }
    }
}

fn load(name: &str, gpu_layers: inference::GpuLayers) -> Result<(String, Model)> {
    let path = inference::models::ensure(name, &PullBar::default())?;
    let model = Model::load_with(&path, gpu_layers).with_context(|| format!("cannot load {}", path.display()))?;
    eprintln!("{}: {}", path.display(), model.placement());
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| name.to_string());
    Ok((stem, model))
}

/// The quantisation in a GGUF name like `qwen2.5-coder-0.5b-instruct-q4_k_m`.
fn quantisation(name: &str) -> String {
    name.rsplit(['-', '.']).next().filter(|q| q.starts_with('q') || q.starts_with('f')).unwrap_or("unknown").to_string()
}

pub fn profile(args: ProfileArgs) -> Result<ExitCode> {
    if args.ks.is_empty() || args.ks.contains(&0) {
        bail!("`--ks` needs draft lengths of at least 1");
    }
    let (target_name, target_model) = load(&args.model, args.gpu_layers)?;
    let config = EngineConfig { context: 4096, sequences: 2, ..EngineConfig::default() };
    let mut target = Engine::new(target_model, config.clone())?;
    let mut lookup = PromptLookup::default();
    let mut models: Vec<(String, DraftModel)> = Vec::new();
    for name in &args.drafts {
        let (draft_name, draft) = load(name, args.gpu_layers)?;
        if !draft.shares_tokenizer(&target_model) {
            bail!("the draft model {draft_name} does not share the target's tokenizer");
        }
        let engine = Engine::new(draft, EngineConfig { sequences: 1, ..config.clone() })?;
        models.push((draft_name, DraftModel::new(engine)?));
    }
    let mut candidates = vec![Candidate {
        name: "prompt-lookup".into(),
        quantisation: "n/a".into(),
        drafter: &mut lookup as &mut dyn Drafter,
    }];
    for (name, model) in &mut models {
        candidates.push(Candidate { quantisation: quantisation(name), name: name.clone(), drafter: model });
    }
    let (_, prompt) = profile::workloads(target_model).into_iter().next().expect("the code-rewrite workload");
    let started = std::time::Instant::now();
    let profile =
        profile::measure(&target_name, &mut target, candidates, &prompt, args.tokens, &args.ks, &mut |what| {
            eprintln!("[{:>5.0} s] measuring {what}", started.elapsed().as_secs_f64());
        })?;
    std::fs::write(&args.out, serde_json::to_string_pretty(&profile)?)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    print_profile(&profile);
    eprintln!("profile written to {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

fn print_profile(profile: &Profile) {
    println!("target {} ({}): ms per pass over T tokens", profile.target, profile.device);
    for (t, ms) in &profile.target_ms {
        println!("  T={t:<2} {ms:8.1} ms");
    }
    println!("power: {:?}", profile.power);
    for d in &profile.drafters {
        println!("{} ({}), {:.1} ms per drafted token", d.name, d.quantisation, d.ms_per_token);
        for k in &d.by_k {
            println!(
                "  K={:<2} mean accepted {:.2}, acceptance a={:.2}, {:.1} tokens/s",
                k.k, k.mean_accepted, k.acceptance, k.tokens_per_s
            );
        }
    }
}

pub fn read_profile(path: &Path) -> Result<Profile> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read {} (run `marco llm profile` first)", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not a marco profile", path.display()))
}

pub fn choose(profile: &Profile, objective: Objective, max_k: usize) -> Result<Plan> {
    profile.plan(objective, max_k).context("the profile measured no drafter")
}

pub fn plan(args: PlanArgs) -> Result<ExitCode> {
    let profile = read_profile(&args.profile)?;
    let plan = choose(&profile, args.objective.into(), args.max_k)?;
    println!("{}", serde_json::to_string_pretty(&plan)?);
    Ok(ExitCode::SUCCESS)
}
