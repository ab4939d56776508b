//! A SearxNG instance: `GET /search?q=...&format=json` answers
//! `{"query", "number_of_results", "results": [{"url", "title", "content", "engine", ...}],
//! "unresponsive_engines": [[engine, reason]], ...}`. Instances that have not
//! enabled the JSON format answer 403.

use async_trait::async_trait;
use serde::Deserialize;

use super::kind::BackendKind;
use super::service::{Backend, keywords, site_of};
use crate::config::SearchConfig;
use crate::error::Error;
use crate::http::Http;
use crate::passage::{Passage, Source};

const NAME: &str = "searxng";

pub(super) struct Searxng {
    base: String,
}

impl Searxng {
    pub(super) fn new(config: &SearchConfig) -> Result<Self, Error> {
        let base =
            config.searxng_url.clone().ok_or(Error::NotConfigured { backend: NAME, what: "MARCO_SEARXNG_URL" })?;
        Ok(Searxng { base: base.trim_end_matches('/').to_string() })
    }
}

#[derive(Deserialize)]
struct SearchAnswer {
    #[serde(default)]
    results: Vec<Hit>,
}

#[derive(Deserialize)]
struct Hit {
    url: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    content: String,
    #[serde(rename = "publishedDate")]
    published_date: Option<String>,
}

#[async_trait]
impl Backend for Searxng {
    fn kind(&self) -> BackendKind {
        BackendKind::Searxng
    }

    async fn search(&self, http: &Http, text: &str, limit: usize) -> Result<Vec<Passage>, Error> {
        let url = format!("{}/search", self.base);
        let q = keywords(text, 12).join(" ");
        let request = http
            .client()
            .get(&url)
            .query(&[("q", q.as_str()), ("format", "json"), ("categories", "general")])
            .build()
            .map_err(|e| Error::Transport { backend: NAME, url: url.clone(), message: e.to_string() })?;
        let answer = http.send(NAME, request).await.map_err(|e| match e {
            Error::Status { backend, url, status: 403, .. } => Error::Status {
                backend,
                url,
                status: 403,
                message: "the instance refuses JSON output (enable `json` under search.formats in its settings.yml)"
                    .into(),
            },
            other => other,
        })?;
        let parsed: SearchAnswer =
            serde_json::from_str(&answer.body).map_err(|e| Error::Parse { backend: NAME, message: e.to_string() })?;
        Ok(parsed
            .results
            .into_iter()
            .filter(|hit| !hit.title.trim().is_empty())
            .take(limit)
            .map(|hit| {
                let site = site_of(&hit.url);
                let year = hit.published_date.as_deref().and_then(|d| d.get(..4)).and_then(|y| y.parse().ok());
                let text = if hit.content.trim().is_empty() { hit.title.clone() } else { hit.content };
                Passage::new(
                    text,
                    Source {
                        backend: NAME.into(),
                        title: hit.title,
                        site,
                        year,
                        url: Some(hit.url),
                        ..Source::default()
                    },
                )
            })
            .collect())
    }
}
