//! Configuration selection (ConfigSpec): measure this machine once (the
//! target's cost of a pass over T tokens, each drafter's speed and its
//! acceptance at each draft length K, power where the platform exposes
//! it), then pick drafter, quantisation and K for an objective from the
//! measurements instead of guessing.

use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::cost::CostModel;
use crate::engine::{Engine, EngineError, Model, Token};
use crate::speculative::{self, DraftLength, Drafter, GenerateParams};

/// The workloads speculative decoding is measured on, as chat prompts:
/// `code-rewrite` (a 60-line Rust program to rewrite whole, which copies
/// much of its input) and `prose` (an essay, which copies nothing).
pub fn workloads(model: Model) -> Vec<(&'static str, Vec<Token>)> {
    const CODE: &str = include_str!("../../examples/collatz.rs");
    let chat = |user: String| {
        let messages = vec![
            ("system".to_string(), "You are an expert Rust performance engineer.".to_string()),
            ("user".to_string(), user),
        ];
        model.tokenize(&model.chat_prompt(&messages).unwrap_or_else(|_| user_only(&messages)), false)
    };
    vec![
        (
            "code-rewrite",
            chat(format!(
                "Rewrite this Rust program to run faster. Reply with the whole program in one code block.\n\n```rust\n{CODE}```"
            )),
        ),
        (
            "prose",
            chat(
                "Write a short essay about the history of bridges and what engineers learned from their failures."
                    .to_string(),
            ),
        ),
    ]
}

/// The messages as plain text, for a model without a chat template.
fn user_only(messages: &[(String, String)]) -> String {
    messages.iter().map(|(_, content)| content.as_str()).collect::<Vec<_>>().join("\n\n")
}

/// What `marco llm profile` measured.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Profile {
    pub target: String,
    /// Milliseconds of one target pass over T new tokens, T = 1, 2, ...
    pub target_ms: Vec<(usize, f64)>,
    pub drafters: Vec<DrafterProfile>,
    /// Package power while the target decoded, or why it is unknown.
    pub power: Power,
    /// Where the target ran, e.g. `all 28 layers on CUDA0 (NVIDIA H100 80GB
    /// HBM3)`; empty in profiles written before it was recorded.
    #[serde(default)]
    pub device: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DrafterProfile {
    pub name: String,
    /// The weights' quantisation (`n/a` for a lookup).
    pub quantisation: String,
    /// Milliseconds per drafted token (0 for a lookup).
    pub ms_per_token: f64,
    pub by_k: Vec<KProfile>,
}

/// A drafter's measured behaviour at one draft length.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KProfile {
    pub k: usize,
    /// Draft tokens accepted per round, measured.
    pub mean_accepted: f64,
    /// Per-token acceptance `a` that gives this mean through
    /// (1 - a^(K+1)) / (1 - a) - 1.
    pub acceptance: f64,
    /// Decoding speed measured with this drafter and K.
    pub tokens_per_s: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum Power {
    Watts(f64),
    Unavailable(String),
}

/// Reads the RAPL package energy counter, if the platform exposes one.
fn rapl_microjoules() -> Result<u64, String> {
    let path = "/sys/class/powercap/intel-rapl:0/energy_uj";
    let text = std::fs::read_to_string(path).map_err(|e| format!("no RAPL counter at {path}: {e}"))?;
    text.trim().parse().map_err(|e| format!("unreadable RAPL counter: {e}"))
}

/// Expected tokens per round with per-token acceptance `a` and draft length
/// `k`, counting the target's own (bonus) token.
fn expected_tokens(a: f64, k: usize) -> f64 {
    DraftLength::expected_tokens(a, k)
}

/// The per-token acceptance whose expected accepted draft length at `k` is
/// `mean_accepted` (bisection; the expectation grows with `a`).
fn acceptance_for(mean_accepted: f64, k: usize) -> f64 {
    let (mut low, mut high) = (0.0, 1.0);
    for _ in 0..60 {
        let mid = (low + high) / 2.0;
        if expected_tokens(mid, k) - 1.0 < mean_accepted {
            low = mid;
        } else {
            high = mid;
        }
    }
    (low + high) / 2.0
}

/// A drafter to profile: its name, quantisation and the drafter itself.
pub struct Candidate<'a> {
    pub name: String,
    pub quantisation: String,
    pub drafter: &'a mut dyn Drafter,
}

