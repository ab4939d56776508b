//! The HTTP layer: the OpenAI-compatible API over a local model
//! (`/v1/models` and `/v1/chat/completions`, plain and streamed, errors in
//! OpenAI's format) and, for a local target, the verification protocol's
//! `/v1/verify`. Handlers check and translate requests and answers; the
//! engine thread ([`crate::worker`]) does the work.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::mpsc::{SyncSender, TrySendError};
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

use crate::cloud::{self, Refusal, RefusalCode, VerifyAnswer, VerifyJob};
use crate::config::{Role, ServerConfig};
use crate::engine::Token;
use crate::protocol::VerifyRequest;
use crate::sampling::SamplingParams;
use crate::speculative::{FinishReason, GenerateParams, Generation};
use crate::worker::{self, ChatEvent, ChatJob, Work};

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
pub async fn serve(config: ServerConfig, addr: SocketAddr) -> std::io::Result<RunningServer> {
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
    let (jobs, worker) = worker::spawn(&config)?;
    let mut app =
        Router::new().route("/v1/models", get(list_models)).route("/v1/chat/completions", post(chat_completions));
    if let Role::Local = config.role {
        app = app.route("/v1/verify", post(verify));
    }
    let state = Arc::new(AppState { config, jobs });
    Ok((app.with_state(state), worker))
}

struct AppState {
    config: ServerConfig,
    jobs: SyncSender<Work>,
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
    let (prompt, params) = generation_request(&state.config, &request)?;
    let prompt_tokens = prompt.len();
    let (events, answers) = mpsc::unbounded_channel();
    enqueue(&state.jobs, ChatJob { prompt, params, events })?;
    let completion =
        Completion { id: completion_id(), model: state.config.model_name.clone(), created: now(), prompt_tokens };
    if request.stream {
        let include_usage = request.stream_options.is_some_and(|o| o.include_usage);
        return Ok(stream_reply(completion, include_usage, answers));
    }
    whole_reply(completion, answers).await
}

/// The prompt and generation parameters a chat request asks for, or why
/// it cannot be served.
fn generation_request(config: &ServerConfig, request: &ChatRequest) -> Result<(Vec<Token>, GenerateParams), ApiError> {
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
    let sampling = sampling_of(request)?;
    let max_tokens = request.max_completion_tokens.or(request.max_tokens).unwrap_or(config.default_max_tokens);
    let messages: Vec<(String, String)> = request.messages.iter().map(|m| (m.role.clone(), m.content.text())).collect();
    let prompt_text =
        config.model.chat_prompt(&messages).map_err(|e| ApiError::invalid(e.to_string(), Some("messages")))?;
    let prompt = config.model.tokenize(&prompt_text, false);
    check_context(config.engine.context as usize, prompt.len(), max_tokens)?;
    let stop = match &request.stop {
        None => Vec::new(),
        Some(Stop::One(s)) => vec![s.clone()],
        Some(Stop::Many(v)) => v.clone(),
    };
    Ok((prompt, GenerateParams { max_tokens, sampling, stop }))
}

/// The request's sampling, within OpenAI's ranges.
fn sampling_of(request: &ChatRequest) -> Result<SamplingParams, ApiError> {
    let temperature = request.temperature.unwrap_or(0.0);
    if !(0.0..=2.0).contains(&temperature) {
        return Err(ApiError::invalid("temperature must be between 0 and 2", Some("temperature")));
    }
    let top_p = request.top_p.unwrap_or(1.0);
    if !(top_p > 0.0 && top_p <= 1.0) {
        return Err(ApiError::invalid("top_p must be in (0, 1]", Some("top_p")));
    }
    Ok(SamplingParams { temperature, top_p, top_k: 0, seed: request.seed.unwrap_or(0) })
}

/// Refuses a request whose prompt and reply would not fit the context.
fn check_context(limit: usize, prompt_tokens: usize, max_tokens: usize) -> Result<(), ApiError> {
    if prompt_tokens + max_tokens <= limit {
        return Ok(());
    }
    Err(ApiError {
        status: StatusCode::BAD_REQUEST,
        kind: "invalid_request_error",
        code: Some("context_length_exceeded"),
        param: Some("messages"),
        message: format!(
            "this model's context holds {limit} tokens, but the request needs {} ({prompt_tokens} in the messages, {max_tokens} to generate)",
            prompt_tokens + max_tokens
        ),
    })
}

/// Hands the job to the engine thread; a full queue is a 429.
fn enqueue(jobs: &SyncSender<Work>, job: ChatJob) -> Result<(), ApiError> {
    jobs.try_send(Work::Chat(job)).map_err(|e| match e {
        TrySendError::Full(_) => ApiError {
            status: StatusCode::TOO_MANY_REQUESTS,
            kind: "rate_limit_error",
            code: Some("queue_full"),
            param: None,
            message: "too many requests are waiting; try again shortly".into(),
        },
        TrySendError::Disconnected(_) => ApiError::server("the model worker has stopped"),
    })
}

