//! The HTTP job API: submit, list, watch (Server-Sent Events), fetch the
//! result, cancel. Errors are JSON with a clear message.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio_stream::wrappers::BroadcastStream;

use super::db::{Job, Status};
use super::jobs::{JobRequest, Queue, now_ms};
use crate::optimise::code::Source;

/// Limits that protect the service.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request body.
    pub body_bytes: usize,
    /// Largest source file.
    pub source_bytes: usize,
    /// Queued jobs one client may have at once.
    pub queued_per_client: usize,
}

pub struct Api {
    pub queue: Arc<Queue>,
    pub token: Option<String>,
    pub limits: Limits,
}

/// An error as clients see it.
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError { status, message: message.into() }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "status": self.status.as_u16(), "message": self.message } });
        (self.status, Json(body)).into_response()
    }
}

impl<E: std::fmt::Display> From<E> for ApiError
where
    E: Into<anyhow::Error>,
{
    fn from(error: E) -> Self {
        tracing::error!("internal error: {error}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("internal error: {error}"))
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// Bearer-token check for every route but the page, health and the API
/// description.
pub async fn authorise(State(api): State<Arc<Api>>, request: Request, next: Next) -> Response {
    let open = matches!(request.uri().path(), "/" | "/healthz" | "/openapi.json");
    if let Some(token) = &api.token
        && !open
    {
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        // EventSource cannot set headers: the page passes the token as a
        // query parameter instead.
        let from_query =
            request.uri().query().and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("access_token=")));
        if given.or(from_query) != Some(token.as_str()) {
            return ApiError::new(StatusCode::UNAUTHORIZED, "a valid `Authorization: Bearer TOKEN` header is required")
                .into_response();
        }
    }
    next.run(request).await
}

/// The client a request counts against: the `X-Marco-Client` header, else
/// the peer's address.
fn client(headers: &HeaderMap, peer: std::net::SocketAddr) -> String {
    headers
        .get("x-marco-client")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 100)
        .map(String::from)
        .unwrap_or_else(|| peer.ip().to_string())
}

pub async fn submit(
    State(api): State<Arc<Api>>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> ApiResult<Response> {
    let Json(body) = body.map_err(|e| match e {
        JsonRejection::BytesRejection(e) => ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, e.body_text()),
        e => ApiError::new(StatusCode::BAD_REQUEST, e.body_text()),
    })?;
    let request: JobRequest = serde_json::from_value(body.clone())
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("invalid job: {e}")))?;
    validate(&request, &api.limits)?;
    let client = client(&headers, peer);
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(String::from);
    let store = api.queue.store.clone();
    let limits = api.limits.clone();
    let id = new_id();
    let (job, created) = tokio::task::spawn_blocking(move || -> ApiResult<(Job, bool)> {
        if let Some(key) = &key
            && let Some(existing) = store.find_by_key(&client, key)?
        {
            if existing.request != body {
                return Err(ApiError::new(StatusCode::CONFLICT, "this Idempotency-Key was used for a different job"));
            }
            return Ok((existing, false));
        }
        if store.count_queued_for(&client)? >= limits.queued_per_client {
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!("{} jobs of yours are already queued; wait for some to start", limits.queued_per_client),
            ));
        }
        Ok(store.insert(&id, &client, key.as_deref(), &body, now_ms())?)
    })
    .await??;
    if created {
        api.queue.poke();
    }
    let status = if created { StatusCode::ACCEPTED } else { StatusCode::OK };
    let location = format!("/v1/jobs/{}", job.id);
    Ok((status, [(header::LOCATION, location)], Json(view(&job))).into_response())
}

/// 422 for options and sources that cannot run; 413 for sizes.
fn validate(request: &JobRequest, limits: &Limits) -> ApiResult<()> {
    if request.source.len() > limits.source_bytes {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the source has {} bytes; the limit is {}", request.source.len(), limits.source_bytes),
        ));
    }
    let invalid = |message: String| Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, message));
    let o = &request.options;
    for (name, value) in [("iterations", o.iterations), ("candidates", o.candidates)] {
        if let Some(value) = value
            && !(1..=20).contains(&value)
        {
            return invalid(format!("options.{name} must be between 1 and 20, not {value}"));
        }
    }
    if syn::parse_file(&request.source).is_err() {
        return invalid("the source is not Rust: it does not parse".into());
    }
    match &request.problem {
        Some(id) => {
            if problems::find(id).is_none() {
                return invalid(format!("no LeetCode 75 problem {id}"));
            }
            if !request.inputs.is_empty() {
                return invalid("a problem job takes its inputs from the problem; give no `inputs`".into());
            }
        }
        None => {
            if let Err(e) = Source::program(&request.source) {
                return invalid(format!("the source's markers: {e}"));
            }
            if !request.source.contains("fn main") {
                return invalid("a file job needs a whole program with `fn main` (or give `problem`)".into());
            }
        }
    }
    Ok(())
}

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    #[serde(default = "default_limit")]
    limit: usize,
    #[serde(default)]
    offset: usize,
}

fn default_limit() -> usize {
    50
}

pub async fn list(
    State(api): State<Arc<Api>>,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Value>> {
    let Query(query) = query.map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.body_text()))?;
    let status = match query.status.as_deref() {
        None => None,
        Some(text) => Some(Status::parse(text).ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("unknown status {text:?} (queued, running, succeeded, failed, cancelled)"),
            )
        })?),
    };
    if query.limit == 0 || query.limit > 500 {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "limit must be between 1 and 500"));
    }
    let store = api.queue.store.clone();
    let (jobs, total) = tokio::task::spawn_blocking(move || store.list(status, query.limit, query.offset)).await??;
    let next = (query.offset + jobs.len() < total).then(|| query.offset + jobs.len());
    Ok(Json(json!({ "jobs": jobs.iter().map(view).collect::<Vec<_>>(), "total": total, "next_offset": next })))
}