/// Measures `target` and every candidate on `prompt`, generating `tokens`
/// greedily for each K in `ks` (sequence 0; a fresh cache each run).
pub fn measure(
    target_name: &str,
    target: &mut Engine,
    candidates: Vec<Candidate<'_>>,
    prompt: &[Token],
    tokens: usize,
    ks: &[usize],
    progress: &mut dyn FnMut(&str),
) -> Result<Profile, EngineError> {
    progress("target cost curve");
    let scratch = target.config().sequences as usize - 1;
    speculative::calibrate(target, scratch, 9)?;
    let target_ms = target.cost().curve().into_iter().map(|(t, s)| (t, s * 1e3)).collect();
    let params = GenerateParams { max_tokens: tokens, ..GenerateParams::default() };
    progress("target alone (power)");
    let energy_before = rapl_microjoules();
    let started = Instant::now();
    target.truncate(0, 0)?;
    speculative::generate(target, 0, prompt, None, &mut DraftLength::fixed(0), &params, &mut |_| {})?;
    let power = match (energy_before, rapl_microjoules()) {
        (Ok(before), Ok(after)) if after > before => {
            Power::Watts((after - before) as f64 / 1e6 / started.elapsed().as_secs_f64())
        }
        (Err(why), _) | (_, Err(why)) => Power::Unavailable(why),
        _ => Power::Unavailable("the RAPL counter did not advance (or wrapped)".into()),
    };
    let mut drafters = Vec::new();
    for candidate in candidates {
        // A draft model first reads the prompt into its own cache; that
        // one-off is not part of any K's decoding speed.
        target.truncate(0, 0)?;
        let warm_up = GenerateParams { max_tokens: 2, ..GenerateParams::default() };
        let drafter = Some(&mut *candidate.drafter);
        speculative::generate(target, 0, prompt, drafter, &mut DraftLength::fixed(1), &warm_up, &mut |_| {})?;
        let mut by_k = Vec::new();
        for &k in ks {
            progress(&format!("{} K={k}", candidate.name));
            target.truncate(0, 0)?;
            let mut length = DraftLength::fixed(k);
            let generation = speculative::generate(
                target,
                0,
                prompt,
                Some(&mut *candidate.drafter),
                &mut length,
                &params,
                &mut |_| {},
            )?;
            let stats = &generation.stats;
            let decode_ms = stats.elapsed_ms - stats.time_to_first_token_ms;
            let mean_accepted = stats.mean_accepted();
            by_k.push(KProfile {
                k,
                mean_accepted,
                acceptance: acceptance_for(mean_accepted.min(k as f64 - 1e-9), k),
                tokens_per_s: (stats.completion_tokens.saturating_sub(1)) as f64 * 1e3 / decode_ms.max(1e-9),
            });
        }
        let ms_per_token = candidate.drafter.outlook(prompt).seconds_per_token * 1e3;
        drafters.push(DrafterProfile {
            name: candidate.name,
            quantisation: candidate.quantisation,
            ms_per_token,
            by_k,
        });
    }
    Ok(Profile {
        target: target_name.to_string(),
        target_ms,
        drafters,
        power,
        device: target.model().placement().to_string(),
    })
}

/// What a plan optimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// Tokens per second of one generation: drafting plus verification.
    Goodput,
    /// Target (cloud) compute per token: what the verifier's operator pays.
    Cost,
    /// Energy per token: drafting and verification time at the measured
    /// power (one power figure for the machine, so on one machine this
    /// ranks like goodput; across devices, give each its own profile).
    Energy,
}

/// The chosen configuration and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Plan {
    pub objective: Objective,
    pub drafter: String,
    pub quantisation: String,
    pub k: usize,
    /// (1 - a^(K+1)) / (1 - a) with the drafter's measured acceptance.
    pub expected_tokens_per_round: f64,
    /// Predicted tokens per second (goodput), target milliseconds per token
    /// (cost) or millijoules per token (energy).
    pub predicted: f64,
    pub unit: String,
}

impl Profile {
    /// Milliseconds of a target pass over `t` tokens (linear between and
    /// beyond measured sizes).
    fn target_ms(&self, t: usize) -> f64 {
        let mut cost = CostModel::default();
        for &(tokens, ms) in &self.target_ms {
            cost.record(tokens, std::time::Duration::from_secs_f64(ms / 1e3));
        }
        cost.seconds(t).unwrap_or(0.0) * 1e3
    }

