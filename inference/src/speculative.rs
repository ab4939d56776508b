//! Lossless speculative decoding: a drafter proposes tokens, one forward
//! pass of the target checks them all, and the output is exactly what the
//! target alone would produce (greedy) or has exactly its distribution
//! (sampling, by rejection sampling).

use std::time::Instant;

use rand::Rng as _;
use serde::Serialize;

use crate::cost::CostModel;
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
    /// The probability the drafter gave each proposed token, where it has
    /// one; handed back with the verdict so it can learn what they mean.
    pub confidences: Vec<f32>,
}

/// Where a drafter's next proposal would come from and what it would cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outlook {
    /// Which of the drafter's sources would propose (0 for a drafter with
    /// one; a hybrid has two). Acceptance is estimated per source, since a
    /// lookup and a model are right at very different rates.
    pub source: usize,
    /// Measured seconds per proposed token (zero for a lookup).
    pub seconds_per_token: f64,
}

/// Proposes continuations for the target to verify.
pub trait Drafter {
    fn name(&self) -> &str;
    /// What a proposal to follow `context` would come from and cost, asked
    /// before each proposal to choose its length.
    fn outlook(&self, context: &[Token]) -> Outlook;
    /// Up to `k` tokens to follow `context` (the prompt and the output so far).
    fn propose(
        &mut self,
        context: &[Token],
        k: usize,
        sampling: &SamplingParams,
        rng: &mut SampleRng,
    ) -> Result<Draft, EngineError>;
    /// Switches to cache sequence `seq` for the proposals that follow, so
    /// that one drafter serves many requests, each with its own cache. Only
    /// drafters with a cache need it.
    fn use_sequence(&mut self, _seq: usize) {}
    /// The outcome of one of its proposals: the first `accepted` tokens of
    /// `draft` passed. Drafters that learn from it do.
    fn observe(&mut self, _draft: &Draft, _accepted: usize) {}
}

/// Stops a draft early when the drafter's own confidence in its next token
/// (the probability it gives its choice) says a rejection is likely. The
/// acceptance rate per confidence band is learned online from verified
/// drafts, so the same confidence means what it has meant lately.
#[derive(Debug, Clone)]
pub struct EarlyStop {
    /// Decayed (accepted, rejected) counts per tenth of confidence.
    bands: [(f64, f64); 10],
    /// Stop before a token whose band's acceptance is below this.
    pub threshold: f64,
    /// Drafts since a band below the threshold was last tried anyway, so
    /// that a band can recover when the text changes.
    since_probe: u32,
}

impl Default for EarlyStop {
    fn default() -> Self {
        EarlyStop { bands: [(0.0, 0.0); 10], threshold: 0.35, since_probe: 0 }
    }
}

impl EarlyStop {
    const PROBE_EVERY: u32 = 32;

    fn band(confidence: f32) -> usize {
        ((confidence.clamp(0.0, 1.0) * 10.0) as usize).min(9)
    }

    /// Estimated chance that a token drafted with `confidence` is accepted
    /// (starting from even odds).
    pub fn acceptance(&self, confidence: f32) -> f64 {
        let (accepted, rejected) = self.bands[Self::band(confidence)];
        (accepted + 1.0) / (accepted + rejected + 2.0)
    }

    /// Whether to propose a token drafted with `confidence`.
    pub fn keep(&mut self, confidence: f32) -> bool {
        if self.acceptance(confidence) >= self.threshold {
            return true;
        }
        self.since_probe += 1;
        if self.since_probe >= Self::PROBE_EVERY {
            self.since_probe = 0;
            return true;
        }
        false
    }