pub async fn get(State(api): State<Arc<Api>>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    Ok(Json(view(&find(&api, &id).await?)))
}

pub async fn cancel(State(api): State<Arc<Api>>, Path(id): Path<String>) -> ApiResult<Response> {
    let job = find(&api, &id).await?;
    if job.status.is_final() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!("job {id} has already ended ({})", job.status.as_str()),
        ));
    }
    let queue = api.queue.clone();
    let cancelled = tokio::task::spawn_blocking(move || queue.cancel(&id)).await??;
    if !cancelled {
        return Err(ApiError::new(StatusCode::CONFLICT, "the job ended meanwhile"));
    }
    Ok((StatusCode::ACCEPTED, Json(json!({ "id": job.id, "cancelling": true }))).into_response())
}

pub async fn result(State(api): State<Arc<Api>>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let job = find(&api, &id).await?;
    if job.status != Status::Succeeded {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!("job {id} is {}; a result exists once it has succeeded", job.status.as_str()),
        ));
    }
    let dir = api.queue.dir(&id);
    let original = tokio::fs::read_to_string(dir.join("run/original.rs")).await?;
    let code = tokio::fs::read_to_string(dir.join("result.rs")).await?;
    Ok(Json(json!({
        "id": job.id,
        "code": code,
        "diff": crate::optimise::code::diff(&original, &code, false),
        "summary": job.summary,
    })))
}

/// The run's events as Server-Sent Events, from `Last-Event-ID` on; the
/// stream ends with an `end` event once the job has ended.
pub async fn events(
    State(api): State<Arc<Api>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let job = find(&api, &id).await?;
    let after = match headers.get("last-event-id") {
        None => 0,
        Some(value) => value
            .to_str()
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .ok_or_else(|| ApiError::new(StatusCode::BAD_REQUEST, "Last-Event-ID must be an event number"))?,
    };
    // Subscribe before reading the stored events, so that nothing falls
    // between the two; duplicates are dropped by number.
    let live = BroadcastStream::new(api.queue.live.subscribe());
    let store = api.queue.store.clone();
    let job_id = id.clone();
    let stored = tokio::task::spawn_blocking(move || store.events_after(&job_id, after)).await??;
    let mut last = stored.last().map_or(after, |e| e.seq);
    let ended = job.status.is_final();
    let sse = |e: &super::db::StoredEvent| {
        Event::default().id(e.seq.to_string()).event(e.kind.clone()).data(e.data.to_string())
    };
    let head = stream::iter(stored.iter().map(sse).map(Ok).collect::<Vec<_>>());
    let end = Event::default().event("end").data(json!({ "status": job.status.as_str() }).to_string());
    let tail: std::pin::Pin<Box<dyn Stream<Item = Result<Event, Infallible>> + Send>> = if ended {
        Box::pin(stream::iter([Ok(end)]))
    } else {
        Box::pin(
            live.filter_map(move |item| {
                let keep = match item {
                    Ok(live) if live.job == id && (live.event.kind == "end" || live.event.seq > last) => {
                        if live.event.kind != "end" {
                            last = live.event.seq;
                        }
                        Some(live.event)
                    }
                    // A slow reader that missed events: the client
                    // reconnects with Last-Event-ID and gets them stored.
                    Err(_) => Some(super::db::StoredEvent {
                        seq: u64::MAX,
                        time_ms: now_ms(),
                        kind: "end".into(),
                        data: json!({ "status": "lagged", "resume": true }),
                    }),
                    _ => None,
                };
                async move { keep }
            })
            .scan(false, move |done, e| {
                if *done {
                    return std::future::ready(None);
                }
                if e.kind == "end" {
                    *done = true;
                    let status = if e.data.is_null() { json!({ "status": "ended" }) } else { e.data.clone() };
                    return std::future::ready(Some(Ok(Event::default().event("end").data(status.to_string()))));
                }
                std::future::ready(Some(Ok(sse(&e))))
            }),
        )
    };
    Ok(Sse::new(head.chain(tail)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

pub async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], include_str!("openapi.json")).into_response()
}

pub async fn page() -> Html<&'static str> {
    Html(include_str!("page.html"))
}

pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such endpoint; see /openapi.json")
}

async fn find(api: &Api, id: &str) -> ApiResult<Job> {
    let store = api.queue.store.clone();
    let key = id.to_string();
    tokio::task::spawn_blocking(move || store.get(&key))
        .await??
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("no job {id}")))
}

/// A job as the API shows it.
fn view(job: &Job) -> Value {
    let kind = if job.request["problem"].is_string() { "problem" } else { "file" };
    json!({
        "id": job.id,
        "status": job.status,
        "kind": kind,
        "problem": job.request["problem"],
        "created_ms": job.created_ms,
        "started_ms": job.started_ms,
        "finished_ms": job.finished_ms,
        "progress": job.progress,
        "iteration": job.iteration,
        "fuel_speedup": job.fuel_speedup,
        "wall": job.summary.as_ref().map(|s| s["wall"].clone()),
        "error": job.error,
        "links": {
            "self": format!("/v1/jobs/{}", job.id),
            "events": format!("/v1/jobs/{}/events", job.id),
            "result": format!("/v1/jobs/{}/result", job.id),
        },
    })
}

fn new_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mixed = (now_ms() << 20) ^ (u64::from(std::process::id()) << 8) ^ n;
    format!("job-{:x}{:04x}", mixed, n & 0xffff)
}
