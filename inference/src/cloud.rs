//! The cloud role: verifies the drafts of many edge devices in the same
//! forward passes as the server's own requests. Each device's generation is
//! a session that holds a cache sequence between verifications; sessions
//! idle past a TTL, or the least recently used one when a sequence is
//! needed, are evicted, and their devices resend their history.
//!
//! Transport-free: a [`VerifyJob`] comes in from the HTTP layer and its
//! answer, or a [`Refusal`] with a [`RefusalCode`], goes back through a
//! channel; the HTTP layer chooses the status codes.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use crate::engine::{Engine, EngineError, Feed, Token};
use crate::protocol::{MAX_DRAFT, PROTOCOL_VERSION, VerifyError, VerifyRequest, VerifyResponse};
use crate::sampling::{SampleRng, SamplingParams};
use crate::scheduler::{Candidate, Policy, Scheduler, TimeEstimator};
use crate::speculative::{self, Draft};

/// The answer to a verification.
pub(crate) type VerifyAnswer = Result<VerifyResponse, Refusal>;

/// A verification waiting for the engine thread.
pub(crate) struct VerifyJob {
    request: VerifyRequest,
    received: Instant,
    reply: oneshot::Sender<VerifyAnswer>,
}

impl VerifyJob {
    /// A job for a request that passed [`check`], received now, and where
    /// its answer will arrive.
    pub(crate) fn new(request: VerifyRequest) -> (Self, oneshot::Receiver<VerifyAnswer>) {
        let (reply, answer) = oneshot::channel();
        (VerifyJob { request, received: Instant::now(), reply }, answer)
    }

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
        self.refuse(Refusal::server_error(message));
    }
}

/// Why a verification is refused: the protocol's `code` (ARCHITECTURE.md
/// lists them with their HTTP statuses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefusalCode {
    BadRequest,
    UnsupportedVersion,
    TooLarge,
    OutOfOrder,
    HistoryMissing,
    Busy,
    ServerError,
}

impl RefusalCode {
    fn as_str(self) -> &'static str {
        match self {
            RefusalCode::BadRequest => "bad_request",
            RefusalCode::UnsupportedVersion => "unsupported_version",
            RefusalCode::TooLarge => "too_large",
            RefusalCode::OutOfOrder => "out_of_order",
            RefusalCode::HistoryMissing => "history_missing",
            RefusalCode::Busy => "busy",
            RefusalCode::ServerError => "server_error",
        }
    }
}

/// A refused verification and what the device needs to recover.
#[derive(Debug)]
pub(crate) struct Refusal {
    pub(crate) code: RefusalCode,
    message: String,
    /// Tokens of the session's history the cloud holds.
    held: usize,
}

impl Refusal {
    fn new(code: RefusalCode, message: impl Into<String>, held: usize) -> Self {
        Refusal { code, message: message.into(), held }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Refusal::new(RefusalCode::BadRequest, message, 0)
    }

    pub(crate) fn busy(message: impl Into<String>) -> Self {
        Refusal::new(RefusalCode::Busy, message, 0)
    }

    pub(crate) fn server_error(message: impl Into<String>) -> Self {
        Refusal::new(RefusalCode::ServerError, message, 0)
    }

    /// The refusal as the protocol sends it.
    pub(crate) fn into_error(self) -> VerifyError {
        VerifyError { code: self.code.as_str().into(), message: self.message, held: self.held }
    }
}

/// Refuses a request this cloud cannot serve whatever its sessions hold:
/// another protocol version, malformed fields, tokens outside the
/// vocabulary of `vocab`, or more than `context` tokens of history.
pub(crate) fn check(request: &VerifyRequest, vocab: usize, context: usize) -> Result<(), Refusal> {
    if request.version != PROTOCOL_VERSION {
        return Err(Refusal::new(
            RefusalCode::UnsupportedVersion,
            format!("this cloud speaks protocol version {PROTOCOL_VERSION}, not {}", request.version),
            0,
        ));
    }
    if request.session.is_empty() || request.session.len() > 128 {
        return Err(Refusal::bad_request("`session` must be 1 to 128 characters"));
    }
    if request.tokens.is_empty() {
        return Err(Refusal::bad_request("`tokens` must hold at least the last token of the history"));
    }
    if let Some(bad) = request.tokens.iter().chain(&request.draft).find(|&&t| t < 0 || t as usize >= vocab) {
        return Err(Refusal::bad_request(format!("token {bad} is not in the model's vocabulary of {vocab}")));
    }
    let valid_top_p = request.top_p > 0.0 && request.top_p <= 1.0;
    if !((0.0..=2.0).contains(&request.temperature) && valid_top_p) {
        return Err(Refusal::bad_request("temperature must be in [0, 2] and top_p in (0, 1]"));
    }
    if request.draft.len() > MAX_DRAFT {
        return Err(Refusal::new(
            RefusalCode::TooLarge,
            format!("a draft holds at most {MAX_DRAFT} tokens, not {}", request.draft.len()),
            0,
        ));
    }
    let needed = request.prefix_len + request.tokens.len() + request.draft.len();
    if needed > context {
        return Err(Refusal::new(
            RefusalCode::TooLarge,
            format!("the session would need {needed} tokens of context; each holds {context}"),
            0,
        ));
    }
    Ok(())
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
        let cut =
            |engine: &mut Engine, seq, len| engine.truncate(seq, len).map_err(|e| Refusal::server_error(e.to_string()));
        if let Some(session) = self.sessions.get_mut(&request.session) {
            if request.step <= session.last_step {
                return Err(Refusal::new(
                    RefusalCode::OutOfOrder,
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
            return Err(Refusal::busy("every cache sequence is in use; try again shortly"));
        };
        // A new session reuses whatever prefix of its history the sequence
        // still caches (the agents repeat long system prompts).
        let reused = engine.reuse_prefix(seq, &request.tokens).map_err(|e| Refusal::server_error(e.to_string()))?;
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
        RefusalCode::HistoryMissing,
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