    /// The best drafter and K for `objective` among those profiled, K up to
    /// `max_k`, with each drafter's acceptance taken as the mean over its
    /// measured Ks.
    pub fn plan(&self, objective: Objective, max_k: usize) -> Option<Plan> {
        let mut best: Option<(f64, Plan)> = None;
        for drafter in &self.drafters {
            if drafter.by_k.is_empty() {
                continue;
            }
            let a = drafter.by_k.iter().map(|p| p.acceptance).sum::<f64>() / drafter.by_k.len() as f64;
            for k in 1..=max_k {
                let expected = expected_tokens(a, k);
                let round_ms = self.target_ms(k + 1) + drafter.ms_per_token * k as f64;
                let (score, predicted, unit) = match objective {
                    Objective::Goodput => {
                        let rate = expected * 1e3 / round_ms;
                        (rate, rate, "tokens/s")
                    }
                    Objective::Cost => {
                        let ms = self.target_ms(k + 1) / expected;
                        (-ms, ms, "target ms/token")
                    }
                    Objective::Energy => {
                        let watts = match self.power {
                            Power::Watts(w) => w,
                            Power::Unavailable(_) => 1.0,
                        };
                        let mj = watts * round_ms / expected;
                        (
                            -mj,
                            mj,
                            if matches!(self.power, Power::Watts(_)) {
                                "mJ/token"
                            } else {
                                "ms/token (power unavailable)"
                            },
                        )
                    }
                };
                if best.as_ref().is_none_or(|(s, _)| score > *s) {
                    let plan = Plan {
                        objective,
                        drafter: drafter.name.clone(),
                        quantisation: drafter.quantisation.clone(),
                        k,
                        expected_tokens_per_round: expected,
                        predicted,
                        unit: unit.to_string(),
                    };
                    best = Some((score, plan));
                }
            }
        }
        best.map(|(_, plan)| plan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(draft_ms: f64) -> Profile {
        // A GPU-like target: a pass over T tokens costs little more than one.
        let target_ms = (1..=9).map(|t| (t, 20.0 + 0.5 * t as f64)).collect();
        let by_k = |a: f64| {
            [1, 2, 4, 8]
                .into_iter()
                .map(|k| KProfile { k, mean_accepted: expected_tokens(a, k) - 1.0, acceptance: a, tokens_per_s: 0.0 })
                .collect()
        };
        Profile {
            target: "t".into(),
            target_ms,
            drafters: vec![
                DrafterProfile {
                    name: "fast".into(),
                    quantisation: "q4".into(),
                    ms_per_token: draft_ms,
                    by_k: by_k(0.8),
                },
                DrafterProfile {
                    name: "lookup".into(),
                    quantisation: "n/a".into(),
                    ms_per_token: 0.0,
                    by_k: by_k(0.3),
                },
            ],
            power: Power::Unavailable("test".into()),
            device: String::new(),
        }
    }

    #[test]
    fn acceptance_is_recovered_from_the_mean_accepted_length() {
        for (a, k) in [(0.3, 1), (0.7, 4), (0.9, 8)] {
            let mean = expected_tokens(a, k) - 1.0;
            assert!((acceptance_for(mean, k) - a).abs() < 1e-6);
        }
    }

    #[test]
    fn objectives_pick_different_configurations() {
        let profile = profile(2.0);
        let goodput = profile.plan(Objective::Goodput, 10).unwrap();
        let cost = profile.plan(Objective::Cost, 10).unwrap();
        assert_eq!(goodput.drafter, "fast");
        // With cheap verification, goodput drafts long; the cloud's cost
        // per token falls with every accepted token, so it drafts longer
        // still, and an expensive drafter pulls goodput's K down.
        assert!(goodput.k >= 3, "{goodput:?}");
        assert!(cost.k >= goodput.k, "{cost:?} vs {goodput:?}");
        let slow = self::profile(40.0).plan(Objective::Goodput, 10).unwrap();
        assert!(slow.k < goodput.k || slow.drafter == "lookup", "{slow:?}");
        let e = goodput.expected_tokens_per_round;
        assert!((e - (1.0 - 0.8f64.powi(goodput.k as i32 + 1)) / 0.2).abs() < 1e-9);
    }
}
