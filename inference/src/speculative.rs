//! Lossless speculative decoding: a drafter proposes tokens, one forward
//! pass of the target checks them all, and the output is exactly what the
//! target alone would produce (greedy) or has exactly its distribution
//! (sampling, by rejection sampling).

use std::time::Instant;

use rand::Rng as _;
use serde::Serialize;

use crate::engine::{Engine, EngineError, Feed, Model, Token};
use crate::sampling::{self, SampleRng, SamplingParams};

/// Tokens a drafter proposes to follow the text so far.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub tokens: Vec<Token>,
    /// The drafter's distribution at each proposed position, when it sampled
    /// from one; `None` means the tokens were chosen deterministically (a
    /// point mass), which rejection sampling handles as such.
    pub probs: Option<Vec<Vec<f32>>>,
}

/// Proposes continuations for the target to verify.
pub trait Drafter {
    fn name(&self) -> &str;
    /// Up to `k` tokens to follow `context` (the prompt and the output so far).
    fn propose(
        &mut self,
        context: &[Token],
        k: usize,
        sampling: &SamplingParams,
        rng: &mut SampleRng,
    ) -> Result<Draft, EngineError>;
    /// Measured seconds per proposed token (zero for drafters that only look
    /// things up).
    fn seconds_per_token(&self) -> f64;
}

/// Prompt lookup: finds the longest recent n-gram of the text that occurred
/// before and proposes what followed it then. Code rewrites copy much of
/// their input, so this drafts well for free.
#[derive(Debug, Clone)]
pub struct PromptLookup {
    pub max_ngram: usize,
    pub min_ngram: usize,
}

impl Default for PromptLookup {
    fn default() -> Self {
        PromptLookup { max_ngram: 4, min_ngram: 1 }
    }
}

impl PromptLookup {
    /// The tokens after the latest earlier occurrence of the longest suffix
    /// n-gram, up to `k`.
    pub fn lookup(&self, context: &[Token], k: usize) -> Vec<Token> {
        for n in (self.min_ngram..=self.max_ngram).rev() {
            if context.len() <= n {
                continue;
            }
            let suffix = &context[context.len() - n..];
            // Latest match first: recent text predicts best.
            for start in (0..context.len() - n).rev() {
                if &context[start..start + n] == suffix {
                    let from = start + n;
                    let to = (from + k).min(context.len());
                    if from < to {
                        return context[from..to].to_vec();
                    }
                }
            }
        }
        Vec::new()
    }
}

impl Drafter for PromptLookup {
    fn name(&self) -> &str {
        "prompt-lookup"
    }

    fn propose(
        &mut self,
        context: &[Token],
        k: usize,
        _: &SamplingParams,
        _: &mut SampleRng,
    ) -> Result<Draft, EngineError> {
        Ok(Draft { tokens: self.lookup(context, k), probs: None })
    }

    fn seconds_per_token(&self) -> f64 {
        0.0
    }
}

/// A smaller model of the same tokenizer, decoding ahead of the target.
pub struct DraftModel {
    engine: Engine,
    seconds: f64,
    tokens: u64,
}

impl DraftModel {
    pub fn new(engine: Engine) -> Self {
        DraftModel { engine, seconds: 0.0, tokens: 0 }
    }
}

impl Drafter for DraftModel {
    fn name(&self) -> &str {
        "draft-model"
    }

