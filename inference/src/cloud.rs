//! The cloud role: verifies the drafts of many edge devices in the same
//! forward passes as the server's own requests. Each device's generation is
//! a session that holds a cache sequence between verifications; sessions
//! idle past a TTL, or the least recently used one when a sequence is
//! needed, are evicted, and their devices resend their history.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tokio::sync::oneshot;

use crate::engine::{Engine, EngineError, Feed, Token};
use crate::protocol::{MAX_DRAFT, PROTOCOL_VERSION, VerifyError, VerifyRequest, VerifyResponse};
use crate::sampling::{SampleRng, SamplingParams};
use crate::scheduler::{Candidate, Policy, Scheduler, TimeEstimator};
use crate::server::{AppState, Work};
use crate::speculative::{self, Draft};

/// A verification waiting for the engine thread.
pub(crate) struct VerifyJob {
    request: VerifyRequest,
    received: Instant,
    reply: oneshot::Sender<Result<VerifyResponse, Refusal>>,
}

impl VerifyJob {
    /// When the device wants its answer; requests without a deadline come
    /// after those with one.
    fn deadline(&self) -> Option<Instant> {
        self.request.deadline_ms.map(|ms| self.received + Duration::from_millis(ms))
    }

    fn refuse(self, refusal: Refusal) {
        let _ = self.reply.send(Err(refusal));
    }

    /// Answers a failure of the engine itself.
    pub(crate) fn fail(self, message: &str) {
        self.refuse(Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, "server_error", message, 0));
    }
}

/// A refusal and its HTTP status.
pub(crate) struct Refusal {
    status: StatusCode,
    error: VerifyError,
}

impl Refusal {
    fn new(status: StatusCode, code: &str, message: impl Into<String>, held: usize) -> Self {
        Refusal { status, error: VerifyError { code: code.into(), message: message.into(), held } }
    }

    fn bad(message: impl Into<String>) -> Self {
        Refusal::new(StatusCode::BAD_REQUEST, "bad_request", message, 0)
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.error)).into_response()
    }
}

/// `POST /v1/verify`.
pub(crate) async fn verify(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    match verify_inner(&state, &body).await {
        Ok(verdict) => axum::Json(verdict).into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

async fn verify_inner(state: &AppState, body: &[u8]) -> Result<VerifyResponse, Refusal> {
    let request: VerifyRequest =
        serde_json::from_slice(body).map_err(|e| Refusal::bad(format!("invalid verification request: {e}")))?;
    if request.version != PROTOCOL_VERSION {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "unsupported_version",
            format!("this cloud speaks protocol version {PROTOCOL_VERSION}, not {}", request.version),
            0,
        ));
    }
    if request.session.is_empty() || request.session.len() > 128 {
        return Err(Refusal::bad("`session` must be 1 to 128 characters"));
    }
    if request.tokens.is_empty() {
        return Err(Refusal::bad("`tokens` must hold at least the last token of the history"));
    }
    let vocab = state.config.model.vocab_size();
    if let Some(bad) = request.tokens.iter().chain(&request.draft).find(|&&t| t < 0 || t as usize >= vocab) {
        return Err(Refusal::bad(format!("token {bad} is not in the model's vocabulary of {vocab}")));
    }
    let valid_top_p = request.top_p > 0.0 && request.top_p <= 1.0;
    if !((0.0..=2.0).contains(&request.temperature) && valid_top_p) {
        return Err(Refusal::bad("temperature must be in [0, 2] and top_p in (0, 1]"));
    }
    if request.draft.len() > MAX_DRAFT {
        return Err(Refusal::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("a draft holds at most {MAX_DRAFT} tokens, not {}", request.draft.len()),
            0,
        ));
    }
    let limit = state.config.engine.context as usize;
    let needed = request.prefix_len + request.tokens.len() + request.draft.len();
    if needed > limit {
        return Err(Refusal::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("the session would need {needed} tokens of context; each holds {limit}"),
            0,
        ));
    }
    let (reply, answer) = oneshot::channel();
    let job = VerifyJob { request, received: Instant::now(), reply };
    state.jobs.try_send(Work::Verify(job)).map_err(|_| {
        Refusal::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "too many requests are waiting; try again shortly", 0)
    })?;
    answer.await.unwrap_or_else(|_| {
        Err(Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, "server_error", "the model worker stopped", 0))
    })
}

/// A device's generation as the cloud holds it.
struct Session {
    seq: usize,
    /// Tokens of the history in the cache of `seq`.
    held: usize,
    last_step: u64,
    last_used: Instant,
    rng: SampleRng,
}

