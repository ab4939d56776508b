//! The network backends: paper search (arXiv, Semantic Scholar, OpenAlex)
//! and web search (Tavily, SearxNG, DuckDuckGo).
//!
//! Each backend turns one search text into passages; [`BackendRetriever`]
//! adds what they share: several searches per query, the disk cache, and the
//! crate's polite HTTP client.

mod arxiv;
mod duckduckgo;
mod openalex;
mod searxng;
mod semantic_scholar;
mod tavily;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use async_trait::async_trait;
use futures_util::future::join_all;
use serde::Serialize;

use crate::cache::DiskCache;
use crate::http::Http;
use crate::knowledge::KnowledgeBase;
use crate::{Error, Passage, Query, Retriever, SearchConfig};

/// The retrievers marco can use, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackendKind {
    /// arXiv's API (Atom feed of preprints).
    Arxiv,
    /// Semantic Scholar's Graph API paper search.
    SemanticScholar,
    /// OpenAlex works search.
    OpenAlex,
    /// Tavily web search (needs `TAVILY_API_KEY`).
    Tavily,
    /// A SearxNG instance's JSON API (needs `MARCO_SEARXNG_URL`).
    Searxng,
    /// DuckDuckGo's HTML results page.
    DuckDuckGo,
    /// The embedded knowledge base.
    Offline,
}

impl BackendKind {
    /// Every backend, in the order they are listed to users.
    pub const ALL: [BackendKind; 7] = [
        BackendKind::Arxiv,
        BackendKind::SemanticScholar,
        BackendKind::OpenAlex,
        BackendKind::Tavily,
        BackendKind::Searxng,
        BackendKind::DuckDuckGo,
        BackendKind::Offline,
    ];

    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            BackendKind::Arxiv => "arxiv",
            BackendKind::SemanticScholar => "semantic-scholar",
            BackendKind::OpenAlex => "openalex",
            BackendKind::Tavily => "tavily",
            BackendKind::Searxng => "searxng",
            BackendKind::DuckDuckGo => "duckduckgo",
            BackendKind::Offline => "offline",
        }
    }

    /// All names, for messages.
    pub fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|k| k.name()).collect()
    }

    /// Web search engines return pages worth fetching; paper backends
    /// return abstracts already.
    pub fn is_web(self) -> bool {
        matches!(self, BackendKind::Tavily | BackendKind::Searxng | BackendKind::DuckDuckGo)
    }

    /// The network backends that can answer with this configuration: the
    /// keyless ones, plus Tavily with a key and SearxNG with an instance.
    pub fn available(config: &SearchConfig) -> Vec<BackendKind> {
        Self::ALL
            .into_iter()
            .filter(|kind| match kind {
                BackendKind::Tavily => config.tavily_key.is_some(),
                BackendKind::Searxng => config.searxng_url.is_some(),
                BackendKind::Offline => false,
                _ => true,
            })
            .collect()
    }
}

impl fmt::Display for BackendKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for BackendKind {
    type Err = Error;

    /// Accepts the names of [`BackendKind::name`], any case, `_` for `-`,
    /// and the common short forms `s2`, `ddg`, `kb`.
    fn from_str(name: &str) -> Result<Self, Error> {
        let normal = name.trim().to_ascii_lowercase().replace('_', "-");
        let kind = match normal.as_str() {
            "s2" | "semanticscholar" => BackendKind::SemanticScholar,
            "ddg" => BackendKind::DuckDuckGo,
            "kb" | "knowledge-base" => BackendKind::Offline,
            _ => *Self::ALL.iter().find(|k| k.name() == normal).ok_or_else(|| Error::UnknownBackend(name.into()))?,
        };
        Ok(kind)
    }
}

/// One search service: a search text in, passages out.
#[async_trait]
trait Backend: Send + Sync {
    fn kind(&self) -> BackendKind;
    async fn search(&self, http: &Http, text: &str, limit: usize) -> Result<Vec<Passage>, Error>;
}

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

/// The words of a search worth sending to an engine that ANDs or ORs terms:
/// no punctuation, no stop words, no one-letter tokens, at most `max`.
pub(crate) fn keywords(text: &str, max: usize) -> Vec<String> {
    const STOP: &[&str] = &[
        "the", "and", "for", "with", "into", "from", "that", "this", "each", "every", "one", "inside", "instead",
        "only", "again", "over", "use", "using", "its", "are", "was", "not", "but", "all", "any", "how", "what",
        "when", "does", "of", "in", "on", "or", "to", "a", "an", "by", "is", "it", "as", "at", "be", "do",
    ];
    let mut words: Vec<String> = Vec::new();
    for raw in text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')) {
        let word = raw.trim_matches('-').to_lowercase();
        if word.len() < 2 || STOP.contains(&word.as_str()) || words.contains(&word) {
            continue;
        }
        words.push(word);
        if words.len() == max {
            break;
        }
    }
    words
}

/// The host of a URL without `www.`, to name a web page's site.
pub(crate) fn site_of(url: &str) -> Option<String> {
    let host = reqwest::Url::parse(url).ok()?.host_str()?.to_string();
    Some(host.strip_prefix("www.").map(str::to_string).unwrap_or(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back() {
        for kind in BackendKind::ALL {
            assert_eq!(kind.name().parse::<BackendKind>().unwrap(), kind);
        }
        assert_eq!("DDG".parse::<BackendKind>().unwrap(), BackendKind::DuckDuckGo);
        assert_eq!("semantic_scholar".parse::<BackendKind>().unwrap(), BackendKind::SemanticScholar);
        let error = "google".parse::<BackendKind>().unwrap_err().to_string();
        assert!(error.contains("unknown backend `google`") && error.contains("openalex"), "{error}");
    }

    #[test]
    fn available_backends_follow_keys() {
        let mut config = SearchConfig::default();
        assert!(!BackendKind::available(&config).contains(&BackendKind::Tavily));
        config.tavily_key = Some("k".into());
        config.searxng_url = Some("http://127.0.0.1:1".into());
        let available = BackendKind::available(&config);
        assert!(available.contains(&BackendKind::Tavily) && available.contains(&BackendKind::Searxng));
        assert!(!available.contains(&BackendKind::Offline));
    }

    #[test]
    fn keywords_drop_noise() {
        assert_eq!(
            keywords("Vec::remove(0) used as a queue: VecDeque ring buffer", 5),
            ["vec", "remove", "used", "queue", "vecdeque"]
        );
    }
}
