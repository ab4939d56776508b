//! The OpenAI-compatible HTTP API over a local model: `/v1/models` and
//! `/v1/chat/completions` (plain and streamed), errors in OpenAI's format.
//!
//! One worker thread owns the engine. Requests wait in a queue; every active
//! request advances in the same forward pass (continuous batching), each in
//! its own cache sequence, and a new request takes the free sequence whose
//! cached tokens share the longest prefix with its prompt.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::mpsc as std_mpsc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::cloud::{self, Admitted, Sessions, VerifyJob};
use crate::edge::{CloudClient, EdgeOptions, EdgeRequest, Verifier};
use crate::engine::{Engine, EngineConfig, Feed, Model, Token};
use crate::remote::{EngineApi, EngineVerifier};
use crate::sampling::SamplingParams;
use crate::speculative::{
    self, DraftLength, DraftModel, Drafter, FinishReason, GenerateParams, Generation, Hybrid, PromptLookup, Request,
};

/// Which drafter the server speculates with. Every choice keeps the output
/// exactly the target's; the draft length of each step is chosen from
/// measured costs and the acceptance seen so far.
#[derive(Debug, Clone, Copy)]
pub enum ServerDrafter {
    /// The target alone.
    None,
    /// Prompt lookup: free, and right wherever the reply copies its prompt.
    PromptLookup,
    /// A smaller model with the target's tokenizer.
    Model(Model),
    /// Prompt lookup where it finds a match, the draft model elsewhere.
    Hybrid(Model),
}

impl ServerDrafter {
    fn speculates(&self) -> bool {
        !matches!(self, ServerDrafter::None)
    }
}

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The name clients use in `model`.
    pub model_name: String,
    pub model: Model,
    pub engine: EngineConfig,
    pub drafter: ServerDrafter,
    /// Draft this many tokens every step; `None` chooses each step's length
    /// from measured costs and acceptance (which never drafts where drafting
    /// does not pay).
    pub draft_length: Option<usize>,
    /// Requests waiting beyond this many are refused with 429.
    pub max_queue: usize,
    /// `max_tokens` when a request gives none.
    pub default_max_tokens: usize,
    /// What the server does with the target (see [`Role`]).
    pub role: Role,
    /// A device's session idle for longer is forgotten (it resends its
    /// history if it comes back).
    pub session_ttl: std::time::Duration,
    /// How waiting verifications are ordered into passes.
    pub verify_policy: crate::scheduler::Policy,
    /// As an edge: the time per output token each generation asks its
    /// cloud to keep to (see [`EdgeOptions::time_per_token`]).
    pub time_per_token: Option<std::time::Duration>,
}

/// Where the target model runs.
#[derive(Debug, Clone)]
pub enum Role {
    /// Here: the server decodes its own requests and verifies the drafts of
    /// edge devices (`/v1/verify`), all in shared forward passes.
    Local,
    /// On a remote verifier: the server drafts here and has the remote
    /// target check every draft. `model` only supplies the tokenizer and
    /// the chat template, which must be the target's.
    Edge(RemoteTarget),
}

/// Where an edge's target runs.
#[derive(Debug, Clone)]
pub enum RemoteTarget {
    /// A marco server (`--role all|cloud`) at this URL.
    Marco(String),
    /// An existing engine: greedy verification only (see [`crate::remote`]).
    Engine { api: EngineApi, url: String, model: String },
}

impl RemoteTarget {
    fn verifier(&self) -> Box<dyn Verifier> {
        match self {
            RemoteTarget::Marco(url) => Box::new(CloudClient::new(url)),
            RemoteTarget::Engine { api, url, model } => Box::new(EngineVerifier::new(*api, url, model)),
        }
    }
}

impl ServerConfig {
    pub fn new(model_name: impl Into<String>, model: Model) -> Self {
        ServerConfig {
            model_name: model_name.into(),
            model,
            engine: EngineConfig::default(),
            drafter: ServerDrafter::PromptLookup,
            draft_length: None,
            max_queue: 64,
            default_max_tokens: 512,
            role: Role::Local,
            session_ttl: std::time::Duration::from_secs(600),
            verify_policy: crate::scheduler::Policy::Slo,
            time_per_token: None,
        }
    }
}

