//! The engine thread: the one thread that owns the model's contexts. Chat
//! requests wait in a queue; every active request advances in the same
//! forward pass (continuous batching, [`Request::plan`] then
//! [`Request::absorb`]), each in its own cache sequence, and a new request
//! takes the free sequence whose cached tokens share the longest prefix
//! with its prompt. As a local target the same passes verify edge devices'
//! drafts ([`crate::cloud`]); as an edge it drafts and has a remote target
//! verify.

use std::collections::VecDeque;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

use tokio::sync::mpsc::UnboundedSender;

use crate::cloud::{self, Admitted, Sessions, VerifyJob};
use crate::config::{RemoteTarget, Role, ServerConfig, ServerDrafter};
use crate::cost::CostModel;
use crate::edge::{CloudClient, EdgeOptions, EdgeRequest, Verifier};
use crate::engine::{Engine, EngineConfig, EngineError, Feed, Model, Token};
use crate::remote::EngineVerifier;
use crate::speculative::{
    self, DraftLength, DraftModel, Drafter, GenerateParams, Generation, Hybrid, PromptLookup, Request,
};

/// Work for the engine thread.
pub(crate) enum Work {
    Chat(ChatJob),
    Verify(VerifyJob),
}

/// A chat completion for the engine thread.
pub(crate) struct ChatJob {
    pub(crate) prompt: Vec<Token>,
    pub(crate) params: GenerateParams,
    pub(crate) events: UnboundedSender<ChatEvent>,
}

/// What the engine thread reports of a chat completion.
pub(crate) enum ChatEvent {
    /// The next piece of the reply's text.
    Text(String),
    Done(Generation),
    Failed(String),
}

/// Starts the engine thread for `config`'s role, with a queue of
/// `max_queue` waiting jobs. Refuses a draft model whose tokenizer differs
/// from the target's.
pub(crate) fn spawn(config: &ServerConfig) -> std::io::Result<(SyncSender<Work>, JoinHandle<()>)> {
    if let ServerDrafter::Model(draft) | ServerDrafter::Hybrid(draft) = &config.drafter
        && !draft.shares_tokenizer(&config.model)
    {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the draft model's tokenizer differs from the target's; pick a draft model of the same family",
        ));
    }
    let (jobs, queue) = mpsc::sync_channel::<Work>(config.max_queue);
    let config = config.clone();
    let thread = match &config.role {
        Role::Local => {
            std::thread::Builder::new().name("marco-llm-worker".into()).spawn(move || run_local(config, queue))?
        }
        Role::Edge(target) => {
            let cloud = verifier(target);
            std::thread::Builder::new().name("marco-llm-edge".into()).spawn(move || run_edge(config, cloud, queue))?
        }
    };
    Ok((jobs, thread))
}

/// The verifier an edge sends its drafts to.
fn verifier(target: &RemoteTarget) -> Box<dyn Verifier> {
    match target {
        RemoteTarget::Marco(url) => Box::new(CloudClient::new(url)),
        RemoteTarget::Engine { api, url, model } => Box::new(EngineVerifier::new(*api, url, model)),
    }
}

/// An admitted chat on the engine thread.
struct Active {
    request: Request,
    lookup: PromptLookup,
    events: UnboundedSender<ChatEvent>,
}