/// A verification admitted into the next forward pass.
pub(crate) struct Admitted {
    job: VerifyJob,
    seq: usize,
    /// The history tokens to feed (after what the cache already holds) and
    /// then the draft.
    feed: Vec<Token>,
    /// Where the rows of logits start: the last history token.
    logits_from: usize,
}

impl Admitted {
    pub(crate) fn feed(&self) -> Feed<'_> {
        Feed { seq: self.seq, tokens: &self.feed, logits_from: self.logits_from }
    }
}

/// The sessions of the devices, which cache sequences they hold, and the
/// admission of their verifications into passes.
pub(crate) struct Sessions {
    sessions: HashMap<String, Session>,
    ttl: Duration,
    scheduler: Scheduler,
    estimator: TimeEstimator,
    passes: u64,
}

impl Sessions {
    pub(crate) fn new(ttl: Duration, policy: Policy) -> Self {
        Sessions {
            sessions: HashMap::new(),
            ttl,
            scheduler: Scheduler { policy, ..Scheduler::default() },
            estimator: TimeEstimator::default(),
            passes: 0,
        }
    }

    /// Feeds a measured pass to the verification-time estimator.
    pub(crate) fn record_pass(&mut self, tokens: usize, context: usize, elapsed: Duration) {
        self.estimator.record(tokens, context, elapsed);
        self.passes += 1;
        if self.passes.is_multiple_of(100)
            && let Some(error) = self.estimator.mean_relative_error()
        {
            tracing::info!(
                passes = self.passes,
                "verification-time estimator: mean relative error {:.1}%",
                error * 100.0
            );
        }
    }

    /// Forgets sessions idle for longer than the TTL.
    pub(crate) fn expire(&mut self) {
        let ttl = self.ttl;
        self.sessions.retain(|_, s| s.last_used.elapsed() <= ttl);
    }

    fn holds(&self, seq: usize) -> bool {
        self.sessions.values().any(|s| s.seq == seq)
    }

    /// The sequences of the sessions that `jobs` continue.
    pub(crate) fn seqs_of(&self, jobs: &[VerifyJob]) -> Vec<usize> {
        jobs.iter().filter_map(|job| self.sessions.get(&job.request.session)).map(|s| s.seq).collect()
    }

    /// A sequence for new work starting with `tokens`, never one in `busy`:
    /// of those no session holds, the one whose cache shares the longest
    /// prefix with `tokens`; else the least recently used session's, which
    /// is evicted.
    pub(crate) fn free_seq(
        &mut self,
        engine: &Engine,
        tokens: &[Token],
        sequences: usize,
        busy: &[usize],
    ) -> Option<usize> {
        let unheld = (0..sequences).filter(|s| !busy.contains(s) && !self.holds(*s));
        if let Some(seq) = unheld.max_by_key(|&s| engine.shared_prefix(s, tokens)) {
            return Some(seq);
        }
        let (name, seq) = self
            .sessions
            .iter()
            .filter(|(_, s)| !busy.contains(&s.seq))
            .min_by_key(|(_, s)| s.last_used)
            .map(|(name, s)| (name.clone(), s.seq))?;
        tracing::debug!(session = %name, "evicted for a sequence");
        self.sessions.remove(&name);
        Some(seq)
    }

    /// Picks the verifications for the next pass (see [`Scheduler`]), at
    /// most one per session; refuses the ones that cannot be served (out of
    /// order, history missing, no sequence). `busy` are the sequences the
    /// server's own requests use.
    pub(crate) fn admit(
        &mut self,
        engine: &mut Engine,
        waiting: &mut Vec<VerifyJob>,
        sequences: usize,
        busy: &[usize],
    ) -> Vec<Admitted> {
        let now = Instant::now();
        let candidates: Vec<Candidate> = waiting
            .iter()
            .map(|job| Candidate {
                deadline: job.deadline(),
                arrived: job.received,
                tokens: job.request.tokens.len() + job.request.draft.len(),
                context: job.request.prefix_len + job.request.tokens.len(),
                draft: job.request.draft.len(),
            })
            .collect();
        let base_context = busy.iter().map(|&seq| engine.cached(seq).len()).sum();
        let chosen = self.scheduler.select(&candidates, (busy.len(), base_context), &self.estimator, now);
        let mut slots: Vec<Option<VerifyJob>> = std::mem::take(waiting).into_iter().map(Some).collect();
        let mut order: Vec<VerifyJob> = chosen.iter().filter_map(|&i| slots[i].take()).collect();
        let mut later: Vec<VerifyJob> = slots.into_iter().flatten().collect();
        let mut busy = busy.to_vec();
        let mut admitted: Vec<Admitted> = Vec::new();
        for job in order.drain(..) {
            let name = &job.request.session;
            if admitted.iter().any(|a| &a.job.request.session == name) {
                later.push(job);
                continue;
            }
            match self.place(engine, &job, sequences, &busy) {
                Ok((seq, reused)) => {
                    busy.push(seq);
                    let mut feed: Vec<Token> = job.request.tokens[reused..].to_vec();
                    let logits_from = feed.len() - 1;
                    feed.extend_from_slice(&job.request.draft);
                    admitted.push(Admitted { job, seq, feed, logits_from });
                }
                Err(refusal) => job.refuse(refusal),
            }
        }
        *waiting = later;
        admitted
    }

