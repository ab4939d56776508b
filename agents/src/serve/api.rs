//! The HTTP job API: submit, list, watch (Server-Sent Events), fetch the
//! result, cancel. Errors are JSON with a clear message: a refusal (4xx)
//! says what was wrong with the request; a failure of marco itself (500)
//! is logged with a fresh id, and the client sees only that id, never the
//! internal message (paths, SQL, what a system call said).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::Json;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio_stream::wrappers::BroadcastStream;

use super::archive::{self, ArchiveLimits};
use super::db::{Job, Status};
use super::jobs::{Queue, now_ms};
use super::package_job::{self, ARCHIVE};
use super::request::{ArchiveReceived, JobOptions, JobRequest, PackageJob, PackageJobRequest, StoredRequest};
use marco::optimise::code::Source;

/// Limits that protect the service.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request body.
    pub body_bytes: usize,
    /// Largest source file.
    pub source_bytes: usize,
    /// Queued jobs one client may have at once.
    pub queued_per_client: usize,
    /// Largest package archive.
    pub archive_bytes: usize,
    /// What a package archive may unpack to.
    pub archive: ArchiveLimits,
}

pub struct Api {
    pub queue: Arc<Queue>,
    pub token: Option<String>,
    pub limits: Limits,
}

/// An error as clients see it. There is deliberately no blanket `From`
/// conversion: a handler says for every failure whether it is a refusal
/// ([`ApiError::new`]) or marco's own ([`ApiError::internal`]).
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
    /// The id an internal error is logged under.
    id: Option<String>,
}

impl ApiError {
    /// A refusal: the request cannot be served as it is (a 4xx), with a
    /// message for the client.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError { status, message: message.into(), id: None }
    }

    /// A failure of marco itself (the database, the job's files, a panicked
    /// task): logged in full under a fresh id; the client gets a 500 that
    /// carries only the id.
    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        let error = error.into();
        let id = incident_id();
        tracing::error!("internal error, id {id}: {error:#}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: format!("internal error; id {id}, see the server log"),
            id: Some(id),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut error = json!({ "status": self.status.as_u16(), "message": self.message });
        if let Some(id) = self.id {
            error["id"] = Value::String(id);
        }
        (self.status, Json(json!({ "error": error }))).into_response()
    }
}

/// A fresh id for an internal error, to find it in the server log: 12 hex
/// digits, from a per-process random key and a counter.
fn incident_id() -> String {
    use std::hash::BuildHasher;
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static KEY: std::sync::OnceLock<std::hash::RandomState> = std::sync::OnceLock::new();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let hash = KEY.get_or_init(std::hash::RandomState::new).hash_one((n, now_ms()));
    format!("{:012x}", hash >> 16)
}

type ApiResult<T> = Result<T, ApiError>;

/// Runs store work off the async threads. Its own errors are mapped by the
/// closure; a panic in it is an internal error.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> ApiResult<T> + Send + 'static) -> ApiResult<T> {
    tokio::task::spawn_blocking(work).await.map_err(ApiError::internal)?
}

/// The `{id}` of a job's path. A path that does not decode is a 400 in the
/// API's error shape (axum's own rejection would be plain text).
pub struct JobId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for JobId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<String>::from_request_parts(parts, state).await {
            Ok(Path(id)) => Ok(JobId(id)),
            // A route without `{id}`: marco's mistake, not the client's.
            Err(e) if e.status().is_server_error() => Err(ApiError::internal(anyhow::anyhow!("job id: {e}"))),
            Err(e) => Err(ApiError::new(StatusCode::BAD_REQUEST, e.body_text())),
        }
    }
}

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
    let Json(body) = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, e.body_text()),
        _ => ApiError::new(StatusCode::BAD_REQUEST, e.body_text()),
    })?;
    let request: JobRequest = serde_json::from_value(body.clone())
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("invalid job: {e}")))?;
    validate(&request, &api.limits)?;
    enqueue(&api, &headers, peer, body, new_id()).await
}