/// The local target's thread: admits queued jobs into free sequences and
/// advances every active request, and verifies the admitted drafts, in one
/// forward pass per step.
fn run_local(config: ServerConfig, queue: Receiver<Work>) {
    let mut engine = match Engine::new(config.model, config.engine.clone()) {
        Ok(engine) => engine,
        Err(e) => return refuse_all(queue, &format!("cannot start the model: {e}")),
    };
    let sequences = config.engine.sequences as usize;
    let mut drafter = match WorkerDrafter::new(config.drafter, &config.engine) {
        Ok(drafter) => drafter,
        Err(e) => return refuse_all(queue, &format!("cannot start the draft model: {e}")),
    };
    if config.drafter.speculates()
        && let Err(e) = speculative::calibrate(&mut engine, sequences - 1, 9)
    {
        tracing::warn!("calibration failed, speculation stays off until costs are measured: {e}");
    }
    let mut active: Vec<Active> = Vec::new();
    let mut chats: VecDeque<ChatJob> = VecDeque::new();
    let mut verifications: Vec<VerifyJob> = Vec::new();
    let mut sessions = Sessions::new(config.session_ttl, config.verify_policy);
    let take = |work, chats: &mut VecDeque<ChatJob>, verifications: &mut Vec<VerifyJob>| match work {
        Work::Chat(job) => chats.push_back(job),
        Work::Verify(job) => verifications.push(job),
    };
    loop {
        // Block for work when idle; otherwise take what is waiting.
        if active.is_empty() && chats.is_empty() && verifications.is_empty() {
            match queue.recv() {
                Ok(work) => take(work, &mut chats, &mut verifications),
                Err(_) => return,
            }
        }
        while let Ok(work) = queue.try_recv() {
            take(work, &mut chats, &mut verifications);
        }
        // Clients that went away are dropped.
        active.retain(|a| !a.events.is_closed());
        sessions.expire();
        // Chats first take free sequences (evicting idle sessions), then
        // verifications take what is left.
        while let Some(job) = chats.front() {
            let mut busy: Vec<usize> = active.iter().map(|a| a.request.seq()).collect();
            busy.extend(sessions.seqs_of(&verifications));
            let Some(seq) = sessions.free_seq(&engine, &job.prompt, sequences, &busy) else { break };
            let job = chats.pop_front().expect("the front job");
            admit(&mut engine, &mut active, job, seq, config.draft_length);
        }
        let busy: Vec<usize> = active.iter().map(|a| a.request.seq()).collect();
        let admitted = sessions.admit(&mut engine, &mut verifications, sequences, &busy);
        if active.is_empty() && admitted.is_empty() {
            continue;
        }
        match step(&mut engine, &mut active, &mut drafter, &admitted, &mut sessions) {
            Ok(rows) => sessions.finish(&mut engine, admitted, rows),
            Err(e) => {
                for a in active.drain(..) {
                    let _ = a.events.send(ChatEvent::Failed(e.to_string()));
                }
                cloud::engine_failed(admitted, &e);
            }
        }
        let (done, running): (Vec<_>, Vec<_>) = active.drain(..).partition(|a| a.request.is_finished());
        active = running;
        for a in done {
            let events = a.events.clone();
            let _ = events.send(ChatEvent::Done(a.request.finish()));
        }
    }
}

/// Answers every request with the reason the worker cannot start.
fn refuse_all(queue: Receiver<Work>, message: &str) {
    tracing::error!("{message}");
    for work in queue {
        match work {
            Work::Chat(job) => {
                let _ = job.events.send(ChatEvent::Failed(message.to_string()));
            }
            Work::Verify(job) => job.fail(message),
        }
    }
}

fn admit(engine: &mut Engine, active: &mut Vec<Active>, job: ChatJob, seq: usize, draft_length: Option<usize>) {
    let length = draft_length.map_or(DraftLength::automatic(8), DraftLength::fixed);
    let request = Request::new(engine.model(), seq, job.prompt, job.params, length);
    active.push(Active { request, lookup: PromptLookup::default(), events: job.events });
}

/// The drafter as the engine thread holds it: prompt lookup keeps no state
/// between calls, so each request has its own; a draft model is one engine
/// whose cache sequences mirror the target's, one per request.
enum WorkerDrafter {
    None,
    PromptLookup,
    Shared(Box<dyn Drafter>),
}

impl WorkerDrafter {
    fn new(drafter: ServerDrafter, engine: &EngineConfig) -> Result<Self, EngineError> {
        let draft_model = |model: Model| DraftModel::new(Engine::new(model, engine.clone())?);
        Ok(match drafter {
            ServerDrafter::None => WorkerDrafter::None,
            ServerDrafter::PromptLookup => WorkerDrafter::PromptLookup,
            ServerDrafter::Model(model) => WorkerDrafter::Shared(Box::new(draft_model(model)?)),
            ServerDrafter::Hybrid(model) => {
                WorkerDrafter::Shared(Box::new(Hybrid::new(PromptLookup::default(), draft_model(model)?, 3)))
            }
        })
    }

    /// The drafter for the request in sequence `seq` with prompt lookup
    /// `lookup`, switched to that sequence.
    fn for_request<'a>(&'a mut self, seq: usize, lookup: &'a mut PromptLookup) -> Option<&'a mut dyn Drafter> {
        match self {
            WorkerDrafter::None => None,
            WorkerDrafter::PromptLookup => Some(lookup),
            WorkerDrafter::Shared(drafter) => {
                drafter.use_sequence(seq);
                Some(drafter.as_mut())
            }
        }
    }
}