    /// The session's sequence, its cache cut to the request's prefix, and
    /// how many of the request's `tokens` that cache already holds.
    fn place(
        &mut self,
        engine: &mut Engine,
        job: &VerifyJob,
        sequences: usize,
        busy: &[usize],
    ) -> Result<(usize, usize), Refusal> {
        let request = &job.request;
        let cut = |engine: &mut Engine, seq, len| {
            engine
                .truncate(seq, len)
                .map_err(|e| Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, "server_error", e.to_string(), 0))
        };
        if let Some(session) = self.sessions.get_mut(&request.session) {
            if request.step <= session.last_step {
                return Err(Refusal::new(
                    StatusCode::CONFLICT,
                    "out_of_order",
                    format!("step {} arrived after step {}", request.step, session.last_step),
                    session.held,
                ));
            }
            if request.prefix_len > session.held {
                return Err(history_missing(request.prefix_len, session.held));
            }
            session.last_step = request.step;
            session.last_used = Instant::now();
            // The edge decides the history: anything held beyond its prefix
            // was not kept there.
            cut(engine, session.seq, request.prefix_len)?;
            session.held = request.prefix_len;
            return Ok((session.seq, 0));
        }
        if request.prefix_len > 0 {
            return Err(history_missing(request.prefix_len, 0));
        }
        let Some(seq) = self.free_seq(engine, &request.tokens, sequences, busy) else {
            return Err(Refusal::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "every cache sequence is in use; try again shortly",
                0,
            ));
        };
        // A new session reuses whatever prefix of its history the sequence
        // still caches (the agents repeat long system prompts).
        let reused = engine
            .reuse_prefix(seq, &request.tokens)
            .map_err(|e| Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, "server_error", e.to_string(), 0))?;
        let sampling = sampling_of(request);
        self.sessions.insert(
            request.session.clone(),
            Session { seq, held: reused, last_step: request.step, last_used: Instant::now(), rng: sampling.rng() },
        );
        Ok((seq, reused))
    }

    /// Judges each admitted draft on its rows of logits and answers.
    pub(crate) fn finish(&mut self, engine: &mut Engine, admitted: Vec<Admitted>, rows: Vec<Vec<Vec<f32>>>) {
        for (a, rows) in admitted.into_iter().zip(rows) {
            let Some(session) = self.sessions.get_mut(&a.job.request.session) else {
                a.job.fail("the session vanished during its verification");
                continue;
            };
            let request = &a.job.request;
            let draft = Draft { tokens: request.draft.clone(), ..Draft::default() };
            let verdict = speculative::verify(&draft, &rows, &sampling_of(request), &mut session.rng);
            let held = request.prefix_len + request.tokens.len() + verdict.accepted;
            if let Err(e) = engine.truncate(a.seq, held) {
                a.job.fail(&e.to_string());
                continue;
            }
            session.held = held;
            let answer =
                VerifyResponse { version: PROTOCOL_VERSION, accepted: verdict.accepted, next: verdict.next, held };
            let _ = a.job.reply.send(Ok(answer));
        }
    }
}

fn history_missing(prefix_len: usize, held: usize) -> Refusal {
    Refusal::new(
        StatusCode::CONFLICT,
        "history_missing",
        format!(
            "the request builds on {prefix_len} tokens of history, but this cloud holds {held}; resend from {held}"
        ),
        held,
    )
}

fn sampling_of(request: &VerifyRequest) -> SamplingParams {
    SamplingParams { temperature: request.temperature, top_p: request.top_p, top_k: 0, seed: request.seed }
}

/// Answers admitted verifications whose forward pass failed.
pub(crate) fn engine_failed(jobs: Vec<Admitted>, e: &EngineError) {
    for a in jobs {
        a.job.fail(&e.to_string());
    }
}
