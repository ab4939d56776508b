//! The edge role: drafts next to the agents and has a remote cloud verifier
//! check every draft over the [`protocol`](crate::protocol). The text is
//! the target's own: the edge only appends tokens the cloud accepted or
//! chose.

use std::time::{Duration, Instant};

use crate::cost::CostModel;
use crate::engine::{Model, Token};
use crate::protocol::{PROTOCOL_VERSION, VerifyError, VerifyRequest, VerifyResponse};
use crate::sampling::{SampleRng, SamplingParams};
use crate::speculative::{
    Draft, DraftLength, Drafter, FinishReason, GenerateParams, Generation, Outlook, Output, Stats, Verdict,
};

/// Why a verification could not be had.
#[derive(Debug, thiserror::Error)]
pub enum CloudError {
    /// The cloud refused the request; `held` says what it still holds.
    #[error("the cloud refused a verification ({}): {}", .0.code, .0.message)]
    Refused(VerifyError),
    #[error("the cloud at {url} did not answer: {message}")]
    Unreachable { url: String, message: String },
}

/// What a verifier keeps on the edge for one generation: marco's cloud
/// holds the history in a session, stateless engines ignore it.
#[derive(Debug, Clone)]
pub struct Link {
    session: String,
    step: u64,
    /// Tokens of the history the cloud holds, as far as the edge knows.
    held: usize,
    /// When the next verdict is wanted, from the moment it is asked for.
    deadline: Option<Duration>,
}

impl Default for Link {
    fn default() -> Self {
        use rand::Rng as _;
        Link { session: format!("{:032x}", rand::rng().random::<u128>()), step: 0, held: 0, deadline: None }
    }
}

/// Where an edge's drafts are checked: marco's cloud ([`CloudClient`]) or
/// an existing engine (`EngineVerifier`, for SGLang or vLLM).
pub trait Verifier: Send + Sync {
    /// Judges `draft` as the continuation of `context` (prompt and output
    /// so far) under `sampling`.
    fn verify(
        &self,
        link: &mut Link,
        context: &[Token],
        draft: &[Token],
        sampling: &SamplingParams,
    ) -> Result<Verdict, CloudError>;
}

/// A connection to a marco cloud verifier.
#[derive(Clone)]
pub struct CloudClient {
    agent: ureq::Agent,
    url: String,
    /// How long to keep retrying an unreachable cloud (a restart) before
    /// the generation fails.
    pub patience: Duration,
}

impl CloudClient {
    /// `base` is the cloud server's root, e.g. `http://10.0.0.2:8080`.
    pub fn new(base: &str) -> Self {
        let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(120)).build();
        CloudClient {
            agent,
            url: format!("{}/v1/verify", base.trim_end_matches('/').trim_end_matches("/v1")),
            patience: Duration::from_secs(60),
        }
    }

    /// One verification round trip.
    pub fn send(&self, request: &VerifyRequest) -> Result<VerifyResponse, CloudError> {
        match self.agent.post(&self.url).send_json(request) {
            Ok(response) => response.into_json().map_err(|e| self.unreachable(e)),
            Err(ureq::Error::Status(_, response)) => match response.into_json::<VerifyError>() {
                Ok(refusal) => Err(CloudError::Refused(refusal)),
                Err(e) => Err(self.unreachable(e)),
            },
            Err(e) => Err(self.unreachable(e)),
        }
    }

    fn unreachable(&self, e: impl std::fmt::Display) -> CloudError {
        CloudError::Unreachable { url: self.url.clone(), message: e.to_string() }
    }
}

impl Verifier for CloudClient {
    /// Sends the history the cloud lacks and the draft, resending from what
    /// the cloud says it holds after an eviction or a restart, and waiting
    /// out a cloud that is briefly unreachable or busy.
    fn verify(
        &self,
        link: &mut Link,
        context: &[Token],
        draft: &[Token],
        sampling: &SamplingParams,
    ) -> Result<Verdict, CloudError> {
        let give_up = Instant::now() + self.patience;
        let mut wait = Duration::from_millis(50);
        loop {
            link.step += 1;
            let request = VerifyRequest {
                version: PROTOCOL_VERSION,
                session: link.session.clone(),
                step: link.step,
                prefix_len: link.held,
                tokens: context[link.held..].to_vec(),
                draft: draft.to_vec(),
                temperature: sampling.temperature,
                top_p: sampling.top_p,
                seed: sampling.seed,
                deadline_ms: link.deadline.map(|d| d.as_millis().max(1) as u64),
            };
            match self.send(&request) {
                Ok(answer) => {
                    link.held = answer.held;
                    return Ok(Verdict { accepted: answer.accepted, next: answer.next });
                }
                Err(CloudError::Refused(refusal)) if refusal.code == "history_missing" && refusal.held < link.held => {
                    tracing::debug!(session = %link.session, held = refusal.held, "the cloud lost history; resending");
                    link.held = refusal.held;
                }
                Err(CloudError::Unreachable { .. }) if Instant::now() < give_up => {
                    std::thread::sleep(wait);
                    wait = (wait * 2).min(Duration::from_secs(1));
                }
                Err(CloudError::Refused(refusal)) if refusal.code == "busy" && Instant::now() < give_up => {
                    std::thread::sleep(wait);
                    wait = (wait * 2).min(Duration::from_secs(1));
                }
                Err(e) => return Err(e),
            }
        }
    }
}

