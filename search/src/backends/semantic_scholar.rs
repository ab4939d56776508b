//! Semantic Scholar's Graph API: `GET /paper/search?query=...&fields=...`
//! answers `{"total", "offset", "next", "data": [paper]}`; 429 when the
//! shared unauthenticated pool is exhausted.

use async_trait::async_trait;
use serde::Deserialize;

use super::kind::BackendKind;
use super::service::{Backend, keywords};
use crate::config::SearchConfig;
use crate::error::Error;
use crate::http::Http;
use crate::passage::{Passage, Source};

const NAME: &str = "semantic-scholar";
const FIELDS: &str = "title,abstract,authors,year,venue,url,externalIds";

pub(super) struct SemanticScholar {
    base: String,
    key: Option<String>,
}

impl SemanticScholar {
    pub(super) fn new(config: &SearchConfig) -> Self {
        SemanticScholar {
            base: config.semantic_scholar_url.trim_end_matches('/').to_string(),
            key: config.semantic_scholar_key.clone(),
        }
    }
}

#[derive(Deserialize)]
struct SearchAnswer {
    #[serde(default)]
    data: Vec<Paper>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Paper {
    paper_id: String,
    title: Option<String>,
    #[serde(rename = "abstract")]
    abstract_text: Option<String>,
    #[serde(default)]
    authors: Vec<Author>,
    year: Option<u16>,
    venue: Option<String>,
    url: Option<String>,
    external_ids: Option<ExternalIds>,
}

#[derive(Deserialize)]
struct Author {
    name: Option<String>,
}

#[derive(Deserialize)]
struct ExternalIds {
    #[serde(rename = "DOI")]
    doi: Option<String>,
}

#[async_trait]
impl Backend for SemanticScholar {
    fn kind(&self) -> BackendKind {
        BackendKind::SemanticScholar
    }

    async fn search(&self, http: &Http, text: &str, limit: usize) -> Result<Vec<Passage>, Error> {
        let url = format!("{}/paper/search", self.base);
        let query = keywords(text, 8).join(" ");
        let mut request = http.client().get(&url).query(&[
            ("query", query.as_str()),
            ("limit", &limit.to_string()),
            ("fields", FIELDS),
        ]);
        if let Some(key) = &self.key {
            request = request.header("x-api-key", key);
        }
        let request = request.build().map_err(|e| Error::Transport { backend: NAME, url, message: e.to_string() })?;
        let answer = http.send(NAME, request).await?;
        let parsed: SearchAnswer =
            serde_json::from_str(&answer.body).map_err(|e| Error::Parse { backend: NAME, message: e.to_string() })?;
        Ok(parsed.data.into_iter().filter_map(into_passage).collect())
    }
}

fn into_passage(paper: Paper) -> Option<Passage> {
    let title = paper.title.filter(|t| !t.trim().is_empty())?;
    let text = paper.abstract_text.filter(|a| !a.trim().is_empty()).unwrap_or_else(|| title.clone());
    let url = paper.url.unwrap_or_else(|| format!("https://www.semanticscholar.org/paper/{}", paper.paper_id));
    Some(Passage::new(
        text,
        Source {
            backend: NAME.into(),
            title,
            authors: paper.authors.into_iter().filter_map(|a| a.name).collect(),
            venue: paper.venue.filter(|v| !v.is_empty()),
            year: paper.year,
            url: Some(url),
            doi: paper.external_ids.and_then(|ids| ids.doi),
            ..Source::default()
        },
    ))
}
