//! The combined retriever: fans a query out to the chosen backends at once,
//! fetches the best web pages, ranks everything with BM25, drops
//! duplicates, and says which backends answered. A failing backend never
//! fails the search; when nothing comes back the offline base answers, with
//! a note saying so.

use std::sync::Arc;

use async_trait::async_trait;
use futures_util::future::join_all;
use serde::Serialize;

use crate::backends::{BackendKind, BackendRetriever};
use crate::cache::DiskCache;
use crate::config::SearchConfig;
use crate::error::Error;
use crate::http::Http;
use crate::knowledge::KnowledgeBase;
use crate::page;
use crate::passage::Passage;
use crate::query::Query;
use crate::rank::{dedupe, rank};
use crate::retriever::Retriever;

/// How one backend fared in a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackendStatus {
    /// The backend's name.
    pub backend: String,
    /// Whether it answered (possibly with nothing).
    pub answered: bool,
    /// How many passages it returned before ranking and de-duplication.
    pub passages: usize,
    /// Why it did not answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The answer to a search: ranked passages and how it went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The searches that were sent (the query text and what the code showed).
    pub searches: Vec<String>,
    /// Ranked, de-duplicated passages, best first.
    pub passages: Vec<Passage>,
    /// Every backend asked, in the order they were given.
    pub backends: Vec<BackendStatus>,
    /// Passages dropped as duplicates of better-ranked ones.
    pub duplicates_dropped: usize,
    /// True when the passages come from the offline base because the chosen
    /// backends gave nothing.
    pub offline_fallback: bool,
    /// A sentence for the user when something is worth knowing (the fallback).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A backend that could not even be set up (a missing key or instance URL):
/// it is still reported, as failed, on every search.
struct Unconfigured {
    backend: &'static str,
    what: &'static str,
}

#[async_trait]
impl Retriever for Unconfigured {
    fn name(&self) -> &str {
        self.backend
    }

    async fn retrieve(&self, _: &Query, _: usize) -> Result<Vec<Passage>, Error> {
        Err(Error::NotConfigured { backend: self.backend, what: self.what })
    }
}

/// Several retrievers searched as one.
pub struct Search {
    retrievers: Vec<Box<dyn Retriever>>,
    fallback: KnowledgeBase,
    pages: Option<PageFetcher>,
}

struct PageFetcher {
    http: Arc<Http>,
    cache: Option<DiskCache>,
    web_backends: Vec<&'static str>,
    count: usize,
}

impl Search {
    /// The given backends sharing one HTTP client (so per-host spacing holds
    /// across them) and the configured cache. A backend missing its key or
    /// URL is kept and reported as failed at search time.
    pub fn new(kinds: &[BackendKind], config: &SearchConfig) -> Result<Self, Error> {
        let http = Arc::new(Http::new(config)?);
        let cache = config.cache_dir.as_ref().map(|dir| DiskCache::new(dir, config.cache_ttl));
        let mut retrievers: Vec<Box<dyn Retriever>> = Vec::with_capacity(kinds.len());
        for &kind in kinds {
            if kind == BackendKind::Offline {
                retrievers.push(Box::new(KnowledgeBase::load()?));
                continue;
            }
            match BackendRetriever::new(kind, config, http.clone(), cache.clone()) {
                Ok(retriever) => retrievers.push(Box::new(retriever)),
                Err(Error::NotConfigured { backend, what }) => {
                    retrievers.push(Box::new(Unconfigured { backend, what }))
                }
                Err(other) => return Err(other),
            }
        }
        let web_backends = kinds.iter().filter(|k| k.is_web()).map(|k| k.name()).collect();
        let pages = PageFetcher { http, cache, web_backends, count: config.fetch_pages };
        Ok(Search { retrievers, fallback: KnowledgeBase::load()?, pages: Some(pages) })
    }