/// A running server.
pub struct RunningServer {
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    /// The thread that owns the model's contexts. `stop` waits for it, so
    /// that its contexts are freed before the process ends: a CUDA context
    /// freed while the process tears CUDA down aborts it.
    worker: Option<std::thread::JoinHandle<()>>,
}

impl RunningServer {
    /// The base URL for OpenAI clients, e.g. `http://127.0.0.1:8080/v1`.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// Stops accepting requests and waits for the server to end.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let served = (&mut self.task).await.unwrap_or_else(|e| Err(std::io::Error::other(e)));
        // The worker ends once the last request handle is gone; one still
        // held elsewhere must not hang the caller, so the wait is bounded.
        if let Some(worker) = self.worker.take() {
            let joined = tokio::task::spawn_blocking(move || worker.join());
            let _ = tokio::time::timeout(std::time::Duration::from_secs(30), joined).await;
        }
        served
    }

    /// Serves until the process ends.
    pub async fn wait(self) -> std::io::Result<()> {
        self.task.await.unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }
}

/// Binds `addr` (port 0 picks a free one) and serves in the background.
/// Refuses a draft model whose tokenizer differs from the target's.
pub async fn start(config: ServerConfig, addr: SocketAddr) -> std::io::Result<RunningServer> {
    let (app, worker) = routes(config)?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    Ok(RunningServer { addr, shutdown: Some(shutdown), task, worker: Some(worker) })
}

/// The server's routes (`/v1/models`, `/v1/chat/completions`, and
/// `/v1/verify` for a local target) with their engine thread started, for
/// a caller that serves them beside its own. The engine thread lives as
/// long as the routes.
pub fn router(config: ServerConfig) -> std::io::Result<Router> {
    Ok(routes(config)?.0)
}

/// The routes and the engine thread behind them.
fn routes(config: ServerConfig) -> std::io::Result<(Router, std::thread::JoinHandle<()>)> {
    if let ServerDrafter::Model(draft) | ServerDrafter::Hybrid(draft) = &config.drafter
        && !draft.shares_tokenizer(&config.model)
    {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the draft model's tokenizer differs from the target's; pick a draft model of the same family",
        ));
    }
    let (jobs, queue) = std_mpsc::sync_channel::<Work>(config.max_queue);
    let worker_config = config.clone();
    let mut app =
        Router::new().route("/v1/models", get(list_models)).route("/v1/chat/completions", post(chat_completions));
    let worker_thread = match &config.role {
        Role::Local => {
            app = app.route("/v1/verify", post(cloud::verify));
            std::thread::Builder::new().name("marco-llm-worker".into()).spawn(move || worker(worker_config, queue))?
        }
        Role::Edge(target) => {
            let cloud = target.verifier();
            std::thread::Builder::new()
                .name("marco-llm-edge".into())
                .spawn(move || edge_worker(worker_config, cloud, queue))?
        }
    };
    let state = Arc::new(AppState { config, jobs });
    Ok((app.with_state(state), worker_thread))
}

pub(crate) struct AppState {
    pub(crate) config: ServerConfig,
    pub(crate) jobs: std_mpsc::SyncSender<Work>,
}

/// Work for the engine thread.
pub(crate) enum Work {
    Chat(Job),
    Verify(VerifyJob),
}

/// A chat completion for the engine thread.
pub(crate) struct Job {
    prompt: Vec<Token>,
    params: GenerateParams,
    events: mpsc::UnboundedSender<WorkerEvent>,
}

enum WorkerEvent {
    Text(String),
    Done(Generation),
    Failed(String),
}

/// An error in OpenAI's format.
struct ApiError {
    status: StatusCode,
    kind: &'static str,
    code: Option<&'static str>,
    param: Option<&'static str>,
    message: String,
}

