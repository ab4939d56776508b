// The speculative decoding benchmark, shared by the `speculative` bench
// (`cargo bench`) and the `speculative-bench` binary (`cargo build`), which
// the GPU package takes: `cargo bench` builds with the dev-dependencies,
// whose features rebuild llama.cpp. Included, not a module: it has `main`.

use std::time::Instant;

use inference::models::{self, Quiet};
use inference::{
    DraftLength, DraftModel, Drafter, Engine, EngineConfig, GenerateParams, GpuLayers, Hybrid, Model, PromptLookup,
    Token,
};
use serde_json::{Value, json};

/// The program of the code-rewrite workload, repeated for a long prefix.
const CODE: &str = include_str!("../../examples/collatz.rs");

struct Options {
    rounds: usize,
    tokens: usize,
    target: String,
    draft: String,
    gpu_layers: GpuLayers,
    /// Fixed draft lengths the draft model is also measured at, beside the
    /// automatic choice (which may decide that drafting does not pay).
    draft_ks: Vec<usize>,
    json: Option<String>,
}

fn options() -> Options {
    let mut o = Options {
        rounds: 3,
        tokens: 160,
        target: models::DEFAULT_MODEL.to_string(),
        draft: "qwen2.5-coder-0.5b-instruct-q4_k_m".to_string(),
        gpu_layers: GpuLayers::All,
        draft_ks: vec![1, 2, 4],
        json: None,
    };
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    if let Some(v) = value("--rounds") {
        o.rounds = v.parse().expect("--rounds N");
    }
    if let Some(v) = value("--tokens") {
        o.tokens = v.parse().expect("--tokens N");
    }
    if let Some(v) = value("--target") {
        o.target = v;
    }
    if let Some(v) = value("--draft") {
        o.draft = v;
    }
    if let Some(v) = value("--gpu-layers") {
        o.gpu_layers = v.parse().expect("--gpu-layers N|all");
    }
    if let Some(v) = value("--draft-ks") {
        o.draft_ks = v.split(',').map(|k| k.trim().parse().expect("--draft-ks K,K,...")).collect();
    }
    o.json = value("--json");
    o
}

fn load(name: &str, gpu_layers: GpuLayers) -> Model {
    let path = models::ensure(name, &Quiet).unwrap_or_else(|e| panic!("{e}"));
    Model::load_with(&path, gpu_layers).unwrap_or_else(|e| panic!("{e}"))
}

struct Run {
    tokens_per_s: f64,
    accepted: usize,
    drafted: usize,
    steps: usize,
    tokens: Vec<Token>,
}

/// A generation of `tokens`, drafting `fixed` tokens per step, or as many
/// as pay by the running estimate (up to 8) when `fixed` is none.
fn generate(
    target: &mut Engine,
    prompt: &[Token],
    drafter: Option<&mut dyn Drafter>,
    fixed: Option<usize>,
    tokens: usize,
) -> Run {
    // A fresh cache each run: no run benefits from another's prompt.
    target.truncate(0, 0).expect("truncate");
    let params = GenerateParams { max_tokens: tokens, ..GenerateParams::default() };
    let mut length = fixed.map_or_else(|| DraftLength::automatic(8), DraftLength::fixed);
    let g = inference::generate(target, 0, prompt, drafter, &mut length, &params, &mut |_| {}).expect("generate");
    // Decode speed: the prompt pass is the same for all and is left out.
    let decode_ms = g.stats.elapsed_ms - g.stats.time_to_first_token_ms;
    Run {
        tokens_per_s: (g.stats.completion_tokens.saturating_sub(1)) as f64 * 1000.0 / decode_ms,
        accepted: g.stats.accepted,
        drafted: g.stats.drafted,
        steps: g.stats.steps,
        tokens: g.tokens,
    }
}