    fn propose(
        &mut self,
        context: &[Token],
        k: usize,
        sampling: &SamplingParams,
        rng: &mut SampleRng,
    ) -> Result<Draft, EngineError> {
        if k == 0 || context.is_empty() {
            return Ok(Draft::default());
        }
        let started = Instant::now();
        let reused = self.engine.reuse_prefix(0, context)?;
        let rows = self.engine.forward(&[Feed {
            seq: 0,
            tokens: &context[reused..],
            logits_from: context.len() - reused - 1,
        }])?;
        let mut logits = rows.into_iter().next().and_then(|r| r.into_iter().last()).unwrap_or_default();
        let mut draft = Draft { tokens: Vec::with_capacity(k), probs: (!sampling.is_greedy()).then(Vec::new) };
        for i in 0..k {
            let token = match &mut draft.probs {
                None => sampling::argmax(&logits),
                Some(probs) => {
                    let q = sampling::probabilities(&logits, sampling);
                    let token = sampling::sample(&q, rng);
                    probs.push(q);
                    token
                }
            };
            draft.tokens.push(token);
            if i + 1 < k {
                let rows = self.engine.forward(&[Feed { seq: 0, tokens: &[token], logits_from: 0 }])?;
                logits = rows.into_iter().next().and_then(|r| r.into_iter().next()).unwrap_or_default();
            }
        }
        self.seconds += started.elapsed().as_secs_f64();
        self.tokens += k as u64;
        Ok(draft)
    }

    fn seconds_per_token(&self) -> f64 {
        if self.tokens == 0 { 0.0 } else { self.seconds / self.tokens as f64 }
    }
}

/// Prompt lookup where it finds a long enough match, the draft model
/// elsewhere.
pub struct Hybrid {
    pub lookup: PromptLookup,
    pub model: DraftModel,
    /// Shortest lookup proposal that is used instead of the model.
    pub min_lookup: usize,
}

impl Drafter for Hybrid {
    fn name(&self) -> &str {
        "hybrid"
    }

    fn propose(
        &mut self,
        context: &[Token],
        k: usize,
        sampling: &SamplingParams,
        rng: &mut SampleRng,
    ) -> Result<Draft, EngineError> {
        let found = self.lookup.lookup(context, k);
        if found.len() >= self.min_lookup.min(k) && !found.is_empty() {
            return Ok(Draft { tokens: found, probs: None });
        }
        self.model.propose(context, k, sampling, rng)
    }

    fn seconds_per_token(&self) -> f64 {
        self.model.seconds_per_token()
    }
}

/// Chooses the draft length each step from the measured cost of target
/// passes and the acceptance seen so far: the length that maximises
/// expected tokens per second, zero (target alone) when nothing beats it.
#[derive(Debug, Clone)]
pub struct DraftLength {
    /// Longest draft considered.
    pub max: usize,
    /// Use this length always instead of choosing.
    pub fixed: Option<usize>,
    accepted: f64,
    rejected: f64,
    steps_since_draft: u32,
}

impl DraftLength {
    pub fn automatic(max: usize) -> Self {
        DraftLength { max, fixed: None, accepted: 1.0, rejected: 1.0, steps_since_draft: 0 }
    }

    pub fn fixed(k: usize) -> Self {
        DraftLength { fixed: Some(k), ..DraftLength::automatic(k) }
    }

    /// Estimated chance that a drafted token is accepted.
    pub fn acceptance(&self) -> f64 {
        self.accepted / (self.accepted + self.rejected)
    }

    /// Records a verified draft of `k` tokens of which `accepted` passed.
    pub fn observe(&mut self, k: usize, accepted: usize) {
        if k == 0 {
            self.steps_since_draft += 1;
            return;
        }
        self.steps_since_draft = 0;
        // Recent behaviour counts more: the text changes character.
        const DECAY: f64 = 0.9;
        self.accepted = self.accepted * DECAY + accepted as f64;
        self.rejected = self.rejected * DECAY + if accepted < k { 1.0 } else { 0.0 };
    }

    /// Expected tokens from one step with a draft of `k` (the accepted
    /// prefix plus the target's own next token).
    pub fn expected_tokens(alpha: f64, k: usize) -> f64 {
        if alpha >= 1.0 { (k + 1) as f64 } else { (1.0 - alpha.powi(k as i32 + 1)) / (1.0 - alpha) }
    }