/// What every answer to one chat completion carries.
struct Completion {
    id: String,
    model: String,
    created: u64,
    prompt_tokens: usize,
}

impl Completion {
    fn usage(&self, completion_tokens: usize) -> Value {
        json!({
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": self.prompt_tokens + completion_tokens,
        })
    }

    /// A streamed chunk with `delta` and, on the last, why it ended.
    fn chunk(&self, delta: Value, finish: Option<&str>) -> Event {
        let body = json!({
            "id": self.id, "object": "chat.completion.chunk", "created": self.created, "model": self.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        });
        Event::default().data(body.to_string())
    }

    /// The streamed chunk with the token counts, after the last one.
    fn usage_chunk(&self, completion_tokens: usize) -> Event {
        let body = json!({
            "id": self.id, "object": "chat.completion.chunk", "created": self.created, "model": self.model,
            "choices": [],
            "usage": self.usage(completion_tokens),
        });
        Event::default().data(body.to_string())
    }

    /// The whole answer, with marco's speculation counters.
    fn body(&self, generation: &Generation) -> Value {
        let stats = &generation.stats;
        json!({
            "id": self.id, "object": "chat.completion", "created": self.created, "model": self.model,
            "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": generation.text},
                "finish_reason": finish_reason(generation.finish),
            }],
            "usage": self.usage(stats.completion_tokens),
            "marco": {
                "drafted": stats.drafted,
                "accepted": stats.accepted,
                "drafted_ahead": stats.drafted_ahead,
                "reused_prompt_tokens": stats.reused_prompt_tokens,
                "tokens_per_second": stats.tokens_per_second(),
            },
        })
    }
}

/// Server-sent events: a chunk per piece of text as the engine thread
/// produces it, then the finish reason, the usage if asked, and `[DONE]`.
fn stream_reply(
    completion: Completion,
    include_usage: bool,
    mut answers: mpsc::UnboundedReceiver<ChatEvent>,
) -> Response {
    let stream = async_stream(move |tx| async move {
        let _ = tx.send(Ok(completion.chunk(json!({"role": "assistant", "content": ""}), None)));
        while let Some(event) = answers.recv().await {
            match event {
                ChatEvent::Text(text) => {
                    let _ = tx.send(Ok(completion.chunk(json!({"content": text}), None)));
                }
                ChatEvent::Done(generation) => {
                    let _ = tx.send(Ok(completion.chunk(json!({}), Some(finish_reason(generation.finish)))));
                    if include_usage {
                        let _ = tx.send(Ok(completion.usage_chunk(generation.stats.completion_tokens)));
                    }
                    break;
                }
                ChatEvent::Failed(message) => {
                    let body = json!({"error": {"message": message, "type": "server_error"}});
                    let _ = tx.send(Ok(Event::default().data(body.to_string())));
                    break;
                }
            }
        }
        let _ = tx.send(Ok(Event::default().data("[DONE]")));
    });
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
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

/// The whole answer once the engine thread has finished.
async fn whole_reply(
    completion: Completion,
    mut answers: mpsc::UnboundedReceiver<ChatEvent>,
) -> Result<Response, ApiError> {
    while let Some(event) = answers.recv().await {
        match event {
            // The text comes whole with the finished generation.
            ChatEvent::Text(_) => {}
            ChatEvent::Done(generation) => return Ok(axum::Json(completion.body(&generation)).into_response()),
            ChatEvent::Failed(message) => return Err(ApiError::server(message)),
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

/// `POST /v1/verify`.
async fn verify(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    match submit_verification(&state, &body).await {
        Ok(verdict) => axum::Json(verdict).into_response(),
        Err(refusal) => (refusal_status(refusal.code), axum::Json(refusal.into_error())).into_response(),
    }
}

async fn submit_verification(state: &AppState, body: &[u8]) -> VerifyAnswer {
    let request: VerifyRequest =
        serde_json::from_slice(body).map_err(|e| Refusal::bad_request(format!("invalid verification request: {e}")))?;
    cloud::check(&request, state.config.model.vocab_size(), state.config.engine.context as usize)?;
    let (job, answer) = VerifyJob::new(request);
    state
        .jobs
        .try_send(Work::Verify(job))
        .map_err(|_| Refusal::busy("too many requests are waiting; try again shortly"))?;
    answer.await.unwrap_or_else(|_| Err(Refusal::server_error("the model worker stopped")))
}

/// The HTTP status of each refusal the protocol defines.
fn refusal_status(code: RefusalCode) -> StatusCode {
    match code {
        RefusalCode::BadRequest | RefusalCode::UnsupportedVersion => StatusCode::BAD_REQUEST,
        RefusalCode::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        RefusalCode::OutOfOrder | RefusalCode::HistoryMissing => StatusCode::CONFLICT,
        RefusalCode::Busy => StatusCode::SERVICE_UNAVAILABLE,
        RefusalCode::ServerError => StatusCode::INTERNAL_SERVER_ERROR,
    }
}