impl ApiError {
    /// A failure of the server itself (500).
    fn server(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            kind: "server_error",
            code: None,
            param: None,
            message: message.into(),
        }
    }

    fn invalid(message: impl Into<String>, param: Option<&'static str>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            kind: "invalid_request_error",
            code: None,
            param,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body =
            json!({"error": {"message": self.message, "type": self.kind, "param": self.param, "code": self.code}});
        (self.status, axum::Json(body)).into_response()
    }
}

async fn list_models(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    axum::Json(json!({
        "object": "list",
        "data": [{"id": state.config.model_name, "object": "model", "created": 0, "owned_by": "marco"}],
    }))
}

#[derive(Deserialize)]
struct ChatRequest {
    model: String,
    messages: Vec<ChatMessage>,
    #[serde(default)]
    max_tokens: Option<usize>,
    #[serde(default)]
    max_completion_tokens: Option<usize>,
    #[serde(default)]
    temperature: Option<f32>,
    #[serde(default)]
    top_p: Option<f32>,
    #[serde(default)]
    seed: Option<u64>,
    #[serde(default)]
    stop: Option<Stop>,
    #[serde(default)]
    stream: bool,
    #[serde(default)]
    stream_options: Option<StreamOptions>,
    #[serde(default)]
    n: Option<u32>,
}

#[derive(Deserialize)]
struct StreamOptions {
    /// Send a last chunk with the token counts, as OpenAI does.
    #[serde(default)]
    include_usage: bool,
}

#[derive(Deserialize)]
struct ChatMessage {
    role: String,
    content: Content,
}

/// Message content: a string or an array of text parts.
#[derive(Deserialize)]
#[serde(untagged)]
enum Content {
    Text(String),
    Parts(Vec<Part>),
}

#[derive(Deserialize)]
struct Part {
    #[serde(default)]
    text: Option<String>,
}