    /// The draft length for the next step.
    pub fn choose(&self, target: &crate::cost::CostModel, draft_seconds_per_token: f64) -> usize {
        if let Some(k) = self.fixed {
            return k;
        }
        let Some(one) = target.seconds(1) else { return 0 };
        let alpha = self.acceptance();
        let rate = |k: usize| {
            let cost = target.seconds(k + 1).unwrap_or(one * (k + 1) as f64) + draft_seconds_per_token * k as f64;
            Self::expected_tokens(alpha, k) / cost
        };
        let best = (1..=self.max).max_by(|&a, &b| rate(a).total_cmp(&rate(b))).unwrap_or(0);
        if rate(best) > rate(0) {
            return best;
        }
        // Drafting does not pay at the current estimate; probe with one
        // token now and then so that the estimate can recover, cheaply.
        const PROBE_EVERY: u32 = 24;
        if self.steps_since_draft >= PROBE_EVERY { 1 } else { 0 }
    }
}

/// Why generation stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishReason {
    /// The model ended its turn, or a stop string appeared.
    Stop,
    /// `max_tokens` were generated.
    Length,
}

/// What a generation request asks for.
#[derive(Debug, Clone)]
pub struct GenerateParams {
    pub max_tokens: usize,
    pub sampling: SamplingParams,
    /// Generation ends before the first of these in the text.
    pub stop: Vec<String>,
}

impl Default for GenerateParams {
    fn default() -> Self {
        GenerateParams { max_tokens: 256, sampling: SamplingParams::greedy(), stop: Vec::new() }
    }
}

/// Counters of one request.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub prompt_tokens: usize,
    /// Prompt tokens whose cache was reused from an earlier request.
    pub reused_prompt_tokens: usize,
    pub completion_tokens: usize,
    /// Verification steps (target passes after the prompt).
    pub steps: usize,
    pub drafted: usize,
    pub accepted: usize,
    pub time_to_first_token_ms: f64,
    pub elapsed_ms: f64,
}

impl Stats {
    /// Mean accepted draft tokens per step that drafted.
    pub fn mean_accepted(&self) -> f64 {
        if self.steps == 0 { 0.0 } else { self.accepted as f64 / self.steps as f64 }
    }

    pub fn acceptance_rate(&self) -> f64 {
        if self.drafted == 0 { 0.0 } else { self.accepted as f64 / self.drafted as f64 }
    }

    pub fn tokens_per_second(&self) -> f64 {
        if self.elapsed_ms <= 0.0 { 0.0 } else { self.completion_tokens as f64 * 1000.0 / self.elapsed_ms }
    }
}

/// A finished generation.
#[derive(Debug, Clone)]
pub struct Generation {
    pub tokens: Vec<Token>,
    pub text: String,
    pub finish: FinishReason,
    pub stats: Stats,
}