    /// Any retrievers (fakes in tests, adapters elsewhere); no page fetching.
    pub fn with_retrievers(retrievers: Vec<Box<dyn Retriever>>) -> Result<Self, Error> {
        Ok(Search { retrievers, fallback: KnowledgeBase::load()?, pages: None })
    }

    /// Searches every retriever concurrently and returns at most `limit`
    /// ranked passages. Never fails: failures are in the report.
    pub async fn search(&self, query: &Query, limit: usize) -> Report {
        let asked = limit.max(5);
        let answers = join_all(self.retrievers.iter().map(|r| r.retrieve(query, asked))).await;
        let mut statuses = Vec::with_capacity(answers.len());
        let mut pool = Vec::new();
        for (retriever, answer) in self.retrievers.iter().zip(answers) {
            let backend = retriever.name().to_string();
            match answer {
                Ok(found) => {
                    statuses.push(BackendStatus { backend, answered: true, passages: found.len(), error: None });
                    pool.extend(found);
                }
                Err(error) => statuses.push(BackendStatus {
                    backend,
                    answered: false,
                    passages: 0,
                    error: Some(error.to_string()),
                }),
            }
        }
        let (pool, mut duplicates_dropped) = dedupe(rank(pool, query.searches()));
        let pool = match &self.pages {
            Some(pages) => pages.expand(pool).await,
            None => pool,
        };
        let (mut passages, dropped) = dedupe(rank(pool, query.searches()));
        duplicates_dropped += dropped;
        passages.truncate(limit);

        let mut report = Report {
            searches: query.searches().to_vec(),
            passages,
            backends: statuses,
            duplicates_dropped,
            offline_fallback: false,
            note: None,
        };
        if report.passages.is_empty() && !query.is_empty() {
            let why = if report.backends.iter().any(|b| b.answered) {
                "the chosen backends found nothing"
            } else {
                "no backend answered"
            };
            report.passages = self.fallback.rank(query, limit);
            report.offline_fallback = true;
            report.note = Some(format!("{why}; these passages come from marco's offline knowledge base"));
        }
        report
    }
}

impl PageFetcher {
    /// Replaces the best `count` web results by passages cut from their
    /// pages; a page that cannot be fetched keeps its snippet.
    async fn expand(&self, pool: Vec<Passage>) -> Vec<Passage> {
        if self.count == 0 {
            return pool;
        }
        let chosen: Vec<usize> = pool
            .iter()
            .enumerate()
            .filter(|(_, p)| p.source.url.is_some() && self.web_backends.contains(&p.source.backend.as_str()))
            .map(|(i, _)| i)
            .take(self.count)
            .collect();
        let fetched = join_all(chosen.iter().map(|&i| self.fetch(&pool[i]))).await;
        let mut replaced: Vec<Option<Vec<Passage>>> = vec![None; pool.len()];
        for (&i, result) in chosen.iter().zip(fetched) {
            match result {
                Ok(parts) if !parts.is_empty() => replaced[i] = Some(parts),
                Ok(_) => {}
                Err(error) => tracing::info!(%error, "keeping the snippet of a page that could not be fetched"),
            }
        }
        pool.into_iter().zip(replaced).flat_map(|(snippet, parts)| parts.unwrap_or_else(|| vec![snippet])).collect()
    }

    async fn fetch(&self, hit: &Passage) -> Result<Vec<Passage>, Error> {
        let url = hit.source.url.as_deref().unwrap_or_default();
        if let Some(cached) = self.cache.as_ref().and_then(|c| c.get::<Vec<Passage>>("page", url)) {
            return Ok(cached);
        }
        let parts = page::fetch_passages(&self.http, &hit.source).await?;
        if let Some(cache) = &self.cache {
            cache.put("page", url, &parts);
        }
        Ok(parts)
    }
}

#[async_trait]
impl Retriever for Search {
    fn name(&self) -> &str {
        "search"
    }

    async fn retrieve(&self, query: &Query, limit: usize) -> Result<Vec<Passage>, Error> {
        Ok(self.search(query, limit).await.passages)
    }
}