/// A package job: a multipart form with the package as a `.tar.gz`
/// (`archive`) and, optionally, its options as JSON (`request`). The
/// archive is checked now (a bad one is refused with the reason) and kept
/// in the job's directory, written before the job exists so that no worker
/// ever starts one without it.
pub async fn submit_package(
    State(api): State<Arc<Api>>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    let mut form = form.map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.body_text()))?;
    let (mut bytes, mut job) = (None, PackageJob::default());
    while let Some(field) = form.next_field().await.map_err(form_error)? {
        match field.name() {
            Some("archive") => bytes = Some(field.bytes().await.map_err(form_error)?),
            Some("request") => {
                let text = field.text().await.map_err(form_error)?;
                job = serde_json::from_str(&text).map_err(|e| {
                    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("invalid package job request: {e}"))
                })?;
            }
            other => {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "unexpected form part {:?}: send `archive` (the package as a .tar.gz) and optionally \
                         `request` (its options as JSON)",
                        other.unwrap_or("")
                    ),
                ));
            }
        }
    }
    let bytes = bytes.ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "no `archive` part: send the package as a .tar.gz in a part named `archive`",
        )
    })?;
    if bytes.len() > api.limits.archive_bytes {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the archive has {} bytes; the limit is {}", bytes.len(), api.limits.archive_bytes),
        ));
    }
    validate_options(&job.options)?;
    package_job::choices(&job).map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("{e:#}")))?;
    let limits = api.limits.archive;
    let checked = bytes.clone();
    blocking(move || {
        archive::unpack(&checked, None, &limits)
            .map(drop)
            .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))
    })
    .await?;
    let request = StoredRequest::Package(PackageJobRequest { archive: ArchiveReceived::of(&bytes), package_job: job });
    let body = serde_json::to_value(&request).context("a package job as JSON").map_err(ApiError::internal)?;
    let id = new_id();
    let dir = api.queue.dir(&id);
    let write = async {
        tokio::fs::create_dir_all(&dir).await?;
        tokio::fs::write(dir.join(ARCHIVE), &bytes).await
    };
    write.await.with_context(|| format!("cannot keep the archive in {}", dir.display())).map_err(ApiError::internal)?;
    let enqueued = enqueue(&api, &headers, peer, body, id).await;
    if !enqueued.as_ref().is_ok_and(|r| r.status() == StatusCode::ACCEPTED) {
        // Refused, or the job existed already with its own archive.
        let _ = tokio::fs::remove_dir_all(&dir).await;
    }
    enqueued
}

/// A malformed or too large form.
fn form_error(e: MultipartError) -> ApiError {
    ApiError::new(e.status(), e.body_text())
}

/// Stores a checked job under `id` (or finds the one an idempotency key
/// already made) and wakes the workers.
async fn enqueue(
    api: &Arc<Api>,
    headers: &HeaderMap,
    peer: std::net::SocketAddr,
    body: Value,
    id: String,
) -> ApiResult<Response> {
    let client = client(headers, peer);
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(String::from);
    let store = api.queue.store.clone();
    let limits = api.limits.clone();
    let (job, created) = blocking(move || {
        if let Some(key) = &key
            && let Some(existing) = store
                .find_by_key(&client, key)
                .context("cannot look up an idempotency key")
                .map_err(ApiError::internal)?
        {
            if existing.request != body {
                return Err(ApiError::new(StatusCode::CONFLICT, "this Idempotency-Key was used for a different job"));
            }
            return Ok((existing, false));
        }
        let queued = store.count_queued_for(&client).context("cannot count queued jobs").map_err(ApiError::internal)?;
        if queued >= limits.queued_per_client {
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!("{} jobs of yours are already queued; wait for some to start", limits.queued_per_client),
            ));
        }
        store
            .insert(&id, &client, key.as_deref(), &body, now_ms())
            .context("cannot store a job")
            .map_err(ApiError::internal)
    })
    .await?;
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
    validate_options(&request.options)?;
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

/// 422 for loop options out of range.
fn validate_options(o: &JobOptions) -> ApiResult<()> {
    for (name, value) in [("iterations", o.iterations), ("candidates", o.candidates)] {
        if let Some(value) = value
            && !(1..=20).contains(&value)
        {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("options.{name} must be between 1 and 20, not {value}"),
            ));
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
    let (jobs, total) = blocking(move || {
        store.list(status, query.limit, query.offset).context("cannot list jobs").map_err(ApiError::internal)
    })
    .await?;
    let next = (query.offset + jobs.len() < total).then(|| query.offset + jobs.len());
    Ok(Json(json!({ "jobs": jobs.iter().map(view).collect::<Vec<_>>(), "total": total, "next_offset": next })))
}

pub async fn get(State(api): State<Arc<Api>>, JobId(id): JobId) -> ApiResult<Json<Value>> {
    Ok(Json(view(&find(&api, &id).await?)))
}

