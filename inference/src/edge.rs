//! The edge role: drafts next to the agents and has a remote cloud verifier
//! check every draft over the [`protocol`](crate::protocol). The text is
//! the target's own: the edge only appends tokens the cloud accepted or
//! chose.

use std::time::{Duration, Instant};

use crate::engine::{Model, Token};
use crate::protocol::{PROTOCOL_VERSION, VerifyError, VerifyRequest, VerifyResponse};
use crate::sampling::{SampleRng, SamplingParams};
use crate::speculative::{Drafter, FinishReason, GenerateParams, Generation, Output, Stats};

/// Why a verification could not be had.
#[derive(Debug, thiserror::Error)]
pub enum CloudError {
    /// The cloud refused the request; `held` says what it still holds.
    #[error("the cloud refused a verification ({}): {}", .0.code, .0.message)]
    Refused(VerifyError),
    #[error("the cloud at {url} did not answer: {message}")]
    Unreachable { url: String, message: String },
}

/// The verdict on a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// Draft tokens accepted (a prefix of the draft).
    pub accepted: usize,
    /// The target's token after them.
    pub next: Token,
}

/// What a verifier keeps on the edge for one generation: marco's cloud
/// holds the history in a session, stateless engines ignore it.
#[derive(Debug, Clone)]
pub struct Link {
    session: String,
    step: u64,
    /// Tokens of the history the cloud holds, as far as the edge knows.
    held: usize,
}

impl Default for Link {
    fn default() -> Self {
        use rand::Rng as _;
        Link { session: format!("{:032x}", rand::rng().random::<u128>()), step: 0, held: 0 }
    }
}

/// Where an edge's drafts are checked: marco's cloud ([`CloudClient`]) or
/// an existing engine ([`crate::remote`]).
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
                deadline_ms: None,
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

/// One generation in progress on the edge, advanced a round at a time.
pub struct EdgeRequest {
    link: Link,
    context: Vec<Token>,
    out: Output,
    /// Tokens drafted per round.
    draft_length: usize,
    rng: SampleRng,
    stats: Stats,
    started: Instant,
    finished: Option<FinishReason>,
    /// Draft-model cache sequence of this request.
    seq: usize,
}

impl EdgeRequest {
    pub fn new(model: Model, seq: usize, prompt: Vec<Token>, params: GenerateParams, draft_length: usize) -> Self {
        let finished = (prompt.is_empty() || params.max_tokens == 0).then_some(FinishReason::Length);
        EdgeRequest {
            link: Link::default(),
            stats: Stats { prompt_tokens: prompt.len(), ..Stats::default() },
            context: prompt,
            rng: params.sampling.rng(),
            out: Output::new(model, params),
            draft_length,
            started: Instant::now(),
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
        let k = self.draft_length.min(room.saturating_sub(1));
        let draft = match drafter.as_deref_mut() {
            Some(d) if k > 0 => {
                d.use_sequence(self.seq);
                // A drafter that fails costs this round its draft, not the
                // generation: the cloud still gives the next token.
                d.propose(&self.context, k, &SamplingParams::greedy(), &mut self.rng)
                    .map(|draft| draft.tokens)
                    .unwrap_or_else(|e| {
                        tracing::warn!("drafting failed, verifying without a draft: {e}");
                        Vec::new()
                    })
            }
            _ => Vec::new(),
        };
        let verdict = cloud.verify(&mut self.link, &self.context, &draft, &self.out.params().sampling)?;
        if let Some(d) = drafter
            && !draft.is_empty()
        {
            d.observe(draft.len(), verdict.accepted);
        }
        if self.stats.time_to_first_token_ms == 0.0 {
            self.stats.time_to_first_token_ms = self.started.elapsed().as_secs_f64() * 1e3;
        }
        self.stats.steps += 1;
        self.stats.drafted += draft.len();
        self.stats.accepted += verdict.accepted;
        for token in draft[..verdict.accepted].iter().copied().chain([verdict.next]) {
            self.context.push(token);
            if let Some(reason) = self.out.push(token, on_text) {
                self.finished = Some(reason);
                break;
            }
        }
        Ok(())
    }

    pub fn finish(self) -> Generation {
        self.out.finish(self.finished.unwrap_or(FinishReason::Length), self.stats, self.started)
    }
}
