//! The one HTTP client of the crate: a polite `User-Agent`, timeouts, a
//! minimum spacing between requests to the same host, and retries with
//! backoff on 429 and 5xx that honour `Retry-After`.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Client, Request, StatusCode};
use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::config::SearchConfig;
use crate::error::Error;

/// What a successful request returned.
pub(crate) struct Answer {
    pub status: StatusCode,
    pub body: String,
}

pub(crate) struct Http {
    client: Client,
    /// Per host: the earliest instant the next request may start.
    next_slot: Mutex<HashMap<String, Instant>>,
    host_intervals: HashMap<String, Duration>,
    default_interval: Duration,
    retries: u32,
    backoff: Duration,
    max_retry_wait: Duration,
}

impl Http {
    pub(crate) fn new(config: &SearchConfig) -> Result<Self, Error> {
        let client = Client::builder()
            .user_agent(config.user_agent.clone())
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|e| Error::Transport { backend: "http", url: String::new(), message: e.to_string() })?;
        Ok(Http {
            client,
            next_slot: Mutex::new(HashMap::new()),
            host_intervals: config.host_intervals.clone(),
            default_interval: config.default_interval,
            retries: config.retries,
            backoff: config.backoff,
            max_retry_wait: config.max_retry_wait,
        })
    }

    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    /// Waits for the host's next free slot and books the one after it, so
    /// concurrent callers queue up instead of bursting.
    async fn wait_turn(&self, host: &str) {
        let interval = self.host_intervals.get(host).copied().unwrap_or(self.default_interval);
        let start = {
            let mut slots = self.next_slot.lock().await;
            let now = Instant::now();
            let start = slots.get(host).copied().filter(|t| *t > now).unwrap_or(now);
            slots.insert(host.to_string(), start + interval);
            start
        };
        tokio::time::sleep_until(start).await;
    }

    /// Sends the request, retrying 429, 5xx and timeouts; any 2xx answer is
    /// returned with its body, anything else becomes an [`Error`].
    pub(crate) async fn send(&self, backend: &'static str, request: Request) -> Result<Answer, Error> {
        let url = request.url().clone();
        let host = url.host_str().unwrap_or_default().to_string();
        let shown_url = redact(&url);
        let mut attempt = 0;
        loop {
            let Some(this_try) = request.try_clone() else {
                return Err(Error::Transport {
                    backend,
                    url: shown_url,
                    message: "request body cannot be replayed".into(),
                });
            };
            self.wait_turn(&host).await;
            tracing::debug!(backend, url = %shown_url, attempt, "request");
            let response = match self.client.execute(this_try).await {
                Ok(response) => response,
                Err(e) if e.is_timeout() && attempt < self.retries => {
                    attempt += 1;
                    tokio::time::sleep(self.backoff * 2u32.pow(attempt - 1)).await;
                    continue;
                }
                Err(e) => return Err(Error::Transport { backend, url: shown_url, message: describe(e) }),
            };
            let status = response.status();
            let retry_after = retry_after(response.headers());
            let body = response.text().await.map_err(|e| Error::Transport {
                backend,
                url: shown_url.clone(),
                message: describe(e),
            })?;
            if status.is_success() {
                return Ok(Answer { status, body });
            }
            let retryable = status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error();
            let wait = retry_after.unwrap_or(self.backoff * 2u32.pow(attempt));
            if retryable && attempt < self.retries && wait <= self.max_retry_wait {
                tracing::info!(backend, %status, wait_ms = wait.as_millis() as u64, "retrying");
                attempt += 1;
                tokio::time::sleep(wait).await;
                continue;
            }
            if status == StatusCode::TOO_MANY_REQUESTS {
                return Err(Error::RateLimited { backend, retry_after });
            }
            return Err(Error::Status { backend, url: shown_url, status: status.as_u16(), message: excerpt(&body) });
        }
    }
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// The URL without query values that look like secrets.
fn redact(url: &reqwest::Url) -> String {
    let mut shown = url.clone();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let secret = ["key", "token", "secret"].iter().any(|s| k.to_ascii_lowercase().contains(s));
            (k.into_owned(), if secret { "…".to_string() } else { v.into_owned() })
        })
        .collect();
    if !pairs.is_empty() {
        shown.query_pairs_mut().clear().extend_pairs(pairs);
    }
    shown.to_string()
}

/// reqwest's error with its causes (the DNS or TLS reason is in a source),
/// without the URL, which the error carries separately.
fn describe(error: reqwest::Error) -> String {
    let error = error.without_url();
    let mut message = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// The start of an error body, on one line.
pub(crate) fn excerpt(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 200 { format!("{}…", flat.chars().take(200).collect::<String>()) } else { flat }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"));
        assert_eq!(retry_after(&headers), Some(Duration::ZERO), "a date in the past means now");
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn secrets_are_not_shown() {
        let url = reqwest::Url::parse("https://h/x?q=sort&api_key=abc").unwrap();
        assert_eq!(redact(&url), "https://h/x?q=sort&api_key=%E2%80%A6");
    }

    #[tokio::test(start_paused = true)]
    async fn requests_to_one_host_are_spaced() {
        let config = SearchConfig { default_interval: Duration::from_secs(2), ..SearchConfig::default() };
        let http = Http::new(&config).unwrap();
        let start = Instant::now();
        http.wait_turn("h").await;
        http.wait_turn("other").await;
        assert!(start.elapsed() < Duration::from_millis(10));
        http.wait_turn("h").await;
        assert!(start.elapsed() >= Duration::from_secs(2));
    }
}