/// How an edge drafts for one generation.
#[derive(Debug, Clone)]
pub struct EdgeOptions {
    /// Fixed, or chosen every round from measured round trips and the
    /// acceptance seen so far ([`DraftLength::choose`] with the round trip
    /// as the target's cost).
    pub length: DraftLength,
    /// The time per output token the generation should keep to. Each
    /// verification then carries the deadline that keeps it on schedule, so
    /// an SLO-aware cloud serves the devices falling behind first.
    pub time_per_token: Option<Duration>,
    /// Keep drafting while a verification is in flight, where drafting
    /// takes time (a draft model; a lookup is free either way).
    pub pipeline: bool,
    /// Measured round trips by the tokens they asked to verify (the draft
    /// and the one before it): the edge's view of the target's cost. Like
    /// the acceptance in `length`, it carries over from one generation to
    /// the next through [`EdgeRequest::learned`].
    pub round_trips: CostModel,
}

impl EdgeOptions {
    /// A fixed draft length, no deadline, no pipelining: the SLED-style
    /// baseline.
    pub fn fixed(k: usize) -> Self {
        EdgeOptions {
            length: DraftLength::fixed(k),
            time_per_token: None,
            pipeline: false,
            round_trips: CostModel::default(),
        }
    }

    /// Automatic length up to `max`, pipelined, with an optional time per
    /// output token.
    pub fn automatic(max: usize, time_per_token: Option<Duration>) -> Self {
        EdgeOptions {
            length: DraftLength::automatic(max),
            time_per_token,
            pipeline: true,
            round_trips: CostModel::default(),
        }
    }
}

/// Tokens drafted per round before the round trip's cost is known.
const EXPLORE_LENGTH: usize = 4;

/// One generation in progress on the edge, advanced a round at a time.
pub struct EdgeRequest {
    link: Link,
    context: Vec<Token>,
    out: Output,
    options: EdgeOptions,
    /// Drafted while the last verification was in flight, assuming it
    /// would accept everything: the next draft, if the cloud agreed.
    ahead: Draft,
    rng: SampleRng,
    stats: Stats,
    started: Instant,
    first_token_at: Option<Instant>,
    finished: Option<FinishReason>,
    /// Draft-model cache sequence of this request.
    seq: usize,
}

impl EdgeRequest {
    pub fn new(model: Model, seq: usize, prompt: Vec<Token>, params: GenerateParams, options: EdgeOptions) -> Self {
        let finished = (prompt.is_empty() || params.max_tokens == 0).then_some(FinishReason::Length);
        EdgeRequest {
            link: Link::default(),
            stats: Stats { prompt_tokens: prompt.len(), ..Stats::default() },
            context: prompt,
            rng: params.sampling.rng(),
            out: Output::new(model, params),
            options,
            ahead: Draft::default(),
            started: Instant::now(),
            first_token_at: None,
            finished,
            seq,
        }
    }

    pub fn seq(&self) -> usize {
        self.seq
    }

    pub fn is_finished(&self) -> bool {
        self.finished.is_some()
    }

    /// The draft length for this round. Until round trips of two sizes are
    /// measured, the automatic length explores: no draft, then a few tokens.
    fn choose_length(&self, outlook: Outlook) -> usize {
        let measured = self.options.round_trips.curve();
        if self.options.length.fixed.is_none() && measured.len() < 2 {
            let alone = measured.iter().any(|&(tokens, _)| tokens == 1);
            return if alone { EXPLORE_LENGTH.min(self.options.length.max) } else { 0 };
        }
        self.options.length.choose(&self.options.round_trips, outlook)
    }

    /// The deadline that keeps the generation at its time per output token
    /// if this round brings `expected` tokens; none before the first token
    /// (the prompt's prefill is not held to it).
    fn deadline(&self, expected: f64) -> Option<Duration> {
        let per_token = self.options.time_per_token?;
        let first = self.first_token_at?;
        let produced = self.out.len().saturating_sub(1) as f64;
        let due = first + per_token.mul_f64(produced + expected);
        Some(due.saturating_duration_since(Instant::now()).max(Duration::from_millis(1)))
    }