/// Per drafter: name, tokens/s per round, ratio to target-only per round,
/// accepted, drafted, steps.
type DrafterResult = (String, Vec<f64>, Vec<f64>, usize, usize, usize);

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let o = options();
    let target_model = load(&o.target, o.gpu_layers);
    let draft_model = load(&o.draft, o.gpu_layers);
    let mut report = json!({
        "target": o.target, "draft": o.draft, "tokens": o.tokens, "rounds": o.rounds,
        "target_device": target_model.placement(), "draft_device": draft_model.placement(),
        "workloads": [],
    });
    let config = EngineConfig { context: 4096, sequences: 2, ..EngineConfig::default() };
    let mut target = Engine::new(target_model, config.clone()).expect("target engine");
    inference::calibrate(&mut target, 1, 17).expect("calibrate");
    println!("# Speculative decoding benchmark\n");
    println!(
        "target {}, draft {}, {} tokens per run, {} rounds, threads {}\n",
        o.target, o.draft, o.tokens, o.rounds, config.threads
    );
    println!("target: {}; draft: {}\n", target_model.placement(), draft_model.placement());
    println!("cost of one target forward over T new tokens (ms, after a ~200-token context):\n");
    println!("| T | ms | ms / T=1 |\n|---:|---:|---:|");
    let one = target.cost().seconds(1).unwrap_or(f64::NAN);
    for (t, s) in target.cost().curve().into_iter().filter(|(t, _)| *t <= 17) {
        println!("| {t} | {:.2} | {:.2} |", s * 1e3, s / one);
    }
    report["target_ms"] = json!(target.cost().curve().into_iter().map(|(t, s)| (t, s * 1e3)).collect::<Vec<_>>());

    let mut lookup = PromptLookup::default();
    let draft_engine =
        || Engine::new(draft_model, EngineConfig { sequences: 1, ..config.clone() }).expect("draft engine");
    let mut draft = DraftModel::new(draft_engine()).expect("draft model");
    let mut hybrid = Hybrid::new(PromptLookup::default(), DraftModel::new(draft_engine()).expect("draft model"), 3);
    // (drafter: 0 lookup, 1 draft model, 2 hybrid; fixed K or automatic)
    let mut systems: Vec<(usize, Option<usize>)> = vec![(0, None), (1, None), (2, None)];
    systems.extend(o.draft_ks.iter().map(|&k| (1, Some(k))));

    for (name, prompt) in inference::profile::workloads(target_model) {
        println!("\n## {name} ({} prompt tokens)\n", prompt.len());
        let mut base = Vec::new();
        let mut divergences: Vec<String> = Vec::new();
        let mut results: Vec<DrafterResult> = Vec::new();
        for round in 0..o.rounds {
            let reference = generate(&mut target, &prompt, None, None, o.tokens);
            base.push(reference.tokens_per_s);
            for (i, &(which, fixed)) in systems.iter().enumerate() {
                let drafter: &mut dyn Drafter = match which {
                    0 => &mut lookup,
                    1 => &mut draft,
                    _ => &mut hybrid,
                };
                let name = match fixed {
                    Some(k) => format!("{}, K = {k}", drafter.name()),
                    None => format!("{} (automatic K)", drafter.name()),
                };
                let run = generate(&mut target, &prompt, Some(drafter), fixed, o.tokens);
                if round == 0 {
                    results.push((name.clone(), Vec::new(), Vec::new(), 0, 0, 0));
                }
                if run.tokens != reference.tokens {
                    let at = run.tokens.iter().zip(&reference.tokens).take_while(|(a, b)| a == b).count();
                    divergences.push(format!("{name}, round {round}: differs from target-only at token {at}"));
                }
                let r = &mut results[i];
                r.1.push(run.tokens_per_s);
                r.2.push(run.tokens_per_s / reference.tokens_per_s);
                r.3 += run.accepted;
                r.4 += run.drafted;
                r.5 += run.steps;
            }
        }
        println!(
            "| system | tokens/s (median) | ratio to target-only: median [min, max] | acceptance | mean accepted per step |"
        );
        println!("|---|---:|---:|---:|---:|");
        println!("| target only | {:.2} | 1 | | |", median(base.clone()));
        let mut rows: Vec<Value> = Vec::new();
        for (name, tps, ratios, accepted, drafted, steps) in results {
            rows.push(json!({
                "drafter": name, "tokens_per_s": tps, "ratio_to_target_only": ratios,
                "median_ratio": median(ratios.clone()), "accepted": accepted, "drafted": drafted, "steps": steps,
            }));
            let (lo, hi) = ratios.iter().fold((f64::MAX, f64::MIN), |(a, b), &r| (a.min(r), b.max(r)));
            let acceptance = if drafted == 0 { 0.0 } else { accepted as f64 / drafted as f64 };
            println!(
                "| {name} | {:.2} | {:.3} [{lo:.3}, {hi:.3}] | {:.2} ({accepted}/{drafted}) | {:.2} |",
                median(tps),
                median(ratios),
                acceptance,
                accepted as f64 / steps.max(1) as f64
            );
        }
        if let Some(list) = report["workloads"].as_array_mut() {
            list.push(json!({
                "workload": name, "prompt_tokens": prompt.len(), "target_only_tokens_per_s": base,
                "drafters": rows, "divergences": divergences,
            }));
        }
        if divergences.is_empty() {
            println!("\nGreedy output identical to target-only in every run.");
        } else {
            println!("\nOUTPUT CHANGED (not lossless):\n{}", divergences.join("\n"));
        }
    }

    // Time to first token: a 1000-token prefix, first cold, then repeated.
    let long: Vec<Token> = {
        let text = CODE.repeat(4);
        let mut t = target_model.tokenize(&text, false);
        t.truncate(1000);
        t
    };
    let mut ttft = |fresh: bool| {
        if fresh {
            target.truncate(0, 0).expect("truncate");
        }
        let started = Instant::now();
        let params = GenerateParams { max_tokens: 1, ..GenerateParams::default() };
        inference::generate(&mut target, 0, &long, None, &mut DraftLength::fixed(0), &params, &mut |_| {})
            .expect("generate");
        started.elapsed().as_secs_f64() * 1e3
    };
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    for _ in 0..o.rounds {
        cold.push(ttft(true));
        warm.push(ttft(false));
    }
    let ratios: Vec<f64> = cold.iter().zip(&warm).map(|(c, w)| c / w).collect();
    println!("\n## Time to first token, 1000-token prompt\n");
    println!("| first request (ms) | repeated prefix (ms) | first / repeated: median [min, max] |\n|---:|---:|---:|");
    let (lo, hi) = ratios.iter().fold((f64::MAX, f64::MIN), |(a, b), &r| (a.min(r), b.max(r)));
    println!(
        "| {:.1} | {:.1} | {:.1} [{lo:.1}, {hi:.1}] |",
        median(cold.clone()),
        median(warm.clone()),
        median(ratios)
    );
    report["ttft_ms"] = json!({"first": cold, "repeated_prefix": warm});
    if let Some(path) = &o.json {
        let text = serde_json::to_string_pretty(&report).expect("a JSON report");
        std::fs::write(path, text + "\n").unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
        println!("\nwrote {path}");
    }
}