pub async fn cancel(State(api): State<Arc<Api>>, JobId(id): JobId) -> ApiResult<Response> {
    let job = find(&api, &id).await?;
    if job.status.is_final() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!("job {id} has already ended ({})", job.status.as_str()),
        ));
    }
    let queue = api.queue.clone();
    let cancelled =
        blocking(move || queue.cancel(&id).context("cannot cancel a job").map_err(ApiError::internal)).await?;
    if !cancelled {
        return Err(ApiError::new(StatusCode::CONFLICT, "the job ended meanwhile"));
    }
    Ok((StatusCode::ACCEPTED, Json(json!({ "id": job.id, "cancelling": true }))).into_response())
}

pub async fn result(State(api): State<Arc<Api>>, JobId(id): JobId) -> ApiResult<Json<Value>> {
    let job = find(&api, &id).await?;
    if job.status != Status::Succeeded {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!("job {id} is {}; a result exists once it has succeeded", job.status.as_str()),
        ));
    }
    // A package job's result is its stored summary, patch included.
    if let Ok(StoredRequest::Package(_)) = serde_json::from_value(job.request.clone()) {
        return Ok(Json(json!({ "id": job.id, "kind": "package", "summary": job.summary })));
    }
    // A succeeded job has both files: one missing is marco's failure.
    let dir = api.queue.dir(&id);
    let read = |path: std::path::PathBuf| async move {
        tokio::fs::read_to_string(&path)
            .await
            .with_context(|| format!("cannot read {} of a succeeded job", path.display()))
            .map_err(ApiError::internal)
    };
    let original = read(dir.join("run/original.rs")).await?;
    let code = read(dir.join("result.rs")).await?;
    Ok(Json(json!({
        "id": job.id,
        "code": code,
        "diff": marco::optimise::code::diff(&original, &code, false),
        "summary": job.summary,
    })))
}

/// The run's events as Server-Sent Events, from `Last-Event-ID` on; the
/// stream ends with an `end` event once the job has ended.
pub async fn events(
    State(api): State<Arc<Api>>,
    JobId(id): JobId,
    headers: HeaderMap,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    // Subscribe before reading the job's status and its stored events, so
    // that nothing falls between them: an `end` sent after the status was
    // read as running would otherwise leave the stream open for ever.
    // Duplicates are dropped by number.
    let live = BroadcastStream::new(api.queue.live.subscribe());
    let job = find(&api, &id).await?;
    let after = match headers.get("last-event-id") {
        None => 0,
        Some(value) => value
            .to_str()
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .ok_or_else(|| ApiError::new(StatusCode::BAD_REQUEST, "Last-Event-ID must be an event number"))?,
    };
    let store = api.queue.store.clone();
    let job_id = id.clone();
    let stored = blocking(move || {
        store.events_after(&job_id, after).context("cannot read a job's events").map_err(ApiError::internal)
    })
    .await?;
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

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "this endpoint does not take that method; see /openapi.json")
}

async fn find(api: &Api, id: &str) -> ApiResult<Job> {
    let store = api.queue.store.clone();
    let key = id.to_string();
    blocking(move || store.get(&key).context("cannot read a job").map_err(ApiError::internal))
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("no job {id}")))
}

