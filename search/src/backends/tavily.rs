//! Tavily: `POST /search` with a bearer key answers
//! `{"query", "answer", "results": [{"title", "url", "content", "score"}], "response_time"}`.
//! Errors carry `{"detail": {"error": "..."}}`; 432/433 mean the plan's limit.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::json;

use super::kind::BackendKind;
use super::service::{Backend, keywords, site_of};
use crate::config::SearchConfig;
use crate::error::Error;
use crate::http::Http;
use crate::passage::{Passage, Source};

const NAME: &str = "tavily";

pub(super) struct Tavily {
    base: String,
    key: String,
    domains: Vec<String>,
}

impl Tavily {
    pub(super) fn new(config: &SearchConfig) -> Result<Self, Error> {
        let key = config.tavily_key.clone().ok_or(Error::NotConfigured { backend: NAME, what: "TAVILY_API_KEY" })?;
        Ok(Tavily {
            base: config.tavily_url.trim_end_matches('/').to_string(),
            key,
            domains: config.tavily_domains.clone(),
        })
    }
}

#[derive(Deserialize)]
struct SearchAnswer {
    #[serde(default)]
    results: Vec<Hit>,
}

#[derive(Deserialize)]
struct Hit {
    title: String,
    url: String,
    #[serde(default)]
    content: String,
}

#[async_trait]
impl Backend for Tavily {
    fn kind(&self) -> BackendKind {
        BackendKind::Tavily
    }

    async fn search(&self, http: &Http, text: &str, limit: usize) -> Result<Vec<Passage>, Error> {
        let url = format!("{}/search", self.base);
        let mut body = json!({
            "query": keywords(text, 12).join(" "),
            "search_depth": "basic",
            "topic": "general",
            "max_results": limit.clamp(1, 20),
        });
        if !self.domains.is_empty() {
            body["include_domains"] = json!(self.domains);
        }
        let request =
            http.client().post(&url).bearer_auth(&self.key).json(&body).build().map_err(|e| Error::Transport {
                backend: NAME,
                url,
                message: e.to_string(),
            })?;
        let answer = http.send(NAME, request).await.map_err(explain_detail)?;
        let parsed: SearchAnswer =
            serde_json::from_str(&answer.body).map_err(|e| Error::Parse { backend: NAME, message: e.to_string() })?;
        Ok(parsed
            .results
            .into_iter()
            .map(|hit| {
                let site = site_of(&hit.url);
                let text = if hit.content.trim().is_empty() { hit.title.clone() } else { hit.content };
                Passage::new(
                    text,
                    Source { backend: NAME.into(), title: hit.title, site, url: Some(hit.url), ..Source::default() },
                )
            })
            .collect())
    }
}

/// Tavily's error bodies say why (`{"detail": {"error": "Unauthorized: missing or invalid API key."}}`).
fn explain_detail(error: Error) -> Error {
    match error {
        Error::Status { backend, url, status, message } => {
            let detail = serde_json::from_str::<serde_json::Value>(&message)
                .ok()
                .and_then(|v| v["detail"]["error"].as_str().map(str::to_string))
                .unwrap_or(message);
            Error::Status { backend, url, status, message: detail }
        }
        other => other,
    }
}
