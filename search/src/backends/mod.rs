//! The network backends: paper search (arXiv, Semantic Scholar, OpenAlex)
//! and web search (Tavily, SearxNG, DuckDuckGo).
//!
//! Each backend turns one search text into passages; [`BackendRetriever`]
//! adds what they share: several searches per query, the disk cache, and the
//! crate's polite HTTP client.

mod arxiv;
mod duckduckgo;
mod kind;
mod openalex;
mod searxng;
mod semantic_scholar;
mod service;
mod tavily;

pub use kind::BackendKind;

use std::sync::Arc;

use async_trait::async_trait;
use futures_util::future::join_all;

use crate::cache::DiskCache;
use crate::config::SearchConfig;
use crate::error::Error;
use crate::http::Http;
use crate::knowledge::KnowledgeBase;
use crate::passage::Passage;
use crate::query::Query;
use crate::retriever::Retriever;

use self::service::Backend;

/// A network backend as a [`Retriever`]: sends the query's first searches
/// (the first alone, then the others concurrently; the HTTP client spaces
/// requests per host), caches answers per search, and fails only when every
/// search failed (or at once when the host cannot be reached).
pub(crate) struct BackendRetriever {
    backend: Box<dyn Backend>,
    http: Arc<Http>,
    cache: Option<DiskCache>,
    max_searches: usize,
}

/// One backend's retriever on its own (for tests and single-backend use);
/// [`crate::Search`] shares one client and cache between backends.
pub fn backend(kind: BackendKind, config: &SearchConfig) -> Result<Box<dyn Retriever>, Error> {
    if kind == BackendKind::Offline {
        return Ok(Box::new(KnowledgeBase::load()?));
    }
    let http = Arc::new(Http::new(config)?);
    let cache = config.cache_dir.as_ref().map(|dir| DiskCache::new(dir, config.cache_ttl));
    Ok(Box::new(BackendRetriever::new(kind, config, http, cache)?))
}

impl BackendRetriever {
    pub(crate) fn new(
        kind: BackendKind,
        config: &SearchConfig,
        http: Arc<Http>,
        cache: Option<DiskCache>,
    ) -> Result<Self, Error> {
        let backend: Box<dyn Backend> = match kind {
            BackendKind::Arxiv => Box::new(arxiv::Arxiv::new(config)),
            BackendKind::SemanticScholar => Box::new(semantic_scholar::SemanticScholar::new(config)),
            BackendKind::OpenAlex => Box::new(openalex::OpenAlex::new(config)),
            BackendKind::Tavily => Box::new(tavily::Tavily::new(config)?),
            BackendKind::Searxng => Box::new(searxng::Searxng::new(config)?),
            BackendKind::DuckDuckGo => Box::new(duckduckgo::DuckDuckGo::new(config)),
            BackendKind::Offline => {
                return Err(Error::UnknownBackend("offline (the knowledge base is no network backend)".into()));
            }
        };
        Ok(BackendRetriever { backend, http, cache, max_searches: config.max_searches.max(1) })
    }

    async fn search_cached(&self, text: &str, limit: usize) -> Result<Vec<Passage>, Error> {
        let name = self.backend.kind().name();
        let key = format!("{limit}\n{text}");
        if let Some(hit) = self.cache.as_ref().and_then(|c| c.get::<Vec<Passage>>(name, &key)) {
            tracing::debug!(backend = name, search = text, "cache hit");
            return Ok(hit);
        }
        let passages = self.backend.search(&self.http, text, limit).await?;
        if let Some(cache) = &self.cache {
            cache.put(name, &key, &passages);
        }
        Ok(passages)
    }
}

#[async_trait]
impl Retriever for BackendRetriever {
    fn name(&self) -> &str {
        self.backend.kind().name()
    }

    async fn retrieve(&self, query: &Query, limit: usize) -> Result<Vec<Passage>, Error> {
        let mut searches = query.searches().iter().take(self.max_searches);
        let Some(first) = searches.next() else { return Ok(Vec::new()) };
        // The first search alone: when the host cannot be reached there is
        // no point queueing the others behind its rate limit.
        let mut passages = match self.search_cached(first, limit).await {
            Ok(found) => found,
            Err(error @ Error::Transport { .. }) => return Err(error),
            Err(error) => {
                tracing::warn!(backend = self.name(), %error, "search failed");
                let rest = join_all(searches.map(|s| self.search_cached(s, limit))).await;
                let answered: Vec<Vec<Passage>> = rest.into_iter().filter_map(Result::ok).collect();
                return if answered.is_empty() { Err(error) } else { Ok(answered.into_iter().flatten().collect()) };
            }
        };
        for answer in join_all(searches.map(|s| self.search_cached(s, limit))).await {
            match answer {
                Ok(found) => passages.extend(found),
                Err(error) => tracing::warn!(backend = self.name(), %error, "search failed"),
            }
        }
        Ok(passages)
    }
}