/// A job as the API shows it.
fn view(job: &Job) -> Value {
    let request = serde_json::from_value::<StoredRequest>(job.request.clone()).ok();
    json!({
        "id": job.id,
        "status": job.status,
        "kind": request.as_ref().map(StoredRequest::kind),
        "problem": request.as_ref().and_then(StoredRequest::problem),
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

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;

    use axum::extract::rejection::QueryRejection;

    use super::super::db::Store;
    use super::*;
    use marco::optimise::LlmSettings;

    /// An API on a fresh database whose queue never runs anything.
    fn api(dir: &std::path::Path) -> Arc<Api> {
        let store = Arc::new(Store::open(&dir.join("marco.db")).unwrap());
        let llm = LlmSettings { url: "http://127.0.0.1:9/v1".into(), model: "none".into(), timeout_s: 1, retries: 0 };
        let archive = ArchiveLimits::default();
        let queue = Queue::new(store, dir.join("jobs"), llm, Vec::new(), 1, archive, tokio::runtime::Handle::current());
        let limits = Limits {
            body_bytes: 1 << 20,
            source_bytes: 1 << 16,
            queued_per_client: 2,
            archive_bytes: 1 << 20,
            archive,
        };
        Arc::new(Api { queue, token: None, limits })
    }

    /// The status and JSON body a client gets for `error`.
    async fn seen<T>(outcome: ApiResult<T>) -> (StatusCode, Value) {
        let Err(error) = outcome else { panic!("the request succeeded") };
        let response = error.into_response();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    /// Asserts a 500 that names its id and nothing of `secrets`; the id.
    fn internal(status: StatusCode, body: &Value, secrets: &[&str]) -> String {
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
        assert_eq!(body["error"]["status"], 500);
        let id = body["error"]["id"].as_str().expect("an id").to_string();
        assert!(id.len() == 12 && id.chars().all(|c| c.is_ascii_hexdigit()), "{id}");
        assert_eq!(body["error"]["message"], format!("internal error; id {id}, see the server log"));
        for secret in secrets {
            assert!(!body.to_string().contains(secret), "{secret:?} reached the client: {body}");
        }
        id
    }

    #[tokio::test]
    async fn an_internal_error_shows_the_client_only_a_fresh_id() {
        let failure =
            || ApiError::internal(anyhow::anyhow!("database error: no such table: jobs in /srv/secret/marco.db"));
        let (status, body) = seen::<()>(Err(failure())).await;
        let first = internal(status, &body, &["secret", "no such table", "database"]);
        let (status, body) = seen::<()>(Err(failure())).await;
        assert_ne!(internal(status, &body, &[]), first, "every failure gets its own id");
        // A refusal keeps its code and message, and has no id.
        let (status, body) = seen::<()>(Err(ApiError::new(StatusCode::CONFLICT, "the job ended meanwhile"))).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body, json!({ "error": { "status": 409, "message": "the job ended meanwhile" } }));
    }

    #[tokio::test]
    async fn handlers_refuse_with_their_4xx_and_fail_with_a_500() {
        let dir = tempfile::tempdir().unwrap();
        let api = api(dir.path());
        let state = || State(api.clone());
        let job = |id: &str| JobId(id.to_string());

        let (status, body) = seen(get(state(), job("nope")).await).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["error"]["message"], "no job nope");
        assert_eq!(seen(cancel(state(), job("nope")).await).await.0, StatusCode::NOT_FOUND);
        assert_eq!(seen(result(state(), job("nope")).await).await.0, StatusCode::NOT_FOUND);
        assert_eq!(seen(events(state(), job("nope"), HeaderMap::new()).await).await.0, StatusCode::NOT_FOUND);
        let query = |status: &str, limit| -> Result<Query<ListQuery>, QueryRejection> {
            Ok(Query(ListQuery { status: Some(status.into()), limit, offset: 0 }))
        };
        assert_eq!(seen(list(state(), query("done", 50)).await).await.0, StatusCode::BAD_REQUEST);
        assert_eq!(seen(list(state(), query("queued", 0)).await).await.0, StatusCode::BAD_REQUEST);
        let peer = ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 1)));
        let submitted = submit(state(), peer, HeaderMap::new(), Ok(Json(json!({ "source": "fn main() {" })))).await;
        assert_eq!(seen(submitted).await.0, StatusCode::UNPROCESSABLE_ENTITY);

        let store = api.queue.store.clone();
        store.insert("job-1", "client", None, &json!({ "source": "fn main() {}" }), 0).unwrap();
        let (status, body) = seen(result(state(), job("job-1")).await).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(body["error"]["message"].as_str().unwrap().contains("queued"), "{body}");
        let mut headers = HeaderMap::new();
        headers.insert("last-event-id", "three".parse().unwrap());
        assert_eq!(seen(events(state(), job("job-1"), headers).await).await.0, StatusCode::BAD_REQUEST);

        // A succeeded job whose files are gone: marco's failure, not the
        // client's.
        store.finish("job-1", Status::Succeeded, None, Some(&json!({})), 1).unwrap();
        assert_eq!(seen(cancel(state(), job("job-1")).await).await.0, StatusCode::CONFLICT);
        let (status, body) = seen(result(state(), job("job-1")).await).await;
        internal(status, &body, &["original.rs", "result.rs", "No such file", "os error", "job-1/"]);

        // A damaged database row.
        let raw = rusqlite::Connection::open(dir.path().join("marco.db")).unwrap();
        raw.execute(
            "INSERT INTO events (job, seq, time_ms, kind, data) VALUES ('job-1', 1, 0, 'progress', '{damaged')",
            [],
        )
        .unwrap();
        let (status, body) = seen(events(state(), job("job-1"), HeaderMap::new()).await).await;
        internal(status, &body, &["damaged", "JSON", "database"]);
        // The job itself still reads.
        assert_eq!(get(state(), job("job-1")).await.map(|Json(v)| v["status"].clone()).ok(), Some(json!("succeeded")));
    }
}