impl Content {
    fn text(&self) -> String {
        match self {
            Content::Text(t) => t.clone(),
            Content::Parts(parts) => parts.iter().filter_map(|p| p.text.clone()).collect::<Vec<_>>().join(""),
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Stop {
    One(String),
    Many(Vec<String>),
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

fn completion_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("chatcmpl-{}-{}", now(), NEXT.fetch_add(1, Ordering::Relaxed))
}

async fn chat_completions(State(state): State<Arc<AppState>>, body: Bytes) -> Result<Response, ApiError> {
    let request: ChatRequest =
        serde_json::from_slice(&body).map_err(|e| ApiError::invalid(format!("invalid request body: {e}"), None))?;
    let config = &state.config;
    if request.model != config.model_name {
        return Err(ApiError {
            status: StatusCode::NOT_FOUND,
            kind: "invalid_request_error",
            code: Some("model_not_found"),
            param: Some("model"),
            message: format!("the model `{}` does not exist; this server has `{}`", request.model, config.model_name),
        });
    }
    if request.messages.is_empty() {
        return Err(ApiError::invalid("`messages` must not be empty", Some("messages")));
    }
    if request.n.is_some_and(|n| n != 1) {
        return Err(ApiError::invalid("only n = 1 is supported", Some("n")));
    }
    let temperature = request.temperature.unwrap_or(0.0);
    if !(0.0..=2.0).contains(&temperature) {
        return Err(ApiError::invalid("temperature must be between 0 and 2", Some("temperature")));
    }
    let top_p = request.top_p.unwrap_or(1.0);
    if !(top_p > 0.0 && top_p <= 1.0) {
        return Err(ApiError::invalid("top_p must be in (0, 1]", Some("top_p")));
    }
    let max_tokens = request.max_completion_tokens.or(request.max_tokens).unwrap_or(config.default_max_tokens);
    let messages: Vec<(String, String)> = request.messages.iter().map(|m| (m.role.clone(), m.content.text())).collect();
    let prompt_text =
        config.model.chat_prompt(&messages).map_err(|e| ApiError::invalid(e.to_string(), Some("messages")))?;
    let prompt = config.model.tokenize(&prompt_text, false);
    let limit = config.engine.context as usize;
    if prompt.len() + max_tokens > limit {
        return Err(ApiError {
            status: StatusCode::BAD_REQUEST,
            kind: "invalid_request_error",
            code: Some("context_length_exceeded"),
            param: Some("messages"),
            message: format!(
                "this model's context holds {limit} tokens, but the request needs {} ({} in the messages, {max_tokens} to generate)",
                prompt.len() + max_tokens,
                prompt.len()
            ),
        });
    }
    let stop = match request.stop {
        None => Vec::new(),
        Some(Stop::One(s)) => vec![s],
        Some(Stop::Many(v)) => v,
    };
    let params = GenerateParams {
        max_tokens,
        sampling: SamplingParams { temperature, top_p, top_k: 0, seed: request.seed.unwrap_or(0) },
        stop,
    };
    let prompt_tokens = prompt.len();
    let (events, mut rx) = mpsc::unbounded_channel();
    state.jobs.try_send(Work::Chat(Job { prompt, params, events })).map_err(|e| match e {
        std_mpsc::TrySendError::Full(_) => ApiError {
            status: StatusCode::TOO_MANY_REQUESTS,
            kind: "rate_limit_error",
            code: Some("queue_full"),
            param: None,
            message: "too many requests are waiting; try again shortly".into(),
        },
        std_mpsc::TrySendError::Disconnected(_) => ApiError::server("the model worker has stopped"),
    })?;
    let id = completion_id();
    let model = config.model_name.clone();
    let created = now();

    if request.stream {
        let include_usage = request.stream_options.is_some_and(|o| o.include_usage);
        let (usage_id, usage_model) = (id.clone(), model.clone());
        let chunk = move |delta: Value, finish: Option<&str>| {
            let body = json!({
                "id": id, "object": "chat.completion.chunk", "created": created, "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            });
            Ok::<_, Infallible>(Event::default().data(body.to_string()))
        };
        let usage_chunk = move |completion_tokens: usize| {
            let body = json!({
                "id": usage_id, "object": "chat.completion.chunk", "created": created, "model": usage_model,
                "choices": [],
                "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens},
            });
            Ok::<_, Infallible>(Event::default().data(body.to_string()))
        };
        let stream = async_stream(move |tx| async move {
            let _ = tx.send(chunk(json!({"role": "assistant", "content": ""}), None));
            while let Some(event) = rx.recv().await {
                match event {
                    WorkerEvent::Text(text) => {
                        let _ = tx.send(chunk(json!({"content": text}), None));
                    }
                    WorkerEvent::Done(generation) => {
                        let _ = tx.send(chunk(json!({}), Some(finish_reason(generation.finish))));
                        if include_usage {
                            let _ = tx.send(usage_chunk(generation.stats.completion_tokens));
                        }
                        break;
                    }
                    WorkerEvent::Failed(message) => {
                        let body = json!({"error": {"message": message, "type": "server_error"}});
                        let _ = tx.send(Ok(Event::default().data(body.to_string())));
                        break;
                    }
                }
            }
            let _ = tx.send(Ok(Event::default().data("[DONE]")));
        });
        return Ok(Sse::new(stream).keep_alive(KeepAlive::default()).into_response());
    }

    let mut text = String::new();
    while let Some(event) = rx.recv().await {
        match event {
            WorkerEvent::Text(piece) => text.push_str(&piece),
            WorkerEvent::Done(generation) => {
                let usage = json!({
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": generation.stats.completion_tokens,
                    "total_tokens": prompt_tokens + generation.stats.completion_tokens,
                });
                let body = json!({
                    "id": id, "object": "chat.completion", "created": created, "model": model,
                    "choices": [{
                        "index": 0,
                        "message": {"role": "assistant", "content": generation.text},
                        "finish_reason": finish_reason(generation.finish),
                    }],
                    "usage": usage,
                    "marco": {
                        "drafted": generation.stats.drafted,
                        "accepted": generation.stats.accepted,
                        "drafted_ahead": generation.stats.drafted_ahead,
                        "reused_prompt_tokens": generation.stats.reused_prompt_tokens,
                        "tokens_per_second": generation.stats.tokens_per_second(),
                    },
                });
                return Ok(axum::Json(body).into_response());
            }
            WorkerEvent::Failed(message) => {
                return Err(ApiError::server(message));
            }
        }
    }
    Err(ApiError::server("the model worker stopped during the request"))
}

fn finish_reason(reason: FinishReason) -> &'static str {
    match reason {
        FinishReason::Stop => "stop",
        FinishReason::Length => "length",
    }
}

/// A stream fed by a task through a channel.
fn async_stream<F, Fut>(produce: F) -> impl futures_core::Stream<Item = Result<Event, Infallible>> + Send + 'static
where
    F: FnOnce(mpsc::UnboundedSender<Result<Event, Infallible>>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(produce(tx));
    tokio_stream::wrappers::UnboundedReceiverStream::new(rx)
}

/// An admitted request on the engine thread.
struct Active {
    request: Request,
    lookup: PromptLookup,
    events: mpsc::UnboundedSender<WorkerEvent>,
}

/// The engine thread: admits queued jobs into free sequences and advances
/// every active request in one forward pass per step.
fn worker(config: ServerConfig, queue: std_mpsc::Receiver<Work>) {
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
    let mut chats: VecDeque<Job> = VecDeque::new();
    let mut verifications: Vec<VerifyJob> = Vec::new();
    let mut sessions = Sessions::new(config.session_ttl, config.verify_policy);
    let take = |work, chats: &mut VecDeque<Job>, verifications: &mut Vec<VerifyJob>| match work {
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
                    let _ = a.events.send(WorkerEvent::Failed(e.to_string()));
                }
                cloud::engine_failed(admitted, &e);
            }
        }
        let (done, running): (Vec<_>, Vec<_>) = active.drain(..).partition(|a| a.request.is_finished());
        active = running;
        for a in done {
            let events = a.events.clone();
            let _ = events.send(WorkerEvent::Done(a.request.finish()));
        }
    }
}

/// Answers every request with the reason the worker cannot start.
fn refuse_all(queue: std_mpsc::Receiver<Work>, message: &str) {
    tracing::error!("{message}");
    for work in queue {
        match work {
            Work::Chat(job) => {
                let _ = job.events.send(WorkerEvent::Failed(message.to_string()));
            }
            Work::Verify(job) => job.fail(message),
        }
    }
}

fn admit(engine: &mut Engine, active: &mut Vec<Active>, job: Job, seq: usize, draft_length: Option<usize>) {
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
    fn new(drafter: ServerDrafter, engine: &EngineConfig) -> Result<Self, crate::EngineError> {
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
) -> Result<Vec<Vec<Vec<f32>>>, crate::EngineError> {
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
            let _ = events.send(WorkerEvent::Text(text.to_string()));
        })?;
    }
    Ok(verified)
}

/// The edge's thread: drafts for every active request in turn and has the
/// cloud verify each draft.
fn edge_worker(config: ServerConfig, cloud: Box<dyn Verifier>, queue: std_mpsc::Receiver<Work>) {
    let sequences = config.engine.sequences as usize;
    let mut drafter = match WorkerDrafter::new(config.drafter, &config.engine) {
        Ok(drafter) => drafter,
        Err(e) => return refuse_all(queue, &format!("cannot start the draft model: {e}")),
    };
    let mut options = EdgeOptions {
        length: config.draft_length.map_or(DraftLength::automatic(8), DraftLength::fixed),
        time_per_token: config.time_per_token,
        pipeline: true,
        round_trips: crate::CostModel::default(),
    };
    let mut active: Vec<(EdgeRequest, PromptLookup, mpsc::UnboundedSender<WorkerEvent>)> = Vec::new();
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
                let _ = events.send(WorkerEvent::Text(text.to_string()));
            });
            if let Err(e) = result {
                let _ = events.send(WorkerEvent::Failed(e.to_string()));
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
            let _ = events.send(WorkerEvent::Done(request.finish()));
        }
    }
}