    /// Learns from a verified draft whose tokens had `confidences`: the
    /// first `accepted` passed, the next one failed, the rest were not
    /// judged.
    pub fn observe(&mut self, confidences: &[f32], accepted: usize) {
        const DECAY: f64 = 0.98;
        for (i, &confidence) in confidences.iter().enumerate().take(accepted + 1) {
            let band = &mut self.bands[Self::band(confidence)];
            band.0 *= DECAY;
            band.1 *= DECAY;
            if i < accepted {
                band.0 += 1.0;
            } else {
                band.1 += 1.0;
            }
        }
    }
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

    fn outlook(&self, _: &[Token]) -> Outlook {
        Outlook { source: 0, seconds_per_token: 0.0 }
    }

    fn propose(
        &mut self,
        context: &[Token],
        k: usize,
        _: &SamplingParams,
        _: &mut SampleRng,
    ) -> Result<Draft, EngineError> {
        Ok(Draft { tokens: self.lookup(context, k), ..Draft::default() })
    }
}

/// A smaller model of the same tokenizer, decoding ahead of the target.
pub struct DraftModel {
    engine: Engine,
    /// The cache sequence the next proposal continues.
    seq: usize,
    early_stop: EarlyStop,
    /// Time spent proposing and tokens proposed, leaving out calls that
    /// first had to read a long new context (a one-off per prompt).
    seconds: f64,
    tokens: u64,
}

/// A call that must first read more new tokens than this is a prompt
/// prefill, not a drafting step, and is left out of the cost estimate.
const PREFILL_TOKENS: usize = 64;

impl DraftModel {
    /// Wraps an engine (sequence 0 until [`Drafter::use_sequence`] says
    /// otherwise), measuring its decode cost first so that draft lengths are
    /// chosen from facts from the start.
    pub fn new(mut engine: Engine) -> Result<Self, EngineError> {
        calibrate(&mut engine, 0, 2)?;
        Ok(DraftModel { engine, seq: 0, early_stop: EarlyStop::default(), seconds: 0.0, tokens: 0 })
    }

    fn seconds_per_token(&self) -> f64 {
        if self.tokens > 0 { self.seconds / self.tokens as f64 } else { self.engine.cost().seconds(1).unwrap_or(0.0) }
    }
}

impl Drafter for DraftModel {
    fn name(&self) -> &str {
        "draft-model"
    }

    fn outlook(&self, _: &[Token]) -> Outlook {
        Outlook { source: 0, seconds_per_token: self.seconds_per_token() }
    }

    fn use_sequence(&mut self, seq: usize) {
        self.seq = seq;
    }

    fn observe(&mut self, draft: &Draft, accepted: usize) {
        self.early_stop.observe(&draft.confidences, accepted);
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
        let seq = self.seq;
        let reused = self.engine.reuse_prefix(seq, context)?;
        let new = &context[reused..];
        let rows = self.engine.forward(&[Feed { seq, tokens: new, logits_from: new.len() - 1 }])?;
        let mut logits = rows.into_iter().next().and_then(|r| r.into_iter().last()).unwrap_or_default();
        let mut draft = Draft {
            tokens: Vec::with_capacity(k),
            probs: (!sampling.is_greedy()).then(Vec::new),
            confidences: Vec::with_capacity(k),
        };
        for i in 0..k {
            let (token, confidence) = match &mut draft.probs {
                None => {
                    let token = sampling::argmax(&logits);
                    (token, sampling::probability_of(&logits, token))
                }
                Some(probs) => {
                    let q = sampling::probabilities(&logits, sampling);
                    let token = sampling::sample(&q, rng);
                    let confidence = q[token as usize];
                    probs.push(q);
                    (token, confidence)
                }
            };
            if !self.early_stop.keep(confidence) {
                if let Some(probs) = &mut draft.probs {
                    probs.pop();
                }
                break;
            }
            draft.tokens.push(token);
            draft.confidences.push(confidence);
            if i + 1 < k {
                let rows = self.engine.forward(&[Feed { seq, tokens: &[token], logits_from: 0 }])?;
                logits = rows.into_iter().next().and_then(|r| r.into_iter().next()).unwrap_or_default();
            }
        }
        if new.len() <= PREFILL_TOKENS {
            self.seconds += started.elapsed().as_secs_f64();
            self.tokens += draft.tokens.len().max(1) as u64;
        }
        Ok(draft)
    }
}