    /// Drafts, has the cloud verify, and appends what it decided. Drafts
    /// are the drafter's single best guesses (point masses), so the cloud's
    /// rejection sampling keeps the target's distribution without needing
    /// the drafter's probabilities.
    pub fn round(
        &mut self,
        cloud: &dyn Verifier,
        mut drafter: Option<&mut (dyn Drafter + '_)>,
        on_text: &mut dyn FnMut(&str),
    ) -> Result<(), CloudError> {
        let room = self.out.params().max_tokens - self.out.len();
        let outlook = drafter.as_deref().map(|d| d.outlook(&self.context));
        let k = outlook.map_or(0, |o| self.choose_length(o)).min(room.saturating_sub(1));
        let mut draft = std::mem::take(&mut self.ahead);
        draft.tokens.truncate(k);
        draft.confidences.truncate(k);
        self.stats.drafted_ahead += draft.tokens.len();
        if let Some(d) = drafter.as_deref_mut()
            && draft.tokens.len() < k
        {
            d.use_sequence(self.seq);
            let mut context = self.context.clone();
            context.extend_from_slice(&draft.tokens);
            let more = propose_or_skip(d, &context, k - draft.tokens.len(), &mut self.rng);
            draft.tokens.extend(more.tokens);
            draft.confidences.extend(more.confidences);
        }
        let alpha = outlook.map_or(0.0, |o| self.options.length.acceptance(o.source));
        self.link.deadline = self.deadline(DraftLength::expected_tokens(alpha, draft.tokens.len()));
        let sampling = self.out.params().sampling.clone();
        // Pipelining pays where drafting takes time the round trip hides.
        let pipelined = match (drafter.as_deref_mut(), outlook) {
            (Some(d), Some(o)) if self.options.pipeline && k > 0 && o.seconds_per_token > 0.0 => Some((d, o)),
            _ => None,
        };
        // Only rounds that send the usual one token of history, in one
        // request, measure the round trip; a prompt, or a history resent
        // after an eviction or a retry, is a one-off.
        let steady = self.context.len() == self.link.held + 1;
        let step = self.link.step;
        let sent = Instant::now();
        let (verdict, ahead) = match pipelined {
            None => (cloud.verify(&mut self.link, &self.context, &draft.tokens, &sampling)?, None),
            Some((d, outlook)) => {
                let link = &mut self.link;
                let context = &self.context;
                let rng = &mut self.rng;
                let expected_trip = self.options.round_trips.seconds(draft.tokens.len() + 1);
                std::thread::scope(|scope| {
                    let verification = scope.spawn(|| cloud.verify(link, context, &draft.tokens, &sampling));
                    // As many tokens as the round trip is expected to hide
                    // (the first guesses the target's own next token).
                    let hidden = expected_trip.map_or(k, |trip| (trip / outlook.seconds_per_token) as usize);
                    let ahead = if hidden > 0 {
                        let mut assumed = context.clone();
                        assumed.extend_from_slice(&draft.tokens);
                        Some(propose_or_skip(d, &assumed, hidden.min(k) + 1, rng))
                    } else {
                        None
                    };
                    let verdict = verification.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    verdict.map(|v| (v, ahead))
                })?
            }
        };
        if steady && self.link.step == step + 1 {
            self.options.round_trips.record(draft.tokens.len() + 1, sent.elapsed());
        }
        if let Some(d) = drafter
            && !draft.tokens.is_empty()
        {
            d.observe(&draft, verdict.accepted);
        }
        if let Some(o) = outlook {
            self.options.length.observe(o.source, draft.tokens.len(), verdict.accepted);
        }
        // The tokens drafted ahead continue this round's text only if the
        // cloud took the whole draft and chose the token guessed after it.
        if let Some(ahead) = ahead
            && verdict.accepted == draft.tokens.len()
            && ahead.tokens.first() == Some(&verdict.next)
        {
            self.ahead = Draft {
                tokens: ahead.tokens[1..].to_vec(),
                confidences: ahead.confidences.get(1..).unwrap_or_default().to_vec(),
                probs: None,
            };
        }
        if self.first_token_at.is_none() {
            self.first_token_at = Some(Instant::now());
            self.stats.time_to_first_token_ms = self.started.elapsed().as_secs_f64() * 1e3;
        }
        self.stats.steps += 1;
        self.stats.drafted += draft.tokens.len();
        self.stats.accepted += verdict.accepted;
        for token in draft.tokens[..verdict.accepted].iter().copied().chain([verdict.next]) {
            self.context.push(token);
            if let Some(reason) = self.out.push(token, on_text) {
                self.finished = Some(reason);
                break;
            }
        }
        Ok(())
    }

    /// The options with what this generation learned (acceptance, round
    /// trips), for the next generation on the same device.
    pub fn learned(&self) -> EdgeOptions {
        self.options.clone()
    }

    pub fn finish(self) -> Generation {
        self.out.finish(self.finished.unwrap_or(FinishReason::Length), self.stats, self.started)
    }
}

/// Up to `k` greedy draft tokens; a drafter that fails costs the round its
/// draft, not the generation (the cloud still gives the next token).
fn propose_or_skip(drafter: &mut dyn Drafter, context: &[Token], k: usize, rng: &mut SampleRng) -> Draft {
    drafter.propose(context, k, &SamplingParams::greedy(), rng).unwrap_or_else(|e| {
        tracing::warn!("drafting failed, verifying without a draft: {e}");
        Draft::default()
    })
}