/// One forward pass: every active request's next feed and every admitted
/// verification. Returns the verifications' rows of logits.
fn step(
    engine: &mut Engine,
    active: &mut [Active],
    drafter: &mut WorkerDrafter,
    verifications: &[Admitted],
    sessions: &mut Sessions,
) -> Result<Vec<Vec<Vec<f32>>>, EngineError> {
    let mut planned = Vec::with_capacity(active.len());
    for a in active.iter_mut() {
        let d = drafter.for_request(a.request.seq(), &mut a.lookup);
        planned.push(a.request.plan(engine, d)?);
    }
    let mut feeds: Vec<Feed> = active
        .iter()
        .zip(&planned)
        .map(|(a, p)| Feed { seq: a.request.seq(), tokens: &p.tokens, logits_from: p.logits_from })
        .collect();
    feeds.extend(verifications.iter().map(Admitted::feed));
    let tokens = feeds.iter().map(|f| f.tokens.len()).sum();
    let context = feeds.iter().map(|f| engine.cached(f.seq).len() + f.tokens.len()).sum();
    let started = std::time::Instant::now();
    let mut rows = engine.forward(&feeds)?;
    sessions.record_pass(tokens, context, started.elapsed());
    let verified = rows.split_off(active.len());
    for (a, rows) in active.iter_mut().zip(rows) {
        let events = a.events.clone();
        a.request.absorb(engine, rows, &mut |text| {
            let _ = events.send(ChatEvent::Text(text.to_string()));
        })?;
    }
    Ok(verified)
}

/// The edge's thread: drafts for every active request in turn and has the
/// cloud verify each draft.
fn run_edge(config: ServerConfig, cloud: Box<dyn Verifier>, queue: Receiver<Work>) {
    let sequences = config.engine.sequences as usize;
    let mut drafter = match WorkerDrafter::new(config.drafter, &config.engine) {
        Ok(drafter) => drafter,
        Err(e) => return refuse_all(queue, &format!("cannot start the draft model: {e}")),
    };
    let mut options = EdgeOptions {
        length: config.draft_length.map_or(DraftLength::automatic(8), DraftLength::fixed),
        time_per_token: config.time_per_token,
        pipeline: true,
        round_trips: CostModel::default(),
    };
    let mut active: Vec<(EdgeRequest, PromptLookup, UnboundedSender<ChatEvent>)> = Vec::new();
    loop {
        let admit = |work: Work, active: &mut Vec<_>| match work {
            Work::Chat(job) => {
                let busy: Vec<usize> = active.iter().map(|(r, _, _): &(EdgeRequest, _, _)| r.seq()).collect();
                let seq = (0..sequences).find(|s| !busy.contains(s)).expect("admitted only with a free sequence");
                let request = EdgeRequest::new(config.model, seq, job.prompt, job.params, options.clone());
                active.push((request, PromptLookup::default(), job.events));
            }
            Work::Verify(job) => job.fail("this server is an edge; send verifications to its cloud"),
        };
        if active.is_empty() {
            match queue.recv() {
                Ok(work) => admit(work, &mut active),
                Err(_) => return,
            }
        }
        while active.len() < sequences {
            match queue.try_recv() {
                Ok(work) => admit(work, &mut active),
                Err(_) => break,
            }
        }
        active.retain(|(_, _, events)| !events.is_closed());
        let mut failed = Vec::new();
        for (i, (request, lookup, events)) in active.iter_mut().enumerate() {
            let d = drafter.for_request(request.seq(), lookup);
            let result = request.round(cloud.as_ref(), d, &mut |text| {
                let _ = events.send(ChatEvent::Text(text.to_string()));
            });
            if let Err(e) = result {
                let _ = events.send(ChatEvent::Failed(e.to_string()));
                failed.push(i);
            }
        }
        let mut index = 0;
        active.retain(|_| {
            index += 1;
            !failed.contains(&(index - 1))
        });
        let (done, running): (Vec<_>, Vec<_>) = active.drain(..).partition(|(r, _, _)| r.is_finished());
        active = running;
        for (request, _, events) in done {
            // What it learned of acceptance and round trips serves the next.
            options = request.learned();
            let _ = events.send(ChatEvent::Done(request.finish()));
        }
    }
}