/// Prompt lookup where it finds a long enough match, the draft model
/// elsewhere. Its outlook names the source the context calls for, so the
/// draft length follows each source's own cost and acceptance: free,
/// often-right lookups on copied code, the model's slower guesses on prose.
pub struct Hybrid {
    lookup: PromptLookup,
    model: DraftModel,
    /// Shortest lookup proposal that is used instead of the model.
    min_lookup: usize,
}

impl Hybrid {
    const LOOKUP: usize = 0;
    const MODEL: usize = 1;

    pub fn new(lookup: PromptLookup, model: DraftModel, min_lookup: usize) -> Self {
        Hybrid { lookup, model, min_lookup: min_lookup.max(1) }
    }

    /// The lookup's proposal of up to `k` tokens when it is long enough to
    /// use instead of the model.
    fn found(&self, context: &[Token], k: usize) -> Option<Vec<Token>> {
        let found = self.lookup.lookup(context, k.max(self.min_lookup));
        (found.len() >= self.min_lookup).then(|| found[..found.len().min(k)].to_vec())
    }
}

impl Drafter for Hybrid {
    fn name(&self) -> &str {
        "hybrid"
    }

    fn outlook(&self, context: &[Token]) -> Outlook {
        match self.found(context, self.min_lookup) {
            Some(_) => Outlook { source: Self::LOOKUP, seconds_per_token: 0.0 },
            None => Outlook { source: Self::MODEL, ..self.model.outlook(context) },
        }
    }

    fn use_sequence(&mut self, seq: usize) {
        self.model.use_sequence(seq);
    }

    fn observe(&mut self, draft: &Draft, accepted: usize) {
        // Only the model's proposals carry confidences to learn from.
        if !draft.confidences.is_empty() {
            self.model.observe(draft, accepted);
        }
    }

    fn propose(
        &mut self,
        context: &[Token],
        k: usize,
        sampling: &SamplingParams,
        rng: &mut SampleRng,
    ) -> Result<Draft, EngineError> {
        match self.found(context, k) {
            Some(tokens) => Ok(Draft { tokens, ..Draft::default() }),
            None => self.model.propose(context, k, sampling, rng),
        }
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
    /// Decayed counts of accepted tokens and of rejections, per source.
    counts: Vec<(f64, f64)>,
    steps_since_draft: u32,
}

impl DraftLength {
    pub fn automatic(max: usize) -> Self {
        DraftLength { max, fixed: None, counts: Vec::new(), steps_since_draft: 0 }
    }

    pub fn fixed(k: usize) -> Self {
        DraftLength { fixed: Some(k), ..DraftLength::automatic(k) }
    }

    /// Estimated chance that a token drafted by `source` is accepted (even
    /// odds before anything is seen).
    pub fn acceptance(&self, source: usize) -> f64 {
        let (accepted, rejected) = self.counts.get(source).copied().unwrap_or((1.0, 1.0));
        accepted / (accepted + rejected)
    }

    /// Records a verified draft of `k` tokens from `source` of which
    /// `accepted` passed.
    pub fn observe(&mut self, source: usize, k: usize, accepted: usize) {
        if k == 0 {
            self.steps_since_draft += 1;
            return;
        }
        self.steps_since_draft = 0;
        if self.counts.len() <= source {
            self.counts.resize(source + 1, (1.0, 1.0));
        }
        // Recent behaviour counts more: the text changes character.
        const DECAY: f64 = 0.9;
        let (accepted_count, rejected_count) = &mut self.counts[source];
        *accepted_count = *accepted_count * DECAY + accepted as f64;
        *rejected_count = *rejected_count * DECAY + if accepted < k { 1.0 } else { 0.0 };
    }

