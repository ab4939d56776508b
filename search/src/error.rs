//! The one error type of the crate.

use std::time::Duration;

/// Why a search, a backend or a query model failed.
///
/// A failing backend never fails a combined search: [`crate::Search`] turns
/// these into a [`crate::BackendStatus`] and goes on with the others.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A backend name that marco does not know.
    #[error("unknown backend `{0}` (known: {known})", known = crate::backends::BackendKind::names().join(", "))]
    UnknownBackend(String),
    /// The backend needs a setting that is missing (an API key, an instance URL).
    #[error("{backend}: {what} is not set")]
    NotConfigured { backend: &'static str, what: &'static str },
    /// The request never got an HTTP answer (DNS, connection, TLS, timeout).
    #[error("{backend}: no answer from {host}: {message}", host = host_of(url))]
    Transport { backend: &'static str, url: String, message: String },
    /// The server answered with an error status.
    #[error("{backend}: HTTP {status} from {url}: {message}")]
    Status { backend: &'static str, url: String, status: u16, message: String },
    /// The server kept answering 429 (or its own way of saying "too many requests").
    #[error("{backend}: rate limited{}", retry_after.map(|d| format!(" (retry after {} s)", d.as_secs())).unwrap_or_default())]
    RateLimited { backend: &'static str, retry_after: Option<Duration> },
    /// The answer did not have the expected shape.
    #[error("{backend}: unexpected response: {message}")]
    Parse { backend: &'static str, message: String },
    /// The embedded knowledge base is malformed (caught by its unit test).
    #[error("knowledge base: {0}")]
    KnowledgeBase(String),
    /// A [`crate::QueryModel`] failed or answered with no usable query.
    #[error("query model: {0}")]
    Model(String),
}

impl Error {
    /// The error a [`crate::QueryModel`] implementation reports.
    pub fn model(message: impl Into<String>) -> Self {
        Error::Model(message.into())
    }
}

/// The host of a URL, for short messages (the whole URL is in the error).
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?']).next().unwrap_or(rest)
}
