//! Turning logits into tokens: greedy, or temperature / top-k / top-p with a
//! seed.

use rand::Rng as _;
use rand::SeedableRng;

use crate::engine::Token;

/// How the next token is chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct SamplingParams {
    /// 0 means greedy (always the most likely token).
    pub temperature: f32,
    /// Keep the smallest set of tokens whose probability reaches `top_p`.
    pub top_p: f32,
    /// Keep the `top_k` most likely tokens (0: all).
    pub top_k: usize,
    pub seed: u64,
}

impl Default for SamplingParams {
    fn default() -> Self {
        SamplingParams { temperature: 0.0, top_p: 1.0, top_k: 0, seed: 0 }
    }
}

impl SamplingParams {
    pub fn greedy() -> Self {
        SamplingParams::default()
    }

    pub fn is_greedy(&self) -> bool {
        self.temperature <= 0.0
    }

    /// The generator that draws this request's samples.
    pub fn rng(&self) -> SampleRng {
        SampleRng::seed_from_u64(self.seed)
    }
}

/// The seeded generator used for sampling and acceptance tests.
pub type SampleRng = rand::rngs::StdRng;

/// The most likely token (the lowest id among equals, so ties are stable).
pub fn argmax(logits: &[f32]) -> Token {
    let mut best = 0;
    for (i, &l) in logits.iter().enumerate() {
        if l > logits[best] {
            best = i;
        }
    }
    best as Token
}

/// The probability softmax(logits) gives `token`: how sure a greedy
/// drafter is of its choice.
pub fn probability_of(logits: &[f32], token: Token) -> f32 {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let total: f32 = logits.iter().map(|&l| (l - max).exp()).sum();
    logits.get(token as usize).map_or(0.0, |&l| (l - max).exp() / total)
}

/// The distribution the sampler draws from: softmax of logits/temperature,
/// cut to top-k and top-p, renormalised. Dense over the vocabulary.
pub fn probabilities(logits: &[f32], params: &SamplingParams) -> Vec<f32> {
    let t = params.temperature.max(1e-6);
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut probs: Vec<f32> = logits.iter().map(|&l| ((l - max) / t).exp()).collect();
    let mut order: Vec<usize> = (0..probs.len()).collect();
    let needs_cut = (params.top_k > 0 && params.top_k < probs.len()) || params.top_p < 1.0;
    if needs_cut {
        order.sort_unstable_by(|&a, &b| probs[b].total_cmp(&probs[a]).then(a.cmp(&b)));
        let total: f32 = probs.iter().sum();
        let mut keep = if params.top_k > 0 { params.top_k.min(order.len()) } else { order.len() };
        if params.top_p < 1.0 {
            let mut mass = 0.0;
            for (i, &idx) in order.iter().enumerate().take(keep) {
                mass += probs[idx] / total;
                if mass >= params.top_p {
                    keep = i + 1;
                    break;
                }
            }
        }
        for &idx in &order[keep..] {
            probs[idx] = 0.0;
        }
    }
    normalise(&mut probs);
    probs
}

/// Scales to sum 1 (all zeros stay zeros).
pub fn normalise(probs: &mut [f32]) {
    let total: f32 = probs.iter().sum();
    if total > 0.0 {
        probs.iter_mut().for_each(|p| *p /= total);
    }
}

/// Draws a token from a distribution.
pub fn sample(probs: &[f32], rng: &mut SampleRng) -> Token {
    let total: f32 = probs.iter().sum();
    let mut x = rng.random::<f32>() * total;
    for (i, &p) in probs.iter().enumerate() {
        if x < p {
            return i as Token;
        }
        x -= p;
    }
    // Rounding left a sliver: the last token with any mass.
    probs.iter().rposition(|&p| p > 0.0).unwrap_or(0) as Token
}

/// The token after `logits` under `params`.
pub fn choose(logits: &[f32], params: &SamplingParams, rng: &mut SampleRng) -> Token {
    if params.is_greedy() { argmax(logits) } else { sample(&probabilities(logits, params), rng) }
}