    /// Expected tokens from one step with a draft of `k` (the accepted
    /// prefix plus the target's own next token).
    pub fn expected_tokens(alpha: f64, k: usize) -> f64 {
        if alpha >= 1.0 { (k + 1) as f64 } else { (1.0 - alpha.powi(k as i32 + 1)) / (1.0 - alpha) }
    }

    /// The draft length for the next step, for a proposal with `outlook`.
    pub fn choose(&self, target: &CostModel, outlook: Outlook) -> usize {
        if let Some(k) = self.fixed {
            return k;
        }
        let Some(one) = target.seconds(1) else { return 0 };
        let draft_seconds_per_token = outlook.seconds_per_token;
        let alpha = self.acceptance(outlook.source);
        let rate = |k: usize| {
            let cost = target.seconds(k + 1).unwrap_or(one * (k + 1) as f64) + draft_seconds_per_token * k as f64;
            Self::expected_tokens(alpha, k) / cost
        };
        let best = (1..=self.max).max_by(|&a, &b| rate(a).total_cmp(&rate(b))).unwrap_or(0);
        if rate(best) > rate(0) {
            return best;
        }
        // Drafting does not pay at the current estimate. A drafter that is
        // nearly free is probed with one token now and then, so that the
        // estimate can recover when the text turns repetitive; an expensive
        // one is not, since a probe would cost more than it could tell.
        const PROBE_EVERY: u32 = 24;
        let cheap = draft_seconds_per_token < 0.05 * one;
        if cheap && self.steps_since_draft >= PROBE_EVERY { 1 } else { 0 }
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
    /// Of `drafted`, tokens an edge drafted while the previous verification
    /// was in flight (`EdgeOptions::pipeline`).
    pub drafted_ahead: usize,
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
    mut drafter: Option<&mut (dyn Drafter + '_)>,
    length: &mut DraftLength,
    params: &GenerateParams,
    on_text: &mut dyn FnMut(&str),
) -> Result<Generation, EngineError> {
    let mut request = Request::new(target.model(), seq, prompt.to_vec(), params.clone(), length.clone());
    while !request.is_finished() {
        let feed = request.plan(target, drafter.as_deref_mut())?;
        let rows = target.forward(&[Feed { seq, tokens: &feed.tokens, logits_from: feed.logits_from }])?;
        request.absorb(target, rows.into_iter().next().unwrap_or_default(), on_text)?;
    }
    *length = request.length.clone();
    Ok(request.finish())
}

/// What a request feeds into the next forward pass.
#[derive(Debug, Clone)]
pub struct Planned {
    pub tokens: Vec<Token>,
    pub logits_from: usize,
}

/// One generation in progress, advanced a step at a time so that several
/// requests can share each forward pass (see [`Request::plan`] and
/// [`Request::absorb`]).
pub struct Request {
    seq: usize,
    /// Prompt and output so far. Once decoding, the cache holds all of it but
    /// the last token, whose logits the next pass computes with the draft's.
    context: Vec<Token>,
    out: Output,
    rng: SampleRng,
    length: DraftLength,
    stats: Stats,
    started: Instant,
    draft: Draft,
    /// The drafter's source of `draft`.
    draft_source: usize,
    /// How many tokens of `draft` passed, once verified and until the
    /// drafter is told.
    outcome: Option<usize>,
    prefilled: bool,
    finished: Option<FinishReason>,
}

impl Request {
    pub fn new(model: Model, seq: usize, prompt: Vec<Token>, params: GenerateParams, length: DraftLength) -> Self {
        let stats = Stats { prompt_tokens: prompt.len(), ..Stats::default() };
        let finished = (prompt.is_empty() || params.max_tokens == 0).then_some(FinishReason::Length);
        Request {
            seq,
            context: prompt,
            rng: params.sampling.rng(),
            out: Output::new(model, params),
            length,
            stats,
            started: Instant::now(),
            draft: Draft::default(),
            draft_source: 0,
            outcome: None,
            prefilled: false,
            finished,
        }
    }

    pub fn seq(&self) -> usize {
        self.seq
    }

    pub fn is_finished(&self) -> bool {
        self.finished.is_some()
    }

    /// Chooses what to feed next: the prompt (after whatever prefix the
    /// cache already holds), or the pending token and a draft.
    pub fn plan(
        &mut self,
        target: &mut Engine,
        drafter: Option<&mut (dyn Drafter + '_)>,
    ) -> Result<Planned, EngineError> {
        if !self.prefilled {
            let reused = target.reuse_prefix(self.seq, &self.context)?;
            self.stats.reused_prompt_tokens = reused;
            let tokens = self.context[reused..].to_vec();
            return Ok(Planned { logits_from: tokens.len() - 1, tokens });
        }
        let room = self.out.params.max_tokens - self.out.len();
        self.draft = match drafter {
            Some(d) => {
                if let Some(accepted) = self.outcome.take() {
                    d.observe(&self.draft, accepted);
                }
                let outlook = d.outlook(&self.context);
                self.draft_source = outlook.source;
                let k = self.length.choose(target.cost(), outlook).min(room);
                if k > 0 {
                    d.propose(&self.context, k, &self.out.params.sampling, &mut self.rng)?
                } else {
                    Draft::default()
                }
            }
            None => Draft::default(),
        };
        let mut tokens = Vec::with_capacity(self.draft.tokens.len() + 1);
        tokens.push(*self.context.last().expect("a prefilled request has context"));
        tokens.extend_from_slice(&self.draft.tokens);
        Ok(Planned { tokens, logits_from: 0 })
    }

    /// Takes the logits of the planned feed: verifies the draft, appends the
    /// new tokens, streams their text, rolls back what was rejected.
    pub fn absorb(
        &mut self,
        target: &mut Engine,
        rows: Vec<Vec<f32>>,
        on_text: &mut dyn FnMut(&str),
    ) -> Result<(), EngineError> {
        if rows.is_empty() {
            return Err(EngineError::Decode("the forward pass returned no logits".into()));
        }
        let new_tokens: Vec<Token> = if !self.prefilled {
            self.prefilled = true;
            let first = sampling::choose(&rows[rows.len() - 1], &self.out.params.sampling, &mut self.rng);
            self.stats.time_to_first_token_ms = self.started.elapsed().as_secs_f64() * 1e3;
            vec![first]
        } else {
            let verdict = verify(&self.draft, &rows, &self.out.params.sampling, &mut self.rng);
            self.stats.steps += 1;
            self.stats.drafted += self.draft.tokens.len();
            self.stats.accepted += verdict.accepted;
            self.length.observe(self.draft_source, self.draft.tokens.len(), verdict.accepted);
            self.outcome = (!self.draft.tokens.is_empty()).then_some(verdict.accepted);
            self.draft.tokens[..verdict.accepted].iter().copied().chain([verdict.next]).collect()
        };
        for token in new_tokens {
            self.context.push(token);
            if let Some(reason) = self.out.push(token, on_text) {
                self.finished = Some(reason);
                break;
            }
        }
        // Forget the rejected part of the draft.
        target.truncate(self.seq, self.context.len() - 1)
    }

    pub fn finish(self) -> Generation {
        self.out.finish(self.finished.unwrap_or(FinishReason::Length), self.stats, self.started)
    }
}

/// The outcome of checking a draft against the target's logits, here or
/// by a remote verifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
pub(crate) struct Output {
    model: Model,
    params: GenerateParams,
    tokens: Vec<Token>,
    bytes: Vec<u8>,
    /// Bytes already given to `on_text`.
    streamed: usize,
    stopped_at: Option<usize>,
}

impl Output {
    pub(crate) fn new(model: Model, params: GenerateParams) -> Self {
        Output { model, params, tokens: Vec::new(), bytes: Vec::new(), streamed: 0, stopped_at: None }
    }

    pub(crate) fn len(&self) -> usize {
        self.tokens.len()
    }

    pub(crate) fn params(&self) -> &GenerateParams {
        &self.params
    }

    /// Adds a token; says why generation ends, if it does.
    pub(crate) fn push(&mut self, token: Token, on_text: &mut dyn FnMut(&str)) -> Option<FinishReason> {
        if self.model.is_end(token) {
            self.flush(self.bytes.len(), on_text);
            return Some(FinishReason::Stop);
        }
        self.tokens.push(token);
        self.bytes.extend(self.model.piece(token));
        // Everything before `streamed` was searched at earlier tokens and held
        // no stop string; a new one must end in this token's bytes.
        let unsearched = &self.bytes[self.streamed..];
        let found = self
            .params
            .stop
            .iter()
            .filter(|s| !s.is_empty())
            .filter_map(|s| unsearched.windows(s.len()).position(|w| w == s.as_bytes()).map(|i| self.streamed + i));
        if let Some(at) = found.min() {
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

    pub(crate) fn finish(self, finish: FinishReason, mut stats: Stats, started: Instant) -> Generation {
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// The 1.5B target on this repository's 2-core CPU (see
    /// benchmarks/reports/speculative-cpu.md): a pass over T tokens costs
    /// well under T times one, but far more than one.
    fn cpu_cost() -> CostModel {
        let mut cost = CostModel::default();
        for (t, times_one) in [(1, 1.0), (2, 1.49), (3, 1.91), (5, 2.75), (9, 5.06)] {
            cost.record(t, Duration::from_secs_f64(0.081 * times_one));
        }
        cost
    }

    const LOOKUP: Outlook = Outlook { source: 0, seconds_per_token: 0.0 };
    const MODEL: Outlook = Outlook { source: 1, seconds_per_token: 0.03 };

    #[test]
    fn acceptance_is_kept_per_source() {
        let cost = cpu_cost();
        let mut length = DraftLength::automatic(8);
        for _ in 0..30 {
            length.observe(LOOKUP.source, 8, 8);
            length.observe(MODEL.source, 4, 0);
        }
        assert!(length.acceptance(LOOKUP.source) > 0.9);
        assert!(length.acceptance(MODEL.source) < 0.1);
        // Free, always-right lookups draft long (on this curve 4 tokens give
        // the most per second); a costly, always-wrong model does not draft.
        assert!(length.choose(&cost, LOOKUP) >= 4);
        assert_eq!(length.choose(&cost, MODEL), 0);
    }

    #[test]
    fn early_stop_learns_which_confidences_get_rejected() {
        let mut stop = EarlyStop::default();
        assert!(stop.keep(0.1), "no evidence yet: even odds");
        for _ in 0..50 {
            // Confident tokens pass; the first unsure one fails.
            stop.observe(&[0.95, 0.9, 0.15, 0.05], 2);
        }
        assert!(stop.acceptance(0.95) > 0.9 && stop.acceptance(0.15) < 0.1);
        assert!(stop.keep(0.92));
        // An unsure token stops the draft, except for an occasional probe.
        let kept = (0..64).filter(|_| stop.keep(0.12)).count();
        assert_eq!(kept, 2);
        // Tokens after the first rejection were never judged.
        assert_eq!(stop.acceptance(0.05), 0.5);
    }

    #[test]
    fn drafting_stops_when_it_cannot_pay() {
        let cost = cpu_cost();
        let mut length = DraftLength::automatic(8);
        for _ in 0..30 {
            length.observe(MODEL.source, 2, 1);
        }
        // Half the tokens accepted by a drafter at 30 ms a token: verifying
        // and drafting cost more than the accepted tokens save.
        assert_eq!(length.choose(&cost, MODEL), 0);
    }
}