/// Generates after `prompt` in sequence `seq` of `target`, with a drafter or
/// without (`None`), calling `on_text` with each new piece of text.
pub fn generate(
    target: &mut Engine,
    seq: usize,
    prompt: &[Token],
    mut drafter: Option<&mut dyn Drafter>,
    length: &mut DraftLength,
    params: &GenerateParams,
    on_text: &mut dyn FnMut(&str),
) -> Result<Generation, EngineError> {
    let started = Instant::now();
    let model = target.model();
    let mut rng = params.sampling.rng();
    let mut stats = Stats { prompt_tokens: prompt.len(), ..Stats::default() };
    let mut out = Output::new(model, params);
    if prompt.is_empty() || params.max_tokens == 0 {
        return Ok(out.finish(FinishReason::Length, stats, started));
    }

    let reused = target.reuse_prefix(seq, prompt)?;
    stats.reused_prompt_tokens = reused;
    let rows = target.forward(&[Feed { seq, tokens: &prompt[reused..], logits_from: prompt.len() - reused - 1 }])?;
    let first = sampling::choose(last_row(&rows)?, &params.sampling, &mut rng);
    stats.time_to_first_token_ms = started.elapsed().as_secs_f64() * 1e3;
    if let Some(reason) = out.push(first, on_text) {
        return Ok(out.finish(reason, stats, started));
    }

    let mut context: Vec<Token> = prompt.to_vec();
    context.push(first);
    loop {
        // The cache holds all of `context` but its last token, whose logits
        // the next pass computes along with the draft's.
        let k = match &drafter {
            Some(d) => length.choose(target.cost(), d.seconds_per_token()).min(params.max_tokens - out.len()),
            None => 0,
        };
        let draft = match (&mut drafter, k) {
            (Some(d), k) if k > 0 => d.propose(&context, k, &params.sampling, &mut rng)?,
            _ => Draft::default(),
        };
        let pending = *context.last().expect("context is not empty");
        let mut feed = Vec::with_capacity(draft.tokens.len() + 1);
        feed.push(pending);
        feed.extend_from_slice(&draft.tokens);
        let rows = target.forward(&[Feed { seq, tokens: &feed, logits_from: 0 }])?;
        let rows = rows.into_iter().next().unwrap_or_default();
        let verdict = verify(&draft, &rows, &params.sampling, &mut rng);
        stats.steps += 1;
        stats.drafted += draft.tokens.len();
        stats.accepted += verdict.accepted;
        length.observe(draft.tokens.len(), verdict.accepted);

        let new_tokens = draft.tokens[..verdict.accepted].iter().copied().chain([verdict.next]);
        let mut finished = None;
        for token in new_tokens {
            context.push(token);
            if let Some(reason) = out.push(token, on_text) {
                finished = Some(reason);
                break;
            }
        }
        // Forget the rejected part of the draft.
        target.truncate(seq, context.len() - 1)?;
        if let Some(reason) = finished {
            return Ok(out.finish(reason, stats, started));
        }
    }
}

fn last_row(rows: &[Vec<Vec<f32>>]) -> Result<&[f32], EngineError> {
    rows.first()
        .and_then(|r| r.last())
        .map(Vec::as_slice)
        .ok_or_else(|| EngineError::Decode("the forward pass returned no logits".into()))
}

/// The outcome of checking a draft against the target's logits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// How many draft tokens are kept (a prefix of the draft).
    pub accepted: usize,
    /// The token after them: the target's correction, or its next token
    /// when the whole draft was accepted.
    pub next: Token,
}

/// Checks `draft` against `rows`, where `rows[i]` are the target's logits
/// for the position of `draft.tokens[i]` and `rows[draft.len()]` for the one
/// after. Greedy: keep tokens while they are the target's argmax. Sampling:
/// keep token x with probability min(1, p(x)/q(x)); at the first rejection
/// draw from norm(max(0, p - q)), so the output is distributed as p.
pub fn verify(draft: &Draft, rows: &[Vec<f32>], params: &SamplingParams, rng: &mut SampleRng) -> Verdict {
    for (i, &token) in draft.tokens.iter().enumerate() {
        if params.is_greedy() {
            let best = sampling::argmax(&rows[i]);
            if best != token {
                return Verdict { accepted: i, next: best };
            }
            continue;
        }
        let p = sampling::probabilities(&rows[i], params);
        let q = draft.probs.as_ref().map(|probs| probs[i].as_slice());
        let (px, qx) = (p[token as usize], q.map_or(1.0, |q| q[token as usize]));
        if qx > 0.0 && rng.random::<f32>() < (px / qx).min(1.0) {
            continue;
        }
        return Verdict { accepted: i, next: sampling::sample(&residual(&p, q, token), rng) };
    }
    let last = &rows[draft.tokens.len()];
    Verdict { accepted: draft.tokens.len(), next: sampling::choose(last, params, rng) }
}

/// norm(max(0, p - q)); a deterministic draft is a point mass on `token`.
pub fn residual(p: &[f32], q: Option<&[f32]>, token: Token) -> Vec<f32> {
    let mut r: Vec<f32> = match q {
        Some(q) => p.iter().zip(q).map(|(p, q)| (p - q).max(0.0)).collect(),
        None => {
            let mut r = p.to_vec();
            r[token as usize] = 0.0;
            r
        }
    };
    if r.iter().all(|&x| x <= 0.0) {
        // Only reachable when p == q (or p is the point mass itself), where
        // a rejection has probability zero; p is the right fallback.
        r = p.to_vec();
    }
    sampling::normalise(&mut r);
    r
}

