//! OpenAlex: `GET /works?search=...` answers `{"meta", "results": [work]}`.
//! Abstracts come as an inverted index (word -> positions) and are rebuilt
//! here into text.

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::Deserialize;

use super::kind::BackendKind;
use super::service::{Backend, keywords};
use crate::config::SearchConfig;
use crate::error::Error;
use crate::http::Http;
use crate::passage::{Passage, Source};

const NAME: &str = "openalex";
const SELECT: &str = "id,doi,display_name,publication_year,authorships,primary_location,abstract_inverted_index";

pub(super) struct OpenAlex {
    base: String,
    mailto: Option<String>,
}

impl OpenAlex {
    pub(super) fn new(config: &SearchConfig) -> Self {
        OpenAlex { base: config.openalex_url.trim_end_matches('/').to_string(), mailto: config.contact_email.clone() }
    }
}

#[derive(Deserialize)]
struct WorksAnswer {
    #[serde(default)]
    results: Vec<Work>,
}

#[derive(Deserialize)]
struct Work {
    id: String,
    doi: Option<String>,
    display_name: Option<String>,
    publication_year: Option<u16>,
    #[serde(default)]
    authorships: Vec<Authorship>,
    primary_location: Option<Location>,
    abstract_inverted_index: Option<BTreeMap<String, Vec<usize>>>,
}

#[derive(Deserialize)]
struct Authorship {
    author: Option<AuthorRef>,
}

#[derive(Deserialize)]
struct AuthorRef {
    display_name: Option<String>,
}

#[derive(Deserialize)]
struct Location {
    landing_page_url: Option<String>,
    source: Option<LocationSource>,
}

#[derive(Deserialize)]
struct LocationSource {
    display_name: Option<String>,
}

#[async_trait]
impl Backend for OpenAlex {
    fn kind(&self) -> BackendKind {
        BackendKind::OpenAlex
    }

    async fn search(&self, http: &Http, text: &str, limit: usize) -> Result<Vec<Passage>, Error> {
        let url = format!("{}/works", self.base);
        let search = keywords(text, 8).join(" ");
        let mut params =
            vec![("search", search), ("per-page", limit.clamp(1, 200).to_string()), ("select", SELECT.into())];
        if let Some(mailto) = &self.mailto {
            params.push(("mailto", mailto.clone()));
        }
        let request = http.client().get(&url).query(&params).build().map_err(|e| Error::Transport {
            backend: NAME,
            url,
            message: e.to_string(),
        })?;
        let answer = http.send(NAME, request).await?;
        let parsed: WorksAnswer =
            serde_json::from_str(&answer.body).map_err(|e| Error::Parse { backend: NAME, message: e.to_string() })?;
        Ok(parsed.results.into_iter().filter_map(into_passage).collect())
    }
}

/// Puts each word of an inverted index back at its positions.
pub(super) fn rebuild_abstract(index: &BTreeMap<String, Vec<usize>>) -> String {
    let mut placed: Vec<(usize, &str)> =
        index.iter().flat_map(|(word, positions)| positions.iter().map(move |&p| (p, word.as_str()))).collect();
    placed.sort_unstable();
    placed.iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" ")
}

fn into_passage(work: Work) -> Option<Passage> {
    let title = work.display_name.filter(|t| !t.trim().is_empty())?;
    let text = work.abstract_inverted_index.as_ref().map(rebuild_abstract).filter(|a| !a.is_empty());
    let doi = work.doi.as_deref().map(|d| d.trim_start_matches("https://doi.org/").to_string());
    let location = work.primary_location;
    let url =
        work.doi.clone().or_else(|| location.as_ref().and_then(|l| l.landing_page_url.clone())).unwrap_or(work.id);
    Some(Passage::new(
        text.unwrap_or_else(|| title.clone()),
        Source {
            backend: NAME.into(),
            title,
            authors: work.authorships.into_iter().filter_map(|a| a.author.and_then(|a| a.display_name)).collect(),
            venue: location.and_then(|l| l.source).and_then(|s| s.display_name),
            year: work.publication_year,
            url: Some(url),
            doi,
            ..Source::default()
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverted_index_rebuilds_in_order() {
        let index: BTreeMap<String, Vec<usize>> = [
            ("the".to_string(), vec![0, 3]),
            ("cache".to_string(), vec![1]),
            ("misses".to_string(), vec![2]),
            ("end".to_string(), vec![4]),
        ]
        .into_iter()
        .collect();
        assert_eq!(rebuild_abstract(&index), "the cache misses the end");
    }
}