/// Collects output tokens, streams text, and finds the end.
struct Output<'a> {
    model: Model,
    params: &'a GenerateParams,
    tokens: Vec<Token>,
    bytes: Vec<u8>,
    /// Bytes already given to `on_text`.
    streamed: usize,
    stopped_at: Option<usize>,
}

impl<'a> Output<'a> {
    fn new(model: Model, params: &'a GenerateParams) -> Self {
        Output { model, params, tokens: Vec::new(), bytes: Vec::new(), streamed: 0, stopped_at: None }
    }

    fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Adds a token; says why generation ends, if it does.
    fn push(&mut self, token: Token, on_text: &mut dyn FnMut(&str)) -> Option<FinishReason> {
        if self.model.is_end(token) {
            self.flush(self.bytes.len(), on_text);
            return Some(FinishReason::Stop);
        }
        self.tokens.push(token);
        self.bytes.extend(self.model.piece(token));
        let text = String::from_utf8_lossy(&self.bytes);
        if let Some(at) = self.params.stop.iter().filter(|s| !s.is_empty()).filter_map(|s| text.find(s.as_str())).min()
        {
            self.stopped_at = Some(at);
            self.flush(at, on_text);
            return Some(FinishReason::Stop);
        }
        // Hold back what could be the start of a stop string or of a
        // character cut between tokens.
        let longest_stop = self.params.stop.iter().map(String::len).max().unwrap_or(0);
        let safe = valid_prefix(&self.bytes).saturating_sub(longest_stop.saturating_sub(1));
        self.flush(safe, on_text);
        (self.tokens.len() >= self.params.max_tokens).then(|| {
            self.flush(self.bytes.len(), on_text);
            FinishReason::Length
        })
    }

    fn flush(&mut self, upto: usize, on_text: &mut dyn FnMut(&str)) {
        let upto = upto.max(self.streamed);
        if upto > self.streamed {
            on_text(&String::from_utf8_lossy(&self.bytes[self.streamed..upto]));
            self.streamed = upto;
        }
    }

    fn finish(self, finish: FinishReason, mut stats: Stats, started: Instant) -> Generation {
        let end = self.stopped_at.unwrap_or(self.bytes.len());
        stats.completion_tokens = self.tokens.len();
        stats.elapsed_ms = started.elapsed().as_secs_f64() * 1e3;
        Generation {
            text: String::from_utf8_lossy(&self.bytes[..end]).into_owned(),
            tokens: self.tokens,
            finish,
            stats,
        }
    }
}

/// Length of the longest prefix that is whole UTF-8 characters.
fn valid_prefix(bytes: &[u8]) -> usize {
    match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) if e.error_len().is_none() => e.valid_up_to(),
        Err(_) => bytes.len(),
    }
}

/// Measures target passes over 1 to `max` tokens on a scratch sequence, so
/// that the first request already chooses draft lengths from measurements.
pub fn calibrate(engine: &mut Engine, scratch: usize, max: usize) -> Result<(), EngineError> {
    let filler: Vec<Token> = engine.model().tokenize(&"fn main() { let x = 1; }\n".repeat(8), false);
    engine.truncate(scratch, 0)?;
    engine.forward(&[Feed { seq: scratch, tokens: &filler, logits_from: filler.len() - 1 }])?;
    let base = engine.cached(scratch).len();
    for _ in 0..2 {
        for t in 1..=max {
            let tokens = &filler[..t.min(filler.len())];
            engine.forward(&[Feed { seq: scratch, tokens, logits_from: 0 }])?;
            engine.truncate(scratch, base)?;
        }
    }
    engine.truncate(scratch, 0)
}
